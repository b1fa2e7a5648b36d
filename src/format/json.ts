import type { Finding, Position } from '../types.js';
import type { FormatInput } from './input.js';
import { sortErrors, sortFindings } from '../engine/order.js';
import { oneLine } from './escape.js';

/** Bumped on any incompatible change to the shape documented in docs/json-format.md. */
const JSON_FORMAT_VERSION = 1;

/**
 * Our own versioned schema (docs/json-format.md). Objects are built field by field, so the key
 * order is fixed and a field added to Finding does not leak into the output unannounced.
 */
export function formatJson(input: FormatInput): string {
  const report = {
    version: JSON_FORMAT_VERSION,
    tool: { name: input.tool.name, version: input.tool.version },
    findings: sortFindings(input.findings).map(jsonFinding),
    errors: sortErrors(input.errors).map((e) => ({ file: e.file, message: oneLine(e.message) })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function jsonFinding(f: Finding) {
  return {
    ruleId: f.ruleId,
    level: f.level,
    message: oneLine(f.message),
    file: f.file,
    start: jsonPosition(f.start),
    end: jsonPosition(f.end),
    fingerprint: f.fingerprint,
    messageId: f.messageId ?? null,
    place: f.place ?? 'service',
    related: (f.related ?? []).map((r) => ({ file: r.file, start: jsonPosition(r.start), end: jsonPosition(r.end), message: oneLine(r.message) })),
  };
}

function jsonPosition(p: Position) {
  return { line: p.line, column: p.column, utf16Column: p.utf16Column };
}

import type { Invocation, Log, Region, ReportingDescriptor, Result } from 'sarif';
import type { FileError, Finding, Level, RuleMeta } from '../types.js';
import type { FormatInput } from './input.js';
import { LEVEL_RANK, sortErrors, sortFindings, sortRules } from '../engine/order.js';
import { oneLine } from './escape.js';
import { ruleFullDescription, ruleHelpText } from './rule-doc.js';
import { ArtifactLocator, SRCROOT } from './sarif-uri.js';

/**
 * SARIF 2.1.0 shaped for GitHub code scanning (what it reads: docs.github.com/en/code-security/reference/
 * code-scanning/sarif-files/sarif-support): one run, every rule that ran with the descriptions and
 * help GitHub requires, one location per result with UTF-16 columns, and our own
 * primaryLocationLineHash so that uploads through the API dedupe alerts too.
 */

/** GitHub rejects a run with more results than this. */
export const SARIF_MAX_RESULTS = 25_000;

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export function formatSarif(input: FormatInput): string {
  const rules = sortRules(input.rules);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const locator = new ArtifactLocator(input.cwd);
  const log: Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: input.tool.name,
            semanticVersion: input.tool.version,
            informationUri: input.tool.informationUri,
            rules: rules.map((meta) => descriptor(meta, input)),
          },
        },
        invocations: [invocation(input.errors, locator)],
        originalUriBaseIds: { [SRCROOT]: { uri: locator.rootUri } },
        columnKind: 'utf16CodeUnits',
        results: keepMostSevere(sortFindings(input.findings)).map((f) => result(f, ruleIndex, locator)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const PROBLEM_SEVERITY: Record<Level, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

function descriptor(meta: RuleMeta, input: FormatInput): ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.summary },
    fullDescription: { text: ruleFullDescription(meta) },
    help: { text: ruleHelpText(meta), markdown: input.ruleHelpMarkdown(meta) },
    helpUri: input.helpUri(meta.id),
    defaultConfiguration: { level: meta.defaultLevel },
    // precision and problem.severity decide whether GitHub shows the alerts by default.
    properties: { tags: meta.tags, precision: meta.precision, 'problem.severity': PROBLEM_SEVERITY[meta.defaultLevel] },
  };
}

function result(f: Finding, ruleIndex: Map<string, number>, locator: ArtifactLocator): Result {
  const related = f.related ?? [];
  return {
    ruleId: f.ruleId,
    // Left out for a rule missing from rules[] rather than pointing at the wrong descriptor.
    ruleIndex: ruleIndex.get(f.ruleId),
    level: f.level,
    message: { text: oneLine(f.message) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: locator.locate(f.file),
          region: region(f),
        },
      },
    ],
    // The other places the finding points to (the write that makes a map grow, the return that skips a
    // cancel); GitHub lists them under the alert.
    // Where the finding sits when that is a command or test support (see the place policy), so a query
    // over the SARIF can tell the node's code from its tooling.
    properties: f.place ? { place: f.place } : undefined,
    relatedLocations:
      related.length === 0
        ? undefined
        : related.map((r, i) => ({
            id: i,
            physicalLocation: { artifactLocation: locator.locate(r.file), region: region(r) },
            message: { text: oneLine(r.message) },
          })),
    // GitHub does not accept empty strings; without the field it computes the hash itself.
    partialFingerprints: f.fingerprint === '' ? undefined : { primaryLocationLineHash: f.fingerprint },
  };
}

function region(at: Pick<Finding, 'start' | 'end'>): Region {
  return {
    startLine: Math.max(1, at.start.line),
    startColumn: Math.max(1, at.start.utf16Column),
    endLine: Math.max(1, at.end.line),
    endColumn: Math.max(1, at.end.utf16Column),
  };
}

function invocation(errors: readonly FileError[], locator: ArtifactLocator): Invocation {
  return {
    executionSuccessful: errors.length === 0,
    toolExecutionNotifications: sortErrors(errors).map((e) => ({
      level: 'error',
      message: { text: oneLine(e.message) },
      locations: [{ physicalLocation: { artifactLocation: locator.locate(e.file) } }],
    })),
  };
}

/**
 * GitHub rejects a run over the limit, so drop the least severe findings (the CLI warns). The kept
 * ones stay in file order.
 */
function keepMostSevere(findings: Finding[]): Finding[] {
  if (findings.length <= SARIF_MAX_RESULTS) return findings;
  const bySeverity = findings.map((f, i) => ({ f, i })).sort((a, b) => LEVEL_RANK[a.f.level] - LEVEL_RANK[b.f.level] || a.i - b.i);
  return bySeverity
    .slice(0, SARIF_MAX_RESULTS)
    .sort((a, b) => a.i - b.i)
    .map(({ f }) => f);
}

import { describe, expect, it } from 'vitest';
import { lintPackage, type ActiveRule } from '../src/engine/lint-package.js';
import { lineHashes } from '../src/format/fingerprint.js';
import type { Rule } from '../src/rule-api.js';
import { findRule } from '../rules/index.js';

/** The engine's own duties: positions, fingerprints, dispatch order, and containing a rule's failure. */

const lostCancel: ActiveRule = { rule: findRule('lost-cancel')!, level: 'warning' };

async function lint(text: string, active: ActiveRule[] = [lostCancel]) {
  return lintPackage({ dir: '.', name: 'p', files: [{ path: 'a.go', text, isTest: false, packageName: 'p' }] }, active);
}

function fakeRule(id: string, nodeTypes: string[], onNode: (text: string) => void): Rule {
  const meta = { ...findRule('lost-cancel')!.meta, id };
  return { meta, create: () => Object.fromEntries(nodeTypes.map((t) => [t, (n: { text: string }) => onNode(n.text)])) };
}

describe('engine', () => {
  it('reports byte columns and UTF-16 columns for text after multi-byte characters', async () => {
    const text = 'package p\n\nimport "context"\n\nfunc f(ctx context.Context) {\n\t/* é😀 */ ctx, _ = context.WithCancel(ctx)\n\tuse(ctx)\n}\n';
    const [f] = (await lint(text)).findings;
    // `\t/* é😀 */ ctx, _ = ` is 20 UTF-16 units and 23 bytes: é is 2 bytes and 1 unit, 😀 4 bytes and 2 units.
    expect(f!.start).toEqual({ line: 6, column: 23 + 1, utf16Column: 20 + 1 });
  });

  it('fingerprints the finding line as GitHub does, counting lone CRs as line breaks', async () => {
    const text = 'package p\r// old\rmac\n\nimport "context"\n\nfunc f(ctx context.Context) {\n\tctx, _ = context.WithCancel(ctx)\n\tuse(ctx)\n}\n';
    const [f] = (await lint(text)).findings;
    expect(f!.start.line).toBe(6);
    expect(f!.fingerprint).toBe(lineHashes(text)[7]);
  });

  it('dispatches nodes in source order and never from inside an ERROR subtree', async () => {
    const seen: string[] = [];
    const rule = fakeRule('probe', ['call_expression'], (t) => seen.push(t));
    // tree-sitter wraps `var x = [ d() ]]` in an ERROR node holding the call d().
    await lint('package p\n\nfunc f() {\n\ta()\n\tb(c())\n\tvar x = [ d() ]]\n}\n', [{ rule, level: 'note' }]);
    expect(seen).toEqual(['a()', 'b(c())', 'c()']);
  });

  it('turns a rule that throws into an internal error and keeps the other rules running', async () => {
    const rule = fakeRule('boom', ['call_expression'], () => {
      throw new Error('kaboom');
    });
    const text = 'package p\n\nimport "context"\n\nfunc f(ctx context.Context) {\n\tctx, _ = context.WithCancel(ctx)\n}\n';
    const result = await lint(text, [{ rule, level: 'note' }, lostCancel]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['lost-cancel']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: 'a.go', internal: true });
    expect(result.errors[0]!.message).toContain('internal error in rule boom: Error: kaboom');
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPackage } from '../src/engine/lint-package.js';
import { allRules } from '../rules/index.js';

/**
 * "Never crash on any input": real fixture files cut, spliced and sprinkled with bytes, plus plain
 * noise, go through the engine with every rule on. Each must come back with no thrown error and no
 * internal error, and a mangled file must be reported as a syntax error rather than passed silently.
 * A seeded generator keeps every run identical, so a failure can be reproduced.
 */

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** Every rule's fixtures, so that each rule meets broken versions of the code it was written for. */
const sources = (readdirSync(fixtures, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.go'))
  .sort()
  .map((f) => readFileSync(join(fixtures, f), 'utf8'));

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mangle(text: string, rand: () => number): string {
  let out = text;
  for (let n = 0; n < 1 + Math.floor(rand() * 6); n++) {
    const at = Math.floor(rand() * out.length);
    const len = Math.floor(rand() * 40);
    switch (Math.floor(rand() * 4)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + len);
        break;
      case 1:
        out = out.slice(0, at) + '{(['.charAt(Math.floor(rand() * 3)).repeat(len) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + String.fromCharCode(...Array.from({ length: len }, () => Math.floor(rand() * 0xd7ff))) + out.slice(at);
        break;
      default: {
        const other = sources[Math.floor(rand() * sources.length)]!;
        const from = Math.floor(rand() * other.length);
        out = out.slice(0, at) + other.slice(from, from + 200) + out.slice(at);
      }
    }
  }
  return out;
}

const active = allRules.map((rule) => ({ rule, level: rule.meta.defaultLevel }));

async function lintOne(text: string) {
  return lintPackage({ dir: '.', name: 'p', files: [{ path: 'p.go', text, isTest: false, packageName: 'p' }] }, active);
}

describe('robustness', () => {
  it('survives 300 mangled service files with every rule on', async () => {
    const rand = rng(20261126);
    let syntaxErrors = 0;
    for (let i = 0; i < 300; i++) {
      const text = mangle(sources[i % sources.length]!, rand);
      const result = await lintOne(text);
      expect(result.errors, `case ${i}`).toEqual([]);
      if (result.findings.some((f) => f.ruleId === 'syntax-error')) syntaxErrors++;
    }
    // Most mutations break the syntax; the engine must say so rather than stay silent.
    expect(syntaxErrors).toBeGreaterThan(200);
  });

  it.each([
    ['empty', ''],
    ['only a BOM', '\uFEFF'],
    ['NUL bytes', '\u0000'.repeat(100)],
    ['unbalanced braces', `package p\n${'{'.repeat(5000)}`],
    ['a lone package clause', 'package'],
    ['replacement characters', '\uFFFD'.repeat(1000)],
  ])('survives %s', async (_name, text) => {
    const result = await lintOne(text);
    expect(result.errors).toEqual([]);
  });
});

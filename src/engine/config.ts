import fs from 'node:fs';
import { didYouMean } from './did-you-mean.js';
import { jsonErrorAt } from './json-error.js';
import path from 'node:path';
import { isSymlink, OUTSIDE, staysInside } from '../walk/boundary.js';
import { describeFsError } from '../walk/fs-errors.js';
import { IgnoreRules } from '../walk/ignore-rules.js';
import { MAX_CONTROL_BYTES, readBounded } from '../walk/resource-policy.js';
import { optionProblem } from './options.js';
import { DEFAULT_PLACES, type OptionValue, type PlacePolicy, type PlaceSetting, type RuleOption, type RuleSetting } from '../types.js';
import type { PackageSettings } from '../analysis/source.js';

/**
 * `.gohazard.json`, found by walking up from each file's directory (stopping at the repository root,
 * the directory holding `.git`, or at a file system boundary when there is none). JSON only: the tool runs on untrusted pull requests, so a config
 * must never execute code. Unknown keys and unknown rule ids are errors naming the key.
 *
 *   {
 *     "rules":   { "lost-cancel": "error",        // off | note | warning | error
 *                  "http-client-no-timeout": { "level": "warning", "tests": true },  // with options
 *                  "unbounded-cache": { "extend-request-words": ["sku"] } },  // extend-X adds to vocabulary X
 *     "exclude": ["gen/", "*.pb.go"],             // .gitignore syntax, relative to the config's directory
 *     "testSupport": ["qa", "internal/fixtures"], // more test-support directories (see below)
 *     "places": { "test": "off", "command": "note" }  // the defaults: see PlacePolicy
 *   }
 */

export const CONFIG_NAME = '.gohazard.json';

export interface Config {
  /** The file it came from ('' for the built-in default). */
  file: string;
  dir: string;
  rules: Record<string, RuleSetting>;
  /** Option values a config sets, by rule id (defaults are the rule's business). */
  options: Record<string, Record<string, OptionValue>>;
  exclude: IgnoreRules | undefined;
  /** More test-support locations for the program facts (PackageSettings.testSupport): a directory name
   * (`qa`: any directory so named below the module root) or a path relative to the module root
   * (`internal/fixtures`); normalized, without `./` or a trailing `/`. */
  testSupport: string[];
  /** What becomes of findings in test support and in commands (types.ts PlacePolicy). */
  places: PlacePolicy;
}

export class ConfigError extends Error {}

const SETTINGS: readonly string[] = ['off', 'note', 'warning', 'error'];
const KEYS: readonly string[] = ['$schema', 'rules', 'exclude', 'testSupport', 'places'];
const PLACE_SETTINGS: readonly PlaceSetting[] = ['off', 'note', 'report'];

export function defaultConfig(dir: string): Config {
  return { file: '', dir, rules: {}, options: {}, exclude: undefined, testSupport: [], places: { ...DEFAULT_PLACES } };
}

/** The part of a config the program facts and the engine read per package. */
export function settingsOf(config: Config): PackageSettings {
  return config.testSupport.length > 0 ? { testSupport: config.testSupport, places: config.places } : { places: config.places };
}

/** Reads and validates one config file; throws ConfigError naming the file and the key. */
export function readConfig(file: string, knownRules: ReadonlyMap<string, readonly RuleOption[]>): Config {
  let text: string;
  try {
    text = readBounded(file, MAX_CONTROL_BYTES, 'read').toString('utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read config: ${describeFsError(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text; the file may be a symlink to anything, so say only where.
    const at = jsonErrorAt(text);
    throw new ConfigError(at ? `${file}:${at.line}:${at.column}: not valid JSON: expected ${at.expected}` : `${file}: cannot read config: not valid JSON`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${file}: the config must be a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!KEYS.includes(key)) throw new ConfigError(`${file}: unknown key "${key}"${didYouMean(key, KEYS.slice(1))} (known: ${KEYS.slice(1).join(', ')})`);
  }
  const config = defaultConfig(path.dirname(file));
  config.file = file;
  readRules(file, obj.rules, knownRules, config);
  config.exclude = readExclude(file, obj.exclude);
  config.testSupport = readTestSupport(file, obj.testSupport);
  config.places = readPlaces(file, obj.places);
  return config;
}

function readRules(file: string, value: unknown, knownRules: ReadonlyMap<string, readonly RuleOption[]>, into: Config): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    throw new ConfigError(`${file}: "rules" must be an object of rule ids to ${SETTINGS.join('|')}`);
  }
  for (const [id, setting] of Object.entries(value)) {
    const options = knownRules.get(id);
    if (!options) throw new ConfigError(`${file}: unknown rule "${id}" in "rules"${didYouMean(id, knownRules.keys())}`);
    if (!isObject(setting)) {
      into.rules[id] = readLevel(file, `rules."${id}"`, setting);
      continue;
    }
    for (const [key, v] of Object.entries(setting)) {
      if (key === 'level') {
        into.rules[id] = readLevel(file, `rules."${id}".level`, v);
        continue;
      }
      const option = options.find((o) => o.name === key);
      if (!option) {
        const known = ['level', ...options.map((o) => o.name)].join(', ');
        throw new ConfigError(`${file}: unknown option rules."${id}".${key} (known: ${known})`);
      }
      const problem = optionProblem(option, v);
      if (problem) throw new ConfigError(`${file}: rules."${id}".${key} ${problem}`);
      (into.options[id] ??= {})[key] = v as OptionValue;
    }
  }
}

function readLevel(file: string, where: string, value: unknown): RuleSetting {
  if (typeof value !== 'string' || !SETTINGS.includes(value)) {
    throw new ConfigError(`${file}: ${where} must be one of ${SETTINGS.join(', ')}, or an object with "level" and the rule's options`);
  }
  return value as RuleSetting;
}

/** `places`: `test` and `command`, each off | note | report; a key left out keeps its default. */
function readPlaces(file: string, value: unknown): PlacePolicy {
  const places = { ...DEFAULT_PLACES };
  if (value === undefined) return places;
  if (!isObject(value)) throw new ConfigError(`${file}: "places" must be an object like {"test": "off", "command": "note"}`);
  for (const [key, v] of Object.entries(value)) {
    if (key !== 'test' && key !== 'command') throw new ConfigError(`${file}: unknown place "places.${key}" (known: test, command)`);
    if (typeof v !== 'string' || !PLACE_SETTINGS.includes(v as PlaceSetting)) {
      throw new ConfigError(`${file}: places.${key} must be one of ${PLACE_SETTINGS.join(', ')}`);
    }
    places[key] = v as PlaceSetting;
  }
  return places;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readExclude(file: string, value: unknown): IgnoreRules | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ConfigError(`${file}: "exclude" must be an array of .gitignore-style patterns`);
  }
  return new IgnoreRules().add(value as string[]);
}

/**
 * `testSupport`: directory names or module-relative paths. Each entry is kept in the form the program
 * facts match (test-support.ts): a name without `/` is a directory name anywhere below the module root;
 * an entry with one is a path from the root (a leading `/` or `./` only says so). Entries that could not
 * name a place inside the module (empty, `..`, a backslash) are errors.
 */
function readTestSupport(file: string, value: unknown): string[] {
  if (value === undefined) return [];
  const shape = `"testSupport" must be an array of directory names or paths relative to the module root`;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ConfigError(`${file}: ${shape}`);
  return (value as string[]).map((raw, i) => {
    const slashed = raw.replace(/\/+$/, '').includes('/');
    const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.includes('..') || raw.includes('\\')) {
      throw new ConfigError(`${file}: testSupport[${i}]: ${shape}, without ".." or backslashes`);
    }
    // A path keeps a `/` so that it stays a path ("/fixtures" is the top-level fixtures/ only).
    return slashed && parts.length === 1 ? `/${parts[0]}` : parts.join('/');
  });
}

/** Whether a config's excludes cover an absolute path (a file, or a directory when `isDir`). */
export function configExcludes(config: Config, absPath: string, isDir = false): boolean {
  if (!config.exclude) return false;
  const rel = path.relative(config.dir, absPath).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return config.exclude.ignores(isDir ? `${rel}/` : rel);
}

/**
 * Finds the config that applies to each directory: `--config` for all, else the nearest
 * `.gohazard.json` up to the repository root. Results are cached per directory.
 */
export class ConfigResolver {
  private readonly cache = new Map<string, Config>();

  constructor(
    private readonly knownRules: ReadonlyMap<string, readonly RuleOption[]>,
    private readonly explicit?: Config,
  ) {}

  forDir(dir: string): Config {
    if (this.explicit) return this.explicit;
    const seen: string[] = [];
    let current = path.resolve(dir);
    const device = deviceOf(current);
    let found: Config | undefined;
    for (;;) {
      const cached = this.cache.get(current);
      if (cached) {
        found = cached;
        break;
      }
      seen.push(current);
      const candidate = path.join(current, CONFIG_NAME);
      if (isFile(candidate)) {
        if (isSymlink(candidate) && !staysInside(candidate, repoRootAbove(current) ?? current)) throw new ConfigError(`${candidate}: ${OUTSIDE}`);
        found = readConfig(candidate, this.knownRules);
        break;
      }
      const parent = path.dirname(current);
      // Like git's discovery, the search stops at a file system boundary (a mount point).
      if (parent === current || fs.existsSync(path.join(current, '.git')) || deviceOf(parent) !== device) break;
      current = parent;
    }
    const result = found ?? defaultConfig(path.resolve(dir));
    for (const d of seen) this.cache.set(d, result);
    return result;
  }

  /** For the walker: is this path excluded by the config that applies to it? */
  isExcluded = (absPath: string, isDir: boolean): boolean =>
    configExcludes(this.forDir(isDir ? absPath : path.dirname(absPath)), absPath, isDir);
}

function deviceOf(p: string): number | undefined {
  try {
    return fs.statSync(p).dev;
  } catch {
    return undefined;
  }
}

function repoRootAbove(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Go releases as the program facts speak of them. Apart from program.ts so that the build-constraint
 * and module readers can use them without importing the facts that use them.
 */

/** A Go release: `go1.23` is { major: 1, minor: 23 }. Patch releases and pre-releases are not told apart:
 * language and library changes come with minor releases. */
export interface GoVersion {
  major: number;
  minor: number;
}

/** Whether `v` is at least go1.`minor`. An unknown version is taken as the newest: a rule that needs
 * go1.22 semantics (per-iteration loop variables) must say so only when it knows the code is older. */
export function atLeast(v: GoVersion | undefined, minor: number): boolean {
  return v === undefined || v.major > 1 || (v.major === 1 && v.minor >= minor);
}

/** "1.23", "1.22.3", "go1.21rc1" → { 1, N }; anything else (`default`, garbage) → undefined. */
export function parseGoVersion(text: string | undefined): GoVersion | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)/.exec(text ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** The later of two versions; an unknown one yields to the known. */
export function laterOf(a: GoVersion | undefined, b: GoVersion | undefined): GoVersion | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}

/** The earlier of two versions; unknown when either is (no lower bound on one side is no bound). */
export function earlierOf(a: GoVersion | undefined, b: GoVersion | undefined): GoVersion | undefined {
  if (!a || !b) return undefined;
  return compareVersions(a, b) <= 0 ? a : b;
}

function compareVersions(a: GoVersion, b: GoVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

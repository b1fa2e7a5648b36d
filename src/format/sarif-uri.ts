import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation } from 'sarif';

/** The base every relative artifact URI is resolved against: the directory gohazard ran in. */
export const SRCROOT = '%SRCROOT%';

/**
 * Maps file paths to SARIF artifact locations. GitHub wants paths relative to the repository root
 * (the action assumes a relative URI is relative to the checkout and does not resolve uriBaseId), so
 * files under cwd get a relative URI with uriBaseId %SRCROOT%; files elsewhere get an absolute
 * file:// URI, which GitHub either makes relative to the checkout or ignores.
 */
export class ArtifactLocator {
  /** `file:///abs/cwd/`: the trailing slash makes relative references resolve inside it. */
  readonly rootUri: string;

  constructor(private readonly cwd: string) {
    const uri = fileUri(cwd);
    this.rootUri = uri.endsWith('/') ? uri : `${uri}/`;
  }

  locate(file: string): ArtifactLocation {
    const uri = fileUri(path.resolve(this.cwd, file));
    if (!uri.startsWith(this.rootUri)) return { uri };
    // A colon in the first segment would read as a URI scheme ("c:x.go"), so escape every colon.
    return { uri: uri.slice(this.rootUri.length).replaceAll(':', '%3A'), uriBaseId: SRCROOT };
  }
}

/**
 * An RFC 3986 file URI: Node percent-encodes UTF-8 bytes, spaces, `%`, `#`, `?`, brackets and the
 * other characters a URI may not hold, and leaves only unreserved characters, sub-delimiters, `:`
 * and `@` (all legal in a path segment). Checked for Node 20 in test/format-sarif.test.ts.
 */
function fileUri(absolutePath: string): string {
  return pathToFileURL(absolutePath).href;
}

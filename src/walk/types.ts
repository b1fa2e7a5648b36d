/**
 * What the walk hands on: the files of each directory, and the options it takes. Apart from walk.ts so
 * that the loader and the excluder can name them without importing the walk (no import circles).
 */

export interface WalkOptions {
  /** Absolute. */
  cwd: string;
  /** Config excludes; asked about files and about directories (the walker says which). */
  isExcluded?: (absPath: string, isDir: boolean) => boolean;
  /** Default true. */
  respectGitignore?: boolean;
  /** Default false. Only isPathExcluded reads it: walk lists files, loadPackages reads their headers. */
  includeGenerated?: boolean;
  /** Told about an ignore file that could not be used; the walk reports it as a file error. */
  onFileError?: (absPath: string, message: string) => void;
}

export interface FileRef {
  absPath: string;
  /** Relative to cwd with '/' separators (`../x.go` outside cwd), also for absolute arguments such as
   * lint-staged passes, so that output is clickable and stable. */
  displayPath: string;
}

/** The .go files of one directory, which loadPackages splits into Go packages. */
export interface PackageFiles {
  /** Absolute. */
  dir: string;
  /** Sorted by name. The files to report on. */
  files: FileRef[];
  /** The directory's other .go files, when only some of its files were named (a pre-commit hook passes
   * the staged ones): read so that each named file is linted in its package, never reported. Sorted. */
  context?: FileRef[];
}

/**
 * File system errors as users read them. Node's own messages repeat the code and the absolute path
 * ("ELOOP: too many symbolic links encountered, open '/abs/x.go'"), while a FileError already names the
 * file; Go tools print the plain strerror text, so we do too.
 */

const MESSAGES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const known = code === undefined ? undefined : MESSAGES[code];
  return known ?? (err instanceof Error ? err.message : String(err));
}

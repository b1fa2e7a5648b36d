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
  // A socket, or a device with no driver behind it: O_NONBLOCK opens report these instead of blocking.
  ENXIO: 'not a regular file (no such device or address)',
  ENODEV: 'not a regular file (no such device)',
  EOPNOTSUPP: 'not a regular file (operation not supported)',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EBUSY: 'device or resource busy',
  EAGAIN: 'resource temporarily unavailable',
  EBADF: 'bad file descriptor',
};

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const known = code === undefined ? undefined : MESSAGES[code];
  if (known !== undefined) return known;
  const message = err instanceof Error ? err.message : String(err);
  // Node's "ECODE: text, syscall '/abs/path'": keep the text, drop the code and the path.
  return /^E[A-Z]+: (.*?)(?:, \w+(?: '.*')?)?$/s.exec(message)?.[1] ?? message;
}

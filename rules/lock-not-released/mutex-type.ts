import type { Node } from 'web-tree-sitter';
import type { GoPackage, SourceFile } from '../../src/analysis/source.js';
import { typeOf } from '../../src/analysis/type-of.js';

/**
 * Whether the receiver of a Lock call may be a mutex, from its evident type. Unknown types count (an
 * interface, another package's field): the same function's Unlock of it is the strongest sign. So do
 * the types of this package, sync's, drop-ins (`deadlock.Mutex`, `cmtsync.RWMutex`) and another
 * package's struct that embeds one (`*peerdata.Store`). What does not is a file or process lock
 * (`flock.Flock`, `lockfile.Lockfile`, `fslock.Lock`): it is released by the OS with the process, and its
 * Lock reports failure, so its paths are another question.
 */
const FILE_LOCK = /flock|file|fslock/i;

export function mayBeMutex(pkg: GoPackage, file: SourceFile, mutex: Node): boolean {
  const type = typeOf(pkg, file, mutex);
  if (!type) return true;
  const node = type.node.type === 'generic_type' ? type.node.childForFieldName('type') : type.node;
  if (node?.type !== 'qualified_type') return true;
  return !FILE_LOCK.test(node.text);
}

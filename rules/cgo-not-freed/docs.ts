import type { RuleDocs } from '../../src/types.js';

/** The cgo-not-freed rule's page: `npm run docs` writes docs/rules/cgo-not-freed.md from it. */
export const docs: RuleDocs = {
  what:
    'In files that `import "C"`, flags C memory from `C.CString`, `C.CBytes`, `C.malloc` or `C.calloc` that is not ' +
    'freed on some path from the allocation to a `return` or the end of the function: an early return on a C error ' +
    'code placed before the free, a pointer never freed at all, one overwritten (by a retry, or the next loop ' +
    'iteration) before it was freed, and a result dropped or discarded with `_`. It also flags an allocation passed ' +
    'straight to a C function, `C.f(C.CString(s))`: nobody keeps the pointer, so nobody can free it. Elements stored ' +
    'in a slice local to the function (`cNames[i] = C.CString(n)`, `append`) count when nothing in the function frees ' +
    'an element or hands the slice on, and a store in an unexported field of a Go struct of the package when nothing ' +
    'in the package frees that field. The finding points at the allocation; its related location is the return that ' +
    'leaks.',
  why:
    'The Go garbage collector never sees C memory: a pointer from `C.CString` that is not passed to `C.free` stays ' +
    'allocated for the life of the process, whatever happens to the Go values around it. A leak on the error path, or ' +
    'one per request, per key or per retry, grows the RSS of a long-running node steadily while Go\'s heap profile ' +
    'stays flat, until the kernel\'s OOM killer ends it.',
  bad:
    '// #include <stdlib.h>\n' +
    '// #include "kv.h"\n' +
    'import "C"\n\n' +
    'import "unsafe"\n\n' +
    'func (db *DB) Put(key, value string) error {\n' +
    '\tcKey := C.CString(key)\n' +
    '\tcVal := C.CString(value)\n' +
    '\tif rc := C.kv_put(db.c, cKey, cVal); rc != 0 {\n' +
    '\t\treturn fmt.Errorf("put %q: rc %d", key, rc) // cKey and cVal leak here\n' +
    '\t}\n' +
    '\tC.free(unsafe.Pointer(cKey))\n' +
    '\tC.free(unsafe.Pointer(cVal))\n' +
    '\treturn nil\n' +
    '}',
  good:
    '// #include <stdlib.h>\n' +
    '// #include "kv.h"\n' +
    'import "C"\n\n' +
    'import "unsafe"\n\n' +
    'func (db *DB) Put(key, value string) error {\n' +
    '\tcKey := C.CString(key)\n' +
    '\tdefer C.free(unsafe.Pointer(cKey))\n' +
    '\tcVal := C.CString(value)\n' +
    '\tdefer C.free(unsafe.Pointer(cVal))\n' +
    '\tif rc := C.kv_put(db.c, cKey, cVal); rc != 0 {\n' +
    '\t\treturn fmt.Errorf("put %q: rc %d", key, rc)\n' +
    '\t}\n' +
    '\treturn nil\n' +
    '}',
  limits:
    'A release is a call of a C function whose name contains free, release or destroy (`C.free`, `C.rocksdb_free`, a ' +
    'preamble\'s `freeStr`) given the pointer, directly or through `unsafe.Pointer`, `(*C.char)(p)` and similar pointer ' +
    'conversions, or a C function defined in one of the package\'s preambles whose body frees a parameter or passes ' +
    '`free` as a destructor (`sqlite3_result_text(ctx, s, n, &free)`); `putenv`, which keeps its string, takes it over. Passing the pointer to any other C function ' +
    'lends it for the call (C copies what it keeps); a comment on the statement, just above it, or on the variable\'s ' +
    'declaration saying C takes it over ("takes ownership", "owned by C", "freed by C", "C frees", "tell ... to ' +
    'free") makes it C\'s. Ownership transfer is trusted, not verified, and ends the path it is on: returning the ' +
    'pointer, passing it to a Go function (a helper trusted to free it, as `freeCString(p)`), storing it in a field, ' +
    'map, package variable, composite literal or another variable (also its address, `&p.parent`), sending it, or ' +
    'capturing it in a goroutine or a stored closure. A `defer` of the free, of a helper, or of a closure that frees ' +
    'covers every later exit; one registered before the allocation covers the whole function. Paths that need no free: ' +
    'the branch of `if p == nil` and paths ending in a call that never returns (`panic`). Fields of C structs, exported ' +
    'fields, fields of values whose type is not evident, maps and package variables are trusted to be freed by their ' +
    'owner. Not checked: whether a slice\'s elements are freed on every path (only that something frees them), memory ' +
    'a C function returns for the caller to free, and a helper that does not actually free what it is given. The ' +
    'suggested `C.free` needs `#include <stdlib.h>` in the preamble.',
};

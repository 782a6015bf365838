/* failalloc.h - allocation-failure injection for verify/check_alloc, in
 * the manner of SQLite's malloc tests: while armed, the k-th allocation
 * fails, and every block is tracked until it is freed.
 *
 * The program is linked with ld's --wrap for each function below
 * (verify/alloc.mk), so the calls that libfanos's own objects (linked in
 * statically) make go through failalloc.c, and nobody else's: GSL,
 * OpenBLAS, liblbfgs, zlib and libc allocate through their own calls.
 * An "allocation" is one call of
 *  - malloc, calloc, realloc, aligned_alloc, strdup, strndup: fails with
 *    NULL (realloc leaves its block as it was);
 *  - liblbfgs's lbfgs_malloc (NULL), and lbfgs() itself, which allocates
 *    its work arrays before anything else: fails as liblbfgs does when
 *    they cannot be had, returning LBFGSERR_OUTOFMEMORY without a call of
 *    the objective;
 *  - zlib's allocations of an inflate stream (its state at inflateInit2,
 *    its window at the first inflate): the stream gets an allocator of
 *    failalloc's, so zlib sees NULL and reports Z_MEM_ERROR;
 *  - GSL's gsl_rng_alloc: fails as GSL does, through gsl_error() (whose
 *    default handler aborts the process) and then NULL;
 *  - fopen and opendir (a FILE or a DIR is allocated): fail with errno
 *    ENOMEM and NULL; these are the FAILALLOC_FILE kind, after which the
 *    documented code is FANOS_EIO (errno ENOMEM), not FANOS_ENOMEM.
 * OpenBLAS's own buffers are not failed: it has no way to report it (it
 * stops the process), so no caller can handle it. */
#ifndef FANOS_FAILALLOC_H
#define FANOS_FAILALLOC_H

#include <stddef.h>

enum { FAILALLOC_HEAP = 1, FAILALLOC_FILE = 2 };

/* Count allocations from now; the k-th fails (k >= 1; 0: none fails). */
void failalloc_arm(size_t k);
/* Stop counting and failing; returns the allocations counted. */
size_t failalloc_disarm(void);
/* The kind of the allocation that failed since failalloc_arm, 0 if none. */
int failalloc_failed(void);
/* Blocks allocated through the wrappers and not yet freed (all of them,
 * armed or not: compare before and after a path). */
size_t failalloc_live(void);
/* Distinct call sites whose allocation was failed so far, and how many of
 * them are in this program (libfanos's objects and the test) rather than
 * in a library it calls (zlib's allocations). */
size_t failalloc_sites(size_t *in_program);
/* Call site i (0 <= i < failalloc_sites(NULL)) as an offset into this
 * program (for addr2line), or 0 for a site in a library. */
size_t failalloc_site_offset(size_t i);
/* Allocations failed so far, in all. */
size_t failalloc_injected(void);

#endif

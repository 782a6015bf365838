/* failalloc.c - the wrappers of failalloc.h.  Single-threaded, as the
 * library's paths under test are. */
#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <lbfgs.h>
#include <zlib.h>
#include "failalloc.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t m, size_t n);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);
void __real_free(void *p);
lbfgsfloatval_t *__real_lbfgs_malloc(int n);
void __real_lbfgs_free(lbfgsfloatval_t *p);
int __real_lbfgs(int n, lbfgsfloatval_t *x, lbfgsfloatval_t *fx,
                 lbfgs_evaluate_t ev, lbfgs_progress_t pr, void *inst,
                 lbfgs_parameter_t *param);
int __real_inflateInit2_(z_streamp s, int bits, const char *ver, int size);
FILE *__real_fopen(const char *path, const char *mode);
DIR *__real_opendir(const char *path);
gsl_rng *__real_gsl_rng_alloc(const gsl_rng_type *t);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t m, size_t n);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t a, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);
lbfgsfloatval_t *__wrap_lbfgs_malloc(int n);
void __wrap_lbfgs_free(lbfgsfloatval_t *p);
int __wrap_lbfgs(int n, lbfgsfloatval_t *x, lbfgsfloatval_t *fx,
                 lbfgs_evaluate_t ev, lbfgs_progress_t pr, void *inst,
                 lbfgs_parameter_t *param);
int __wrap_inflateInit2_(z_streamp s, int bits, const char *ver, int size);
FILE *__wrap_fopen(const char *path, const char *mode);
DIR *__wrap_opendir(const char *path);
gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *t);

/* ---- the live blocks: a set of pointers (linear probing) ---- */

#define LIVE_BITS 18
#define LIVE_CAP ((size_t)1 << LIVE_BITS)
static void *live[LIVE_CAP];
static size_t nlive;

static size_t slot_of(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> (64 - LIVE_BITS));
}

static void live_add(void *p)
{
    if (!p)
        return;
    if (nlive + 1 >= LIVE_CAP / 2) {
        fputs("failalloc: too many live blocks\n", stderr);
        abort();
    }
    size_t i = slot_of(p);
    while (live[i] && live[i] != p)
        i = (i + 1) & (LIVE_CAP - 1);
    if (!live[i]) {
        live[i] = p;
        nlive++;
    }
}

/* Remove p if it is there (backward-shift deletion). */
static void live_del(void *p)
{
    if (!p)
        return;
    size_t i = slot_of(p);
    while (live[i] && live[i] != p)
        i = (i + 1) & (LIVE_CAP - 1);
    if (!live[i])
        return;
    live[i] = NULL;
    nlive--;
    for (size_t j = (i + 1) & (LIVE_CAP - 1); live[j];
         j = (j + 1) & (LIVE_CAP - 1)) {
        size_t h = slot_of(live[j]);
        /* live[j] stays unless its home slot h lies outside (i, j] */
        int stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
        if (!stays) {
            live[i] = live[j];
            live[j] = NULL;
            i = j;
        }
    }
}

/* ---- counting and failing ---- */

static int armed;
static size_t target, counted;
static int failed_kind;
static size_t ninjected;

#define MAX_SITES 4096
static const void *sites[MAX_SITES];
static size_t nsites;
extern char __executable_start[], etext[];

static void note_site(const void *site)
{
    for (size_t i = 0; i < nsites; i++)
        if (sites[i] == site)
            return;
    if (nsites < MAX_SITES)
        sites[nsites++] = site;
}

/* Whether this allocation (of kind, called from site) is to fail. */
static int fail_now(int kind, const void *site)
{
    if (!armed)
        return 0;
    if (++counted != target)
        return 0;
    failed_kind = kind;
    ninjected++;
    note_site(site);
    return 1;
}

void failalloc_arm(size_t k)
{
    armed = 1;
    target = k;
    counted = 0;
    failed_kind = 0;
}

size_t failalloc_disarm(void)
{
    armed = 0;
    return counted;
}

int failalloc_failed(void)
{
    return failed_kind;
}

size_t failalloc_live(void)
{
    return nlive;
}

size_t failalloc_sites(size_t *in_program)
{
    size_t k = 0;
    for (size_t i = 0; i < nsites; i++)
        k += (const char *)sites[i] >= __executable_start &&
             (const char *)sites[i] < etext;
    if (in_program)
        *in_program = k;
    return nsites;
}

size_t failalloc_site_offset(size_t i)
{
    const char *s = sites[i];
    return s >= __executable_start && s < etext ? (size_t)(s - __executable_start)
                                                : 0;
}

size_t failalloc_injected(void)
{
    return ninjected;
}

#define CALLER __builtin_return_address(0)

/* ---- the C library's allocators ---- */

void *__wrap_malloc(size_t n)
{
    if (fail_now(FAILALLOC_HEAP, CALLER))
        return NULL;
    void *p = __real_malloc(n);
    live_add(p);
    return p;
}

void *__wrap_calloc(size_t m, size_t n)
{
    if (fail_now(FAILALLOC_HEAP, CALLER))
        return NULL;
    void *p = __real_calloc(m, n);
    live_add(p);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    if (fail_now(FAILALLOC_HEAP, CALLER))
        return NULL;
    void *q = __real_realloc(p, n);
    if (q || n == 0) {
        live_del(p);
        live_add(q);
    }
    return q;
}

void *__wrap_aligned_alloc(size_t a, size_t n)
{
    if (fail_now(FAILALLOC_HEAP, CALLER))
        return NULL;
    void *p = __real_aligned_alloc(a, n);
    live_add(p);
    return p;
}

static char *copy_string(const char *s, size_t n, const void *site)
{
    if (fail_now(FAILALLOC_HEAP, site))
        return NULL;
    char *p = __real_malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    live_add(p);
    return p;
}

char *__wrap_strdup(const char *s)
{
    return copy_string(s, strlen(s), CALLER);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return copy_string(s, strnlen(s, n), CALLER);
}

void __wrap_free(void *p)
{
    live_del(p);
    __real_free(p);
}

/* ---- liblbfgs ---- */

lbfgsfloatval_t *__wrap_lbfgs_malloc(int n)
{
    if (fail_now(FAILALLOC_HEAP, CALLER))
        return NULL;
    lbfgsfloatval_t *p = __real_lbfgs_malloc(n);
    live_add(p);
    return p;
}

void __wrap_lbfgs_free(lbfgsfloatval_t *p)
{
    live_del(p);
    __real_lbfgs_free(p);
}

int __wrap_lbfgs(int n, lbfgsfloatval_t *x, lbfgsfloatval_t *fx,
                 lbfgs_evaluate_t ev, lbfgs_progress_t pr, void *inst,
                 lbfgs_parameter_t *param)
{
    if (fail_now(FAILALLOC_HEAP, CALLER))
        return LBFGSERR_OUTOFMEMORY;
    return __real_lbfgs(n, x, fx, ev, pr, inst, param);
}

/* ---- zlib: the stream's own allocator ---- */

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    if (fail_now(FAILALLOC_HEAP, CALLER))
        return Z_NULL;
    void *p = __real_malloc((size_t)items * size);
    live_add(p);
    return p;
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    live_del(p);
    __real_free(p);
}

int __wrap_inflateInit2_(z_streamp s, int bits, const char *ver, int size)
{
    if (s && !s->zalloc && !s->zfree) {
        s->zalloc = z_alloc;
        s->zfree = z_free;
        s->opaque = Z_NULL;
    }
    return __real_inflateInit2_(s, bits, ver, size);
}

/* ---- files and folders ---- */

FILE *__wrap_fopen(const char *path, const char *mode)
{
    if (fail_now(FAILALLOC_FILE, CALLER)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_fopen(path, mode);
}

DIR *__wrap_opendir(const char *path)
{
    if (fail_now(FAILALLOC_FILE, CALLER)) {
        errno = ENOMEM;
        return NULL;
    }
    return __real_opendir(path);
}

/* ---- GSL: as gsl_rng_alloc fails (gsl/rng/rng.c) ---- */

gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *t)
{
    if (fail_now(FAILALLOC_HEAP, CALLER)) {
        gsl_error("failed to allocate space for rng struct", __FILE__,
                  __LINE__, GSL_ENOMEM);
        return NULL;
    }
    return __real_gsl_rng_alloc(t);
}

/* rng.c - the library's GSL generators, allocated by the library itself:
 * gsl_rng_alloc reports a failed allocation through GSL's error handler,
 * whose default aborts the process, and the library leaves that handler
 * (global, shared by the caller's threads) alone. */
#include <config.h>
#include <stdlib.h>
#include "internal.h"

gsl_rng *fanos_rng_alloc(void)
{
    gsl_rng *r = malloc(sizeof *r);
    void *state = calloc(1, gsl_rng_mt19937->size);
    if (!r || !state) {
        free(r);
        free(state);
        return NULL;
    }
    r->type = gsl_rng_mt19937;
    r->state = state;
    gsl_rng_set(r, gsl_rng_default_seed);   /* as gsl_rng_alloc does */
    return r;
}

void fanos_rng_free(gsl_rng *r)
{
    if (!r)
        return;
    free(r->state);
    free(r);
}

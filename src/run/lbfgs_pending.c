/* lbfgs_pending.c - weak stand-ins for the L-BFGS runner (src/run/lbfgs.c,
 * written on another branch) so that this branch links; the real
 * definitions override them.  Delete this file when lbfgs.c is merged. */
#include <config.h>
#include "core/internal.h"

__attribute__((weak)) void fanos_lbfgs_options_init(fanos_lbfgs_options *opts)
{
    if (!opts)
        return;
    opts->m = 100;
    opts->linesearch = FANOS_LBFGS_MORE_THUENTE;
    opts->max_iterations = 0;
    opts->budget = 3000;
}

__attribute__((weak)) int fanos_lbfgs_run(fanos_fdf_fn fdf, void *ctx,
                                          size_t n, double *x,
                                          const fanos_lbfgs_options *opts,
                                          fanos_lbfgs_result *res)
{
    (void)fdf; (void)ctx; (void)n; (void)x; (void)opts; (void)res;
    return FANOS_EUNKNOWN;
}

/* rosenbrock.c - the chained Rosenbrock objective and its start points. */
#include <config.h>
#include <gsl/gsl_rng.h>
#include "core/internal.h"

int fanos_rosenbrock_fdf(void *ctx, size_t n, const double *x, double *f,
                         double *g)
{
    (void)ctx;
    if (!x || !f)
        return FANOS_ENULL;
    if (n < 2)
        return FANOS_EDIM;
    double sum = 0.0;
    if (g)
        g[0] = 0.0;
    for (size_t i = 0; i + 1 < n; i++) {
        const double a = x[i + 1] - x[i] * x[i];
        const double b = 1.0 - x[i];
        /* [R1] $f(x) = \sum_{i=1}^{d-1} \left[100\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2\right]$ for $d
         * \ge 2$. */
        sum += 100.0 * a * a + b * b;
        if (g) {
            /* [R2] $\partial f / \partial x_i = -400\, x_i\,(x_{i+1} - x_i^2) - 2\,(1 - x_i) +
             * 200\,(x_i - x_{i-1}^2)$, each term present where its index exists. */
            g[i] += -400.0 * x[i] * a - 2.0 * b;
            g[i + 1] = 200.0 * a;
        }
    }
    *f = sum;
    return FANOS_OK;
}

int fanos_rosenbrock_x0(size_t n, unsigned long seed, double *x)
{
    if (!x)
        return FANOS_ENULL;
    if (n == 0)
        return FANOS_EDIM;
    if (seed >= 4294967295UL)
        return FANOS_ERANGE;
    gsl_rng *r = fanos_rng_alloc();
    if (!r)
        return FANOS_ENOMEM;
    /* GSL's mt19937 maps seed 0 to its default seed 4357: shift by one so
     * that every seed names its own stream. */
    gsl_rng_set(r, seed + 1);
    for (size_t i = 0; i < n; i++)
        /* [R3] Fresh start point: $x_{0,i} \sim U(-2, 2)$ i.i.d. from a GSL mt19937 generator
         * seeded with the run's seed. */
        x[i] = -2.0 + 4.0 * gsl_rng_uniform(r);
    fanos_rng_free(r);
    return FANOS_OK;
}

/* ---- the problem type ---------------------------------------------------- */

enum { RP_DIM, RP_COUNT };

static const fanos_param_info rosenbrock_params[RP_COUNT] = {
    {"dim", FANOS_PARAM_INT, 100, 2, 100000000, 0, 0,
     "number of parameters d", NULL, NULL},
};

static size_t rosenbrock_size(const fanos_problem *p)
{
    double d;
    fanos_problem_get(p, "dim", &d);
    return (size_t)d;
}

static int rosenbrock_setup(const fanos_problem *p, fanos_draws draws,
                            unsigned long seed, const char *dir, void **ctx,
                            double *x0)
{
    const size_t n = rosenbrock_size(p);
    *ctx = NULL;
    /* [ST6] Draws `reference` start the run of seed $s$ from the reference pipeline's exported draw
     * of seed $s$; draws `fresh` start it from the package's GSL draw of seed $s$
     * (`fanos_rosenbrock_x0`, `fanos_quadratic_draw`). */
    return draws == FANOS_DRAWS_REFERENCE
               ? fanos_reference_rosenbrock_x0(dir, seed, x0, n)
               : fanos_rosenbrock_x0(n, seed, x0);
}

const fanos_problem_type fanos_ptype_rosenbrock = {
    .name = "rosenbrock",
    .summary = "chained Rosenbrock, x0 ~ U(-2, 2)",
    .params = rosenbrock_params,
    .nparams = RP_COUNT,
    .reference_dim = FANOS_REFERENCE_DIM,
    .reference_files = "rosenbrock100_x0.csv",
    .reference_seeds = "0..9",
    .protocol = FANOS_PROTOCOL_RUN,
    .size = rosenbrock_size,
    .setup = rosenbrock_setup,
    .fdf = fanos_rosenbrock_fdf,
};

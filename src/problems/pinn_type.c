/* pinn_type.c - the two PINN problems of T4 (Burgers, Allen-Cahn) as
 * problem types: the network widths and the point counts of a fresh draw
 * are their parameters, and experiments run them by the warm start. */
#include <config.h>
#include <stdlib.h>
#include "core/internal.h"

enum { PP_WIDTHS, PP_NF, PP_NBC, PP_NIC, PP_COUNT };

/* [N21] The PINN problem types burgers and allen-cahn take widths (default 2,50,50,50,1) and the
 * counts of a fresh draw, n_collocation $N_f = 2000$, n_boundary $N_{bc} = 100$ and n_initial
 * $N_{ic} = 100$ (the T4 protocol); experiments run them by the warm start. */
static const fanos_param_info pinn_params[PP_COUNT] = {
    {"widths", FANOS_PARAM_SIZES, 0, 1, FANOS_PINN_MAX_WIDTH, 0, 0,
     "layer widths, the first 2 (x, t), the last 1 (u), 3 to 16 layers",
     NULL, "2,50,50,50,1"},
    {"n_collocation", FANOS_PARAM_INT, 2000, 1, 100000000, 0, 0,
     "collocation points of a fresh draw", NULL, NULL},
    {"n_boundary", FANOS_PARAM_INT, 100, 0, 100000000, 0, 0,
     "boundary times of a fresh draw (used at x = -1 and x = +1)",
     NULL, NULL},
    {"n_initial", FANOS_PARAM_INT, 100, 0, 100000000, 0, 0,
     "initial points of a fresh draw", NULL, NULL},
};

static void widths(const fanos_problem *p, size_t *w, size_t *nw)
{
    fanos_problem_get_sizes(p, "widths", w, nw);
}

static size_t count(const fanos_problem *p, const char *name)
{
    double v;
    fanos_problem_get(p, name, &v);
    return (size_t)v;
}

static int pinn_check(const fanos_problem *p, size_t *bad)
{
    size_t w[FANOS_SIZES_MAX], nw;
    widths(p, w, &nw);
    if (nw < 3 || w[0] != 2 || w[nw - 1] != 1) {
        *bad = PP_WIDTHS;
        return FANOS_ECONFLICT;
    }
    if (count(p, "n_boundary") + count(p, "n_initial") == 0) {
        *bad = PP_NBC;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

static size_t pinn_size(const fanos_problem *p)
{
    size_t w[FANOS_SIZES_MAX], nw, n = 0;
    widths(p, w, &nw);
    for (size_t l = 1; l < nw; l++)
        n += w[l] * w[l - 1] + w[l];
    return n;
}

static int setup(const fanos_problem *p, fanos_pinn_pde pde,
                 fanos_draws draws, unsigned long seed, const char *dir,
                 void **ctx, double *theta)
{
    size_t w[FANOS_SIZES_MAX], nw;
    widths(p, w, &nw);
    fanos_pinn *net = NULL;
    int rc = fanos_pinn_alloc(&net, pde, w, nw);
    *ctx = net;
    if (rc != FANOS_OK)
        return rc;
    if (draws == FANOS_DRAWS_FRESH)
        return fanos_pinn_draw(net, seed, count(p, "n_collocation"),
                               count(p, "n_boundary"), count(p, "n_initial"),
                               theta);
    return fanos_pinn_load_reference(net, dir, seed, theta);
}

static int burgers_setup(const fanos_problem *p, fanos_draws draws,
                         unsigned long seed, const char *dir, void **ctx,
                         double *theta)
{
    return setup(p, FANOS_PINN_BURGERS, draws, seed, dir, ctx, theta);
}

static int allen_cahn_setup(const fanos_problem *p, fanos_draws draws,
                            unsigned long seed, const char *dir, void **ctx,
                            double *theta)
{
    return setup(p, FANOS_PINN_ALLEN_CAHN, draws, seed, dir, ctx, theta);
}

static void pinn_free_ctx(void *ctx)
{
    fanos_pinn_free(ctx);
}

const fanos_problem_type fanos_ptype_burgers = {
    .name = "burgers",
    .summary = "PINN of the viscous Burgers equation (T4)",
    .params = pinn_params,
    .nparams = PP_COUNT,
    .family = "pinn",
    .family_key = "pde",
    .reference_files = "pinn_seed%lu_params.txt, pinn_seed%lu_points.csv",
    .reference_seeds = "0..4",
    .protocol = FANOS_PROTOCOL_WARMSTART,
    .check = pinn_check,
    .size = pinn_size,
    .setup = burgers_setup,
    .fdf = fanos_pinn_fdf,
    .free = pinn_free_ctx,
};

const fanos_problem_type fanos_ptype_allen_cahn = {
    .name = "allen-cahn",
    .summary = "PINN of the Allen-Cahn equation, Dirichlet u(+-1) = -1 (T4)",
    .params = pinn_params,
    .nparams = PP_COUNT,
    .family = "pinn",
    .family_key = "pde",
    .reference_files = "pinn_seed%lu_params.txt, pinn_seed%lu_points.csv",
    .reference_seeds = "0..4",
    .protocol = FANOS_PROTOCOL_WARMSTART,
    .check = pinn_check,
    .size = pinn_size,
    .setup = allen_cahn_setup,
    .fdf = fanos_pinn_fdf,
    .free = pinn_free_ctx,
};

/* lbfgs.c - L-BFGS through liblbfgs on the evaluation budget of the
 * first-order methods (doc/spec.md section 8).
 *
 * What liblbfgs 1.10 does that this file relies on (lib/lbfgs.c):
 *  - lbfgs() evaluates x0 once, then each iteration runs a line search
 *    that calls the evaluation callback one or more times; the progress
 *    callback is called once per ACCEPTED iterate with its x and f, and a
 *    non-zero return ends lbfgs() with that value as its status;
 *  - after a failed line search (status < 0) lbfgs() copies the previous
 *    x and g back but not f: the f it reports is that of the last trial.
 *    So the accepted x and f are recorded here, in the progress callback;
 *  - no line search accepts f = +inf (Armijo fails) while the search
 *    direction is finite, whereas NaN can pass the backtracking tests, so
 *    a refused evaluation returns +inf;
 *  - a refused trial costs no evaluation, and a line search gives up
 *    after max_linesearch (40) trials at most;
 *  - when the iterates reach the underflow range (a quadratic at f ~
 *    1e-300), y's and y'y become 0 and the scaling ys/yy is 0/0: the next
 *    direction and trial point are NaN, and with a NaN direction the
 *    backtracking search "accepts" anything.  So a non-finite trial point
 *    is refused, and an iterate is taken as accepted only when the last
 *    trial before the progress callback was really evaluated. */
#include <config.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lbfgs.h>
#include "core/internal.h"

typedef struct {
    fanos_fdf_fn fdf;
    void *ctx;
    size_t n;
    size_t budget;
    size_t max_iterations;
    size_t evals;
    size_t iterations;
    double *best_x;     /* last accepted iterate */
    double best_f;      /* its loss */
    int last_real;      /* the last trial was evaluated, with a finite f */
    int stopping;       /* no further evaluation: the run is ending */
    fanos_lbfgs_stop stop;
    size_t diverged_step;
    int error;          /* a failing fdf's or callback's code, or 0 */
    fanos_lbfgs_cb on_iteration;
    void *cb_ctx;
} lbfgs_ctx;

/* The caller's callback at an accepted point: 0, or the code that ends
 * the run (a positive return becomes FANOS_EIO). */
static int report(lbfgs_ctx *c, const lbfgsfloatval_t *x, double f)
{
    /* [LB8] An iteration callback, when given, is called at the start point (iteration 0, after its
     * evaluation) and after every accepted iteration with the evaluations made so far, the accepted
     * loss and $x$; a non-zero return ends the run with an error (a positive one as FANOS\_EIO) and
     * leaves the caller's $x$ as it was. */
    if (!c->on_iteration)
        return 0;
    int rc = c->on_iteration(c->cb_ctx, c->iterations, c->evals, f, x, c->n);
    return rc == 0 ? 0 : rc < 0 ? rc : FANOS_EIO;
}

/* End the run for `why`: every later trial is refused. */
static lbfgsfloatval_t refuse(lbfgs_ctx *c, fanos_lbfgs_stop why,
                              lbfgsfloatval_t *g, int n)
{
    if (!c->stopping) {
        c->stopping = 1;
        c->stop = why;
    }
    c->last_real = 0;
    memset(g, 0, (size_t)n * sizeof *g);
    return INFINITY;
}

static lbfgsfloatval_t evaluate(void *inst, const lbfgsfloatval_t *x,
                                lbfgsfloatval_t *g, const int n,
                                const lbfgsfloatval_t step)
{
    lbfgs_ctx *c = inst;
    (void)step;
    if (c->stopping)
        return refuse(c, c->stop, g, n);
    /* [LB3] Every call of liblbfgs's evaluation callback while evals < budget evaluates $f$ and $g$
     * and counts one evaluation; once evals = budget (or after a divergence, a breakdown or an
     * error) the callback makes no evaluation and returns $+\infty$, which no line search with a
     * finite direction accepts, so liblbfgs backs off to the last accepted iterate. */
    if (c->evals >= c->budget)
        return refuse(c, FANOS_LBFGS_STOP_BUDGET, g, n);
    /* [LB7] A trial point with a non-finite coordinate (liblbfgs's update broke down, e.g. $y^\top
     * s = y^\top y = 0$ after underflow) is not evaluated and ends the run with the last accepted
     * iterate; it is not a divergence. */
    if (c->evals > 0 && fanos_any_nonfinite(x, (size_t)n))
        return refuse(c, FANOS_LBFGS_STOP_BREAKDOWN, g, n);
    double f;
    int rc = c->fdf(c->ctx, c->n, x, &f, g);
    c->evals++;
    if (rc != FANOS_OK) {
        c->error = rc;
        return refuse(c, FANOS_LBFGS_STOP_ERROR, g, n);
    }
    if (!isfinite(f)) {
        /* [LB5] A non-finite loss at any evaluation marks the run diverged at that evaluation and
         * ends it: the final loss is NaN and $x$ is the last accepted iterate. */
        c->diverged_step = c->evals;
        return refuse(c, FANOS_LBFGS_STOP_DIVERGED, g, n);
    }
    /* liblbfgs's first call is at the start point, which stays the
     * accepted iterate until an iteration is accepted. */
    if (c->evals == 1) {
        c->best_f = f;
        int cb = report(c, x, f);
        if (cb) {
            c->error = cb;
            return refuse(c, FANOS_LBFGS_STOP_ERROR, g, n);
        }
    }
    c->last_real = 1;
    return f;
}

static int progress(void *inst, const lbfgsfloatval_t *x,
                    const lbfgsfloatval_t *g, const lbfgsfloatval_t fx,
                    const lbfgsfloatval_t xnorm, const lbfgsfloatval_t gnorm,
                    const lbfgsfloatval_t step, int n, int k, int ls)
{
    lbfgs_ctx *c = inst;
    (void)g, (void)xnorm, (void)gnorm, (void)step, (void)k, (void)ls;
    /* A refused trial "accepted" by a search whose direction is NaN. */
    if (!c->last_real)
        return LBFGSERR_CANCELED;
    /* [LB4] The final $x$ and final loss are those of the last accepted iterate (the start point
     * when no iteration was accepted), recorded by the progress callback, since liblbfgs restores
     * $x$ but not $f$ after a failed line search. */
    memcpy(c->best_x, x, (size_t)n * sizeof *x);
    c->best_f = fx;
    c->iterations++;
    int cb = report(c, x, fx);
    if (cb) {
        c->error = cb;
        c->stopping = 1;
        c->stop = FANOS_LBFGS_STOP_ERROR;
        return LBFGSERR_CANCELED;
    }
    if (c->max_iterations && c->iterations >= c->max_iterations) {
        /* left to liblbfgs, so that its status says so */
        c->stop = FANOS_LBFGS_STOP_MAX_ITERATIONS;
        return 0;
    }
    /* A spent budget ends the run here, before a line search that could
     * make no evaluation. */
    if (c->evals >= c->budget) {
        c->stopping = 1;
        c->stop = FANOS_LBFGS_STOP_BUDGET;
        return LBFGSERR_CANCELED;
    }
    return 0;
}

/* The parameter table of L-BFGS (fanos params lbfgs): the one place of
 * its defaults and ranges, for fanos_lbfgs_options_init, the command line
 * and the experiment files alike. */
enum { P_M, P_LINESEARCH, P_MAX_ITERATIONS, P_EPSILON, P_PAST, P_DELTA,
       P_MAX_LINESEARCH, P_COUNT };

static const char *const linesearch_names[] = {
    "more-thuente|morethuente", "strong-wolfe", NULL};

static const fanos_param_info lbfgs_params[P_COUNT] = {
    {"m", FANOS_PARAM_INT, 100, 1, FANOS_LBFGS_M_MAX, 0, 0,
     "history size", NULL, NULL},
    {"linesearch", FANOS_PARAM_CHOICE, FANOS_LBFGS_MORE_THUENTE, 0, 1, 0, 0,
     "More-Thuente, or backtracking to the strong Wolfe conditions",
     linesearch_names, NULL},
    {"max_iterations", FANOS_PARAM_INT, 0, 0, FANOS_LBFGS_MAX_ITERATIONS_MAX,
     0, 0, "accepted iterations; 0 = until the budget ends", NULL, NULL},
    {"epsilon", FANOS_PARAM_REAL, 0, 0, FANOS_INF, 0, 1,
     "liblbfgs's gradient test ||g|| < epsilon max(1, ||x||); 0 = off",
     NULL, NULL},
    {"past", FANOS_PARAM_INT, 0, 0, 2147483647, 0, 0,
     "iterations of liblbfgs's delta test; 0 = off", NULL, NULL},
    {"delta", FANOS_PARAM_REAL, 0, 0, FANOS_INF, 0, 1,
     "relative decrease the delta test asks for", NULL, NULL},
    {"max_linesearch", FANOS_PARAM_INT, 40, 1, 2147483647, 0, 0,
     "trials per line search", NULL, NULL},
};

void fanos_lbfgs_options_init(fanos_lbfgs_options *opts)
{
    if (!opts)
        return;
    opts->m = (size_t)lbfgs_params[P_M].def;
    opts->linesearch = (fanos_lbfgs_linesearch)lbfgs_params[P_LINESEARCH].def;
    opts->max_iterations = (size_t)lbfgs_params[P_MAX_ITERATIONS].def;
    opts->epsilon = lbfgs_params[P_EPSILON].def;
    opts->past = (size_t)lbfgs_params[P_PAST].def;
    opts->delta = lbfgs_params[P_DELTA].def;
    opts->max_linesearch = (size_t)lbfgs_params[P_MAX_LINESEARCH].def;
    opts->budget = FANOS_BUDGET_DEFAULT;
    opts->on_iteration = NULL;
    opts->cb_ctx = NULL;
}

/* The options as a parameter vector of the table. */
static void options_to_params(const fanos_lbfgs_options *o, double *p)
{
    p[P_M] = (double)o->m;
    p[P_LINESEARCH] = (double)o->linesearch;
    p[P_MAX_ITERATIONS] = (double)o->max_iterations;
    p[P_EPSILON] = o->epsilon;
    p[P_PAST] = (double)o->past;
    p[P_DELTA] = o->delta;
    p[P_MAX_LINESEARCH] = (double)o->max_linesearch;
}

static int check_options(size_t n, const fanos_lbfgs_options *o)
{
    if (n == 0 || n > INT_MAX)
        return FANOS_EDIM;
    if (o->budget == 0)
        return FANOS_EBUDGET;
    double p[P_COUNT];
    options_to_params(o, p);
    for (size_t i = 0; i < P_COUNT; i++)
        if (fanos_param_check(&lbfgs_params[i], p[i]) != FANOS_OK)
            return FANOS_ERANGE;
    return FANOS_OK;
}

static void set_parameters(lbfgs_parameter_t *p, const fanos_lbfgs_options *o)
{
    lbfgs_parameter_init(p);
    /* [LB1] L-BFGS is liblbfgs with history $m$ (default 100) and the More-Thuente line search
     * (default) or backtracking to the strong Wolfe conditions; every other line-search setting
     * keeps liblbfgs's default (ftol $10^{-4}$, wolfe 0.9, gtol 0.9, xtol $10^{-16}$,
     * max_linesearch 40, min_step $10^{-20}$, max_step $10^{20}$). */
    p->m = (int)o->m;
    p->linesearch = o->linesearch == FANOS_LBFGS_STRONG_WOLFE
                        ? LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE
                        : LBFGS_LINESEARCH_MORETHUENTE;
    /* [LB2] liblbfgs's own stopping tests are off as far as it allows: epsilon $= 0$ (it stops only
     * at $\lVert g \rVert = 0$ exactly) and past $= 0$ (no delta test); a run ends when the budget
     * is spent, after max_iterations accepted iterations (0 = no limit), when a line search fails,
     * at divergence, or at a breakdown. */
    p->epsilon = o->epsilon;
    p->past = (int)o->past;
    p->delta = o->delta;
    p->max_linesearch = (int)o->max_linesearch;
    p->max_iterations = (int)o->max_iterations;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void fill_result(const lbfgs_ctx *c, int status, fanos_lbfgs_result *r)
{
    memset(r, 0, sizeof *r);
    /* [LB6] The result records the evaluations made, the accepted iterations (also reported as
     * steps), liblbfgs's return code, and what ended the run: the budget, max_iterations, liblbfgs
     * itself (zero gradient or a failed line search), divergence, a breakdown, or an error of the
     * objective. */
    r->run.evals = c->evals;
    r->iterations = c->iterations;
    r->run.steps = c->iterations;
    r->lbfgs_status = status;
    r->stop = c->stop;
    r->run.diverged = c->stop == FANOS_LBFGS_STOP_DIVERGED;
    r->run.diverged_step = c->diverged_step;
    r->run.final_loss = r->run.diverged ? NAN : c->best_f;
}

int fanos_lbfgs_run(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
                    const fanos_lbfgs_options *opts, fanos_lbfgs_result *res)
{
    if (!fdf || !x || !opts || !res)
        return FANOS_ENULL;
    int rc = check_options(n, opts);
    if (rc != FANOS_OK)
        return rc;
    lbfgs_ctx c = {.fdf = fdf, .ctx = ctx, .n = n, .budget = opts->budget,
                   .max_iterations = opts->max_iterations, .best_f = NAN,
                   .stop = FANOS_LBFGS_STOP_LIBRARY,
                   .on_iteration = opts->on_iteration, .cb_ctx = opts->cb_ctx};
    /* liblbfgs's own allocator keeps x aligned however it was built. */
    lbfgsfloatval_t *lx = lbfgs_malloc((int)n);
    c.best_x = malloc(n * sizeof *c.best_x);
    if (!lx || !c.best_x) {
        lbfgs_free(lx);
        free(c.best_x);
        return FANOS_ENOMEM;
    }
    memcpy(lx, x, n * sizeof *x);
    memcpy(c.best_x, x, n * sizeof *x);
    lbfgs_parameter_t param;
    set_parameters(&param, opts);
    const double t0 = now_seconds();
    /* lbfgs()'s own final f is not used: see the note at the top. */
    int status = lbfgs((int)n, lx, NULL, evaluate, progress, &c, &param);
    if (status == LBFGSERR_OUTOFMEMORY) {
        /* its work arrays are allocated before any evaluation: nothing ran */
        lbfgs_free(lx);
        free(c.best_x);
        return FANOS_ENOMEM;
    }
    /* max_iterations only ends the run when liblbfgs says so */
    if (c.stop == FANOS_LBFGS_STOP_MAX_ITERATIONS &&
        status != LBFGSERR_MAXIMUMITERATION)
        c.stop = FANOS_LBFGS_STOP_LIBRARY;
    fill_result(&c, status, res);
    res->run.seconds = now_seconds() - t0;
    if (!c.error)
        memcpy(x, c.best_x, n * sizeof *x);
    lbfgs_free(lx);
    free(c.best_x);
    return c.error ? c.error : FANOS_OK;
}

const char *fanos_lbfgs_stop_name(fanos_lbfgs_stop stop)
{
    switch (stop) {
    case FANOS_LBFGS_STOP_BUDGET: return "budget";
    case FANOS_LBFGS_STOP_MAX_ITERATIONS: return "max_iterations";
    case FANOS_LBFGS_STOP_LIBRARY: return "lbfgs";
    case FANOS_LBFGS_STOP_DIVERGED: return "diverged";
    case FANOS_LBFGS_STOP_BREAKDOWN: return "breakdown";
    case FANOS_LBFGS_STOP_ERROR: return "error";
    }
    return "unknown";
}

const char *fanos_lbfgs_status_name(int status)
{
    static const struct {
        int code;
        const char *name;
    } names[] = {
        {LBFGS_SUCCESS, "LBFGS_SUCCESS"},
        {LBFGS_STOP, "LBFGS_STOP"},
        {LBFGS_ALREADY_MINIMIZED, "LBFGS_ALREADY_MINIMIZED"},
        {LBFGSERR_UNKNOWNERROR, "LBFGSERR_UNKNOWNERROR"},
        {LBFGSERR_LOGICERROR, "LBFGSERR_LOGICERROR"},
        {LBFGSERR_OUTOFMEMORY, "LBFGSERR_OUTOFMEMORY"},
        {LBFGSERR_CANCELED, "LBFGSERR_CANCELED"},
        {LBFGSERR_INVALID_N, "LBFGSERR_INVALID_N"},
        {LBFGSERR_INVALID_N_SSE, "LBFGSERR_INVALID_N_SSE"},
        {LBFGSERR_INVALID_X_SSE, "LBFGSERR_INVALID_X_SSE"},
        {LBFGSERR_INVALID_EPSILON, "LBFGSERR_INVALID_EPSILON"},
        {LBFGSERR_INVALID_TESTPERIOD, "LBFGSERR_INVALID_TESTPERIOD"},
        {LBFGSERR_INVALID_DELTA, "LBFGSERR_INVALID_DELTA"},
        {LBFGSERR_INVALID_LINESEARCH, "LBFGSERR_INVALID_LINESEARCH"},
        {LBFGSERR_INVALID_MINSTEP, "LBFGSERR_INVALID_MINSTEP"},
        {LBFGSERR_INVALID_MAXSTEP, "LBFGSERR_INVALID_MAXSTEP"},
        {LBFGSERR_INVALID_FTOL, "LBFGSERR_INVALID_FTOL"},
        {LBFGSERR_INVALID_WOLFE, "LBFGSERR_INVALID_WOLFE"},
        {LBFGSERR_INVALID_GTOL, "LBFGSERR_INVALID_GTOL"},
        {LBFGSERR_INVALID_XTOL, "LBFGSERR_INVALID_XTOL"},
        {LBFGSERR_INVALID_MAXLINESEARCH, "LBFGSERR_INVALID_MAXLINESEARCH"},
        {LBFGSERR_INVALID_ORTHANTWISE, "LBFGSERR_INVALID_ORTHANTWISE"},
        {LBFGSERR_INVALID_ORTHANTWISE_START,
         "LBFGSERR_INVALID_ORTHANTWISE_START"},
        {LBFGSERR_INVALID_ORTHANTWISE_END, "LBFGSERR_INVALID_ORTHANTWISE_END"},
        {LBFGSERR_OUTOFINTERVAL, "LBFGSERR_OUTOFINTERVAL"},
        {LBFGSERR_INCORRECT_TMINMAX, "LBFGSERR_INCORRECT_TMINMAX"},
        {LBFGSERR_ROUNDING_ERROR, "LBFGSERR_ROUNDING_ERROR"},
        {LBFGSERR_MINIMUMSTEP, "LBFGSERR_MINIMUMSTEP"},
        {LBFGSERR_MAXIMUMSTEP, "LBFGSERR_MAXIMUMSTEP"},
        {LBFGSERR_MAXIMUMLINESEARCH, "LBFGSERR_MAXIMUMLINESEARCH"},
        {LBFGSERR_MAXIMUMITERATION, "LBFGSERR_MAXIMUMITERATION"},
        {LBFGSERR_WIDTHTOOSMALL, "LBFGSERR_WIDTHTOOSMALL"},
        {LBFGSERR_INVALIDPARAMETERS, "LBFGSERR_INVALIDPARAMETERS"},
        {LBFGSERR_INCREASEGRADIENT, "LBFGSERR_INCREASEGRADIENT"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].code == status)
            return names[i].name;
    return "unknown";
}

/* ---- L-BFGS as a method of the registry --------------------------------- */

static int lbfgs_type_run(const double *p, fanos_fdf_fn fdf, void *ctx,
                          size_t n, double *x, const fanos_run_options *ro,
                          fanos_run_result *res)
{
    fanos_lbfgs_options o;
    fanos_lbfgs_options_init(&o);
    o.m = (size_t)p[P_M];
    o.linesearch = (fanos_lbfgs_linesearch)p[P_LINESEARCH];
    o.max_iterations = (size_t)p[P_MAX_ITERATIONS];
    o.epsilon = p[P_EPSILON];
    o.past = (size_t)p[P_PAST];
    o.delta = p[P_DELTA];
    o.max_linesearch = (size_t)p[P_MAX_LINESEARCH];
    o.budget = ro->budget;
    o.on_iteration = ro->on_iterate;
    o.cb_ctx = ro->cb_ctx;
    fanos_lbfgs_result r;
    int rc = fanos_lbfgs_run(fdf, ctx, n, x, &o, &r);
    if (rc != FANOS_OK)
        return rc;
    *res = r.run;
    res->iterations = r.iterations;
    res->status = r.lbfgs_status;
    res->stop = fanos_lbfgs_stop_name(r.stop);
    return FANOS_OK;
}

/* [LB9] L-BFGS is the optimizer type `lbfgs` of the registry, with a run callback and no step: its
 * parameter table (below) holds every default and range of its options (`fanos_lbfgs_options_init`
 * reads them), `fanos_run` hands it the budget and the iteration callback, and the result adds its
 * iterations, liblbfgs's return code and what ended the run. */
const fanos_optimizer_type fanos_type_lbfgs = {
    .name = "lbfgs",
    .summary = "L-BFGS through liblbfgs on the evaluation budget (no lr)",
    .params = lbfgs_params,
    .nparams = P_COUNT,
    .fields = NULL,
    .nfields = 0,
    .state_size = 0,
    .check = NULL,
    .init = NULL,
    .step = NULL,
    .run = lbfgs_type_run,
};

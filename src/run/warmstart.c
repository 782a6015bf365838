/* warmstart.c - the T4 protocol: a first-order warm-up, then one L-BFGS
 * polish, with the loss at entry to the polish recorded (the figure the
 * reference reported as final, doc/reference.md section 9 item 1). */
#include <config.h>
#include <math.h>
#include <time.h>
#include "core/internal.h"

void fanos_warmstart_options_init(fanos_warmstart_options *opts)
{
    if (!opts)
        return;
    opts->warmup_steps = 1000;
    opts->polish_iterations = 200;
    opts->on_step = NULL;
    opts->on_iterate = NULL;
    opts->cb_ctx = NULL;
}

/* Wraps the objective to count the polish's evaluations and keep the
 * first loss it sees. */
typedef struct {
    fanos_fdf_fn fdf;
    void *ctx;
    size_t evals;
    double first;
} polish_ctx;

static int polish_fdf(void *vctx, size_t n, const double *x, double *f,
                      double *g)
{
    polish_ctx *c = vctx;
    int rc = c->fdf(c->ctx, n, x, f, g);
    if (rc == FANOS_OK && c->evals++ == 0)
        c->first = *f;
    return rc;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int polish(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
                  const fanos_warmstart_options *o, fanos_warmstart_result *r)
{
    fanos_lbfgs_options lo;
    fanos_lbfgs_options_init(&lo);
    lo.m = 100;
    lo.linesearch = FANOS_LBFGS_STRONG_WOLFE;
    lo.max_iterations = o->polish_iterations;
    lo.budget = o->polish_iterations + o->polish_iterations / 4;
    lo.on_iteration = o->on_iterate;
    lo.cb_ctx = o->cb_ctx;
    polish_ctx pc = {fdf, ctx, 0, NAN};
    fanos_lbfgs_result lr;
    /* [N17] Polish: one L-BFGS run (history 100, strong-Wolfe line search) of at most
     * polish_iterations iterations and $\lfloor 5/4 \cdot$ polish_iterations$\rfloor$ evaluations
     * (`torch.optim.LBFGS` max_eval); entry_loss is the loss at its first evaluation (what the
     * reference reported as final), polish_loss the loss at its last accepted iterate. */
    int rc = fanos_lbfgs_run(polish_fdf, &pc, n, x, &lo, &lr);
    r->evals += pc.evals;
    if (rc != FANOS_OK)
        return rc;
    r->entry_loss = pc.first;
    r->polish_loss = lr.run.final_loss;
    r->polish_iterations = lr.iterations;
    r->lbfgs_status = lr.lbfgs_status;
    if (lr.run.diverged || !isfinite(pc.first))
        r->diverged = 1;
    return FANOS_OK;
}

static int warmstart(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
                     fanos_optimizer *opt, const fanos_warmstart_options *o,
                     fanos_warmstart_result *r)
{
    *r = (fanos_warmstart_result){0};
    r->warmup_loss = r->entry_loss = r->polish_loss = NAN;
    const double t0 = now_seconds();
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = o->warmup_steps;
    ro.loop = FANOS_LOOP_BEFORE_LAST;
    /* [N22] The watchers of a warm start (`on_step` after each warm-up step with the loss before
     * it, `on_iterate` at the polish's start point and after each accepted iterate with the
     * polish's evaluations so far) see the run without changing it: every result is the same, bit
     * for bit, with and without them. */
    ro.on_step = o->on_step;
    ro.cb_ctx = o->cb_ctx;
    fanos_run_result rr;
    /* [N16] Warm-up: warmup_steps full-batch steps of the optimizer with the T1 loop; warmup_loss
     * is the loss before the last warm-up step (the reference's `loss.item()`); a non-finite loss
     * marks the run diverged and skips the polish. */
    int rc = fanos_run(fdf, ctx, n, x, opt, &ro, &rr);
    if (rc != FANOS_OK)
        return rc;
    r->warmup_loss = rr.final_loss;
    r->evals = rr.evals;
    r->diverged = rr.diverged;
    if (!rr.diverged && o->polish_iterations > 0)
        rc = polish(fdf, ctx, n, x, o, r);
    r->seconds = now_seconds() - t0;
    return rc;
}

int fanos_warmstart(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
                    fanos_optimizer *opt, const fanos_warmstart_options *o,
                    fanos_warmstart_result *r)
{
    if (!fdf || !x || !opt || !o || !r)
        return FANOS_ENULL;
    if (o->warmup_steps == 0)
        return FANOS_EBUDGET;
    /* the result is written only on success */
    fanos_warmstart_result res;
    int rc = warmstart(fdf, ctx, n, x, opt, o, &res);
    if (rc == FANOS_OK)
        *r = res;
    return rc;
}

/* runner.c - the budgeted loop of the reference pipeline. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include "core/internal.h"

void fanos_run_options_init(fanos_run_options *opts)
{
    if (!opts)
        return;
    opts->budget = FANOS_BUDGET_DEFAULT;
    opts->loop = FANOS_LOOP_BEFORE_LAST;
    opts->clip = 0.0;
    opts->on_step = NULL;
    opts->cb_ctx = NULL;
    opts->on_iterate = NULL;
}

int fanos_clip_grad_norm(double *g, size_t n, double max_norm, double *norm)
{
    if (!g)
        return FANOS_ENULL;
    if (n == 0)
        return FANOS_EDIM;
    if (!(max_norm > 0) || !isfinite(max_norm))
        return FANOS_ERANGE;
    const double gn = fanos_norm2(g, n);
    if (norm)
        *norm = gn;
    /* [L3] "+clip" (PyTorch clip_grad_norm_): $g \leftarrow \min\left(1,\ C / (\lVert g \rVert_2 +
     * 10^{-6})\right) g$ before the step. */
    /* A NaN norm gives a NaN factor, as torch.clamp does. */
    const double coef = isnan(gn) ? gn : fmin(1.0, max_norm / (gn + 1e-6));
    if (coef != 1.0)
        for (size_t i = 0; i < n; i++)
            g[i] *= coef;
    return FANOS_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void mark_diverged(fanos_run_result *r, size_t step)
{
    r->diverged = 1;
    r->diverged_step = step;
    r->final_loss = NAN;
}

/* One evaluation and one step; returns 1 to stop, 0 to go on, <0 error. */
static int eval_and_step(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
                         double *g, fanos_optimizer *opt,
                         const fanos_run_options *o, fanos_run_result *r)
{
    double f;
    int rc = fdf(ctx, n, x, &f, g);
    if (rc != FANOS_OK)
        return rc;
    r->evals++;
    r->final_loss = f;
    if (!isfinite(f)) {
        mark_diverged(r, r->evals);
        return 1;
    }
    if (o->clip > 0)
        fanos_clip_grad_norm(g, n, o->clip, NULL);
    rc = fanos_optimizer_step(opt, x, g, f);
    r->steps++;
    if (rc == FANOS_SKIPPED) {
        r->skipped++;
    } else if (rc == FANOS_ENONFINITE) {
        /* [L4] A step that reports a non-finite iterate or state ends the run as diverged at that
         * evaluation; a step skipped by the optimizer's own rule is counted. */
        mark_diverged(r, r->evals);
        if (o->on_step)
            o->on_step(o->cb_ctx, r->steps, f, x, n, opt);
        return 1;
    } else if (rc != FANOS_OK) {
        return rc;
    }
    if (o->on_step) {
        rc = o->on_step(o->cb_ctx, r->steps, f, x, n, opt);
        if (rc != 0)
            return rc < 0 ? rc : FANOS_EIO;
    }
    return 0;
}

int fanos_run(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
              fanos_optimizer *opt, const fanos_run_options *o,
              fanos_run_result *r)
{
    if (!fdf || !x || !opt || !o || !r)
        return FANOS_ENULL;
    if (n == 0 || n != fanos_optimizer_size(opt))
        return FANOS_EDIM;
    if (o->budget == 0)
        return FANOS_EBUDGET;
    if (o->clip < 0 || !isfinite(o->clip))
        return FANOS_ERANGE;
    if (o->loop != FANOS_LOOP_BEFORE_LAST && o->loop != FANOS_LOOP_AFTER_LAST)
        return FANOS_ERANGE;
    int rc = fanos_optimizer_check(opt, NULL);
    if (rc != FANOS_OK)
        return rc;
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    if (t->run) {
        /* [L5] A method that drives its own iterations (L-BFGS) runs on the same budget with the
         * same evaluation count; it takes no clip and no loop rule. */
        if (o->clip != 0)
            return FANOS_ECONFLICT;
        return t->run(opt->params, fdf, ctx, n, x, o, r);
    }
    double *g = malloc(n * sizeof *g);
    if (!g)
        return FANOS_ENOMEM;
    *r = (fanos_run_result){0};
    r->final_loss = NAN;
    const double t0 = now_seconds();
    rc = 0;
    /* [L1] T1 loop: while evals < budget: $f, g$ = eval and evals += 1; final loss = $f$ (the loss
     * before the last step); a non-finite $f$ marks the run diverged and stops it; clip if "+clip";
     * step. */
    while (rc == 0 && r->evals < o->budget)
        rc = eval_and_step(fdf, ctx, n, x, g, opt, o, r);
    if (rc == 0 && o->loop == FANOS_LOOP_AFTER_LAST) {
        /* [L2] T3 loop: exactly budget steps, then the final loss is $f$ after the last step; a
         * non-finite loss or iterate marks the run diverged. */
        double f;
        rc = fdf(ctx, n, x, &f, NULL);
        if (rc == FANOS_OK) {
            r->final_loss = f;
            /* the final evaluation is the one after the last step */
            if (!isfinite(f) || fanos_any_nonfinite(x, n))
                mark_diverged(r, r->evals + 1);
        }
    }
    r->seconds = now_seconds() - t0;
    free(g);
    return rc < 0 ? rc : FANOS_OK;
}

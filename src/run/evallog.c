/* evallog.c - the held-out metrics of a problem trained on a data set,
 * recorded every K steps of a run through the runner's on_step callback
 * (doc/spec.md [MB6]). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "core/internal.h"

int fanos_eval_log_init(fanos_eval_log *log, fanos_problem *p, size_t every)
{
    if (!log || !p)
        return FANOS_ENULL;
    if (!p->type->eval)
        return FANOS_EUNKNOWN;
    if (every == 0)
        return FANOS_ERANGE;
    memset(log, 0, sizeof *log);
    log->problem = p;
    log->every = every;
    return FANOS_OK;
}

int fanos_eval_log_point(fanos_eval_log *log, size_t step, double batch_loss,
                         const double *x, size_t n)
{
    if (!log || !log->problem || !x)
        return FANOS_ENULL;
    if (log->nrecords == log->cap) {
        const size_t cap = log->cap ? 2 * log->cap : 16;
        fanos_eval_record *r = realloc(log->records, cap * sizeof *r);
        if (!r)
            return FANOS_ENOMEM;
        log->records = r;
        log->cap = cap;
    }
    fanos_eval_record *r = &log->records[log->nrecords];
    memset(r, 0, sizeof *r);
    r->step = step;
    r->batch_loss = batch_loss;
    /* [MB6] Every $K$ steps (eval_every; `fanos_eval_log_step` on the runner's on_step) the
     * held-out metrics of [MB4] at the iterate after the step are recorded with the step count and
     * the loss of its batch; a non-finite iterate or held-out loss is recorded as diverged, never
     * as a number. */
    int rc = FANOS_OK;
    if (fanos_any_nonfinite(x, n))
        r->diverged = 1;
    else
        rc = fanos_problem_eval(log->problem, x, &r->m);
    if (rc != FANOS_OK)
        return rc;
    if (!isfinite(r->m.loss))
        r->diverged = 1;
    if (r->diverged)
        r->m.loss = r->m.accuracy = r->m.bits = NAN;
    log->nrecords++;
    return FANOS_OK;
}

int fanos_eval_log_step(void *ctx, size_t step, double loss, const double *x,
                        size_t n, fanos_optimizer *opt)
{
    fanos_eval_log *log = ctx;
    if (!log)
        return FANOS_ENULL;
    if (step % log->every == 0) {
        int rc = fanos_eval_log_point(log, step, loss, x, n);
        if (rc != FANOS_OK)
            return rc;
    }
    return log->next ? log->next(log->next_ctx, step, loss, x, n, opt) : 0;
}

void fanos_eval_log_free(fanos_eval_log *log)
{
    if (!log)
        return;
    free(log->records);
    log->records = NULL;
    log->nrecords = log->cap = 0;
}

int fanos_eval_log_target(const fanos_eval_record *rec, size_t n,
                          double target, size_t *step)
{
    if (!rec || !step || !(target > 0))
        return 0;
    /* [MB10] With target_loss $T > 0$, target_step is the step of the first record of the eval
     * log in step order (step 0, every eval_every steps, the last iterate) that is not diverged and
     * whose held-out loss is $\le T$; it is empty when no record reaches $T$, and without a
     * target. */
    for (size_t i = 0; i < n; i++)
        if (!rec[i].diverged && rec[i].m.loss <= target) {
            *step = rec[i].step;
            return 1;
        }
    return 0;
}

/* Median (ST11), minimum and maximum of v[0 .. n), n >= 1, sorted here. */
static void band_values(double *v, size_t n, double *med, double *lo, double *hi)
{
    gsl_sort(v, 1, n);
    *med = gsl_stats_median_from_sorted_data(v, 1, n);
    *lo = v[0];
    *hi = v[n - 1];
}

int fanos_curves_band(const fanos_eval_record *const *rec, const size_t *len,
                      size_t ncurves, fanos_curve_band *band, size_t cap,
                      size_t *nband)
{
    if (!nband || (ncurves && (!rec || !len)) || (!band && cap))
        return FANOS_ENULL;
    *nband = 0;
    for (size_t c = 0; c < ncurves; c++) {
        if (len[c] && !rec[c])
            return FANOS_ENULL;
        for (size_t i = 1; i < len[c]; i++)
            if (rec[c][i].step <= rec[c][i - 1].step)
                return FANOS_ERANGE;
    }
    size_t *pos = calloc(ncurves ? ncurves : 1, sizeof *pos);
    double *loss = malloc((ncurves ? ncurves : 1) * sizeof *loss);
    double *acc = malloc((ncurves ? ncurves : 1) * sizeof *acc);
    int rc = pos && loss && acc ? FANOS_OK : FANOS_ENOMEM;
    size_t nb = 0;
    /* [MB15] The band of the curves of a group: at each step of the union of their steps, in
     * order, the number of curves with a finite held-out loss at that step and the median (ST11),
     * minimum and maximum of their held-out losses and of their accuracies. */
    while (rc == FANOS_OK) {
        size_t step = (size_t)-1;
        int any = 0;
        for (size_t c = 0; c < ncurves; c++)
            if (pos[c] < len[c] && (!any || rec[c][pos[c]].step < step)) {
                step = rec[c][pos[c]].step;
                any = 1;
            }
        if (!any)
            break;
        if (nb == cap) {
            rc = FANOS_EDIM;
            break;
        }
        fanos_curve_band *b = &band[nb++];
        size_t k = 0;
        for (size_t c = 0; c < ncurves; c++)
            if (pos[c] < len[c] && rec[c][pos[c]].step == step) {
                const fanos_eval_record *r = &rec[c][pos[c]++];
                if (!r->diverged && isfinite(r->m.loss)) {
                    loss[k] = r->m.loss;
                    acc[k++] = r->m.accuracy;
                }
            }
        b->step = step;
        b->n = k;
        b->loss_median = b->loss_min = b->loss_max = NAN;
        b->accuracy_median = b->accuracy_min = b->accuracy_max = NAN;
        if (k) {
            band_values(loss, k, &b->loss_median, &b->loss_min, &b->loss_max);
            band_values(acc, k, &b->accuracy_median, &b->accuracy_min,
                        &b->accuracy_max);
        }
    }
    free(pos);
    free(loss);
    free(acc);
    if (rc == FANOS_OK)
        *nband = nb;
    return rc;
}

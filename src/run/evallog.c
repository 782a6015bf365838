/* evallog.c - the held-out metrics of a problem trained on a data set,
 * recorded every K steps of a run through the runner's on_step callback
 * (doc/spec.md [MB6]). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
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
     * the loss of its batch; a non-finite iterate or held-out loss is recorded as diverged, never as
     * a number. */
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

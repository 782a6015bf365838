/* rows.c - the text of a run's raw row, as fanos sweep writes it and
 * fanos merge, stats and --resume read it back (doc/spec.md ST5, ST16,
 * ST17). */
#include <config.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/internal.h"

static const char *const run_columns[FANOS_ROW_FIELDS_MAX] = {
    "experiment", "problem", "param", "draws", "method", "lr", "seed",
    "final_loss", "diverged", "diverged_step", "evals", "steps", "seconds"};
static const char *const warmstart_columns[FANOS_ROW_FIELDS_MAX] = {
    "experiment", "problem", "draws", "method", "lr", "seed", "warmup_loss",
    "entry_loss", "polish_loss", "polish_iterations", "evals", "seconds",
    "diverged"};

const char *const *fanos_row_columns(fanos_protocol protocol, size_t *nkey)
{
    if (protocol != FANOS_PROTOCOL_RUN && protocol != FANOS_PROTOCOL_WARMSTART)
        return NULL;
    if (nkey)
        *nkey = protocol == FANOS_PROTOCOL_RUN ? 7 : 6;
    return protocol == FANOS_PROTOCOL_RUN ? run_columns : warmstart_columns;
}

/* Field i: a real (empty for NaN when empty_nan), a count, seconds. */
static void real(fanos_row_text *t, size_t i, double v, int empty_nan)
{
    t->num[i][0] = '\0';
    if (!(empty_nan && isnan(v)))
        fanos_real_str(t->num[i], sizeof t->num[i], v);
    t->field[i] = t->num[i];
}

static void count(fanos_row_text *t, size_t i, unsigned long long v)
{
    snprintf(t->num[i], sizeof t->num[i], "%llu", v);
    t->field[i] = t->num[i];
}

static void seconds(fanos_row_text *t, size_t i, double v)
{
    snprintf(t->num[i], sizeof t->num[i], "%.6f", v);
    t->field[i] = t->num[i];
}

/* The phase, trial and settings of a tuned run (TU5) as fields i, i + 1
 * and i + 2, also key fields. */
static int tuned_fields(const fanos_experiment *e,
                        const fanos_experiment_run *run, fanos_row_text *t,
                        size_t i)
{
    const fanos_experiment_method *m = &e->methods[run->method];
    double v[FANOS_KNOBS_MAX], lr;
    char *s = t->settings;
    s[0] = '\0';
    int rc = fanos_experiment_trial(e, run->method, run->trial, v, &lr);
    if (rc != FANOS_OK)
        return rc;
    for (size_t q = 0; q < m->nknobs; q++) {
        char num[32];
        size_t used = strlen(s);
        fanos_real_str(num, sizeof num, v[q]);
        if ((size_t)snprintf(s + used, sizeof t->settings - used, "%s%s=%s",
                             q ? " " : "", m->knobs[q].name, num) >=
            sizeof t->settings - used)
            return FANOS_EDIM;
    }
    t->field[i] = fanos_phase_name(run->phase);
    count(t, i + 1, run->trial);
    t->field[i + 2] = s;
    for (size_t c = 0; c < 3; c++)
        t->keys[t->nkeys++] = i + c;
    return FANOS_OK;
}

int fanos_experiment_row_text(const fanos_experiment *e,
                              const fanos_experiment_run *run,
                              const fanos_experiment_result *res,
                              fanos_row_text *t)
{
    if (!e || !run || !t || !e->name || !e->problems || !e->methods)
        return FANOS_ENULL;
    if (run->problem >= e->nproblems || run->method >= e->nmethods ||
        (e->naxis && run->param >= e->naxis))
        return FANOS_EDIM;
    const int ws = fanos_experiment_protocol(e) == FANOS_PROTOCOL_WARMSTART;
    fanos_row_key k;
    fanos_experiment_row_key(e, run, &k);
    size_t i = 0;
    t->field[i++] = k.experiment;
    t->field[i++] = k.problem;
    if (!ws)
        real(t, i++, k.param, 1);
    t->field[i++] = fanos_draws_name(k.draws);
    t->field[i++] = k.method;
    real(t, i++, k.lr, 1);
    count(t, i++, k.seed);
    t->nkey = t->nkeys = i;
    for (size_t c = 0; c < i; c++)
        t->keys[c] = c;
    if (res && !ws) {
        const fanos_run_result *r = &res->run;
        /* [ST5] A run whose loss or iterate became non-finite is a row with diverged $= 1$,
         * final_loss `nan` and diverged_step the evaluation at which it did (0 for a run that did
         * not diverge); the sweep goes on. */
        real(t, i++, r->diverged ? NAN : r->final_loss, 0);
        t->field[i++] = r->diverged ? "1" : "0";
        count(t, i++, r->diverged ? r->diverged_step : 0);
        count(t, i++, r->evals);
        count(t, i++, r->steps);
        seconds(t, i++, r->seconds);
    } else if (res) {
        const fanos_warmstart_result *r = &res->ws;
        /* [ST17] A PINN run whose loss became non-finite in its warm-up or its polish is a row
         * with diverged $= 1$ and its losses as computed; a stage not run writes `nan` (entry_loss
         * and polish_loss after a diverged warm-up, with polish_iterations 0); the sweep goes on. */
        real(t, i++, r->warmup_loss, 0);
        real(t, i++, r->entry_loss, 0);
        real(t, i++, r->polish_loss, 0);
        count(t, i++, r->polish_iterations);
        count(t, i++, r->evals);
        seconds(t, i++, r->seconds);
        t->field[i++] = r->diverged ? "1" : "0";
    } else if (run->phase != FANOS_PHASE_NONE) {
        for (; i < 13; i++)     /* the values of a run not yet made */
            t->field[i] = "";
    }
    if (run->phase != FANOS_PHASE_NONE && !ws) {
        int rc = tuned_fields(e, run, t, i);
        if (rc != FANOS_OK)
            return rc;
        i += 3;
    }
    t->nfields = i;
    return FANOS_OK;
}

/* ---- reading rows back: the value columns (ST5, ST17) ------------------ */

static int is_count(const char *f)
{
    char *end;
    if (!*f || *f == '-' || *f == '+' || strchr(" \t\n", *f))
        return 0;
    errno = 0;
    (void)strtoull(f, &end, 10);
    return end != f && !*end && errno != ERANGE;
}

static int is_finite(const char *f)
{
    double v;
    return fanos_strtod_strict(f, &v) == FANOS_OK;
}

/* The words fanos_real_str writes for non-finite values. */
static int is_nonfinite(const char *f)
{
    return !strcmp(f, "nan") || !strcmp(f, "inf") || !strcmp(f, "-inf");
}

static int fault(fanos_row_fault *f, size_t column, int diverged,
                 const char *accepted)
{
    f->column = column;
    f->diverged = diverged;
    snprintf(f->accepted, sizeof f->accepted, "%s", accepted);
    return FANOS_EPARSE;
}

/* The problem column names a problem type of the protocol. */
static int check_problem(const char *p, fanos_protocol protocol,
                         fanos_row_fault *f)
{
    const fanos_problem_type *t = fanos_problem_type_lookup(p);
    if (t && t->protocol == protocol)
        return FANOS_OK;
    fault(f, 1, -1, "");
    for (const fanos_problem_type *const *u = fanos_problem_types(); *u; u++)
        if ((*u)->protocol == protocol)
            snprintf(f->accepted + strlen(f->accepted),
                     sizeof f->accepted - strlen(f->accepted), "%s%s",
                     f->accepted[0] ? ", " : "", (*u)->name);
    return FANOS_EPARSE;
}

int fanos_row_check(fanos_protocol protocol, const char *const *field,
                    fanos_row_fault *f)
{
    static const size_t run_counts[] = {9, 10, 11}, ws_counts[] = {9, 10};
    const int ws = protocol == FANOS_PROTOCOL_WARMSTART;
    if (!field || !f)
        return FANOS_ENULL;
    if (!fanos_row_columns(protocol, NULL))
        return FANOS_EUNKNOWN;
    for (size_t i = 0; i < 13; i++)     /* the columns of both protocols */
        if (!field[i])
            return FANOS_ENULL;
    const size_t dcol = ws ? 12 : 8, scol = ws ? 11 : 12;
    if (check_problem(field[1], protocol, f) != FANOS_OK)
        return FANOS_EPARSE;
    if (strcmp(field[dcol], "0") && strcmp(field[dcol], "1"))
        return fault(f, dcol, -1, "0, 1");
    const int div = field[dcol][0] == '1';
    for (size_t i = 0; i < (ws ? 2u : 3u); i++)
        if (!is_count(field[(ws ? ws_counts : run_counts)[i]]))
            return fault(f, (ws ? ws_counts : run_counts)[i], -1,
                         "an integer in [0, 18446744073709551615]");
    double v;
    if (fanos_strtod_strict(field[scol], &v) != FANOS_OK || v < 0)
        return fault(f, scol, -1, "a finite number >= 0");
    if (!ws) {
        if (!div && !is_finite(field[7]))
            return fault(f, 7, 0, "a finite number");
        if (div && strcmp(field[7], "nan"))
            return fault(f, 7, 1, "nan");
        if (!div && strcmp(field[9], "0"))
            return fault(f, 9, 0, "0");
        return FANOS_OK;
    }
    for (size_t c = 6; c <= 8; c++)     /* warmup, entry, polish losses */
        if (!is_finite(field[c]) && !(div && is_nonfinite(field[c])) &&
            (c == 6 || strcmp(field[c], "nan")))
            return fault(f, c, div, div ? "a number, nan, inf or -inf"
                                    : c == 6 ? "a finite number"
                                             : "a finite number, or nan (no polish)");
    return FANOS_OK;
}

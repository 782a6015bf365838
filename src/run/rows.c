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

static const char *const heldout_columns[FANOS_ROW_HELDOUT_FIELDS] = {
    "heldout_loss", "heldout_accuracy", "heldout_bits", "target_step", "curve"};

const char *const *fanos_row_heldout_columns(void)
{
    return heldout_columns;
}

/* The curve of an eval log as text (MB11): FANOS_EDIM when it does not
 * fit. */
static int curve_text(const fanos_eval_log *log, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    /* [MB11] The curve column holds the records of the eval log in step order, each as
     * `STEP:LOSS:ACCURACY` (the held-out loss and accuracy by fanos_real_str, `nan:nan` for a
     * diverged record), separated by one blank; it holds at most 256 records. */
    if (log->nrecords > FANOS_CURVE_POINTS_MAX)
        return FANOS_EDIM;
    for (size_t i = 0; i < log->nrecords; i++) {
        const fanos_eval_record *r = &log->records[i];
        char lo[32], ac[32];
        fanos_real_str(lo, sizeof lo, r->diverged ? NAN : r->m.loss);
        fanos_real_str(ac, sizeof ac, r->diverged ? NAN : r->m.accuracy);
        const int w = snprintf(buf + used, len - used, "%s%zu:%s:%s",
                               i ? " " : "", r->step, lo, ac);
        if (w < 0 || (size_t)w >= len - used)
            return FANOS_EDIM;
        used += (size_t)w;
    }
    return FANOS_OK;
}

/* The held-out fields of a finished run of a problem trained on a data
 * set, from field i on (MB8 to MB11). */
static int heldout_fields(const fanos_experiment *e,
                          const fanos_experiment_result *res,
                          fanos_row_text *t, size_t i)
{
    t->heldout = i;
    for (size_t c = 0; c < FANOS_ROW_HELDOUT_FIELDS; c++)
        t->field[i + c] = "";
    t->curve[0] = '\0';
    const fanos_eval_log *log = &res->eval;
    if (!log->nrecords || !log->records)
        return FANOS_EDIM;
    const fanos_eval_record *last = &log->records[log->nrecords - 1];
    const int div = res->run.diverged || last->diverged;
    /* [MB8] A row of a problem trained on a data set has, after the columns of ST5 (and of TU5),
     * the columns heldout_loss, heldout_accuracy and heldout_bits, the held-out metrics of [MB4]
     * at the last iterate, then target_step and curve; a diverged row writes `nan` for the three
     * metrics. */
    real(t, i, div ? NAN : last->m.loss, 0);
    real(t, i + 1, div ? NAN : last->m.accuracy, 0);
    real(t, i + 2, div ? NAN : last->m.bits, 0);
    size_t step;
    if (fanos_eval_log_target(log->records, log->nrecords, e->target_loss,
                              &step))
        count(t, i + 3, step);
    int rc = curve_text(log, t->curve, sizeof t->curve);
    t->field[i + 4] = t->curve;
    return rc;
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
        /* [ST17] A PINN run whose loss became non-finite in its warm-up or its polish is a row with
         * diverged $= 1$ and its losses as computed; a stage not run writes `nan` (entry_loss and
         * polish_loss after a diverged warm-up, with polish_iterations 0); the sweep goes on. */
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
    /* [TU11] The rows of a tuned PINN experiment have the columns of ST16, then phase, trial and
     * settings as in TU5. */
    if (run->phase != FANOS_PHASE_NONE) {
        int rc = tuned_fields(e, run, t, i);
        if (rc != FANOS_OK)
            return rc;
        i += 3;
    }
    t->heldout = 0;
    if (res && !ws && e->problems[run->problem]->eval) {
        int rc = heldout_fields(e, res, t, i);
        if (rc != FANOS_OK)
            return rc;
        i += FANOS_ROW_HELDOUT_FIELDS;
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

/* ---- the held-out columns read back (MB12) ------------------------------ */

/* A real of the strict syntax, or nan when nan_ok; its value in *v. */
static int real_field(const char *f, int nan_ok, double *v)
{
    if (nan_ok && !strcmp(f, "nan")) {
        *v = NAN;
        return 1;
    }
    return fanos_strtod_strict(f, v) == FANOS_OK;
}

/* One point STEP:LOSS:ACCURACY of a curve at s (ending at a blank or the
 * end), into *r; the end of the point in *end.  0: not a point. */
static int curve_point(const char *s, fanos_eval_record *r, const char **end)
{
    char buf[96];
    const size_t len = strcspn(s, " ");
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    *end = s + len;
    char *c1 = strchr(buf, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2 || strchr(c2 + 1, ':'))
        return 0;
    *c1 = *c2 = '\0';
    unsigned long long step;
    char *e;
    if (!is_count(buf))
        return 0;
    errno = 0;
    step = strtoull(buf, &e, 10);
    if (step > (unsigned long long)(size_t)-1)
        return 0;
    memset(r, 0, sizeof *r);
    r->step = (size_t)step;
    r->batch_loss = NAN;
    if (!real_field(c1 + 1, 1, &r->m.loss) || !real_field(c2 + 1, 1, &r->m.accuracy))
        return 0;
    /* a diverged point has nan for both; a finite one a loss >= 0 and an
     * accuracy in [0, 1] */
    if (isnan(r->m.loss) != isnan(r->m.accuracy))
        return 0;
    if (!isnan(r->m.loss) && (r->m.loss < 0 || r->m.accuracy < 0 || r->m.accuracy > 1))
        return 0;
    r->diverged = isnan(r->m.loss);
    r->m.bits = r->m.loss / M_LN2;
    return 1;
}

int fanos_curve_parse(const char *text, fanos_eval_record *rec, size_t cap,
                      size_t *n)
{
    if (!text || !n || (!rec && cap))
        return FANOS_ENULL;
    *n = 0;
    size_t k = 0;
    for (const char *s = text; *s;) {
        fanos_eval_record r;
        const char *end;
        if (!curve_point(s, &r, &end) || (k && r.step <= rec[k - 1].step))
            return FANOS_EPARSE;
        if (k >= cap)
            return FANOS_EDIM;
        rec[k++] = r;
        s = end;
        if (*s == ' ' && !*++s)
            return FANOS_EPARSE;    /* a blank at the end */
    }
    *n = k;
    return FANOS_OK;
}

int fanos_row_check_heldout(const char *const *field, size_t first,
                            fanos_row_fault *f)
{
    if (!field || !f)
        return FANOS_ENULL;
    if (first < 13 || first > FANOS_ROW_FIELDS_MAX - FANOS_ROW_HELDOUT_FIELDS)
        return FANOS_EDIM;
    for (size_t i = 0; i < first + FANOS_ROW_HELDOUT_FIELDS; i++)
        if (!field[i])
            return FANOS_ENULL;
    const char *const *h = field + first;
    const int div = !strcmp(field[8], "1");
    fanos_eval_record *rec = malloc(FANOS_CURVE_POINTS_MAX * sizeof *rec);
    size_t n = 0;
    if (!rec)
        return FANOS_ENOMEM;
    /* [MB12] Read back, a row's held-out columns are, with diverged 0, three finite metrics (the
     * loss and the bits $\ge 0$, the accuracy in $[0, 1]$) and a curve whose last loss is
     * heldout_loss, with diverged 1 three `nan`; target_step is empty or the step of a finite point
     * of the curve; the curve is `STEP:LOSS:ACCURACY` points separated by one blank, steps strictly
     * increasing, each loss $\ge 0$ and accuracy in $[0, 1]$, or both `nan`. */
    int rc = FANOS_OK;
    double v;
    if (fanos_curve_parse(h[4], rec, FANOS_CURVE_POINTS_MAX, &n) != FANOS_OK || !n)
        rc = fault(f, first + 4, -1, "points STEP:LOSS:ACCURACY separated by blanks, steps "
                   "increasing (at most 256)");
    for (size_t c = 0; rc == FANOS_OK && c < 3; c++) {
        const int okv = div ? !strcmp(h[c], "nan")
                            : fanos_strtod_strict(h[c], &v) == FANOS_OK &&
                                  v >= 0 && (c != 1 || v <= 1);
        if (!okv)
            rc = fault(f, first + c, div, div ? "nan" : c == 1 ? "a number in [0, 1]"
                                                              : "a finite number >= 0");
    }
    if (rc == FANOS_OK && !div && (fanos_strtod_strict(h[0], &v) != FANOS_OK ||
                                   v != rec[n - 1].m.loss))
        rc = fault(f, first, 0, "the loss of the curve's last point");
    if (rc == FANOS_OK && h[3][0]) {
        int found = 0;
        for (size_t i = 0; i < n && is_count(h[3]); i++)
            found |= strtoull(h[3], NULL, 10) == rec[i].step && !rec[i].diverged;
        if (!found)
            rc = fault(f, first + 3, -1, "empty (not reached), or the step of a finite point "
                       "of the curve");
    }
    free(rec);
    return rc;
}

/* cmd_stats.c - `fanos stats`: per-group statistics of raw CSVs and the
 * best learning rate of each method (doc/spec.md section 9). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "experiment.h"

void cmd_stats_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos stats RAW.csv... [-o SUMMARY.csv] [--resamples B] [--level L]\n"
"                   [--seed S] [--digits N] [--force] [--curves FILE]\n"
"\n"
"One row per (experiment, problem, param, draws, method, lr) of the raw\n"
"CSVs of fanos sweep:\n"
"  experiment,problem,param,draws,method,lr,count,n_ok,n_diverged,\n"
"  diverged_rate,mean,std,ci_lo,ci_hi,median,best,edge\n"
"Diverged runs are counted (n_diverged, diverged_rate) and excluded from\n"
"mean, std (ddof 0), median and the percentile-bootstrap CI of the mean;\n"
"a group whose runs all diverged has nan there.  best is 1 on the lr with\n"
"the lowest mean among the lrs of the method with no diverged run (ties to\n"
"the smaller lr), 0 elsewhere; no lr of a method has best 1 when each one\n"
"has a diverged run.  edge names, on a best row, the knobs whose best\n"
"value lies at the edge of the values tried (fewer than a tenth of the\n"
"distinct values tried beyond it, among at least 3; an untuned method's\n"
"knob is its lr): NAME:low or NAME:high, separated by blanks.\n"
"The raw CSV of a tuned experiment gives one row per trial (and per phase:\n"
"tuning, then evaluation), with the columns phase, trial and settings\n"
"after edge; best marks each method's best trial, and an evaluation row\n"
"repeats the edge of its trial's tuning row.\n"
"The rows of softmax, mlp and charlm (trained on a data set) add, after\n"
"those columns, the mean, std, CI and median of heldout_loss,\n"
"heldout_accuracy, heldout_bits and target_step (heldout_loss_mean, ...)\n"
"and target_reached, the runs that reached target_loss; their best lr or\n"
"trial is the one of the lowest mean heldout_loss.\n"
"\n"
"Options:\n"
"  -o, --output FILE  the summary CSV (written under a temporary name; -\n"
"                     is the standard output).  Without -o: an aligned\n"
"                     table (numbers to 4 digits) on a terminal, the CSV\n"
"                     when the standard output is a file or a pipe\n"
"  --force            replace FILE even when it is read-only\n"
"  --resamples B      bootstrap resamples, 1 <= B <= 100000000   [2000]\n"
"  --level L          confidence level, 0 < L < 1                [0.95]\n"
"  --seed S           seed of the bootstrap generator (mt19937 seeded\n"
"                     with S + 1), the same for every group,\n"
"                     0 <= S <= 4294967294                         [1]\n"
"  --curves FILE      of the rows of softmax, mlp or charlm: the learning\n"
"                     curves of each row of the summary, split out of their\n"
"                     curve column, as one line per step: the key columns,\n"
"                     step, n (runs with a finite held-out loss there), and\n"
"                     the median, min and max over them of the held-out loss\n"
"                     and accuracy\n"
"  --digits N         write the statistics with N significant digits,\n"
"                     1 <= N <= 17, for reading [every digit: the shortest\n"
"                     text that reads back as the same number]\n"
"\n" CLI_EXIT_HELP);
}

/* The rows of a sorted table as the library's keys, divergence flags and
 * values (the value columns of the schema; nan where a field is not a
 * finite number), then its groups (ST8). */
typedef struct {
    fanos_row_key *keys;
    int *div;
    double *vals;
    fanos_group *g;
    size_t ng;
} grouped;

static void grouped_free(grouped *gr)
{
    free(gr->keys);
    free(gr->div);
    free(gr->vals);
    free(gr->g);
}

static int group_rows(const raw_table *t, const int *cols, size_t ncols,
                      int dcol, const fanos_stats_options *so, grouped *gr)
{
    const size_t n = t->n ? t->n : 1;
    gr->keys = malloc(n * sizeof *gr->keys);
    gr->div = malloc(n * sizeof *gr->div);
    gr->vals = malloc(n * ncols * sizeof *gr->vals);
    gr->g = malloc(n * sizeof *gr->g);
    if (!gr->keys || !gr->div || !gr->vals || !gr->g) {
        cli_error("out of memory");
        return -1;
    }
    for (size_t i = 0; i < t->n; i++) {
        const raw_row *r = &t->rows[i];
        raw_row_key(r, &gr->keys[i]);
        /* diverged is 0 or 1: the reader (rawcsv.c, ST5) checked it */
        gr->div[i] = r->field[dcol][0] == '1';
        for (size_t c = 0; c < ncols; c++)
            if (cli_parse_real(r->field[cols[c]], &gr->vals[i * ncols + c]))
                gr->vals[i * ncols + c] = NAN;
    }
    size_t dup = 0;
    int rc = fanos_rows_group(gr->keys, gr->div, gr->vals, ncols, t->n, so,
                              gr->g, &gr->ng, &dup);
    if (rc == FANOS_ECONFLICT) {
        const raw_row *r = &t->rows[dup], *q = &t->rows[dup - 1];
        cli_error("%s:%zu: the run with seed %s is also at %s:%zu; "
                  "accepted: each run once", r->file, r->line,
                  r->field[r->schema->seed], q->file, q->line);
        return -1;
    }
    if (rc != FANOS_OK) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

/* --digits: significant digits of the statistics; 0: fmt_real's shortest
 * round-trip text, the form make paper reads. */
static int stat_digits;

static void fmt_stat(char *buf, size_t len, double v)
{
    if (stat_digits && isfinite(v))
        snprintf(buf, len, "%.*g", stat_digits, v);
    else
        fmt_real(buf, len, v);
}

/* count, n_ok, n_diverged, diverged_rate of a group, then per value
 * mean, std, ci_lo, ci_hi, median (nan where no run finished). */
static void write_counts(FILE *fp, const fanos_group *g)
{
    char num[32];
    fprintf(fp, ",%zu,%zu,%zu,", g->count, g->count - g->n_diverged,
            g->n_diverged);
    fmt_stat(num, sizeof num, (double)g->n_diverged / (double)g->count);
    fputs(num, fp);
}

static void write_moments(FILE *fp, const fanos_group *g, size_t v)
{
    /* [ST15] A group whose runs all diverged writes `nan` for mean, std, median and both CI
     * bounds. */
    const int ok = g->n[v] > 0;
    const fanos_stats_summary *s = &g->s[v];
    const double x[5] = {ok ? s->mean : NAN, ok ? s->std : NAN,
                         ok ? s->ci_lo : NAN, ok ? s->ci_hi : NAN,
                         ok ? s->median : NAN};
    char num[32];
    for (int q = 0; q < 5; q++) {
        fmt_stat(num, sizeof num, x[q]);
        fprintf(fp, ",%s", num);
    }
}

/* The key fields of a group's first row (experiment ... lr). */
static void write_key(FILE *fp, const raw_row *r)
{
    const raw_schema *sc = r->schema;
    char *f[6] = {r->field[RAW_EXPERIMENT], r->field[sc->problem],
                  sc->param >= 0 ? r->field[sc->param] : NULL,
                  r->field[sc->draws], r->field[sc->method], r->field[sc->lr]};
    char *k[6];
    size_t n = 0;
    for (int i = 0; i < 6; i++)
        if (i != 2 || sc->param >= 0)
            k[n++] = f[i] ? f[i] : "";
    /* one record without its newline: csv_write_fields ends the line */
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', fp);
        csv_write_field(fp, k[i]);
    }
}

/* The knob values of each group (TU10): the lr of an untuned row, the
 * name=value items of a tuned row's settings (names[] their union). */
#define KNOB_NAMES_MAX 64
static int group_knobs(const raw_table *t, const grouped *gr, double *knobs,
                       char **names, size_t *nk)
{
    *nk = 0;
    for (size_t i = 0; i < gr->ng; i++) {
        const raw_row *r = &t->rows[gr->g[i].first];
        char *items = r->schema->settings >= 0 ? strdup(r->field[r->schema->settings])
                                               : NULL;
        for (size_t k = 0; k < KNOB_NAMES_MAX; k++)
            knobs[i * KNOB_NAMES_MAX + k] = NAN;
        if (r->schema->settings < 0) {
            names[0] = "lr";
            *nk = 1;
            knobs[i * KNOB_NAMES_MAX] = r->lr;
            continue;
        }
        if (!items) {
            cli_error("out of memory");
            return -1;
        }
        for (char *save, *it = strtok_r(items, " ", &save); it;
             it = strtok_r(NULL, " ", &save)) {
            char *eq = strchr(it, '=');
            double v;
            size_t k = 0;
            if (!eq || cli_parse_real(eq + 1, &v)) {
                cli_error("%s:%zu: settings '%s': accepted: NAME=NUMBER items "
                          "separated by blanks", r->file, r->line,
                          r->field[r->schema->settings]);
                free(items);
                return -1;
            }
            *eq = '\0';
            while (k < *nk && strcmp(names[k], it))
                k++;
            if (k == *nk && *nk < KNOB_NAMES_MAX && !(names[(*nk)++] = strdup(it))) {
                cli_error("out of memory");
                free(items);
                return -1;
            }
            if (k < KNOB_NAMES_MAX)
                knobs[i * KNOB_NAMES_MAX + k] = v;
        }
        free(items);
    }
    return 0;
}

/* The edge text of each best group: "NAME:low NAME:high" (TU10). */
static int group_edges(const raw_table *t, const grouped *gr, char (*text)[256])
{
    double *knobs = malloc((gr->ng ? gr->ng : 1) * KNOB_NAMES_MAX * sizeof *knobs);
    signed char *edge = malloc((gr->ng ? gr->ng : 1) * KNOB_NAMES_MAX);
    char *names[KNOB_NAMES_MAX] = {0};
    size_t nk = 0;
    int rc = knobs && edge ? group_knobs(t, gr, knobs, names, &nk) : -1;
    if (!knobs || !edge)
        cli_error("out of memory");
    /* knobs are laid out KNOB_NAMES_MAX a group: nk of them used */
    if (!rc && nk < KNOB_NAMES_MAX)
        for (size_t i = 0; i < gr->ng; i++)
            memmove(knobs + i * nk, knobs + i * KNOB_NAMES_MAX, nk * sizeof *knobs);
    if (!rc && fanos_groups_mark_edges(gr->keys, gr->g, gr->ng, knobs, nk, edge)) {
        cli_error("out of memory");
        rc = -1;
    }
    for (size_t i = 0; !rc && i < gr->ng; i++) {
        text[i][0] = '\0';
        for (size_t k = 0; k < nk; k++)
            if (edge[i * nk + k])
                snprintf(text[i] + strlen(text[i]), 256 - strlen(text[i]), "%s%s:%s",
                         text[i][0] ? " " : "", names[k],
                         edge[i * nk + k] < 0 ? "low" : "high");
    }
    for (size_t k = 0; nk && t->n && t->rows[0].schema->settings >= 0 && k < nk; k++)
        free(names[k]);
    free(knobs);
    free(edge);
    return rc;
}

/* An evaluation group repeats the edge of its trial's tuning group. */
static void copy_edges(const grouped *gr, char (*text)[256])
{
    for (size_t i = 0; i < gr->ng; i++) {
        const fanos_row_key *e = &gr->keys[gr->g[i].first];
        for (size_t j = 0; e->phase == FANOS_PHASE_EVALUATION && j < gr->ng; j++) {
            fanos_row_key k = gr->keys[gr->g[j].first];
            if (k.phase != FANOS_PHASE_TUNING || k.trial != e->trial)
                continue;
            k.phase = e->phase;
            k.draws = e->draws;
            if (!fanos_row_key_cmp(&k, e, 0))
                memcpy(text[i], text[j], sizeof text[i]);
        }
    }
}

/* The held-out columns summarised (MB14), from the schema's first. */
static const char *const heldout_metrics[] = {"heldout_loss", "heldout_accuracy",
                                              "heldout_bits", "target_step"};

/* The band of the curves of each group (MB15) as CSV lines: the key of
 * the group, then step,n and the median, min and max of the held-out loss
 * and accuracy. */
static int write_curves(const raw_table *t, const grouped *gr, FILE *fp)
{
    const raw_schema *sc = t->schema;
    const int tuned = sc->phase >= 0;
    size_t most = 0;
    for (size_t i = 0; i < gr->ng; i++)
        most = gr->g[i].count > most ? gr->g[i].count : most;
    fanos_eval_record *rec = malloc((most ? most : 1) * FANOS_CURVE_POINTS_MAX * sizeof *rec);
    const fanos_eval_record **rp = malloc((most ? most : 1) * sizeof *rp);
    size_t *len = malloc((most ? most : 1) * sizeof *len);
    const size_t cap = (most ? most : 1) * FANOS_CURVE_POINTS_MAX;
    fanos_curve_band *band = malloc(cap * sizeof *band);
    int rc = rec && rp && len && band ? 0 : -1;
    if (rc)
        cli_error("out of memory");
    fprintf(fp, "experiment,problem,param,draws,method,lr,%sstep,n,loss_median,"
            "loss_min,loss_max,accuracy_median,accuracy_min,accuracy_max\n",
            tuned ? "phase,trial," : "");
    for (size_t i = 0; !rc && i < gr->ng; i++) {
        const fanos_group *g = &gr->g[i];
        for (size_t k = 0; !rc && k < g->count; k++) {
            const raw_row *r = &t->rows[g->first + k];
            rp[k] = rec + k * FANOS_CURVE_POINTS_MAX;
            /* the reader checked the curve (fanos_row_check_heldout) */
            if (fanos_curve_parse(r->field[sc->heldout + 4], rec + k * FANOS_CURVE_POINTS_MAX,
                                  FANOS_CURVE_POINTS_MAX, &len[k]) != FANOS_OK)
                len[k] = 0;
        }
        size_t nb = 0;
        if (fanos_curves_band(rp, len, g->count, band, cap, &nb) != FANOS_OK) {
            cli_error("out of memory");
            rc = -1;
        }
        for (size_t b = 0; !rc && b < nb; b++) {
            const raw_row *r = &t->rows[g->first];
            const double v[6] = {band[b].loss_median, band[b].loss_min, band[b].loss_max,
                                 band[b].accuracy_median, band[b].accuracy_min,
                                 band[b].accuracy_max};
            char num[32];
            write_key(fp, r);
            if (tuned)
                fprintf(fp, ",%s,%s", r->field[sc->phase], r->field[sc->trial]);
            fprintf(fp, ",%zu,%zu", band[b].step, band[b].n);
            for (int q = 0; q < 6; q++) {
                fmt_stat(num, sizeof num, v[q]);
                fprintf(fp, ",%s", num);
            }
            fputc('\n', fp);
        }
    }
    free(rec);
    free(rp);
    free(len);
    free(band);
    return rc;
}

/* best (ST14, TU7) and edge (TU10) of every group, an evaluation group
 * repeating the edge of its trial's tuning group; *edge is a new array
 * (free it also on failure). */
static int mark_groups(const raw_table *t, grouped *gr, char (**edge)[256])
{
    if (fanos_groups_mark_best(gr->keys, gr->g, gr->ng) != FANOS_OK ||
        !(*edge = calloc(gr->ng ? gr->ng : 1, sizeof **edge))) {
        cli_error("out of memory");
        return -1;
    }
    if (group_edges(t, gr, *edge))
        return -1;
    if (t->schema->phase >= 0)
        copy_edges(gr, *edge);
    return 0;
}

/* ",best,edge" of a group, then a tuned row's ",phase,trial,settings". */
static void write_marks(FILE *fp, const raw_row *r, const fanos_group *g,
                        const char *edge)
{
    const raw_schema *sc = r->schema;
    fprintf(fp, ",%d,", g->best);
    csv_write_field(fp, edge);
    for (int c = sc->phase; sc->phase >= 0 && c <= sc->settings; c++) {
        fputc(',', fp);
        csv_write_field(fp, r->field[c]);
    }
}

static int sweep_summary(const raw_table *t, const fanos_stats_options *so,
                         FILE *fp, FILE *curves)
{
    const int h = t->schema->heldout;
    /* a data set's rows: the best on heldout_loss (MB13), final_loss in
     * the first moments, then the held-out metrics (MB14) */
    const int cols[5] = {t->schema->choice, RAW_FINAL_LOSS, h + 1, h + 2, h + 3};
    const size_t ncols = h >= 0 ? 5 : 1, first = h >= 0 ? 1 : 0;
    const int tuned = t->schema->phase >= 0;
    grouped gr = {0};
    char (*edge)[256] = NULL;
    int rc = group_rows(t, cols, ncols, t->schema->diverged, so, &gr);
    if (!rc)
        rc = mark_groups(t, &gr, &edge);
    if (!rc) {
        fprintf(fp, "experiment,problem,param,draws,method,lr,count,n_ok,n_diverged,"
                "diverged_rate,mean,std,ci_lo,ci_hi,median,best,edge%s",
                tuned ? ",phase,trial,settings" : "");
        for (size_t m = 0; h >= 0 && m < 4; m++)
            fprintf(fp, ",%s_mean,%s_std,%s_ci_lo,%s_ci_hi,%s_median",
                    heldout_metrics[m], heldout_metrics[m], heldout_metrics[m],
                    heldout_metrics[m], heldout_metrics[m]);
        fputs(h >= 0 ? ",target_reached\n" : "\n", fp);
        for (size_t i = 0; i < gr.ng; i++) {
            const raw_row *r = &t->rows[gr.g[i].first];
            write_key(fp, r);
            write_counts(fp, &gr.g[i]);
            write_moments(fp, &gr.g[i], first);
            write_marks(fp, r, &gr.g[i], edge[i]);
            /* [MB14] On the rows of a problem trained on a data set, `fanos stats` also writes the
             * mean, std, bootstrap CI and median of heldout_loss, heldout_accuracy, heldout_bits
             * and target_step over the runs that did not diverge and have a value (ST8 to ST13),
             * and target_reached, the number of those runs with a target_step. */
            for (size_t m = 0; h >= 0 && m < 4; m++)
                write_moments(fp, &gr.g[i], m ? m + 1 : 0);
            if (h >= 0)
                fprintf(fp, ",%zu\n", gr.g[i].n[4]);
            else
                fputc('\n', fp);
        }
    }
    if (!rc && curves && h < 0) {
        cli_error("--curves: the raw CSV has no curve column; accepted: the raw "
                  "CSV of a sweep of softmax, mlp or charlm");
        rc = -1;
    } else if (!rc && curves) {
        rc = write_curves(t, &gr, curves);
    }
    free(edge);
    grouped_free(&gr);
    return rc;
}

static const char *curves_out;      /* --curves FILE, or NULL */

static int parse_stats_args(int argc, char **argv, const char **out,
                            const char **in, size_t *nin,
                            fanos_stats_options *so)
{
    int bad = 0;
    unsigned long long u;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cmd_stats_usage(stdout);
            return 1;
        } else if ((v = cli_opt(argc, argv, &i, "-o", &bad)) ||
                   (v = cli_opt(argc, argv, &i, "--output", &bad))) {
            *out = v;
        } else if ((v = cli_opt(argc, argv, &i, "--resamples", &bad))) {
            if (cli_parse_size(v, 1, 100000000ULL, &u)) {
                cli_error("--resamples %s: accepted: an integer in [1, 100000000]", v);
                bad = EXIT_BADINPUT;
            } else {
                so->resamples = (size_t)u;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--level", &bad))) {
            if (cli_parse_real(v, &so->level) || !(so->level > 0 && so->level < 1)) {
                cli_error("--level %s: accepted: a number in (0, 1)", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--seed", &bad))) {
            if (cli_parse_size(v, 0, 4294967294ULL, &u)) {
                cli_error("--seed %s: accepted: an integer in [0, 4294967294]", v);
                bad = EXIT_BADINPUT;
            } else {
                so->seed = (unsigned long)u;
            }
        } else if (!strcmp(argv[i], "--force")) {
            cli_force = 1;
        } else if ((v = cli_opt(argc, argv, &i, "--curves", &bad))) {
            curves_out = v;
        } else if ((v = cli_opt(argc, argv, &i, "--digits", &bad))) {
            if (cli_parse_size(v, 1, 17, &u)) {
                cli_error("--digits %s: accepted: an integer in [1, 17]", v);
                bad = EXIT_BADINPUT;
            } else {
                stat_digits = (int)u;
            }
        } else if (!bad && argv[i][0] == '-' && argv[i][1]) {
            bad = cli_bad_arg("stats", argv[i]);
        } else if (!bad) {
            in[(*nin)++] = argv[i];
        }
    }
    if (!bad && !*nin) {
        cli_error("stats: usage: fanos stats RAW.csv... [-o SUMMARY.csv]");
        bad = EXIT_USAGE;
    }
    return -bad;
}

/* The loss columns of a PINN raw CSV that `fanos stats` summarises. */
static const char *const pinn_metrics[] = {"warmup_loss", "entry_loss",
                                           "polish_loss", "seconds"};
#define NPINN_METRICS (sizeof pinn_metrics / sizeof pinn_metrics[0])

static int schema_column(const raw_schema *sc, const char *name)
{
    for (size_t i = 0; i < sc->ncols; i++)
        if (!strcmp(sc->columns[i], name))
            return (int)i;
    return -1;
}

/* [ST18] On a raw CSV of a PINN sweep, `fanos stats` writes per (experiment, problem, draws,
 * method, lr) the count, runs that finished and diverged, the divergence rate, and for each of
 * warmup_loss, entry_loss, polish_loss and seconds the mean, std (ddof 0), bootstrap CI and median
 * over the runs that did not diverge and have a finite value. */
/* [TU14] On a raw CSV of a tuned PINN experiment, `fanos stats` writes per (experiment, phase,
 * problem, draws, method, trial) the columns of ST18, then best (TU7 on polish_loss, TU12), edge
 * (TU10), phase, trial and settings. */
static int pinn_summary(const raw_table *t, const fanos_stats_options *so,
                        FILE *fp)
{
    const raw_schema *sc = t->schema;
    const int tuned = sc == &raw_tuned_pinn;
    /* the metrics in their order, or, tuned, the loss of the choice
     * (TU12, one of them) first, since the best is chosen on value 0;
     * metric m is value at[m] */
    int cols[FANOS_GROUP_VALUES_MAX] = {sc->choice};
    size_t at[NPINN_METRICS], nc = tuned;
    for (size_t m = 0; m < NPINN_METRICS; m++) {
        const int c = schema_column(sc, pinn_metrics[m]);
        at[m] = tuned && c == sc->choice ? 0 : nc;
        if (!tuned || c != sc->choice)
            cols[nc++] = c;
    }
    grouped gr = {0};
    char (*edge)[256] = NULL;
    int rc = group_rows(t, cols, nc, sc->diverged, so, &gr);
    if (!rc && tuned)
        rc = mark_groups(t, &gr, &edge);
    if (!rc) {
        fputs("experiment,problem,draws,method,lr,count,n_ok,n_diverged,"
              "diverged_rate", fp);
        for (size_t m = 0; m < NPINN_METRICS; m++)
            fprintf(fp, ",%s_mean,%s_std,%s_ci_lo,%s_ci_hi,%s_median",
                    pinn_metrics[m], pinn_metrics[m], pinn_metrics[m],
                    pinn_metrics[m], pinn_metrics[m]);
        fputs(tuned ? ",best,edge,phase,trial,settings\n" : "\n", fp);
        for (size_t i = 0; i < gr.ng; i++) {
            const raw_row *r = &t->rows[gr.g[i].first];
            write_key(fp, r);
            write_counts(fp, &gr.g[i]);
            for (size_t m = 0; m < NPINN_METRICS; m++)
                write_moments(fp, &gr.g[i], at[m]);
            if (tuned)
                write_marks(fp, r, &gr.g[i], edge[i]);
            fputc('\n', fp);
        }
    }
    free(edge);
    grouped_free(&gr);
    return rc;
}

/* ---- the summary as a table, on a terminal ------------------------- */

/* Field [f, f + n) of the summary for the table: a real to 4 digits. */
static const char *cell(const char *f, size_t n, char *buf, size_t len)
{
    double x;
    snprintf(buf, len, "%.*s", (int)n, f);
    if (strpbrk(buf, ".eE") && !cli_parse_real(buf, &x))
        snprintf(buf, len, "%.4g", x);
    return buf;
}

/* The summary CSV as columns, text to the left and numbers to the right.
 * No field of it is quoted: names hold letters, digits and _.+-()/ only. */
static void print_table(const char *text)
{
    enum { MAXC = 64 };
    size_t width[MAXC] = {0};
    int left[MAXC] = {0};
    char buf[64];
    double x;
    for (int pass = 0; pass < 2; pass++) {
        size_t col = 0, row = 0;
        for (const char *p = text; *p; p += strcspn(p, ",\n") + 1) {
            const size_t n = strcspn(p, ",\n");
            const size_t w = strlen(cell(p, n, buf, sizeof buf));
            const int k = col < MAXC ? (int)col : MAXC - 1;
            if (!pass && w > width[k])
                width[k] = w;
            if (!pass && row && w && cli_parse_real(buf, &x) &&
                strcmp(buf, "nan") && strcmp(buf, "inf") && strcmp(buf, "-inf"))
                left[k] = 1;
            if (pass)
                printf("%*s%s", left[k] ? -(int)width[k] : (int)width[k], buf,
                       p[n] == ',' ? "  " : "\n");
            col = p[n] == ',' ? col + 1 : (row++, 0);
            if (!p[n])
                break;
        }
    }
}

int cmd_stats(int argc, char **argv)
{
    const char *out = NULL;
    const char **in = calloc((size_t)argc, sizeof *in);
    size_t nin = 0;
    fanos_stats_options so;
    fanos_stats_options_init(&so);
    if (!in) {
        cli_error("out of memory");
        return EXIT_BADINPUT;
    }
    int rc = parse_stats_args(argc, argv, &out, in, &nin, &so);
    if (rc) {
        free(in);
        return rc > 0 ? 0 : -rc;
    }
    raw_table t = {0};
    int status = 0;
    for (size_t i = 0; i < nin && !status; i++)
        if (raw_table_read(&t, in[i]))
            status = EXIT_BADINPUT;
    cli_outfile o = {0};
    char *text = NULL;
    size_t len = 0;
    const int table = !out && isatty(STDOUT_FILENO);
    if (!status) {
        raw_table_sort(&t);
        if (table && !(o.fp = open_memstream(&text, &len))) {
            cli_error("out of memory");
            status = EXIT_BADINPUT;
        } else if (!table && cli_out_open(&o, out ? out : "-")) {
            status = EXIT_BADINPUT;
        }
    }
    cli_outfile co = {0};
    const int pinn = t.schema == &raw_pinn || t.schema == &raw_tuned_pinn;
    if (!status && curves_out && pinn) {
        cli_error("--curves: a PINN raw CSV has no curves; accepted: the raw CSV "
                  "of a sweep of softmax, mlp or charlm");
        status = EXIT_BADINPUT;
    } else if (!status && curves_out && cli_out_open(&co, curves_out)) {
        status = EXIT_BADINPUT;
    }
    if (status && (o.fp || text)) {     /* opened: nothing written yet */
        if (table)
            fclose(o.fp);
        else
            cli_out_abort(&o);
    }
    if (!status) {
        int rc2 = pinn ? pinn_summary(&t, &so, o.fp)
                                        : sweep_summary(&t, &so, o.fp, co.fp);
        if (co.fp && (rc2 || cli_out_commit(&co))) {
            if (rc2)
                cli_out_abort(&co);
            rc2 = -1;
        }
        if (table) {
            if (fclose(o.fp) != 0 || rc2)
                status = EXIT_BADINPUT;
            else
                print_table(text);
        } else if (rc2) {
            cli_out_abort(&o);
            status = EXIT_BADINPUT;
        } else if (cli_out_commit(&o)) {
            status = EXIT_BADINPUT;
        }
    }
    free(text);
    raw_table_free(&t);
    free(in);
    return status;
}

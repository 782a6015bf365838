/* cmd_stats.c - `fanos stats`: per-group statistics of raw CSVs and the
 * best learning rate of each method (doc/spec.md section 9). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "experiment.h"

void cmd_stats_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos stats RAW.csv... -o SUMMARY.csv [--resamples B] [--level L]\n"
"                   [--seed S]\n"
"\n"
"One row per (experiment, problem, param, draws, method, lr) of the raw\n"
"CSVs of fanos sweep:\n"
"  experiment,problem,param,draws,method,lr,count,n_ok,n_diverged,\n"
"  diverged_rate,mean,std,ci_lo,ci_hi,median,best\n"
"Diverged runs are counted (n_diverged, diverged_rate) and excluded from\n"
"mean, std (ddof 0), median and the percentile-bootstrap CI of the mean;\n"
"a group whose runs all diverged has nan there.  best is 1 on the lr with\n"
"the lowest mean among the lrs of the method with no diverged run (ties to\n"
"the smaller lr), 0 elsewhere; no lr of a method has best 1 when each one\n"
"has a diverged run.\n"
"\n"
"Options:\n"
"  -o, --output FILE  the summary CSV (written under a temporary name)\n"
"  --resamples B      bootstrap resamples, 1 <= B <= 100000000   [2000]\n"
"  --level L          confidence level, 0 < L < 1                [0.95]\n"
"  --seed S           seed of the bootstrap generator (mt19937 seeded\n"
"                     with S + 1), the same for every group,\n"
"                     0 <= S <= 4294967294                         [1]\n"
"\n" CLI_EXIT_HELP);
}

typedef struct {
    size_t first;           /* index of its first row */
    size_t count, n_ok, n_div;
    double lr;
    fanos_stats_summary s;
    int best;
} group;

/* The row's divergence and, when it did not diverge, its final loss: the
 * reader (rawcsv.c, ST5) has checked both. */
static void row_value(const raw_row *r, int *div, double *v)
{
    *div = r->field[RAW_DIVERGED][0] == '1';
    if (!*div)
        cli_parse_real(r->field[RAW_FINAL_LOSS], v);
}

static int same_method(const raw_row *a, const raw_row *b)
{
    raw_row x = *a;
    x.lr = b->lr;       /* compare everything but lr and seed */
    return raw_row_cmp(&x, b, 0) == 0;
}

static int summarize(const raw_table *t, const fanos_stats_options *so,
                     group *g, size_t *ng)
{
    double *vals = malloc((t->n ? t->n : 1) * sizeof *vals);
    if (!vals) {
        cli_error("out of memory");
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < t->n;) {
        group *gr = &g[k++];
        memset(gr, 0, sizeof *gr);
        gr->first = i;
        gr->lr = isnan(t->rows[i].lr) ? 0.0 : t->rows[i].lr;  /* L-BFGS */
        /* [ST8] A group is the set of rows sharing (experiment, problem, param, draws, method, lr):
         * count $= n_{ok} + n_{div}$ and divergence rate $= n_{div} / \mathrm{count}$; the moments
         * use the $n = n_{ok}$ runs that did not diverge. */
        for (; i < t->n && raw_row_cmp(&t->rows[gr->first], &t->rows[i], 0) == 0; i++) {
            int div;
            if (i > gr->first && raw_row_cmp(&t->rows[i - 1], &t->rows[i], 1) == 0) {
                cli_error("%s:%zu: the run with seed %s is also at %s:%zu; "
                          "accepted: each run once", t->rows[i].file,
                          t->rows[i].line, t->rows[i].field[RAW_SEED],
                          t->rows[i - 1].file, t->rows[i - 1].line);
                free(vals);
                return -1;
            }
            row_value(&t->rows[i], &div, &vals[gr->n_ok]);
            gr->count++;
            if (div)
                gr->n_div++;
            else
                gr->n_ok++;
        }
        if (gr->n_ok && fanos_stats_summarize(vals, gr->n_ok, so, &gr->s)) {
            cli_error("out of memory");
            free(vals);
            return -1;
        }
    }
    free(vals);
    *ng = k;
    return 0;
}

static int mark_best(const raw_table *t, group *g, size_t ng)
{
    double *lr = malloc((ng ? ng : 1) * sizeof *lr);
    double *mean = malloc((ng ? ng : 1) * sizeof *mean);
    size_t *ok = malloc((ng ? ng : 1) * sizeof *ok);
    size_t *dv = malloc((ng ? ng : 1) * sizeof *dv);
    int rc = (lr && mean && ok && dv) ? 0 : -1;
    for (size_t a = 0; !rc && a < ng;) {
        size_t b = a, m = 0, best;
        while (b < ng && same_method(&t->rows[g[a].first], &t->rows[g[b].first])) {
            lr[m] = g[b].lr;
            mean[m] = g[b].n_ok ? g[b].s.mean : NAN;
            ok[m] = g[b].n_ok;
            dv[m] = g[b].n_div;
            b++, m++;
        }
        rc = fanos_stats_best_lr(lr, mean, ok, dv, m, &best);
        if (!rc && best < m)
            g[a + best].best = 1;
        a = b;
    }
    if (rc)
        cli_error("out of memory");
    free(lr);
    free(mean);
    free(ok);
    free(dv);
    return rc;
}

static void write_group(FILE *fp, const raw_table *t, const group *g)
{
    const raw_row *r = &t->rows[g->first];
    char num[10][40];
    snprintf(num[0], 40, "%zu", g->count);
    snprintf(num[1], 40, "%zu", g->n_ok);
    snprintf(num[2], 40, "%zu", g->n_div);
    fmt_real(num[3], 40, (double)g->n_div / (double)g->count);
    /* [ST15] A group whose runs all diverged writes `nan` for mean, std, median and both CI
     * bounds. */
    const double v[5] = {g->n_ok ? g->s.mean : NAN, g->n_ok ? g->s.std : NAN,
                         g->n_ok ? g->s.ci_lo : NAN, g->n_ok ? g->s.ci_hi : NAN,
                         g->n_ok ? g->s.median : NAN};
    for (int i = 0; i < 5; i++)
        fmt_real(num[4 + i], 40, v[i]);
    snprintf(num[9], 40, "%d", g->best);
    char *f[16] = {r->field[RAW_EXPERIMENT], r->field[RAW_PROBLEM],
                   r->field[RAW_PARAM], r->field[RAW_DRAWS],
                   r->field[RAW_METHOD], r->field[RAW_LR]};
    for (int i = 0; i < 10; i++)
        f[6 + i] = num[i];
    csv_write_fields(fp, f, 16);
}

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
        } else if (!bad && argv[i][0] == '-' && argv[i][1]) {
            bad = cli_bad_arg("stats", argv[i]);
        } else if (!bad) {
            in[(*nin)++] = argv[i];
        }
    }
    if (!bad && (!*nin || !*out)) {
        cli_error("stats: usage: fanos stats RAW.csv... -o SUMMARY.csv");
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
static int pinn_summary(raw_table *t, const fanos_stats_options *so, FILE *fp)
{
    const raw_schema *sc = &raw_pinn;
    const int dcol = schema_column(sc, "diverged");
    double *vals = malloc((t->n ? t->n : 1) * sizeof *vals);
    if (!vals || dcol < 0) {
        free(vals);
        cli_error("out of memory");
        return -1;
    }
    fputs("experiment,problem,draws,method,lr,count,n_ok,n_diverged,diverged_rate", fp);
    for (size_t m = 0; m < NPINN_METRICS; m++)
        fprintf(fp, ",%s_mean,%s_std,%s_ci_lo,%s_ci_hi,%s_median", pinn_metrics[m],
                pinn_metrics[m], pinn_metrics[m], pinn_metrics[m], pinn_metrics[m]);
    fputc('\n', fp);
    for (size_t i = 0, end; i < t->n; i = end) {
        size_t count = 0, ndiv = 0;
        for (end = i; end < t->n && raw_row_cmp(&t->rows[i], &t->rows[end], 0) == 0; end++) {
            const char *d = t->rows[end].field[dcol];
            if (end > i && raw_row_cmp(&t->rows[end - 1], &t->rows[end], 1) == 0) {
                cli_error("%s:%zu: the run with seed %s is also at %s:%zu; "
                          "accepted: each run once", t->rows[end].file,
                          t->rows[end].line, t->rows[end].field[sc->seed],
                          t->rows[end - 1].file, t->rows[end - 1].line);
                free(vals);
                return -1;
            }
            count++;     /* diverged is 0 or 1: checked by the reader */
            ndiv += d[0] == '1';
        }
        const raw_row *r = &t->rows[i];
        char num[32];
        fprintf(fp, "%s,%s,%s,%s,%s,%zu,%zu,%zu,", r->field[0], r->field[sc->problem],
                r->field[sc->draws], r->field[sc->method], r->field[sc->lr],
                count, count - ndiv, ndiv);
        fmt_real(num, sizeof num, (double)ndiv / (double)count);
        fputs(num, fp);
        for (size_t m = 0; m < NPINN_METRICS; m++) {
            const int col = schema_column(sc, pinn_metrics[m]);
            size_t n = 0;
            for (size_t k = i; k < end; k++)
                if (t->rows[k].field[dcol][0] == '0' &&
                    !cli_parse_real(t->rows[k].field[col], &vals[n]))
                    n++;
            fanos_stats_summary su;
            if (n && fanos_stats_summarize(vals, n, so, &su)) {
                cli_error("out of memory");
                free(vals);
                return -1;
            }
            const double v[5] = {n ? su.mean : NAN, n ? su.std : NAN,
                                 n ? su.ci_lo : NAN, n ? su.ci_hi : NAN,
                                 n ? su.median : NAN};
            for (int q = 0; q < 5; q++) {
                fmt_real(num, sizeof num, v[q]);
                fprintf(fp, ",%s", num);
            }
        }
        fputc('\n', fp);
    }
    free(vals);
    return 0;
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
    if (!status && t.schema == &raw_pinn) {
        cli_outfile po;
        raw_table_sort(&t);
        if (cli_out_open(&po, out))
            status = EXIT_BADINPUT;
        else if (pinn_summary(&t, &so, po.fp)) {
            cli_out_abort(&po);
            status = EXIT_BADINPUT;
        } else if (cli_out_commit(&po))
            status = EXIT_BADINPUT;
        raw_table_free(&t);
        free(in);
        return status;
    }
    group *g = status ? NULL : calloc(t.n ? t.n : 1, sizeof *g);
    size_t ng = 0;
    if (!status && !g) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    }
    if (!status) {
        raw_table_sort(&t);
        if (summarize(&t, &so, g, &ng) || mark_best(&t, g, ng))
            status = EXIT_BADINPUT;
    }
    cli_outfile o;
    if (!status && cli_out_open(&o, out))
        status = EXIT_BADINPUT;
    if (!status) {
        fputs("experiment,problem,param,draws,method,lr,count,n_ok,n_diverged,"
              "diverged_rate,mean,std,ci_lo,ci_hi,median,best\n", o.fp);
        for (size_t i = 0; i < ng; i++)
            write_group(o.fp, &t, &g[i]);
        if (cli_out_commit(&o))
            status = EXIT_BADINPUT;
    }
    free(g);
    raw_table_free(&t);
    free(in);
    return status;
}

/* cmd_merge.c - `fanos merge`: join raw CSVs (the shards of a sweep) into
 * the file an unsharded sweep writes. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "experiment.h"

void cmd_merge_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos merge A.csv B.csv ... -o RAW.csv [--expect FILE.ini] [--force]\n"
"\n"
"Join raw CSVs of fanos sweep (for example the parts written with --shard\n"
"K/N) into one, in the row order of fanos sweep, every field as read: the\n"
"merge of all N shards is the file of the unsharded sweep, byte for byte\n"
"but the seconds column.  A run (experiment, problem, param, draws, method,\n"
"lr, seed) found twice is an error.  The output is written under a\n"
"temporary name and renamed when complete; -o - writes to the standard\n"
"output.\n"
"\n"
"  --expect FILE  also check that the rows are exactly the runs of the\n"
"                 experiment file FILE (a missing shard is an error); of a\n"
"                 tuned experiment, the tuning runs and, when there are\n"
"                 evaluation rows, the evaluation runs of their best trials\n"
"  --force        replace RAW.csv even when it is read-only\n"
"\n" CLI_EXIT_HELP);
}

/* The merged rows must be the plan of the experiment file, in order; of
 * a tuned experiment, the tuning plan and then, when there are evaluation
 * rows, the evaluation plan of the choice the tuning rows make. */
static int check_expected(const raw_table *t, const char *path)
{
    experiment x;
    fanos_experiment_run *jobs = NULL;
    size_t n = 0, nt = 0;
    char what[1100];
    if (experiment_load(path, &x))
        return -1;
    snprintf(what, sizeof what, "--expect %s", path);
    size_t *best = x.trials ? malloc((fanos_tuning_nchoices(&x.lib) + 1) *
                                     sizeof *best) : NULL;
    int rc = 0;
    if (!x.trials) {
        if ((rc = fanos_experiment_plan(&x.lib, &jobs, &n)))
            cli_error("out of memory");
        else
            rc = experiment_match(&x, jobs, n, t->rows, t->n, what);
    } else if (!best) {
        cli_error("out of memory");
        rc = -1;
    } else if (!(rc = experiment_choose(&x, t->rows, t->n, best, &nt, what)) &&
               nt < t->n) {
        if ((rc = fanos_tuning_evaluation_plan(&x.lib, best, &jobs, &n)))
            cli_error("out of memory");
        else
            rc = experiment_match(&x, jobs, n, t->rows + nt, t->n - nt, what);
    }
    free(best);
    free(jobs);
    experiment_free(&x);
    return rc ? -1 : 0;
}

int cmd_merge(int argc, char **argv)
{
    const char *out = NULL, *expect = NULL;
    const char **in = calloc((size_t)argc, sizeof *in);
    size_t nin = 0;
    int bad = in == NULL;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cmd_merge_usage(stdout);
            free(in);
            return 0;
        } else if ((v = cli_opt(argc, argv, &i, "-o", &bad)) ||
                   (v = cli_opt(argc, argv, &i, "--output", &bad))) {
            out = v;
        } else if ((v = cli_opt(argc, argv, &i, "--expect", &bad))) {
            expect = v;
        } else if (!strcmp(argv[i], "--force")) {
            cli_force = 1;
        } else if (!bad && argv[i][0] == '-' && argv[i][1]) {
            bad = cli_bad_arg("merge", argv[i]);
        } else if (!bad) {
            in[nin++] = argv[i];
        }
    }
    if (in == NULL)
        cli_error("out of memory");
    else if (!bad && (!nin || !out)) {
        cli_error("merge: usage: fanos merge A.csv B.csv ... -o RAW.csv");
        bad = EXIT_USAGE;
    }
    if (bad) {
        free(in);
        return bad;
    }
    raw_table t = {0};
    int status = 0;
    for (size_t i = 0; i < nin && !status; i++)
        if (raw_table_read(&t, in[i]))
            status = EXIT_BADINPUT;
    if (!status) {
        /* [ST4] `fanos merge` writes the rows of all its inputs in the order of ST2, each field as
         * read; a key present twice is an error. */
        raw_table_sort(&t);
        for (size_t i = 1; i < t.n && !status; i++)
            if (raw_row_cmp(&t.rows[i - 1], &t.rows[i], 1) == 0) {
                const raw_schema *sc = t.rows[i].schema;
                cli_error("%s:%zu: the run %s %s lr=%s seed=%s draws=%s is "
                          "also at %s:%zu; accepted: each run once",
                          t.rows[i].file, t.rows[i].line,
                          t.rows[i].field[RAW_EXPERIMENT],
                          t.rows[i].field[sc->method], t.rows[i].field[sc->lr],
                          t.rows[i].field[sc->seed], t.rows[i].field[sc->draws],
                          t.rows[i - 1].file, t.rows[i - 1].line);
                status = EXIT_BADINPUT;
            }
    }
    if (!status && expect && check_expected(&t, expect))
        status = EXIT_BADINPUT;
    cli_outfile o;
    if (!status && cli_out_open(&o, out))
        status = EXIT_BADINPUT;
    if (!status) {
        raw_write_header(o.fp, t.schema);
        for (size_t i = 0; i < t.n; i++)
            csv_write_fields(o.fp, t.rows[i].field, t.schema->ncols);
        if (cli_out_commit(&o))
            status = EXIT_BADINPUT;
    }
    raw_table_free(&t);
    free(in);
    return status;
}

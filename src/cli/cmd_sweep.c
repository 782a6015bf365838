/* cmd_sweep.c - `fanos sweep`: every run of an experiment file, in
 * parallel with OpenMP, into one raw CSV (doc/experiments.md). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "cli.h"
#include "experiment.h"


/* The most OpenMP threads of a sweep, given or by default. */
#define SWEEP_THREADS_MAX 1024

void cmd_sweep_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos sweep FILE -o RAW.csv [--resume] [--shard K/N] [--threads T]\n"
"                   [--draws-dir DIR] [--dry-run] [--quiet] [--force]\n"
"                   [--phase tuning | --phase evaluation --tuning RAW.csv]\n"
"\n"
"Run every combination of an experiment file (problem, methods, lr grid,\n"
"seeds of each draws source, budget, loop rule; the format is described in\n"
"experiments.md of the installed documentation, see SEE ALSO in man fanos)\n"
"and write one raw CSV row per run, in a fixed order:\n"
"  experiment,problem,param,draws,method,lr,seed,final_loss,diverged,\n"
"  diverged_step,evals,steps,seconds\n"
"param is kappa for quadratics (empty otherwise); lr is empty for L-BFGS,\n"
"which runs once per seed; a diverged run has diverged=1 and final_loss nan.\n"
"A PINN experiment (problem = pinn: warm-up, then L-BFGS polish) writes\n"
"  experiment,problem,draws,method,lr,seed,warmup_loss,entry_loss,\n"
"  polish_loss,polish_iterations,evals,seconds,diverged\n"
"with problem the PDE (burgers or allen-cahn).\n"
"A tuned experiment (trials = N) runs every method's trials on the tuning\n"
"seeds, picks each method's best trial and reruns it on the evaluation\n"
"seeds; its rows add the columns phase (tuning or evaluation), trial and\n"
"settings (the trial's knobs, key=value separated by blanks).  A tuned PINN\n"
"experiment tunes the warm-up, chooses on polish_loss, and with\n"
"tuning_warmup_steps warms its tuning runs up for that many steps only.\n"
"A sweep of softmax, mlp or charlm (trained on a data set) adds, last,\n"
"  heldout_loss,heldout_accuracy,heldout_bits,target_step,curve\n"
"the held-out metrics of the last iterate (nan for a diverged run), the\n"
"first step whose held-out loss is at most target_loss (empty: never, or\n"
"no target) and the learning curve: STEP:LOSS:ACCURACY points, every\n"
"eval_every steps, separated by blanks (fanos stats --curves splits them\n"
"out).\n"
"Every column but seconds is the same for any --threads and --shard.\n"
"\n"
"Options:\n"
"  -o, --output FILE  the raw CSV (written under a temporary name and\n"
"                     renamed when complete; - is the standard output)\n"
"  --resume           go on from RAW.csv.journal (below): run only the runs\n"
"                     it lacks; without a journal, start one\n"
"  --shard K/N        run only the K-th of N parts of the plan (runs i with\n"
"                     i mod N = K-1); join the parts with fanos merge   [1/1]\n"
"  --threads T        OpenMP threads, 1 <= T <= 1024 [OMP_NUM_THREADS or all\n"
"                     cores, at most 1024 and at most the runs of the shard]\n"
"  --draws-dir DIR    folder of the reference draws (draws = reference)\n"
"                     [$FANOS_DRAWS_DIR, else the installed copy]\n"
"  --dry-run          check the file and its reference draws (seeds, dim,\n"
"                     widths) as a sweep does, and print the runs (key\n"
"                     columns) of this shard to standard output; run nothing\n"
"  --quiet            no progress on standard error\n"
"  --force            replace RAW.csv even when it is read-only\n"
"  --phase P          of a tuned experiment, only its tuning runs (tuning)\n"
"                     or only the evaluation runs (evaluation) of the best\n"
"                     trials of --tuning RAW.csv, the tuning rows of the\n"
"                     same file (merged parts of --phase tuning); both\n"
"                     phases, one after the other, without --phase\n"
"\n"
"Each finished run's row is appended at once to RAW.csv.journal.  A sweep\n"
"interrupted (Ctrl-C, a kill, a crash) leaves it there and says how to go\n"
"on: the same command with --resume runs only the runs the journal lacks\n"
"and writes the file an uninterrupted sweep writes (all but seconds).\n"
"Without --resume an existing journal is an error (pass --resume, or\n"
"remove it to start over).  A journal of another experiment, of this file\n"
"changed, or of another --shard is refused.  It is removed once RAW.csv is\n"
"in place.  -o - or a device keeps no journal.\n"
"\n"
"Progress goes to standard error: on a terminal one line redrawn in place,\n"
"  runs 37/420, 0:12 elapsed, ETA 1:05 (AdamW lr=0.01 seed=6 draws=fresh)\n"
"elsewhere such a line every 5 s, and one at the end.\n"
"Diverged runs are successful runs (exit status 0).\n"
CLI_EXIT_HELP);
}


/* The reference draws of every reference seed, read before any run (and
 * by --dry-run) as the runs will read them: one line naming the seed. */
static int check_reference_draws(const experiment *x, const char *dir)
{
    const fanos_problem_type *t = x->problems[0];
    for (size_t i = 0; i < x->nseeds[FANOS_DRAWS_REFERENCE]; i++) {
        const unsigned long seed = x->seeds[FANOS_DRAWS_REFERENCE][i];
        int rc = fanos_experiment_check_draws(&x->lib, 0, FANOS_DRAWS_REFERENCE,
                                              seed, dir);
        if (rc == FANOS_OK)
            continue;
        fanos_problem *p = NULL;
        char files[128];
        fanos_experiment_problem(&x->lib, 0, 0, &p);
        cli_reference_file(t, seed, files, sizeof files);
        if (rc == FANOS_EIO ||
            (rc == FANOS_ERANGE && cli_draws_missing(t, dir))) {
            char where[4200];
            snprintf(where, sizeof where, "%s:%zu: reference_seeds: seed %lu",
                     x->path, x->seeds_line[FANOS_DRAWS_REFERENCE], seed);
            cli_report_draws(where, dir, files);
        } else {
            cli_error("%s:%zu: reference_seeds: seed %lu: cannot read the "
                      "reference draws of %s (dim %zu; %s) from %s: %s; "
                      "accepted: the seeds and sizes of the files there "
                      "(--draws-dir)", x->path,
                      x->seeds_line[FANOS_DRAWS_REFERENCE], seed,
                      x->family ? x->family : t->name, fanos_problem_size(p),
                      files, dir, fanos_strerror(rc));
        }
        fanos_problem_free(p);
        return -1;
    }
    return 0;
}

/* The raw row of a run (res NULL: its key fields). */
static void write_row(FILE *fp, const experiment *x,
                      const fanos_experiment_run *j,
                      const fanos_experiment_result *res)
{
    fanos_row_text t;
    fanos_experiment_row_text(&x->lib, j, res, &t);
    csv_write_fields(fp, (char *const *)t.field, t.nfields);
}

/* "AdamW lr=0.01 seed=6 draws=fresh kappa=100" (the names of the rows),
 * the method as "[method AdamW]" when bracket is set. */
static void run_name(const experiment *x, const fanos_experiment_run *j,
                     int bracket, char *buf, size_t len)
{
    fanos_row_text t;
    const raw_schema *sc = experiment_schema(x);
    fanos_experiment_row_text(&x->lib, j, NULL, &t);
    const char *lr = t.field[sc->lr], *param = sc->param < 0 ? ""
                                                : t.field[sc->param];
    const int family = x->family != NULL;
    const int tuned = j->phase != FANOS_PHASE_NONE;
    snprintf(buf, len, "%s%s%s%s%s lr=%s seed=%s draws=%s%s%s%s%s",
             bracket ? "[method " : "", t.field[sc->method],
             bracket ? "]" : "", tuned ? " trial=" : "",
             tuned ? t.field[sc->trial] : "", *lr ? lr : "-",
             t.field[sc->seed], t.field[sc->draws], *param ? " kappa=" : "",
             param, family ? " " : "",
             family ? x->problems[0]->family_key : "");
    if (family)
        snprintf(buf + strlen(buf), len - strlen(buf), "=%s",
                 t.field[sc->problem]);
}

/* The row of a finished run as text, for the journal (NULL: no memory). */
static char *row_text(const experiment *x, const fanos_experiment_run *j,
                      const fanos_experiment_result *r, size_t *len)
{
    char *text = NULL;
    FILE *m = open_memstream(&text, len);
    if (!m)
        return NULL;
    write_row(m, x, j, r);
    if (fclose(m) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* Run the jobs todo[0..nt) over T threads (status per job in rcs), each
 * finished one into the journal at once. */
static void run_all(const experiment *x, const fanos_experiment_run *jobs,
                    const size_t *todo, size_t nt, int threads,
                    const char *dir, fanos_experiment_result *res, int *rcs,
                    journal *jn, cli_progress *pr)
{
    size_t done = pr->p.done;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
    for (long i = 0; i < (long)nt; i++) {
        const size_t k = todo[i];
        rcs[k] = fanos_experiment_execute(&x->lib, &jobs[k], dir, &res[k]);
        size_t len = 0;
        char *line = rcs[k] == FANOS_OK ? row_text(x, &jobs[k], &res[k], &len)
                                        : NULL;
        char name[256], phase[32];
        run_name(x, &jobs[k], 0, name, sizeof name);
#ifdef _OPENMP
#pragma omp critical(sweep_journal)
#endif
        {
            if (line)
                journal_append(jn, line, len);
            cli_progress_step(pr, ++done, name);
            snprintf(phase, sizeof phase, "run:%d", jn->saved);
            cli_test_stop(phase);
        }
        free(line);
    }
}

typedef struct {
    const char *file, *out, *draws_dir, *tuning;
    unsigned long long shard_k, shard_n, threads;
    int dry_run, quiet, resume;
    fanos_phase phase;
} sweep_args;

static int parse_shard(const char *v, sweep_args *a)
{
    const char *slash = strchr(v, '/');
    char k[32];
    if (!slash || (size_t)(slash - v) >= sizeof k)
        return -1;
    memcpy(k, v, (size_t)(slash - v));
    k[slash - v] = '\0';
    if (cli_parse_size(slash + 1, 1, 1000000, &a->shard_n) ||
        cli_parse_size(k, 1, a->shard_n, &a->shard_k))
        return -1;
    return 0;
}

/* 0: parsed; 1: --help printed; -EXIT_BADINPUT, -EXIT_USAGE: reported. */
static int parse_args(int argc, char **argv, sweep_args *a)
{
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cmd_sweep_usage(stdout);
            return 1;
        } else if ((v = cli_opt(argc, argv, &i, "-o", &bad)) ||
                   (v = cli_opt(argc, argv, &i, "--output", &bad))) {
            a->out = v;
        } else if ((v = cli_opt(argc, argv, &i, "--draws-dir", &bad))) {
            a->draws_dir = v;
        } else if ((v = cli_opt(argc, argv, &i, "--shard", &bad))) {
            if (parse_shard(v, a)) {
                cli_error("--shard %s: accepted: K/N with 1 <= K <= N <= 1000000", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--threads", &bad))) {
            if (cli_parse_size(v, 1, SWEEP_THREADS_MAX, &a->threads)) {
                cli_error("--threads %s: accepted: an integer in [1, %d]", v,
                          SWEEP_THREADS_MAX);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--phase", &bad))) {
            if (fanos_phase_lookup(v, &a->phase) != FANOS_OK) {
                cli_error("--phase %s: accepted: tuning, evaluation", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--tuning", &bad))) {
            a->tuning = v;
        } else if (!strcmp(argv[i], "--dry-run")) {
            a->dry_run = 1;
        } else if (!strcmp(argv[i], "--quiet")) {
            a->quiet = 1;
        } else if (!strcmp(argv[i], "--resume")) {
            a->resume = 1;
        } else if (!strcmp(argv[i], "--force")) {
            cli_force = 1;
        } else if (!bad && argv[i][0] == '-' && argv[i][1]) {
            bad = cli_bad_arg("sweep", argv[i]);
        } else if (!bad && a->file) {
            cli_error("sweep: one experiment file only ('%s' and '%s')", a->file,
                      argv[i]);
            bad = EXIT_USAGE;
        } else if (!bad) {
            a->file = argv[i];
        }
    }
    if (!bad && !a->file) {
        cli_error("sweep: no experiment file (see fanos sweep --help)");
        bad = EXIT_USAGE;
    }
    if (!bad && !a->out && !a->dry_run) {
        cli_error("sweep: no output file: -o RAW.csv");
        bad = EXIT_USAGE;
    }
    if (!bad && !a->tuning != (a->phase != FANOS_PHASE_EVALUATION)) {
        cli_error("sweep: %s", a->tuning ? "--tuning RAW.csv goes with --phase "
                  "evaluation" : "--phase evaluation needs --tuning RAW.csv");
        bad = EXIT_USAGE;
    }
    return -bad;
}

static void print_plan(const experiment *x, const fanos_experiment_run *jobs,
                       size_t n)
{
    for (size_t i = 0; i < n; i++)
        write_row(stdout, x, &jobs[i], NULL);
}

/* The threads of the parallel region: --threads as given, else the
 * OpenMP default (OMP_NUM_THREADS or all cores) capped at 1024 and at the
 * runs to do, so that a huge OMP_NUM_THREADS cannot exhaust the threads
 * the system can create. */
static int sweep_threads(const sweep_args *a, size_t nruns)
{
    if (a->threads)
        return (int)a->threads;
    int t = 1;
#ifdef _OPENMP
    t = omp_get_max_threads();
#endif
    if (t > SWEEP_THREADS_MAX)
        t = SWEEP_THREADS_MAX;
    if ((size_t)t > nruns)
        t = (int)nruns;
    return t < 1 ? 1 : t;
}

/* The line a signal prints: "fanos: sweep interrupted: " and the runs
 * saved, then the rest (made before the runs: a handler cannot format). */
static journal *running;
static char resume_line[8192];
static size_t resume_len;

static void say(const char *s, size_t n)
{
    ssize_t w = write(STDERR_FILENO, s, n);
    (void)w;
}

static void on_interrupt(int sig)
{
    static const char head[] = "fanos: sweep interrupted: ";
    char num[24];
    size_t k = sizeof num;
    unsigned v = running ? (unsigned)running->saved : 0;
    (void)sig;
    do
        num[--k] = (char)('0' + v % 10);
    while ((v /= 10) && k);
    say(head, sizeof head - 1);
    say(num + k, sizeof num - k);
    say(resume_line, resume_len);
}

/* One argument as the shell reads it back. */
static void shell_word(FILE *m, const char *a)
{
    if (*a && strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                        "0123456789_-./=:,+@%") == strlen(a)) {
        fprintf(m, " %s", a);
        return;
    }
    fputs(" '", m);
    for (; *a; a++)
        fputs(*a == '\'' ? "'\\''" : (char[]){*a, 0}, m);
    fputc('\'', m);
}

static void prepare_message(const journal *jn, size_t n, int argc,
                            char **argv)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    int resume = 0;
    if (!m)
        return;
    fprintf(m, " of %zu runs are saved in %s; to run the others:", n,
            jn->path);
    shell_word(m, cli_program);
    for (int i = 0; i < argc; i++) {
        shell_word(m, argv[i]);
        resume |= !strcmp(argv[i], "--resume");
    }
    fprintf(m, "%s\n", resume ? "" : " --resume");
    if (fclose(m) == 0) {
        resume_len = len < sizeof resume_line ? len : sizeof resume_line;
        memcpy(resume_line, text, resume_len);
        resume_line[resume_len - 1] = '\n';
    }
    free(text);
}

/* The rows in plan order: those read back from the journal as read,
 * the others as run; from (n zeros) is room for the map. */
static void write_rows(FILE *fp, const experiment *x,
                       const fanos_experiment_run *jobs, size_t n,
                       const journal *jn, const fanos_experiment_result *res,
                       size_t *from)
{
    memset(from, 0, (n ? n : 1) * sizeof *from);
    for (size_t r = 0; r < jn->rows.n; r++)
        if (jn->slot[r] < n)
            from[jn->slot[r]] = r + 1;
    raw_write_header(fp, experiment_schema(x));
    for (size_t i = 0; i < n; i++)
        if (from[i])
            csv_write_fields(fp, jn->rows.rows[from[i] - 1].field,
                             experiment_schema(x)->ncols);
        else
            write_row(fp, x, &jobs[i], &res[i]);
}

/* Run todo[0..ntodo) of jobs (progress over total runs, ntodo of them
 * still to do); 0, or EXIT_BADINPUT with the failed run named. */
static int run_todo(const experiment *x, const fanos_experiment_run *jobs,
                    size_t total, const size_t *todo, size_t ntodo,
                    const sweep_args *a, const char *dir,
                    fanos_experiment_result *res, int *rcs, journal *jn,
                    const char *what)
{
    cli_progress pr;
    cli_progress_start(&pr, what, total, total - ntodo, a->quiet);
    run_all(x, jobs, todo, ntodo, sweep_threads(a, ntodo), dir, res, rcs, jn,
            &pr);
    cli_progress_end(&pr, NULL);
    for (size_t i = 0; i < ntodo; i++)
        if (rcs[todo[i]] != FANOS_OK) {
            char name[256];
            run_name(x, &jobs[todo[i]], 1, name, sizeof name);
            cli_error("%s: %s: the run failed: %s", x->path, name,
                      fanos_strerror(rcs[todo[i]]));
            return EXIT_BADINPUT;
        }
    return 0;
}

/* A tuned experiment without --phase, its tuning runs jobs[0..n) done:
 * append the evaluation plan of their best trials (TU7, TU8) to *jobs,
 * growing *res and *rcs, and map the journal onto both; *neval and the
 * evaluation runs still to do (todo, ntodo).  0 or EXIT_BADINPUT. */
static int add_evaluation(const experiment *x, fanos_experiment_run **jobs,
                          size_t n, journal *jn, fanos_experiment_result **res,
                          int **rcs, size_t **from, size_t *neval)
{
    char *text = NULL;
    size_t len = 0, nt = 0;
    raw_table t = {0};
    fanos_experiment_run *eval = NULL;
    size_t *best = malloc((fanos_tuning_nchoices(&x->lib) + 1) * sizeof *best);
    FILE *m = open_memstream(&text, &len);
    int status = best && m ? 0 : EXIT_BADINPUT;
    if (m) {
        if (status == 0)
            write_rows(m, x, *jobs, n, jn, *res, *from);
        if (fclose(m) != 0)
            status = EXIT_BADINPUT;
    }
    if (status != 0)
        cli_error("out of memory");
    else if (raw_table_read_text(&t, x->path, text, len, 0) ||
             experiment_choose(x, t.rows, t.n, best, &nt, x->path))
        status = EXIT_BADINPUT;
    if (status == 0 &&
        fanos_tuning_evaluation_plan(&x->lib, best, &eval, neval) != FANOS_OK) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    }
    const size_t all = n + *neval;
    fanos_experiment_run *j2 = NULL;
    fanos_experiment_result *r2 = NULL;
    int *c2 = NULL;
    size_t *f2 = NULL;
    if (status == 0) {
        j2 = realloc(*jobs, (all ? all : 1) * sizeof *j2);
        if (j2)
            *jobs = j2;
        r2 = realloc(*res, (all ? all : 1) * sizeof *r2);
        if (r2)
            *res = r2;
        c2 = realloc(*rcs, (all ? all : 1) * sizeof *c2);
        if (c2)
            *rcs = c2;
        f2 = realloc(*from, (all ? all : 1) * sizeof *f2);
        if (f2)
            *from = f2;
        if (!j2 || !r2 || !c2 || !f2) {
            cli_error("out of memory");
            status = EXIT_BADINPUT;
        }
    }
    if (status == 0) {
        memcpy(*jobs + n, eval, *neval * sizeof *eval);
        memset(*res + n, 0, *neval * sizeof **res);
        memset(*rcs + n, 0, *neval * sizeof **rcs);
        jn->defer = 0;
        if (jn->path && journal_map(jn, x, *jobs, all)) {
            jn->saved = 0;      /* said: the journal is not this sweep's */
            status = EXIT_BADINPUT;
        }
    }
    free(eval);
    free(best);
    free(text);
    raw_table_free(&t);
    return status;
}

static int execute(const experiment *x, fanos_experiment_run **jobsp,
                   size_t n, const sweep_args *a, const char *dir, int argc,
                   char **argv)
{
    cli_outfile out;
    journal jn = {.fd = -1};
    const int both = x->trials && !a->phase;
    if (check_reference_draws(x, dir) || experiment_check_data(x, NULL))
        return EXIT_BADINPUT;
    fanos_experiment_result *res = calloc(n ? n : 1, sizeof *res);
    int *rcs = calloc(n ? n : 1, sizeof *rcs);
    size_t *all = malloc((n ? n : 1) * sizeof *all);
    size_t *from = calloc(n ? n : 1, sizeof *from);
    size_t neval = 0;
    int status = 0, opened = 0;
    if (!res || !rcs || !all || !from) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    } else if (cli_out_open(&out, a->out)) {
        status = EXIT_BADINPUT;
    } else if ((opened = 1, !out.tmp && a->resume)) {
        cli_error("--resume: -o %s is not a file; accepted: an output file, "
                  "beside which the journal lives", a->out);
        status = EXIT_BADINPUT;
    } else if (out.tmp && journal_open(&jn, x, *jobsp, n, a->out, a->resume,
                                       a->shard_k, a->shard_n, both)) {
        status = EXIT_BADINPUT;
    }
    for (size_t i = 0; all && i < n; i++)
        all[i] = i;
    if (status == 0) {
        running = &jn;
        if (jn.path) {
            prepare_message(&jn, n, argc, argv);
            cli_on_interrupt(on_interrupt);
        }
        const size_t ntodo = jn.path ? jn.ntodo : n;
        if (jn.saved && !a->quiet)
            fprintf(stderr, "fanos: %s: %d of %zu %sruns done; running the "
                    "other %zu\n", jn.path, (int)(n - ntodo), n,
                    both ? "tuning " : "", ntodo);
        cli_test_stop("journal");
        status = run_todo(x, *jobsp, n, jn.path ? jn.todo : all, ntodo, a, dir,
                          res, rcs, &jn, both ? "tuning runs" : "runs");
    }
    /* both phases: the evaluation runs of the best trials, after them */
    if (status == 0 && both) {
        status = add_evaluation(x, jobsp, n, &jn, &res, &rcs, &from, &neval);
        size_t *todo = NULL, ntodo = 0;
        if (status == 0 && !(todo = malloc((neval ? neval : 1) * sizeof *todo))) {
            cli_error("out of memory");
            status = EXIT_BADINPUT;
        }
        if (status == 0 && jn.path) {
            for (size_t i = 0; i < jn.ntodo; i++)
                if (jn.todo[i] >= n)   /* the tuning runs are all done */
                    todo[ntodo++] = jn.todo[i];
        } else if (status == 0) {
            for (size_t i = 0; i < neval; i++)
                todo[ntodo++] = n + i;
        }
        if (status == 0) {
            prepare_message(&jn, n + neval, argc, argv);
            status = run_todo(x, *jobsp, neval, todo, ntodo, a, dir, res, rcs,
                              &jn, "evaluation runs");
        }
        free(todo);
        n += neval;
    }
    if (status == 0) {
        write_rows(out.fp, x, *jobsp, n, &jn, res, from);
        opened = 0;
        if (cli_out_commit(&out))
            status = EXIT_BADINPUT;
    }
    if (opened)
        cli_out_abort(&out);
    if (status == 0)
        cli_test_stop("after-rename");
    else if (jn.saved)
        cli_error("%s: %d finished runs are kept there; --resume runs the "
                  "others", jn.path, jn.saved);
    cli_on_interrupt(NULL);
    journal_close(&jn, status == 0);
    running = NULL;
    for (size_t i = 0; res && i < n; i++)
        fanos_experiment_result_free(&res[i]);
    free(res);
    free(rcs);
    free(all);
    free(from);
    return status;
}

/* The runs of this sweep: the plan (of a tuned experiment, its tuning
 * runs), or with --phase evaluation those of the best trials of the
 * tuning rows of a->tuning.  0, or an exit status, printed. */
static int sweep_plan(const experiment *x, const sweep_args *a,
                      fanos_experiment_run **jobs, size_t *n)
{
    if (!x->trials && a->phase) {
        cli_error("%s: --phase: not a tuned experiment (no trials key in "
                  "[experiment])", x->path);
        return EXIT_BADINPUT;
    }
    if (x->trials && !a->phase && a->shard_n > 1) {
        cli_error("%s: --shard %llu/%llu of a tuned experiment: accepted: "
                  "--shard with --phase tuning, or --phase evaluation", x->path,
                  a->shard_k, a->shard_n);
        return EXIT_USAGE;
    }
    if (a->phase != FANOS_PHASE_EVALUATION) {
        if (fanos_experiment_plan(&x->lib, jobs, n) == FANOS_OK)
            return 0;
        cli_error("out of memory");
        return EXIT_BADINPUT;
    }
    raw_table t = {0};
    size_t nt;
    size_t *best = malloc((fanos_tuning_nchoices(&x->lib) + 1) * sizeof *best);
    char what[1100];
    snprintf(what, sizeof what, "--tuning %s", a->tuning);
    int status = best && raw_table_read(&t, a->tuning) == 0 ? 0 : EXIT_BADINPUT;
    if (!best)
        cli_error("out of memory");
    if (status == 0) {
        raw_table_sort(&t);
        status = experiment_choose(x, t.rows, t.n, best, &nt, what) ? EXIT_BADINPUT
                                                                    : 0;
    }
    if (status == 0 && fanos_tuning_evaluation_plan(&x->lib, best, jobs, n)) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    }
    raw_table_free(&t);
    free(best);
    return status;
}

int cmd_sweep(int argc, char **argv)
{
    sweep_args a = {.shard_k = 1, .shard_n = 1};
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc > 0 ? 0 : -rc;
    experiment x;
    if (experiment_load(a.file, &x))
        return EXIT_BADINPUT;
    fanos_experiment_run *jobs = NULL;
    size_t n = 0;
    int status = 0;
    const char *dir = a.draws_dir ? a.draws_dir : cli_default_draws_dir();
    if (a.dry_run && (check_reference_draws(&x, dir) || experiment_check_data(&x, NULL))) {
        status = EXIT_BADINPUT;
    } else if ((status = sweep_plan(&x, &a, &jobs, &n)) == 0) {
        n = fanos_experiment_shard(jobs, n, (size_t)a.shard_k,
                                   (size_t)a.shard_n);
        if (a.dry_run)
            print_plan(&x, jobs, n);
        else
            status = execute(&x, &jobs, n, &a, dir, argc, argv);
    }
    free(jobs);
    experiment_free(&x);
    return status;
}

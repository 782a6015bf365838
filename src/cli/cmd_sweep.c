/* cmd_sweep.c - `fanos sweep`: every run of an experiment file, in
 * parallel with OpenMP, into one raw CSV (doc/experiments.md). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
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
"Usage: fanos sweep FILE -o RAW.csv [--shard K/N] [--threads T]\n"
"                   [--draws-dir DIR] [--dry-run] [--quiet]\n"
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
"settings (the trial's knobs, key=value separated by blanks).\n"
"Every column but seconds is the same for any --threads and --shard.\n"
"\n"
"Options:\n"
"  -o, --output FILE  the raw CSV (written under a temporary name and\n"
"                     renamed when complete)\n"
"  --shard K/N        run only the K-th of N parts of the plan (runs i with\n"
"                     i mod N = K-1); join the parts with fanos merge   [1/1]\n"
"  --threads T        OpenMP threads, 1 <= T <= 1024 [OMP_NUM_THREADS or all\n"
"                     cores, at most 1024 and at most the runs of the shard]\n"
"  --draws-dir DIR    folder of the reference draws (draws = reference)\n"
"                     [$FANOS_DRAWS_DIR, else the installed copy]\n"
"  --dry-run          check the file and its reference draws (seeds, dim,\n"
"                     widths) as a sweep does, and print the runs (key\n"
"                     columns) of this shard to standard output; run nothing\n"
"  --quiet            no progress lines on standard error\n"
"  --phase P          of a tuned experiment, only its tuning runs (tuning)\n"
"                     or only the evaluation runs (evaluation) of the best\n"
"                     trials of --tuning RAW.csv, the tuning rows of the\n"
"                     same file (merged parts of --phase tuning); both\n"
"                     phases, one after the other, without --phase\n"
"\n"
"Progress goes to standard error, one line per finished run:\n"
"  [37/420] AdamW lr=0.01 seed=6 draws=fresh\n"
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
        cli_error("%s:%zu: reference_seeds: seed %lu: cannot read the reference "
                  "draws of %s (dim %zu; %s) from %s: %s; accepted: the seeds and "
                  "sizes of the files there (--draws-dir)", x->path,
                  x->seeds_line[FANOS_DRAWS_REFERENCE], seed,
                  x->family ? x->family : t->name, fanos_problem_size(p), files,
                  dir, fanos_strerror(rc));
        fanos_problem_free(p);
        return -1;
    }
    return 0;
}

static void write_row(FILE *fp, const experiment *x,
                      const fanos_experiment_run *j, const fanos_run_result *r)
{
    exp_key k;
    char loss[32], dstep[24], evals[24], steps[24], secs[32];
    experiment_job_key(x, j, &k);
    /* [ST5] A run whose loss or iterate became non-finite is a row with diverged $= 1$, final_loss
     * `nan` and diverged_step the evaluation at which it did (0 for a run that did not diverge);
     * the sweep goes on. */
    fmt_real(loss, sizeof loss, r->diverged ? NAN : r->final_loss);
    snprintf(dstep, sizeof dstep, "%zu", r->diverged ? r->diverged_step : 0);
    snprintf(evals, sizeof evals, "%zu", r->evals);
    snprintf(steps, sizeof steps, "%zu", r->steps);
    snprintf(secs, sizeof secs, "%.6f", r->seconds);
    char *f[RAW_MAX_COLS] = {k.f[0], k.f[1], k.f[2], k.f[3], k.f[4], k.f[5],
                             k.f[6], loss, r->diverged ? "1" : "0", dstep,
                             evals, steps, secs, k.f[7], k.f[8], k.f[9]};
    csv_write_fields(fp, f, k.nf > 7 ? raw_tuned.ncols : RAW_NCOLS);
}

static void write_row_pinn(FILE *fp, const experiment *x,
                           const fanos_experiment_run *j,
                           const fanos_warmstart_result *r)
{
    exp_key k;
    char wl[32], el[32], pl[32], pit[24], evals[24], secs[32];
    experiment_job_key(x, j, &k);
    /* [ST17] A PINN run whose loss became non-finite in its warm-up or its polish is a row with
     * diverged $= 1$ and its losses as computed; a stage not run writes `nan` (entry_loss and
     * polish_loss after a diverged warm-up, with polish_iterations 0); the sweep goes on. */
    fmt_real(wl, sizeof wl, r->warmup_loss);
    fmt_real(el, sizeof el, r->entry_loss);
    fmt_real(pl, sizeof pl, r->polish_loss);
    snprintf(pit, sizeof pit, "%zu", r->polish_iterations);
    snprintf(evals, sizeof evals, "%zu", r->evals);
    snprintf(secs, sizeof secs, "%.6f", r->seconds);
    char *f[13] = {k.f[0], k.f[1], k.f[2], k.f[3], k.f[4], k.f[5], wl, el, pl,
                   pit, evals, secs, r->diverged ? "1" : "0"};
    csv_write_fields(fp, f, raw_pinn.ncols);
}

/* "AdamW lr=0.01 seed=6 draws=fresh kappa=100" (the names of the rows),
 * the method as "[method AdamW]" when bracket is set. */
static void run_name(const experiment *x, const fanos_experiment_run *j,
                     int bracket, char *buf, size_t len)
{
    exp_key k;
    experiment_job_key(x, j, &k);
    const int family = x->family != NULL;
    snprintf(buf, len, "%s%s%s%s%s lr=%s seed=%s draws=%s%s%s%s%s",
             bracket ? "[method " : "", k.method, bracket ? "]" : "",
             j->phase ? " trial=" : "", j->phase ? k.trial : "",
             *k.lr ? k.lr : "-", k.seed, k.draws, *k.param ? " kappa=" : "",
             k.param, family ? " " : "",
             family ? x->problems[0]->family_key : "");
    if (family)
        snprintf(buf + strlen(buf), len - strlen(buf), "=%s", k.problem);
}

static void progress(const experiment *x, const fanos_experiment_run *j,
                     size_t done, size_t total)
{
    char name[256];
    run_name(x, j, 0, name, sizeof name);
    fprintf(stderr, "[%zu/%zu] %s\n", done, total, name);
}

/* Run the selected jobs over T threads; status per job in rcs. */
static void run_all(const experiment *x, const fanos_experiment_run *jobs,
                    size_t n, int threads, int quiet, const char *dir,
                    fanos_experiment_result *res, int *rcs)
{
    size_t done = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
    for (long i = 0; i < (long)n; i++) {
        rcs[i] = fanos_experiment_execute(&x->lib, &jobs[i], dir, &res[i]);
        size_t k;
#ifdef _OPENMP
#pragma omp atomic capture
#endif
        k = ++done;
        if (!quiet)
            progress(x, &jobs[i], k, n);
    }
}

typedef struct {
    const char *file, *out, *draws_dir, *tuning;
    unsigned long long shard_k, shard_n, threads;
    int dry_run, quiet;
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
    for (size_t i = 0; i < n; i++) {
        exp_key k;
        experiment_job_key(x, &jobs[i], &k);
        csv_write_fields(stdout, k.f, k.nf);
    }
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

/* Run the jobs; 0, or EXIT_BADINPUT with the failed run named. */
static int run_jobs(const experiment *x, const fanos_experiment_run *jobs,
                    size_t n, const sweep_args *a, const char *dir,
                    fanos_experiment_result *res)
{
    int *rcs = calloc(n ? n : 1, sizeof *rcs);
    if (!rcs) {
        cli_error("out of memory");
        return EXIT_BADINPUT;
    }
    run_all(x, jobs, n, sweep_threads(a, n), a->quiet, dir, res, rcs);
    int status = 0;
    for (size_t i = 0; i < n && status == 0; i++)
        if (rcs[i] != FANOS_OK) {
            char name[256];
            run_name(x, &jobs[i], 1, name, sizeof name);
            cli_error("%s: %s: the run failed: %s", x->path, name,
                      fanos_strerror(rcs[i]));
            status = EXIT_BADINPUT;
        }
    free(rcs);
    return status;
}

/* A tuned experiment without --phase: the evaluation plan of the best
 * trials of the tuning runs just made (*eval, *neval). */
static int choose_now(const experiment *x, const fanos_experiment_run *jobs,
                      size_t n, const fanos_experiment_result *res,
                      fanos_experiment_run **eval, size_t *neval)
{
    int *div = malloc((n ? n : 1) * sizeof *div);
    double *loss = malloc((n ? n : 1) * sizeof *loss);
    size_t *best = malloc((fanos_tuning_nchoices(&x->lib) + 1) * sizeof *best);
    int rc = div && loss && best ? FANOS_OK : FANOS_ENOMEM;
    for (size_t i = 0; rc == FANOS_OK && i < n; i++) {
        div[i] = res[i].run.diverged;
        loss[i] = res[i].run.final_loss;
    }
    if (rc == FANOS_OK)
        rc = fanos_tuning_choose(&x->lib, jobs, n, div, loss, best);
    if (rc == FANOS_OK)
        rc = fanos_tuning_evaluation_plan(&x->lib, best, eval, neval);
    free(div);
    free(loss);
    free(best);
    if (rc != FANOS_OK)
        cli_error("out of memory");
    return rc != FANOS_OK;
}

static int execute(const experiment *x, fanos_experiment_run *jobs, size_t n,
                   const sweep_args *a, const char *dir)
{
    cli_outfile out;
    if (check_reference_draws(x, dir))
        return EXIT_BADINPUT;
    fanos_experiment_run *eval = NULL;
    size_t neval = 0;
    fanos_experiment_result *res = calloc(n ? n : 1, sizeof *res), *res2 = NULL;
    int status = 0, opened = 0;
    const int warmstart = experiment_protocol(x) == FANOS_PROTOCOL_WARMSTART;
    if (!res) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    } else if (cli_out_open(&out, a->out)) {
        status = EXIT_BADINPUT;
    } else {
        opened = 1;
        status = run_jobs(x, jobs, n, a, dir, res);
    }
    /* both phases: the evaluation runs of the best trials, after them */
    if (status == 0 && x->trials && !a->phase &&
        (choose_now(x, jobs, n, res, &eval, &neval) ||
         !(res2 = calloc(neval ? neval : 1, sizeof *res2)) ||
         run_jobs(x, eval, neval, a, dir, res2)))
        status = EXIT_BADINPUT;
    if (status == 0) {
        raw_write_header(out.fp, experiment_schema(x));
        for (size_t i = 0; i < n + neval; i++)
            if (warmstart)
                write_row_pinn(out.fp, x, &jobs[i], &res[i].ws);
            else if (i < n)
                write_row(out.fp, x, &jobs[i], &res[i].run);
            else
                write_row(out.fp, x, &eval[i - n], &res2[i - n].run);
        if (cli_out_commit(&out))
            status = EXIT_BADINPUT;
    } else if (opened) {
        cli_out_abort(&out);
    }
    free(res);
    free(res2);
    free(eval);
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
    if (a.dry_run && check_reference_draws(&x, dir)) {
        status = EXIT_BADINPUT;
    } else if ((status = sweep_plan(&x, &a, &jobs, &n)) == 0) {
        n = fanos_experiment_shard(jobs, n, (size_t)a.shard_k,
                                   (size_t)a.shard_n);
        if (a.dry_run)
            print_plan(&x, jobs, n);
        else
            status = execute(&x, jobs, n, &a, dir);
    }
    free(jobs);
    experiment_free(&x);
    return status;
}

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
"\n"
"Run every combination of an experiment file (doc/experiments.md: problem,\n"
"methods, lr grid, seeds of each draws source, budget, loop rule) and write\n"
"one raw CSV row per run, in a fixed order:\n"
"  experiment,problem,param,draws,method,lr,seed,final_loss,diverged,\n"
"  diverged_step,evals,steps,seconds\n"
"param is kappa for quadratics (empty otherwise); lr is empty for L-BFGS,\n"
"which runs once per seed; a diverged run has diverged=1 and final_loss nan.\n"
"A PINN experiment (problem = pinn: warm-up, then L-BFGS polish) writes\n"
"  experiment,problem,draws,method,lr,seed,warmup_loss,entry_loss,\n"
"  polish_loss,polish_iterations,evals,seconds,diverged\n"
"with problem the PDE (burgers or allen-cahn).\n"
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
"\n"
"Progress goes to standard error, one line per finished run:\n"
"  [37/420] AdamW lr=0.01 seed=6 draws=fresh\n"
"Diverged runs are successful runs (exit status 0).\n"
CLI_EXIT_HELP);
}


/* Start points (and W for quadratics) of every seed of every source. */
typedef struct {
    double *x0[DRAWS_COUNT];    /* nseeds * dim                         */
    double *W[DRAWS_COUNT];     /* nseeds * dim * dim (quadratic only)  */
} sweep_starts;

static void starts_free(sweep_starts *s)
{
    for (int d = 0; d < DRAWS_COUNT; d++) {
        free(s->x0[d]);
        free(s->W[d]);
    }
}

static int load_one(const experiment *x, int d, unsigned long seed,
                    double *x0, double *W, const char *dir)
{
    /* [ST6] Draws `reference` start the run of seed $s$ from the reference pipeline's exported draw
     * of seed $s$; draws `fresh` start it from the package's GSL draw of seed $s$
     * (`fanos_rosenbrock_x0`, `fanos_quadratic_draw`). */
    if (x->problem == EXP_ROSENBROCK)
        return d == DRAWS_REFERENCE
                   ? fanos_reference_rosenbrock_x0(dir, seed, x0, x->dim)
                   : fanos_rosenbrock_x0(x->dim, seed, x0);
    return d == DRAWS_REFERENCE
               ? fanos_reference_quadratic(dir, seed, x->dim, x0, W)
               : fanos_quadratic_draw(x->dim, seed, x0, W);
}

/* PINN runs read their own draws; check before any run that the
 * reference draws of every seed are there and fit the widths. */
static int pinn_check_draws(const experiment *x, const char *dir)
{
    for (size_t i = 0; i < x->nseeds[DRAWS_REFERENCE]; i++) {
        fanos_pinn *p;
        double *theta;
        unsigned long seed = x->seeds[DRAWS_REFERENCE][i];
        int rc = cli_pinn_setup((fanos_pinn_pde)x->pde[0], x->widths,
                                x->nwidths, 0, dir, seed, &p, &theta);
        fanos_pinn_free(p);
        free(theta);
        if (rc != FANOS_OK) {
            cli_error("%s:%zu: reference_seeds: seed %lu: cannot read the "
                      "reference PINN draws (pinn_seed%lu_params.txt, "
                      "pinn_seed%lu_points.csv) for the widths asked for from "
                      "%s: %s; accepted: the seeds of the files there "
                      "(--draws-dir)", x->path, x->seeds_line[DRAWS_REFERENCE],
                      seed, seed, seed, dir, fanos_strerror(rc));
            return -1;
        }
    }
    return 0;
}

static void reference_error(const experiment *x, unsigned long seed,
                            const char *dir, int rc)
{
    cli_error("%s:%zu: reference_seeds: seed %lu: cannot read the reference "
              "draws of %s (dim %zu) from %s: %s; accepted: the seeds and dim "
              "of the files there (--draws-dir)", x->path,
              x->seeds_line[DRAWS_REFERENCE], seed,
              exp_problem_names[x->problem], x->dim, dir, fanos_strerror(rc));
}

/* --dry-run: the reference draws read as a sweep reads them (starts_load),
 * one seed at a time, so that both refuse the same plans with the same
 * message.  The reference files hold dim FANOS_REFERENCE_DIM only, so any
 * other dim is refused without allocating its start point. */
static int check_reference_draws(const experiment *x, const char *dir)
{
    if (x->problem == EXP_PINN)
        return pinn_check_draws(x, dir);
    const size_t n = x->dim, nw = x->problem == EXP_QUADRATIC ? n * n : 0;
    double *x0 = NULL, *W = NULL;
    int rc = FANOS_OK;
    if (x->nseeds[DRAWS_REFERENCE] && n == FANOS_REFERENCE_DIM) {
        x0 = malloc(n * sizeof *x0);
        W = nw ? malloc(nw * sizeof *W) : NULL;
        if (!x0 || (nw && !W))
            rc = FANOS_ENOMEM;
    }
    for (size_t i = 0; i < x->nseeds[DRAWS_REFERENCE]; i++) {
        const unsigned long seed = x->seeds[DRAWS_REFERENCE][i];
        if (rc == FANOS_OK)
            rc = n != FANOS_REFERENCE_DIM
                     ? FANOS_EDIM
                     : load_one(x, DRAWS_REFERENCE, seed, x0, W, dir);
        if (rc != FANOS_OK) {
            reference_error(x, seed, dir, rc);
            break;
        }
    }
    free(x0);
    free(W);
    return rc == FANOS_OK ? 0 : -1;
}

static int starts_load(const experiment *x, const char *dir, sweep_starts *s)
{
    const size_t n = x->dim, nw = x->problem == EXP_QUADRATIC ? n * n : 0;
    memset(s, 0, sizeof *s);
    if (x->problem == EXP_PINN)
        return pinn_check_draws(x, dir);
    for (int d = 0; d < DRAWS_COUNT; d++) {
        size_t k = x->nseeds[d];
        if (!k)
            continue;
        s->x0[d] = malloc(k * n * sizeof(double));
        s->W[d] = nw ? malloc(k * nw * sizeof(double)) : NULL;
        if (!s->x0[d] || (nw && !s->W[d])) {
            cli_error("%s: out of memory for the start points", x->path);
            return -1;
        }
        for (size_t i = 0; i < k; i++) {
            int rc = load_one(x, d, x->seeds[d][i], s->x0[d] + i * n,
                              nw ? s->W[d] + i * nw : NULL, dir);
            if (rc == FANOS_OK)
                continue;
            if (d == DRAWS_REFERENCE)
                reference_error(x, x->seeds[d][i], dir, rc);
            else
                cli_error("%s:%zu: fresh_seeds: seed %lu: cannot draw the start "
                          "point: %s", x->path, x->seeds_line[d],
                          x->seeds[d][i], fanos_strerror(rc));
            return -1;
        }
    }
    return 0;
}

static int run_first_order(const experiment *x, const exp_method *m,
                           const exp_job *j, fanos_fdf_fn fdf, void *ctx,
                           double *xv, fanos_run_result *res)
{
    fanos_optimizer *opt = NULL;
    int rc = fanos_optimizer_alloc(&opt, m->type, x->dim);
    for (size_t i = 0; rc == FANOS_OK && i < m->nset; i++)
        rc = fanos_optimizer_set_text(opt, m->set_keys[i], m->set_vals[i]);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_set(opt, "lr", j->lr);
    if (rc == FANOS_OK) {
        fanos_run_options ro;
        fanos_run_options_init(&ro);
        ro.budget = x->budget;
        ro.loop = x->loop;
        ro.clip = m->clip;
        rc = fanos_run(fdf, ctx, x->dim, xv, opt, &ro, res);
    }
    fanos_optimizer_free(opt);
    return rc;
}

static int run_lbfgs(const experiment *x, const exp_method *m, fanos_fdf_fn fdf,
                     void *ctx, double *xv, fanos_run_result *res)
{
    fanos_lbfgs_options lo;
    fanos_lbfgs_result lr;
    fanos_lbfgs_options_init(&lo);
    lo.m = m->lbfgs_m;
    lo.linesearch = (fanos_lbfgs_linesearch)m->lbfgs_linesearch;
    lo.max_iterations = m->lbfgs_max_iterations;
    lo.budget = x->budget;
    int rc = fanos_lbfgs_run(fdf, ctx, x->dim, xv, &lo, &lr);
    if (rc == FANOS_OK)
        *res = lr.run;
    return rc;
}

/* The result of a run: a first-order run or a warm start. */
typedef struct {
    fanos_run_result run;
    fanos_warmstart_result ws;
} sweep_result;

/* A PINN run: the code path of `fanos pinn` with the method's settings
 * and lr (N20). */
static int run_pinn(const experiment *x, const exp_job *j, const char *dir,
                    fanos_warmstart_result *res)
{
    const exp_method *m = &x->methods[j->method];
    fanos_pinn *p;
    double *theta;
    fanos_optimizer *opt = NULL;
    int rc = cli_pinn_setup((fanos_pinn_pde)x->pde[j->param], x->widths,
                            x->nwidths, j->draws == DRAWS_FRESH, dir, j->seed,
                            &p, &theta);
    if (rc == FANOS_OK)
        rc = cli_pinn_warmup_alloc(&opt, m->type, fanos_pinn_size(p));
    for (size_t i = 0; rc == FANOS_OK && i < m->nset; i++)
        rc = fanos_optimizer_set_text(opt, m->set_keys[i], m->set_vals[i]);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_set(opt, "lr", j->lr);
    if (rc == FANOS_OK)
        rc = cli_pinn_warmstart(p, theta, opt, x->warmup_steps,
                                x->polish_iterations, res);
    fanos_optimizer_free(opt);
    fanos_pinn_free(p);
    free(theta);
    return rc;
}

/* One run of the plan.
 * [ST7] A run depends only on its own entry of the plan, so every column but seconds is the same
 * for any thread count and any shard split. */
static int run_job(const experiment *x, const sweep_starts *s, const exp_job *j,
                   const char *dir, sweep_result *sr)
{
    if (x->problem == EXP_PINN)
        return run_pinn(x, j, dir, &sr->ws);
    fanos_run_result *res = &sr->run;
    const exp_method *m = &x->methods[j->method];
    const size_t n = x->dim, si = j->seed_index;
    double *xv = malloc(n * sizeof *xv);
    if (!xv)
        return FANOS_ENOMEM;
    memcpy(xv, s->x0[j->draws] + si * n, n * sizeof *xv);
    fanos_fdf_fn fdf = fanos_rosenbrock_fdf;
    fanos_quadratic *q = NULL;
    int rc = FANOS_OK;
    if (x->problem == EXP_QUADRATIC) {
        rc = fanos_quadratic_alloc(&q, n, x->cond[j->param],
                                   s->W[j->draws] + si * n * n);
        fdf = fanos_quadratic_fdf;
    }
    if (rc == FANOS_OK)
        rc = m->type ? run_first_order(x, m, j, fdf, q, xv, res)
                     : run_lbfgs(x, m, fdf, q, xv, res);
    if (rc == FANOS_OK && !res->diverged && !isfinite(res->final_loss)) {
        res->diverged = 1;
        res->diverged_step = res->evals;
    }
    if (q)
        fanos_quadratic_free(q);
    free(xv);
    return rc;
}

static void write_row(FILE *fp, const experiment *x, const exp_job *j,
                      const fanos_run_result *r)
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
    char *f[RAW_NCOLS] = {k.f[0], k.f[1], k.f[2], k.f[3], k.f[4], k.f[5],
                          k.f[6], loss, r->diverged ? "1" : "0", dstep, evals,
                          steps, secs};
    csv_write_fields(fp, f, RAW_NCOLS);
}

static void write_row_pinn(FILE *fp, const experiment *x, const exp_job *j,
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

static void progress(const experiment *x, const exp_job *j, size_t done,
                     size_t total)
{
    exp_key k;
    experiment_job_key(x, j, &k);
    fprintf(stderr, "[%zu/%zu] %s lr=%s seed=%s draws=%s%s%s%s%s\n", done,
            total, k.method, *k.lr ? k.lr : "-", k.seed, k.draws,
            *k.param ? " kappa=" : "", k.param,
            x->problem == EXP_PINN ? " pde=" : "",
            x->problem == EXP_PINN ? k.problem : "");
}

/* Run the selected jobs over T threads; status per job in rcs. */
static void run_all(const experiment *x, const sweep_starts *s,
                    const exp_job *jobs, size_t n, int threads, int quiet,
                    const char *dir, sweep_result *res, int *rcs)
{
    size_t done = 0;
    (void)threads;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
    for (long i = 0; i < (long)n; i++) {
        rcs[i] = run_job(x, s, &jobs[i], dir, &res[i]);
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
    const char *file, *out, *draws_dir;
    unsigned long long shard_k, shard_n, threads;
    int dry_run, quiet;
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
    return -bad;
}

static void print_plan(const experiment *x, const exp_job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        exp_key k;
        experiment_job_key(x, &jobs[i], &k);
        csv_write_fields(stdout, k.f, k.nf);
    }
}

/* The runs of shard K/N, in row order. */
static size_t select_shard(exp_job *jobs, size_t n, const sweep_args *a)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        /* [ST3] Shard $K$ of $N$ holds the runs whose 0-based index $i$ in the order of ST2 has $i
         * \bmod N = K - 1$. */
        if (i % a->shard_n == a->shard_k - 1)
            jobs[k++] = jobs[i];
    return k;
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

static int execute(const experiment *x, exp_job *jobs, size_t n,
                   const sweep_args *a, const char *dir)
{
    sweep_starts s;
    cli_outfile out;
    if (starts_load(x, dir, &s)) {
        starts_free(&s);
        return EXIT_BADINPUT;
    }
    sweep_result *res = calloc(n ? n : 1, sizeof *res);
    int *rcs = calloc(n ? n : 1, sizeof *rcs);
    int status = 0;
    if (!res || !rcs) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    } else if (cli_out_open(&out, a->out)) {
        status = EXIT_BADINPUT;
    }
    if (status == 0) {
        int threads = sweep_threads(a, n);
        run_all(x, &s, jobs, n, threads, a->quiet, dir, res, rcs);
        for (size_t i = 0; i < n && status == 0; i++)
            if (rcs[i] != FANOS_OK) {
                exp_key k;
                experiment_job_key(x, &jobs[i], &k);
                cli_error("%s: [method %s] lr=%s seed=%s draws=%s%s%s%s%s: "
                          "the run failed: %s", x->path, k.method,
                          *k.lr ? k.lr : "-", k.seed, k.draws,
                          *k.param ? " kappa=" : "", k.param,
                          x->problem == EXP_PINN ? " pde=" : "",
                          x->problem == EXP_PINN ? k.problem : "",
                          fanos_strerror(rcs[i]));
                status = EXIT_BADINPUT;
            }
        if (status == 0) {
            raw_write_header(out.fp, experiment_schema(x));
            for (size_t i = 0; i < n; i++)
                if (x->problem == EXP_PINN)
                    write_row_pinn(out.fp, x, &jobs[i], &res[i].ws);
                else
                    write_row(out.fp, x, &jobs[i], &res[i].run);
            if (cli_out_commit(&out))
                status = EXIT_BADINPUT;
        } else {
            cli_out_abort(&out);
        }
    }
    free(res);
    free(rcs);
    starts_free(&s);
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
    exp_job *jobs = NULL;
    size_t n = 0;
    int status = 0;
    const char *dir = a.draws_dir ? a.draws_dir : cli_default_draws_dir();
    if (a.dry_run && check_reference_draws(&x, dir)) {
        status = EXIT_BADINPUT;
    } else if (experiment_plan(&x, &jobs, &n)) {
        cli_error("out of memory");
        status = EXIT_BADINPUT;
    } else {
        n = select_shard(jobs, n, &a);
        if (a.dry_run)
            print_plan(&x, jobs, n);
        else
            status = execute(&x, jobs, n, &a, dir);
    }
    free(jobs);
    experiment_free(&x);
    return status;
}

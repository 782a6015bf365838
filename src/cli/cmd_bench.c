/* cmd_bench.c - `fanos bench`: speed probes printed as name=value lines.
 *
 * bench pinn: one PINN loss-and-gradient evaluation of the T4 problem
 * beside a dgemm probe that makes the same matrix products (same shapes,
 * same blocks) in the same process, and the same evaluation run on both
 * cores at once by two processes (the library's probes, src/run/bench.c). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gsl/gsl_cblas.h>
#include "cli.h"
#include "experiment.h"

static void bench_usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos bench [steps [OPTIONS] | pinn [OPTIONS] | mlp [OPTIONS] |\n"
"                   work FILE.ini... | data [--reps N] FILE.ini...]\n"
"\n"
"Speed probes, each beside its baseline measured in the same process.\n"
"Without a probe name, steps, pinn and mlp run, in that order.  `fanos bench\n"
"steps --help` describes the step kernels against the memory bandwidth.\n"
"\n"
"fanos bench mlp [--reps N]\n"
"\n"
"Speed of one training step of the MLP 784-256-128-10 on Fashion-MNIST\n"
"(problem mlp with its defaults: all 60000 training examples, batches of\n"
"128, fresh draws of seed 0), float64, one BLAS thread: the loss and\n"
"gradient of the next mini-batch, then one AdamW step (lr 1e-3, PyTorch's\n"
"defaults), each step timed in CPU time.  Prints name=value lines:\n"
"blas_core, load_average, mlp_data (the folder read), mlp_params,\n"
"mlp_batch, mlp_step_ms (median),\n"
"mlp_step_ms_min, mlp_fdf_ms (median of the loss and gradient alone).\n"
"verify/torch_bench.py runs it beside the same step in PyTorch.\n"
"  --reps N    timed steps, 1 <= N <= 101                        [101]\n"
"\n"
"fanos bench work FILE.ini...\n"
"\n"
"The work of each experiment's problem (one trained on a data set: softmax,\n"
"mlp, charlm), set up as the experiment's first run on its first fresh seed\n"
"(doc/spec.md [MB18]); no timing.  Prints name=value lines, NAME the\n"
"experiment's name: work_NAME_examples, _batch, _steps_per_epoch,\n"
"_grad_flop_per_example (FLOPs of the matrix products of a gradient, per\n"
"training example), _grad_tanh_per_example, _heldout (held-out examples),\n"
"_eval_mflop (millions of FLOPs of one held-out evaluation) and _params.\n"
"An experiment of another problem is bad input.\n"
"\n"
"fanos bench data [--reps N] FILE.ini...\n"
"\n"
"The matrix products of each experiment's problem (set up as for bench work)\n"
"against the passes that make them, one BLAS thread, CPU time: in turn, the\n"
"loss and gradient of the next mini-batch, the same dgemm calls alone (same\n"
"shapes, order and buffers), a held-out evaluation and its dgemm calls alone\n"
"(an epoch's short last batch is not timed).  Prints name=value lines:\n"
"data_NAME_batch, data_NAME_step_ms and _step_ms_min (the loss and\n"
"gradient), _step_products_ms and _step_products_ms_min (its products\n"
"alone), _step_products_gflops_max (their FLOPs, doc/spec.md [MB18], over\n"
"the fastest), and the same of the held-out evaluation: _eval_ms,\n"
"_eval_ms_min, _eval_products_ms, _eval_products_ms_min and\n"
"_eval_products_gflops_max.  paper/floor.pl sets these rates beside the\n"
"dgemm probe's of bench pinn.\n"
"  --reps N    timed turns, 1 <= N <= 101                        [51]\n"
"\n"
"fanos bench pinn [--block B] [--reps N] [--rounds K]\n"
"\n"
"Speed of one PINN loss-and-gradient evaluation (network [2,50,50,50,1],\n"
"Burgers, 2000 collocation and 300 boundary/initial points, fresh draws of\n"
"seed 0) beside a dgemm probe making the same products in the same\n"
"process, and the evaluation on both cores at once (two processes).\n"
"The evaluation and the probe are timed in turn, so that both see the same\n"
"machine.  Prints name=value lines: blas_core, load_average (other work on\n"
"the machine skews every figure), pinn_block (the --block used),\n"
"pinn_mflop (millions of FLOPs of one evaluation, counted as doc/spec.md\n"
"[N18]), pinn_eval_ms (median) and pinn_eval_ms_min, pinn_gflops,\n"
"dgemm_gflops (median) and dgemm_gflops_max, pinn_dgemm_fraction (of the\n"
"medians) and pinn_dgemm_fraction_best (of the fastest runs),\n"
"pinn_tanh_per_eval (tanh values of one evaluation, [N23]), tanh_ns\n"
"(median) and tanh_ns_min (ns a value of the library's tanh, the variant\n"
"of the evaluation's layers, timed in turn with the evaluation),\n"
"pinn_eval_ms_side_by_side (median of each of two processes running at\n"
"once) and pinn_side_by_side_fraction (speed of each against one alone),\n"
"and the same in CPU time (pinn_eval_cpu_ms, pinn_eval_cpu_ms_side_by_side,\n"
"pinn_side_by_side_cpu_fraction), which other work that takes a core away\n"
"does not inflate.  The side-by-side figures are measured in K rounds\n"
"(pinn_side_by_side_rounds), each timing one evaluation alone and then two\n"
"at once: the fractions are the medians over the rounds of each round's\n"
"ratio, with their minimum and maximum (pinn_side_by_side_fraction_min,\n"
"pinn_side_by_side_fraction_max).\n"
"\n"
"Options:\n"
"  --block B   points per block, 1 <= B <= 4096                  [32]\n"
"  --reps N    timed evaluations, 3 <= N <= 100000               [50]\n"
"  --rounds K  side-by-side rounds, 1 <= K <= 1000                 [5]\n"
"\n"
"An unknown probe name is a usage error.\n"
CLI_EXIT_HELP);
}

/* One training step of the default mlp: its data read from the folder
 * configure found. */
static int bench_mlp(unsigned long long reps)
{
    fanos_problem *prob = NULL;
    fanos_optimizer *opt = NULL;
    double *x = NULL;
    int rc = fanos_problem_alloc(&prob, fanos_problem_mlp);
    const size_t n = rc == FANOS_OK ? fanos_problem_size(prob) : 0;
    if (rc == FANOS_OK && !(x = malloc(n * sizeof *x)))
        rc = FANOS_ENOMEM;
    if (rc == FANOS_OK)
        rc = fanos_problem_setup(prob, FANOS_DRAWS_FRESH, 0, NULL, x);
    int dstatus = 0;
    fanos_data_error derr;
    if (rc != FANOS_OK && prob)
        fanos_problem_data_error(prob, &dstatus, &derr);
    if (dstatus) {
        cli_report_data(prob, "bench mlp", dstatus, &derr);
    } else {
        if (rc == FANOS_OK)
            rc = fanos_optimizer_alloc(&opt, fanos_optimizer_adamw, n);
        if (rc == FANOS_OK)
            rc = fanos_optimizer_set(opt, "lr", 1e-3);
        fanos_bench_train_timing tm;
        if (rc == FANOS_OK)
            rc = fanos_bench_train_step(prob, opt, x, (unsigned)reps, &tm);
        if (rc == FANOS_OK) {
            double load[1] = {NAN};
            getloadavg(load, 1);
            printf("blas_core=%s\n", cli_blas_core());
            printf("load_average=%.2f\n", load[0]);
            printf("mlp_data=%s\n", fanos_mnist_default_dir());
            printf("mlp_params=%zu\n", n);
            printf("mlp_batch=128\n");
            printf("mlp_step_ms=%.4f\n", 1e3 * tm.step_med);
            printf("mlp_step_ms_min=%.4f\n", 1e3 * tm.step_min);
            printf("mlp_fdf_ms=%.4f\n", 1e3 * tm.fdf_med);
        } else {
            cli_error("bench mlp: %s", fanos_strerror(rc));
        }
    }
    fanos_optimizer_free(opt);
    fanos_problem_free(prob);
    free(x);
    return rc == FANOS_OK ? 0 : EXIT_FAILURE;
}

static int bench_pinn(unsigned long long block, unsigned long long reps,
                      unsigned long long rounds)
{
    /* the T4 network and points: the burgers problem's defaults, seed 0 */
    fanos_problem *prob;
    int rc = fanos_problem_alloc(&prob, fanos_problem_burgers);
    if (rc != FANOS_OK) {
        cli_error("bench pinn: %s", fanos_strerror(rc));
        return EXIT_BADINPUT;
    }
    const size_t n = fanos_problem_size(prob);
    double *theta = malloc(n * sizeof *theta);
    const char *why = NULL;
    fanos_bench_pinn_timing tm;
    fanos_bench_side sr;
    fanos_pinn *p = NULL;
    if (theta && fanos_problem_setup(prob, FANOS_DRAWS_FRESH, 0, NULL,
                                     theta) == FANOS_OK)
        p = fanos_problem_context(prob);
    if (!theta || !p || fanos_pinn_set_block(p, (size_t)block) ||
        fanos_bench_pinn(p, theta, (size_t)reps, (size_t)block, &tm))
        why = "out of memory";
    else if (fanos_bench_pinn_side_by_side(p, theta, (size_t)reps,
                                           (size_t)rounds, &sr))
        why = "the side-by-side processes failed (out of memory, or fork or "
              "pipe failed)";
    if (why) {
        cli_error("bench pinn: %s", why);
        free(theta);
        fanos_problem_free(prob);
        return EXIT_FAILURE;
    }
    const double flops = fanos_pinn_flops(p);
    double load[1] = {NAN};
    getloadavg(load, 1);
    const double pg = flops / tm.eval_med / 1e9;
    const double dg = tm.probe_flops / tm.probe_med / 1e9;
    printf("blas_core=%s\n", cli_blas_core());
    printf("load_average=%.2f\n", load[0]);
    printf("pinn_block=%llu\n", block);
    printf("pinn_mflop=%.3f\n", flops / 1e6);
    printf("pinn_eval_ms=%.4f\n", 1e3 * tm.eval_med);
    printf("pinn_eval_ms_min=%.4f\n", 1e3 * tm.eval_min);
    printf("pinn_gflops=%.3f\n", pg);
    printf("dgemm_gflops=%.3f\n", dg);
    printf("dgemm_gflops_max=%.3f\n", tm.probe_flops / tm.probe_min / 1e9);
    printf("pinn_dgemm_fraction=%.3f\n", pg / dg);
    printf("pinn_dgemm_fraction_best=%.3f\n",
           flops / tm.eval_min / (tm.probe_flops / tm.probe_min));
    printf("pinn_tanh_per_eval=%.0f\n", tm.tanh_count);
    printf("tanh_ns=%.4f\n", 1e9 * tm.tanh_med / tm.tanh_count);
    printf("tanh_ns_min=%.4f\n", 1e9 * tm.tanh_min / tm.tanh_count);
    printf("pinn_side_by_side_rounds=%llu\n", rounds);
    printf("pinn_eval_ms_side_by_side=%.4f\n", 1e3 * sr.pair_med);
    printf("pinn_side_by_side_fraction=%.3f\n", sr.frac_med);
    printf("pinn_side_by_side_fraction_min=%.3f\n", sr.frac_min);
    printf("pinn_side_by_side_fraction_max=%.3f\n", sr.frac_max);
    printf("pinn_eval_cpu_ms=%.4f\n", 1e3 * sr.solo_cpu_med);
    printf("pinn_eval_cpu_ms_side_by_side=%.4f\n", 1e3 * sr.pair_cpu_med);
    printf("pinn_side_by_side_cpu_fraction=%.3f\n", sr.cpu_frac_med);
    free(theta);
    fanos_problem_free(prob);
    return 0;
}

/* The message for an experiment whose problem is not trained on a data
 * set (or has no fresh seeds), naming those that are. */
static void not_data(const experiment *x, const char *file, const char *cmd)
{
    char names[256] = "";
    for (const fanos_problem_type *const *t = fanos_problem_types(); *t; t++)
        if ((*t)->batches)
            snprintf(names + strlen(names), sizeof names - strlen(names),
                     "%s%s", *names ? ", " : "", (*t)->name);
    cli_error("%s: problem = %s: %s takes an experiment of a problem trained "
              "on a data set, with fresh seeds (accepted: %s)", file,
              x->problems[0]->name, cmd, names);
}

/* The work of the problem of each experiment file (one trained on a data
 * set; doc/spec.md [MB18]), for the floor of make paper (paper/floor.pl). */
static int bench_work(int nfiles, char **files)
{
    if (!nfiles) {
        cli_error("bench work: no experiment file; usage: fanos bench work "
                  "FILE.ini...");
        return EXIT_USAGE;
    }
    for (int i = 0; i < nfiles; i++) {
        experiment x;
        if (experiment_load(files[i], &x))
            return EXIT_BADINPUT;
        fanos_batch_info bi;
        int rc = EXIT_BADINPUT;
        if (!x.problems[0]->batches || !x.nseeds[FANOS_DRAWS_FRESH]) {
            not_data(&x, files[i], "bench work");
        } else if (!experiment_check_data(&x, &bi)) {
            const char *e = x.name;
            printf("work_%s_examples=%zu\nwork_%s_batch=%zu\n", e, bi.examples,
                   e, bi.batch);
            printf("work_%s_steps_per_epoch=%zu\n", e, bi.steps_per_epoch);
            printf("work_%s_grad_flop_per_example=%.0f\n", e, bi.grad_flops);
            printf("work_%s_grad_tanh_per_example=%.0f\n", e, bi.grad_tanh);
            printf("work_%s_heldout=%zu\nwork_%s_eval_mflop=%.6f\n", e,
                   bi.heldout, e, bi.eval_flops / 1e6);
            printf("work_%s_params=%zu\n", e, bi.params);
            rc = 0;
        }
        experiment_free(&x);
        if (rc)
            return rc;
    }
    return 0;
}

/* The products of each experiment's problem against the passes that
 * make them (fanos_bench_data), for the floor of make paper. */
static void print_ms(const char *e, const char *what, double med, double min)
{
    printf("data_%s_%s_ms=%.4f\ndata_%s_%s_ms_min=%.4f\n", e, what, 1e3 * med,
           e, what, 1e3 * min);
}

static int bench_data(int argc, char **argv)
{
    unsigned long long reps = 51;
    int bad = 0, nfiles = 0;
    char **files = argv;
    for (int i = 0; i < argc && !bad; i++) {
        const char *v;
        if ((v = cli_opt(argc, argv, &i, "--reps", &bad))) {
            if (cli_parse_size(v, 1, FANOS_BENCH_MAX_REPS, &reps)) {
                cli_error("--reps %s: must be an integer in [1, %d]", v,
                          FANOS_BENCH_MAX_REPS);
                bad = EXIT_BADINPUT;
            }
        } else if (!bad && argv[i][0] == '-') {
            bad = cli_bad_arg("bench data", argv[i]);
        } else if (!bad) {
            files[nfiles++] = argv[i];
        }
    }
    if (bad)
        return bad;
    if (!nfiles) {
        cli_error("bench data: no experiment file; usage: fanos bench data "
                  "[--reps N] FILE.ini...");
        return EXIT_USAGE;
    }
    for (int i = 0; i < nfiles; i++) {
        experiment x;
        if (experiment_load(files[i], &x))
            return EXIT_BADINPUT;
        fanos_problem *p = NULL;
        double *x0 = NULL;
        fanos_bench_data_timing tm;
        int rc = EXIT_BADINPUT;
        if (!x.problems[0]->batches || !x.nseeds[FANOS_DRAWS_FRESH]) {
            not_data(&x, files[i], "bench data");
        } else if (!experiment_setup_data(&x, NULL, &p, &x0)) {
            const int st = fanos_bench_data(p, x0, (unsigned)reps, &tm);
            if (st != FANOS_OK) {
                cli_error("%s: bench data: %s", files[i], fanos_strerror(st));
                rc = EXIT_FAILURE;
            } else {
                const char *e = x.name;
                printf("data_%s_batch=%zu\n", e, tm.batch);
                print_ms(e, "step", tm.step_med, tm.step_min);
                print_ms(e, "step_products", tm.step_products_med,
                         tm.step_products_min);
                printf("data_%s_step_products_gflops_max=%.3f\n", e,
                       tm.step_flops / tm.step_products_min / 1e9);
                print_ms(e, "eval", tm.eval_med, tm.eval_min);
                print_ms(e, "eval_products", tm.eval_products_med,
                         tm.eval_products_min);
                printf("data_%s_eval_products_gflops_max=%.3f\n", e,
                       tm.eval_flops / tm.eval_products_min / 1e9);
                rc = 0;
            }
        }
        free(x0);
        fanos_problem_free(p);
        experiment_free(&x);
        if (rc)
            return rc;
    }
    return 0;
}

int cmd_bench(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        bench_usage(stdout);
        return 0;
    }
    if (argc < 2) {
        char *steps[] = {(char *)"steps", NULL};
        int rc = cmd_bench_steps(1, steps);
        rc = rc ? rc : bench_pinn(32, 50, 5);
        return rc ? rc : bench_mlp(101);
    }
    if (!strcmp(argv[1], "steps"))
        return cmd_bench_steps(argc - 1, argv + 1);
    if (!strcmp(argv[1], "mlp")) {
        unsigned long long reps = 101;
        int bad = 0;
        for (int i = 2; i < argc && !bad; i++) {
            const char *v;
            if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                bench_usage(stdout);
                return 0;
            } else if ((v = cli_opt(argc, argv, &i, "--reps", &bad))) {
                if (cli_parse_size(v, 1, FANOS_BENCH_MAX_REPS, &reps)) {
                    cli_error("--reps %s: must be an integer in [1, %d]", v,
                              FANOS_BENCH_MAX_REPS);
                    bad = EXIT_BADINPUT;
                }
            } else if (!bad) {
                bad = cli_bad_arg("bench mlp", argv[i]);
            }
        }
        return bad ? bad : bench_mlp(reps);
    }
    if (!strcmp(argv[1], "work")) {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            bench_usage(stdout);
            return 0;
        }
        return bench_work(argc - 2, argv + 2);
    }
    if (!strcmp(argv[1], "data")) {
        if (argc >= 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            bench_usage(stdout);
            return 0;
        }
        return bench_data(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "pinn")) {
        cli_error("bench %s: unknown probe (known: steps, pinn, mlp, work, data; see fanos "
                  "bench --help)", argv[1]);
        return EXIT_USAGE;
    }
    unsigned long long block = 32, reps = 50, rounds = 5;
    int bad = 0;
    for (int i = 2; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            bench_usage(stdout);
            return 0;
        } else if ((v = cli_opt(argc, argv, &i, "--block", &bad))) {
            if (cli_parse_size(v, 1, 4096, &block)) {
                cli_error("--block %s: must be an integer in [1, 4096]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--reps", &bad))) {
            if (cli_parse_size(v, 3, 100000, &reps)) {
                cli_error("--reps %s: must be an integer in [3, 100000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--rounds", &bad))) {
            if (cli_parse_size(v, 1, 1000, &rounds)) {
                cli_error("--rounds %s: must be an integer in [1, 1000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if (!bad) {
            bad = cli_bad_arg("bench pinn", argv[i]);
        }
    }
    return bad ? bad : bench_pinn(block, reps, rounds);
}

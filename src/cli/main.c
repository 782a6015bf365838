/* main.c - the fanos command: dispatch to subcommands. */
#include <config.h>
#include <errno.h>
#include <string.h>
#include "cli.h"

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"run", cmd_run, "one budgeted run of an optimizer on a problem"},
    {"params", cmd_params, "the parameter table of each optimizer"},
    {"stability", cmd_stability, "spectral radius of the one-step map (figure F6)"},
    {"sweep", cmd_sweep, "every run of an experiment file, into a raw CSV"},
    {"merge", cmd_merge, "join raw CSVs (shards of a sweep) into one"},
    {"stats", cmd_stats, "per-lr statistics and the best lr of raw CSVs"},
    {"pinn", cmd_pinn, "one T4 run: PINN warm-up, then L-BFGS polish"},
    {"bench", cmd_bench, "speed probes: step kernels vs bandwidth, PINN vs dgemm"},
};

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos COMMAND [OPTIONS]\n"
"\n"
"The FANoS reproduction package: FANoS (Friction-Adaptive Nose-Hoover\n"
"Symplectic Momentum) and the optimizers beside it on the benchmarks of the\n"
"FANoS paper.\n"
"\n"
"Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-11s %s\n", commands[i].name, commands[i].help);
    fprintf(fp,
"\n"
"  fanos COMMAND --help tells more; fanos --version prints the version.\n"
"\n");
    cmd_run_usage(fp);
    fprintf(fp, "\nOptimizers and their parameters (--set KEY=VALUE):\n");
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++) {
        fprintf(fp, "\n%s: %s\n", (*t)->name, (*t)->summary);
        cli_print_params(fp, *t, 0);
    }
}

/* A result that could not be written (a full disk, a closed pipe) is a
 * failure, not a success with nothing printed. */
static int flush_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the standard output: %s", strerror(errno));
        return status ? status : EXIT_BADINPUT;
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_error("no command given (see fanos --help)");
        return EXIT_USAGE;
    }
    cli_blas_setup(argc, argv);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return flush_stdout(0);
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("fanos %s\n", fanos_version());
        return flush_stdout(0);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name))
            return flush_stdout(commands[i].fn(argc - 1, argv + 1));
    cli_error("unknown command '%s' (see fanos --help)", cmd);
    return EXIT_USAGE;
}

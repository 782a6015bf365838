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
    {"thermostat", cmd_thermostat, "does T_ema track T0? FANoS over a grid of Q, rho_T, T0_max"},
    {"sweep", cmd_sweep, "every run of an experiment file, into a raw CSV"},
    {"merge", cmd_merge, "join raw CSVs (shards of a sweep) into one"},
    {"stats", cmd_stats, "per-lr statistics and the best lr of raw CSVs"},
    {"pinn", cmd_pinn, "one T4 run: PINN warm-up, then L-BFGS polish"},
    {"bench", cmd_bench, "speed probes: step kernels vs bandwidth, PINN vs dgemm"},
};

/* The list of commands, one line each; the options of each are in
 * `fanos COMMAND --help` (and in the man page, which includes them). */
static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: fanos COMMAND [OPTIONS]\n"
"  or:  fanos --help [COMMAND]\n"
"  or:  fanos --version\n"
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
"Options:\n"
"  -h, --help [COMMAND]  this list, or the help of COMMAND\n"
"  -V, --version         the version\n"
"\n"
"fanos COMMAND --help gives the options of COMMAND; fanos params lists\n"
"every optimizer's parameters.\n"
"\n" CLI_EXIT_HELP);
}

static int command_index(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(name, commands[i].name))
            return (int)i;
    return -1;
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

/* The command as the user typed it, for the messages that show a
 * command to run: in the build tree, libtool's wrapper script (src/fanos)
 * runs src/.libs/fanos, which cannot run alone. */
static const char *program_name(const char *argv0)
{
    static char path[4096];
    const char *libs = strstr(argv0, "/.libs/");
    if (!libs && strncmp(argv0, ".libs/", 6))
        return argv0;
    const size_t head = libs ? (size_t)(libs - argv0) + 1 : 0;
    const char *tail = libs ? libs + 7 : argv0 + 6;
    if (!strncmp(tail, "lt-", 3))
        tail += 3;
    if (head + strlen(tail) >= sizeof path)
        return argv0;
    memcpy(path, argv0, head);
    strcpy(path + head, tail);
    return path;
}

int main(int argc, char **argv)
{
    if (argc > 0 && argv[0] && *argv[0])
        cli_program = program_name(argv[0]);
    if (argc < 2) {
        cli_error("no command given (see fanos --help)");
        return EXIT_USAGE;
    }
    cli_blas_setup(argc, argv);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (argc == 2) {
            usage(stdout);
            return flush_stdout(0);
        }
        /* fanos --help COMMAND: the help of that command */
        int k = command_index(argv[2]);
        if (k < 0) {
            cli_error("%s %s: unknown command (see fanos --help)", cmd, argv[2]);
            return EXIT_USAGE;
        }
        if (argc > 3) {
            cli_error("%s %s: unexpected argument '%s' (see fanos --help)",
                      cmd, argv[2], argv[3]);
            return EXIT_USAGE;
        }
        char *sub[] = {argv[2], (char *)"--help", NULL};
        return flush_stdout(commands[k].fn(2, sub));
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        if (argc > 2) {
            cli_error("%s: unexpected argument '%s' (see fanos --help)", cmd,
                      argv[2]);
            return EXIT_USAGE;
        }
        printf("fanos %s\n", fanos_version());
        return flush_stdout(0);
    }
    int k = command_index(cmd);
    if (k >= 0)
        return flush_stdout(commands[k].fn(argc - 1, argv + 1));
    const char *names[sizeof commands / sizeof commands[0]];
    char hint[96];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        names[i] = commands[i].name;
    cli_error("unknown command '%s'%s (see fanos --help)", cmd,
              cli_did_you_mean(hint, sizeof hint, cmd, names,
                               sizeof commands / sizeof commands[0]));
    return EXIT_USAGE;
}

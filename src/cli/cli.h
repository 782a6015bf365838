/* cli.h - shared pieces of the fanos command. */
#ifndef FANOS_CLI_H
#define FANOS_CLI_H

#include <stdio.h>
#include "fanos.h"

/* Exit codes: 0 success, 1 bad input or failed run, 2 usage error.
 * A usage error is a command line of the wrong shape: an unknown option,
 * an option without its value, a positional argument too many or missing,
 * a required option missing.  Bad input is a well-formed command line with
 * a bad value: unparsable, out of range, in conflict with another, or a
 * file that cannot be read.  Parsers keep the status in an int `bad`
 * (0, EXIT_BADINPUT or EXIT_USAGE) and return it. */
enum { EXIT_BADINPUT = 1, EXIT_USAGE = 2 };
/* The sentence of every --help that states the rule above. */
#define CLI_EXIT_HELP \
"Exit status: 0 on success, 1 on bad input (a value unparsable, out of\n" \
"range or in conflict, a file that cannot be read) or a failed run or\n" \
"write, 2 on a usage error (an unknown option, an option without its\n" \
"value, an unexpected or missing argument, a required option missing).\n"

/* Print "fanos: <message>" as one line on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict integer parsing: the whole text, within [lo, hi]. 0 on success. */
int cli_parse_size(const char *text, unsigned long long lo,
                   unsigned long long hi, unsigned long long *out);
/* Strict finite real parsing. 0 on success. */
int cli_parse_real(const char *text, double *out);

/* An option's value: "--key value" or "--key=value".  Returns the value
 * (advancing *i) or NULL when argv[*i] is not this option; on a missing
 * value prints an error and sets *bad to EXIT_USAGE. */
const char *cli_opt(int argc, char **argv, int *i, const char *key, int *bad);
/* argv[i] of command cmd ("run", "bench pinn") is no option of it: "unknown
 * option" when it starts with '-', "unexpected argument" otherwise; prints
 * the error and returns EXIT_USAGE. */
int cli_bad_arg(const char *cmd, const char *arg);

/* Files written under a temporary name and renamed when complete.  "-"
 * is the standard output; a path naming a descriptor (/dev/stdout,
 * /dev/fd/N) is written through that descriptor, and a device, a pipe or
 * a socket (/dev/null, a FIFO) is written directly, never truncated.  A
 * symbolic link is followed, so the file it names is replaced and the
 * link stays.  A directory, the path of a file this command reads
 * (cli_note_input), or an existing file the user cannot write (unless
 * cli_force: --force) is refused before any work. */
extern int cli_force;
extern const char *cli_program;     /* argv[0] of the command */
typedef struct {
    FILE *fp;
    int std;        /* fp is stdout: flushed, never closed */
    char *tmp;      /* NULL when written directly */
    char *path;     /* as the user gave it, for messages */
    char *target;   /* the file replaced at commit (the link's target) */
} cli_outfile;
int cli_out_open(cli_outfile *o, const char *path);
/* Record a file this command reads, so that no output replaces it. */
void cli_note_input(const char *path);
int cli_out_commit(cli_outfile *o);   /* 0 on success */
void cli_out_abort(cli_outfile *o);

/* On SIGINT, SIGTERM and SIGHUP: remove the temporary output, end an
 * open progress line, call hook (async-signal-safe code only), then die
 * of the signal (exit status 128 + its number).  NULL: no hook. */
void cli_on_interrupt(void (*hook)(int sig));
/* Stop the process (SIGSTOP) when $FANOS_TEST_STOP names this phase:
 * the tests' way to kill a command at an exact point. */
void cli_test_stop(const char *phase);

/* Progress of a long command on stderr (ST24): a line "WHAT 3/10, 0:12
 * elapsed, ETA 0:40 (DETAIL)" redrawn in place on a terminal, at most
 * one line every 5 s elsewhere, none when quiet. */
typedef struct {
    fanos_progress p;
    int on, tty;
    const char *what;
} cli_progress;
double cli_clock(void);             /* monotonic seconds */
void cli_progress_start(cli_progress *c, const char *what, size_t total,
                        size_t done, int quiet);
void cli_progress_step(cli_progress *c, size_t done, const char *detail);
void cli_progress_show(cli_progress *c, const char *detail);
void cli_progress_end(cli_progress *c, const char *detail);   /* final line */

/* Shortest text that reads back as the same double ("nan" for NaN): the
 * form of every number of a result file and of a value echoed in an error
 * message.  32 bytes hold any. */
#define fmt_real(buf, len, v) ((void)fanos_real_str((buf), (len), (v)))

/* Describe an optimizer's parameters (for --help and `fanos params`). */
void cli_print_params(FILE *fp, const fanos_optimizer_type *t, int markdown);
/* The same for any parameter table (problem types). */
void cli_print_table(FILE *fp, const fanos_param_info *t, size_t n,
                     int markdown);

/* Apply "key=value" to an optimizer, printing a clear error. 0 on success. */
int cli_apply_set(fanos_optimizer *opt, const char *kv);
/* A failed cross-parameter check: the parameter bad blamed by the check
 * and its value, or, when the user did not give it (keys: "key" or
 * "key=value" items the user gave), the user's parameters whose default
 * would end the conflict; values in their shortest round-trip form.  The
 * parameters of opt are changed while probing and put back. */
void cli_conflict_text(fanos_optimizer *opt, size_t bad,
                       const char *const *keys, size_t nkeys, char *buf,
                       size_t len);
/* The same as one error line; sets are the --set items. */
void cli_report_conflict(fanos_optimizer *opt, size_t bad,
                         const char *const *sets, size_t nsets);

/* The problem of a run (src/cli/problem.c): options, objective, start. */
#define CLI_PARAMS_MAX 64
typedef struct {
    const char *name;           /* a problem type with protocol run       */
    unsigned long long dim;     /* 0: not given (the type's default)      */
    unsigned long long seed;
    double cond;                /* quadratic: condition number kappa      */
    int cond_given;
    const char *draws;          /* fresh | reference                      */
    const char *draws_dir;      /* folder of the reference draws          */
    const char *x0path;         /* NULL: the start point of the draws     */
    const char *objective;      /* FILE:SYMBOL of --objective, or NULL    */
    int problem_given, dim_given;
    const char *params[CLI_PARAMS_MAX];    /* --param KEY=VALUE items     */
    size_t nparams;
} cli_problem_args;
typedef struct {
    fanos_fdf_fn fdf;           /* fanos_problem_fdf or fanos_plugin_fdf  */
    void *ctx;                  /* the problem or the plug-in             */
    size_t n;
    double *x0;
    fanos_problem *problem;
    fanos_plugin *plugin;       /* --objective                            */
    const char *objective;
} cli_problem;
/* The names of the reference draws files of a seed of t. */
void cli_reference_file(const fanos_problem_type *t, unsigned long seed,
                        char *buf, size_t len);
/* A problem type `fanos run` takes (protocol run), or NULL. */
const fanos_problem_type *cli_run_problem_type(const char *name);
const char *cli_default_draws_dir(void);   /* $FANOS_DRAWS_DIR, else installed */
const char *cli_installed_draws_dir(void);
void cli_problem_args_init(cli_problem_args *a);
/* --cond, --draws, --draws-dir, --param: 1 when argv[*i] was one of them
 * (*bad set on a bad value, reported), 0 otherwise. */
int cli_problem_option(int argc, char **argv, int *i, cli_problem_args *a,
                       int *bad);
/* The rules between the problem options; 0 or -1 (reported). */
int cli_problem_check(const cli_problem_args *a);
/* Objective and start point; 0 or -1 (reported). */
int cli_problem_setup(const cli_problem_args *a, cli_problem *p);
void cli_problem_free(cli_problem *p);
/* After a failed run: 1 when --objective's function failed (reported,
 * with the call and its code), 0 otherwise. */
int cli_problem_failed(const cli_problem *p);
/* One line "WHERE: ..." for the data of p that could not be read (status
 * and e of fanos_problem_data_error), or that holds fewer examples than a
 * parameter asks. */
void cli_report_data(const fanos_problem *p, const char *where, int status,
                     const fanos_data_error *e);
/* The held-out metrics at x of a problem trained on a data set, appended
 * to the result line as " heldout_loss=... heldout_accuracy=...
 * heldout_bits=..." (bits: bits per character for charlm), or
 * " heldout_diverged=1"; nothing for other problems or a diverged run.
 * 0, or -1 (reported). */
int cli_problem_print_eval(const cli_problem *p, const double *x,
                           int diverged);


/* The arguments of `fanos run`, parsed and checked (names, ranges, --set
 * values and the rules between them) without running anything. */
typedef struct {
    cli_problem_args prob;      /* problem, dim, seed, cond, draws, x0    */
    const char *optimizer;      /* a registered optimizer name, or lbfgs  */
    const char *tracepath;      /* NULL: no trace                         */
    unsigned long long budget;
    double clip;                /* 0 = off                                */
    int clip_given, final_given;
    fanos_loop_kind loop;
    fanos_optimizer *params;    /* a size-1 instance holding the settings */
} run_args;
/* 0: parsed (free with run_args_free); 1: --help was printed;
 * -EXIT_BADINPUT or -EXIT_USAGE: reported as one line on stderr (nothing
 * to free).  The strings point into argv. */
int run_parse_args(int argc, char **argv, run_args *args);
void run_args_free(run_args *args);

/* "fanos, sgd, ..." (the registered optimizers) into buf. */
void cli_optimizer_names(char *buf, size_t len);

/* Names a user types (src/cli/names.c). */
/* "; did you mean X?" with the candidate fanos_suggest() finds, or "",
 * into buf; returns buf. */
const char *cli_did_you_mean(char *buf, size_t len, const char *name,
                             const char *const *candidates, size_t n);
/* The optimizer of option opt ("--optimizer"): a registered name or a
 * method name of the paper (fanos_optimizer_type_find; *settings gets
 * what the name states); warmup: first-order ones only.  NULL when there
 * is none (reported, with a "did you mean"). */
const fanos_optimizer_type *cli_find_optimizer(const char *opt,
                                               const char *name, int warmup,
                                               const char **settings);
/* Apply "k=v,k=v" settings (cli_apply_set each); 0 or -1 (reported). */
int cli_apply_settings(fanos_optimizer *opt, const char *settings);
/* Report an unknown problem of option opt among those of protocol. */
void cli_unknown_problem(const char *opt, const char *name,
                         fanos_protocol protocol);
/* What an argument that is no option of cmd may have meant, as
 * "; did you mean --budget?" (or "") into buf (cli_bad_arg adds it). */
void cli_option_hint(const char *cmd, const char *arg, char *buf, size_t len);
/* --set KEY=VALUE, or --lr X as --set lr=X (run and pinn): 1 when argv[*i]
 * was one of them, its item appended to sets (the last --lr wins); *bad
 * set when it was malformed ("--set lr 0.01"; reported). */
int cli_set_option(int argc, char **argv, int *i, const char **sets,
                   size_t *nsets, int *bad);
/* The one line for reference draws that cannot be read: where (the option
 * or file:line at fault), the folder and the file names, and where the
 * draws are (the source tree, $FANOS_DRAWS_DIR, the installed copy). */
void cli_report_draws(const char *where, const char *dir, const char *files);
/* 1 when dir lacks the reference draws of seed 0 of t: not the folder of
 * the draws at all (rather than one without a seed). */
int cli_draws_missing(const fanos_problem_type *t, const char *dir);

int cmd_run(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_stability(int argc, char **argv);
int cmd_thermostat(int argc, char **argv);
void cmd_run_usage(FILE *fp);

/* Sweeps and statistics (cmd_sweep.c, cmd_merge.c, cmd_stats.c). */
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_stats(int argc, char **argv);
void cmd_sweep_usage(FILE *fp);
void cmd_merge_usage(FILE *fp);
void cmd_stats_usage(FILE *fp);

/* `fanos bench-steps` (src/cli/bench_steps.c): the triad probe and one step
 * of fanos, adamw, sgd, vradam, cadam at d = 1e5 .. dmax, one name=value
 * line a figure on out and, when csv_path is not NULL, a CSV (name,value,
 * unit) written whole or not at all.  reps in [1, 101] repetitions a figure
 * (the median is reported); dmax one of 1e5, 1e6, 1e7.  FANOS_OK or a
 * FANOS_E* code (an error line is printed). */
int bench_steps(FILE *out, const char *csv_path, unsigned reps, size_t dmax);
int cmd_bench_steps(int argc, char **argv);

/* PINN commands (cmd_pinn.c, cmd_bench.c, blas.c). */
int cmd_pinn(int argc, char **argv);
int cmd_bench(int argc, char **argv);
void cmd_pinn_usage(FILE *fp);
/* Re-execute once with OPENBLAS_CORETYPE set when OpenBLAS took its generic
 * kernels on a CPU with AVX2 or AVX-512 (pinn, bench and sweep only). */
void cli_blas_setup(int argc, char **argv);
/* The OpenBLAS core type in use ("unknown" without OpenBLAS). */
const char *cli_blas_core(void);

#endif

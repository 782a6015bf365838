/* cli.h - shared pieces of the fanos command. */
#ifndef FANOS_CLI_H
#define FANOS_CLI_H

#include <stdio.h>
#include "fanos.h"

/* Exit codes: 0 success, 1 bad input or failed run, 2 usage error. */
enum { EXIT_BADINPUT = 1, EXIT_USAGE = 2 };

/* Print "fanos: <message>" as one line on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict integer parsing: the whole text, within [lo, hi]. 0 on success. */
int cli_parse_size(const char *text, unsigned long long lo,
                   unsigned long long hi, unsigned long long *out);
/* Strict finite real parsing. 0 on success. */
int cli_parse_real(const char *text, double *out);

/* An option's value: "--key value" or "--key=value".  Returns the value
 * (advancing *i) or NULL when argv[*i] is not this option; on a missing
 * value prints an error and sets *bad. */
const char *cli_opt(int argc, char **argv, int *i, const char *key, int *bad);

/* Files written under a temporary name and renamed when complete. */
typedef struct {
    FILE *fp;
    char *tmp;
    char *path;
} cli_outfile;
int cli_out_open(cli_outfile *o, const char *path);
int cli_out_commit(cli_outfile *o);   /* 0 on success */
void cli_out_abort(cli_outfile *o);

/* Describe an optimizer's parameters (for --help and `fanos params`). */
void cli_print_params(FILE *fp, const fanos_optimizer_type *t, int markdown);

/* Apply "key=value" to an optimizer, printing a clear error. 0 on success. */
int cli_apply_set(fanos_optimizer *opt, const char *kv);
/* Report a failed cross-parameter check. */
void cli_report_conflict(const fanos_optimizer *opt, size_t bad);

int cmd_run(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_stability(int argc, char **argv);
void cmd_run_usage(FILE *fp);

/* `fanos bench-steps` (src/cli/bench_steps.c): the triad probe and one step
 * of fanos, adamw, sgd, vradam, cadam at d = 1e5 .. dmax, one name=value
 * line a figure on out and, when csv_path is not NULL, a CSV (name,value,
 * unit) written whole or not at all.  reps in [1, 101] repetitions a figure
 * (the median is reported); dmax one of 1e5, 1e6, 1e7.  FANOS_OK or a
 * FANOS_E* code (an error line is printed). */
int bench_steps(FILE *out, const char *csv_path, unsigned reps, size_t dmax);
int cmd_bench_steps(int argc, char **argv);

#endif

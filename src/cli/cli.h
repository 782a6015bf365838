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
void cmd_run_usage(FILE *fp);

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

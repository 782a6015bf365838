/* experiment.h - experiment files (doc/experiments.md), the plan of runs
 * and the raw CSV rows of `fanos sweep`, `fanos merge` and `fanos stats`. */
#ifndef FANOS_CLI_EXPERIMENT_H
#define FANOS_CLI_EXPERIMENT_H

#include <stddef.h>
#include <stdio.h>
#include "fanos.h"

typedef enum { EXP_ROSENBROCK = 0, EXP_QUADRATIC = 1, EXP_PINN = 2 } exp_problem;
/* Draws sources, in the order of the rows (doc/spec.md ST2). */
typedef enum { DRAWS_REFERENCE = 0, DRAWS_FRESH = 1, DRAWS_COUNT = 2 } exp_draws;

extern const char *const exp_problem_names[3];
extern const char *const exp_draws_names[DRAWS_COUNT];

typedef struct {
    char *name;                 /* the method column, as in the paper   */
    char *optimizer;            /* registered name, or "lbfgs"          */
    const fanos_optimizer_type *type;   /* NULL for L-BFGS               */
    char **set_keys;            /* fixed settings (--set style)          */
    char **set_vals;
    size_t nset;
    double clip;                /* "+clip" max norm, 0 = off             */
    double *lr;                 /* own lr list, or NULL: the grid        */
    size_t nlr;
    size_t lbfgs_m;             /* L-BFGS history                        */
    int lbfgs_linesearch;       /* fanos_lbfgs_linesearch                */
    size_t lbfgs_max_iterations;
    size_t line;                /* line of the [method NAME] header      */
} exp_method;

typedef struct {
    char *path;
    char *name;
    exp_problem problem;
    size_t dim;
    double *cond;               /* quadratic: the kappa list             */
    size_t ncond;
    size_t budget;
    fanos_loop_kind loop;
    double *lr;                 /* the grid (may be empty when every
                                   method has its own lr)               */
    size_t nlr;
    unsigned long *seeds[DRAWS_COUNT];
    size_t nseeds[DRAWS_COUNT];
    size_t seeds_line[DRAWS_COUNT];
    exp_method *methods;
    size_t nmethods;
    /* problem = pinn (T4): the PDEs (fanos_pinn_pde, one param each),
     * the warm start and the network */
    int *pde;
    size_t npde;
    size_t warmup_steps, polish_iterations;
    size_t widths[FANOS_PINN_MAX_LAYERS], nwidths;
} experiment;

/* One run of the plan. */
typedef struct {
    size_t param;               /* index in cond or pde (0: Rosenbrock)  */
    exp_draws draws;
    size_t method;
    double lr;                  /* NAN for L-BFGS                        */
    unsigned long seed;
    size_t seed_index;          /* index of seed in seeds[draws]         */
} exp_job;

/* Read and check an experiment file; on error print one line naming
 * file:line, the key and the accepted values, and return -1. */
int experiment_load(const char *path, experiment *e);
/* The same from the text[0..len) of a file named name (in messages); used
 * by the fuzzing harness. */
int experiment_load_text(const char *name, const char *text, size_t len,
                         experiment *e);
void experiment_free(experiment *e);

/* Every run of the experiment in row order (ST1, ST2). */
int experiment_plan(const experiment *e, exp_job **jobs, size_t *njobs);

/* The key columns of a run's raw row (experiment ... seed: 7, or 6 for
 * PINN rows, which have no param); the numbers are written into k, which
 * f[] may point into.  problem, draws and method point at their fields. */
typedef struct {
    char param[32], lr[32], seed[24];
    char *f[7];
    size_t nf;
    const char *problem, *draws, *method;
} exp_key;
void experiment_job_key(const experiment *e, const exp_job *j, exp_key *k);

/* ---- raw CSV rows ---------------------------------------------------- */

/* The columns of a kind of raw CSV: the first-order sweeps' (raw_sweep)
 * and the PINN warm starts' (raw_pinn); the key columns come first. */
typedef struct {
    const char *const *columns;
    size_t ncols, nkey;
    int param;                  /* column of param, -1: none             */
    int problem, draws, method, lr, seed;
} raw_schema;
extern const raw_schema raw_sweep, raw_pinn;
/* The schema of an experiment's rows. */
const raw_schema *experiment_schema(const experiment *e);

#define RAW_MAX_COLS 13
#define RAW_NCOLS 13
extern const char *const raw_columns[RAW_NCOLS];
enum { RAW_EXPERIMENT, RAW_PROBLEM, RAW_PARAM, RAW_DRAWS, RAW_METHOD, RAW_LR,
       RAW_SEED, RAW_FINAL_LOSS, RAW_DIVERGED, RAW_DIVERGED_STEP, RAW_EVALS,
       RAW_STEPS, RAW_SECONDS };

/* A row read back: the fields as text and the parsed key. */
typedef struct {
    char *field[RAW_MAX_COLS];
    const raw_schema *schema;
    double param;               /* NAN when empty                        */
    int draws;
    double lr;                  /* NAN when empty                        */
    unsigned long long seed;
    const char *file;           /* where it came from                    */
    size_t line;
    size_t order;               /* position in the table as read         */
} raw_row;

typedef struct {
    raw_row *rows;
    size_t n, cap;
    const raw_schema *schema;   /* of the first file read; NULL before   */
} raw_table;

/* Append the rows of a raw CSV (header checked: either schema, the same
 * for every file of the table; every key field parsed); on error print one
 * line naming file:line and return -1. */
int raw_table_read(raw_table *t, const char *path);
void raw_table_free(raw_table *t);

/* Order of ST2 (with seed when with_seed, else the group order of ST8). */
int raw_row_cmp(const raw_row *a, const raw_row *b, int with_seed);
/* Sort by ST2 (stable for equal keys). */
void raw_table_sort(raw_table *t);

/* Write the header line, or one row of fields (quoted only when needed). */
void raw_write_header(FILE *fp, const raw_schema *schema);
void csv_write_fields(FILE *fp, char *const *field, size_t n);

#endif

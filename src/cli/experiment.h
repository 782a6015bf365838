/* experiment.h - experiment files (doc/experiments.md), the plan of runs
 * and the raw CSV rows of `fanos sweep`, `fanos merge` and `fanos stats`. */
#ifndef FANOS_CLI_EXPERIMENT_H
#define FANOS_CLI_EXPERIMENT_H

#include <stddef.h>
#include <stdio.h>
#include "fanos.h"

/* A method of an experiment file ([method NAME]). */
typedef struct {
    char *name;                 /* the method column, as in the paper   */
    char *optimizer;            /* registered name                      */
    const fanos_optimizer_type *type;
    char **set_keys;            /* fixed settings (--set style)          */
    char **set_vals;
    size_t nset;
    double clip;                /* "+clip" max norm, 0 = off             */
    double *lr;                 /* own lr list, or NULL: the grid        */
    size_t nlr;
    size_t line;                /* line of the [method NAME] header      */
    fanos_knob knobs[FANOS_KNOBS_MAX];      /* tune.NAME keys (tuned)    */
    size_t nknobs;
    size_t knob_line[FANOS_KNOBS_MAX];
} exp_method;

/* An experiment file: the library's experiment (lib, whose strings and
 * arrays point into the fields below) and where its parts were read. */
typedef struct {
    char *path;
    char *name;
    const fanos_problem_type **problems;    /* one, or a family's list   */
    size_t nproblems;
    char *family;               /* the problem key as written ("pinn")   */
    char **pset_keys, **pset_vals;          /* problem settings          */
    size_t npset;
    double *axis;               /* the axis values (cond)                */
    size_t naxis;
    size_t budget;
    size_t epochs;              /* > 0: the budget in epochs             */
    size_t eval_every;          /* > 0: held-out metrics every K steps   */
    double target_loss;         /* > 0: the held-out target (MB10)       */
    fanos_loop_kind loop;
    size_t warmup_steps, polish_iterations;
    size_t tuning_warmup_steps; /* tuned warm start: 0 = warmup_steps    */
    double *lr;                 /* the grid (may be empty when every
                                   method has its own lr)               */
    size_t nlr;
    unsigned long *seeds[FANOS_DRAWS_COUNT];
    size_t nseeds[FANOS_DRAWS_COUNT];
    size_t seeds_line[FANOS_DRAWS_COUNT];
    exp_method *methods;
    size_t nmethods;
    size_t trials;              /* tuned: trials = N; 0 otherwise        */
    unsigned long *tuning_seeds;
    size_t ntuning_seeds, tuning_line;
    fanos_experiment lib;
    fanos_experiment_method *lib_methods;
} experiment;

/* Read and check an experiment file; on error print one line naming
 * file:line, the key and the accepted values, and return -1. */
int experiment_load(const char *path, experiment *e);
/* The same from the text[0..len) of a file named name (in messages); used
 * by the fuzzing harness. */
int experiment_load_text(const char *name, const char *text, size_t len,
                         experiment *e);
void experiment_free(experiment *e);

/* Of an experiment whose problem is trained on a data set: its data read
 * and its problem set up as the first run will be (one line naming the
 * file on failure, and -1); bi (may be NULL) gets its batches and work
 * (doc/spec.md [MB18]).  0 at once for other problems. */
int experiment_check_data(const experiment *x, fanos_batch_info *bi);
/* The same check, and with out and start (both or neither) the problem
 * set up, and its start point, for the caller (fanos_problem_free and
 * free them; NULL when the check fails or the problem has no data). */
int experiment_setup_data(const experiment *x, fanos_batch_info *bi,
                          fanos_problem **out, double **start);

/* The protocol of the experiment (that of its problems). */
fanos_protocol experiment_protocol(const experiment *e);

/* ---- raw CSV rows ---------------------------------------------------- */

typedef struct raw_row raw_row;
/* The rows rows[0..nrows) are exactly the runs jobs[0..njobs), key field
 * by key field; otherwise print one line starting with what and return
 * -1. */
int experiment_match(const experiment *x, const fanos_experiment_run *jobs,
                     size_t njobs, const raw_row *rows, size_t nrows,
                     const char *what);
/* The choice of a tuned experiment (fanos_tuning_choose) from the tuning
 * rows at the start of rows (sorted), which must be exactly its tuning
 * plan; *ntuning is their number.  0, or -1 printed as above. */
int experiment_choose(const experiment *x, const raw_row *rows, size_t nrows,
                      size_t *best, size_t *ntuning, const char *what);

/* The columns of a kind of raw CSV: the first-order sweeps' (raw_sweep),
 * the tuned experiments' (raw_tuned: raw_sweep's and then phase, trial,
 * settings), the PINN warm starts' (raw_pinn, and raw_tuned_pinn with
 * phase, trial and settings after them) and the data sets' (raw_data,
 * raw_tuned_data); the key columns come first. */
typedef struct {
    const char *const *columns;
    size_t ncols, nkey;
    int param;                  /* column of param, -1: none             */
    int problem, draws, method, lr, seed;
    int phase, trial, settings; /* tuned rows; -1: none                  */
    int heldout;                /* first held-out column (MB8); -1: none */
    int diverged;               /* the diverged column                   */
    int choice;                 /* the loss a best lr or trial is chosen
                                   on (ST14, TU7, MB13, TU12)            */
} raw_schema;
extern const raw_schema raw_sweep, raw_tuned, raw_pinn, raw_data,
    raw_tuned_data, raw_tuned_pinn;
/* "first-order", "tuned", "PINN", "data-set", "tuned data-set",
 * "tuned PINN". */
const char *schema_kind(const raw_schema *sc);
/* The schema of an experiment's rows. */
const raw_schema *experiment_schema(const experiment *e);
/* The schema of a protocol's rows. */
const raw_schema *protocol_schema(fanos_protocol p);

#define RAW_MAX_COLS 24
#define RAW_NCOLS 13
extern const char *const raw_columns[RAW_NCOLS];
enum { RAW_EXPERIMENT, RAW_PROBLEM, RAW_PARAM, RAW_DRAWS, RAW_METHOD, RAW_LR,
       RAW_SEED, RAW_FINAL_LOSS, RAW_DIVERGED, RAW_DIVERGED_STEP, RAW_EVALS,
       RAW_STEPS, RAW_SECONDS, RAW_PHASE, RAW_TRIAL, RAW_SETTINGS };

/* A row read back: the fields as text and the parsed key. */
struct raw_row {
    char *field[RAW_MAX_COLS];
    const raw_schema *schema;
    double param;               /* NAN when empty                        */
    int draws;
    double lr;                  /* NAN when empty                        */
    unsigned long long seed;
    fanos_phase phase;          /* tuned rows                            */
    size_t trial;
    const char *file;           /* where it came from                    */
    size_t line;
    size_t order;               /* position in the table as read         */
};

typedef struct {
    raw_row *rows;
    size_t n, cap;
    const raw_schema *schema;   /* of the first file read; NULL before   */
} raw_table;

/* Append the rows of a raw CSV (header checked: either schema, the same
 * for every file of the table; every key field parsed); on error print one
 * line naming file:line and return -1. */
int raw_table_read(raw_table *t, const char *path);
/* The same from text[0..len) of the file name, whose first line0 lines
 * are not CSV (messages count them). */
int raw_table_read_text(raw_table *t, const char *name, const char *text,
                        size_t len, size_t line0);
void raw_table_free(raw_table *t);

/* The library's key of a row (pointing into its fields). */
void raw_row_key(const raw_row *r, fanos_row_key *k);
/* Order of ST2 (with seed when with_seed, else the group order of ST8). */
int raw_row_cmp(const raw_row *a, const raw_row *b, int with_seed);
/* Sort by ST2 (stable for equal keys). */
void raw_table_sort(raw_table *t);

/* Write the header line, or one row of fields (quoted only when needed). */
void raw_write_header(FILE *fp, const raw_schema *schema);
void csv_write_fields(FILE *fp, char *const *field, size_t n);
/* One field, quoted only when needed, without separator or newline. */
void csv_write_field(FILE *fp, const char *field);

/* ---- the journal of a sweep (journal.c, doc/spec.md ST25) ----------- */

typedef struct {
    char *path;                 /* OUT.journal                           */
    int fd;                     /* -1: none                              */
    raw_table rows;             /* the rows read back (--resume)         */
    size_t *slot;               /* plan index of each row read back      */
    size_t *todo, ntodo;        /* plan indices of the runs still to do  */
    volatile int saved;         /* rows in the journal                   */
    int defer;                  /* evaluation rows wait (journal_map)    */
    double synced;              /* clock of the last fdatasync; -1 once
                                   a failed one was reported             */
} journal;
/* Open OUT.journal for runs[0..n) of x (shard k of nshards): with resume
 * read it back (created when missing); without, create it (an existing
 * one is refused).  With defer (a tuned sweep of both phases: runs are
 * its tuning plan) the evaluation rows read back wait for journal_map.
 * 0 or -1 (reported; journal_close still applies). */
int journal_open(journal *j, const experiment *x,
                 const fanos_experiment_run *runs, size_t n, const char *out,
                 int resume, unsigned long long k, unsigned long long nshards,
                 int defer);
/* Map the rows read back onto runs[0..n) again (slot, todo, ntodo), the
 * evaluation rows too once j->defer is cleared.  0 or -1 (reported). */
int journal_map(journal *j, const experiment *x,
                const fanos_experiment_run *runs, size_t n);
/* Append one row, the whole line in one write (under the caller's lock). */
void journal_append(journal *j, const char *line, size_t len);
/* Close it, and remove the file when remove is set. */
void journal_close(journal *j, int remove);

#endif

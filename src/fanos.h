/* fanos.h - the one public header of libfanos.
 *
 * libfanos implements FANoS (Friction-Adaptive Nose-Hoover Symplectic
 * Momentum) and the optimizers it is compared with, the benchmark problems
 * of the FANoS paper, and a budgeted runner with the reference pipeline's
 * loop semantics.  Everything is float64.
 *
 * Conventions (in the manner of GSL):
 *  - every function that can fail returns an int error code, FANOS_OK (0)
 *    on success and a negative FANOS_E* code on failure; positive codes are
 *    informational (FANOS_SKIPPED);
 *  - the library never prints and never aborts on bad input;
 *  - an optimizer is a const type descriptor (fanos_optimizer_fanos, ...)
 *    plus an opaque instance created by fanos_optimizer_alloc();
 *  - every optimizer parameter has a name, a default and a valid range
 *    listed in its descriptor's parameter table (fanos_param_info).
 *
 * Copyright (C) 2026 The FANoS reproduction package authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef FANOS_H
#define FANOS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared here is libfanos's API, the only symbols it exports
 * (it is built with -fvisibility=hidden; compilers without the pragma
 * ignore it). */
#pragma GCC visibility push(default)

/* ------------------------------------------------------------------ */
/* Error codes                                                          */
/* ------------------------------------------------------------------ */

enum fanos_status {
    FANOS_OK = 0,
    FANOS_SKIPPED = 1,      /* step skipped by the optimizer's own rule
                               (FANoS: non-finite gradient entry)        */
    FANOS_ENULL = -1,       /* a required pointer argument is NULL       */
    FANOS_EDIM = -2,        /* n == 0, or sizes that do not match        */
    FANOS_ERANGE = -3,      /* a parameter value outside its valid range */
    FANOS_EUNKNOWN = -4,    /* unknown optimizer, parameter, field, problem */
    FANOS_ENOMEM = -5,      /* out of memory                             */
    FANOS_EPARSE = -6,      /* text that is not a valid value            */
    FANOS_ENONFINITE = -7,  /* a non-finite value appeared (divergence)  */
    FANOS_EIO = -8,         /* file could not be read or written         */
    FANOS_ECONFLICT = -9,   /* parameters valid alone, invalid together  */
    FANOS_EREADONLY = -10,  /* a diagnostic field cannot be set          */
    FANOS_EBUDGET = -11,    /* evaluation budget invalid (0)             */
    FANOS_EDOMAIN = -12     /* problem precondition violated (e.g. f<=0) */
};

/* A short English description of a status code (never NULL). */
const char *fanos_strerror(int status);

/* Package version string, e.g. "0.1.0". */
const char *fanos_version(void);

/* ------------------------------------------------------------------ */
/* Parameter tables                                                     */
/* ------------------------------------------------------------------ */

typedef enum {
    FANOS_PARAM_REAL = 0,   /* a finite double within [lower, upper]       */
    FANOS_PARAM_BOOL = 1,   /* 0 or 1; text accepts 0/1/true/false         */
    FANOS_PARAM_INT = 2,    /* an integer within [lower, upper]            */
    FANOS_PARAM_CHOICE = 3, /* one of the names in choices; the value is
                               its index (text: the name, or an alias)    */
    FANOS_PARAM_SIZES = 4,  /* a list of integers, each within [lower,
                               upper], at most FANOS_SIZES_MAX of them;
                               text "2,50,50,1"; default in def_text; set
                               and read with the *_set_text and
                               *_get_sizes functions of the owner          */
    FANOS_PARAM_PATH = 5    /* a file or folder name of at most
                               FANOS_PATH_PARAM_MAX bytes (any bytes but
                               NUL); default in def_text ("" or NULL: the
                               owner's documented default); set with
                               *_set_text, read with *_get_text          */
} fanos_param_kind;

#define FANOS_SIZES_MAX 16
#define FANOS_PATH_PARAM_MAX 4095

/* One row of an optimizer's parameter table.  The bounds are inclusive
 * unless the matching *_open flag is set; an infinite bound means none. */
typedef struct {
    const char *name;
    fanos_param_kind kind;
    double def;
    double lower;
    double upper;
    int lower_open;
    int upper_open;
    const char *help;
    /* FANOS_PARAM_CHOICE: the NULL-terminated names, value i = choices[i];
     * an entry "name|alias" also accepts alias as text.  NULL otherwise. */
    const char *const *choices;
    /* FANOS_PARAM_SIZES: the default list as text.  NULL otherwise. */
    const char *def_text;
} fanos_param_info;

/* Check one value against one table row: FANOS_OK or FANOS_ERANGE
 * (NaN and infinities are always out of range); FANOS_ENULL for a NULL
 * info. */
int fanos_param_check(const fanos_param_info *info, double value);

/* Parse text as a value of this row's kind (strict: the whole string must
 * be a number, or for booleans 0/1/true/false, case-insensitive, or for a
 * choice one of its names or aliases, giving the index).  A
 * FANOS_PARAM_SIZES or FANOS_PARAM_PATH row has no single value:
 * FANOS_EPARSE (use fanos_param_parse_sizes, or the owner's set_text).
 * FANOS_EPARSE on text that is not a value: empty, a leading or trailing
 * blank, trailing garbage ("1e-3x"), hexadecimal ("0x10"), or a boolean
 * other than those four words; FANOS_ERANGE when it is a number but out of
 * range, which includes "nan", "inf" and overflows ("1e400").  An underflow
 * ("1e-400") reads as the correctly rounded value.  FANOS_ENULL for a NULL
 * argument.  *value is written only on FANOS_OK. */
int fanos_param_parse(const fanos_param_info *info, const char *text,
                      double *value);

/* Write the valid range in interval notation, e.g. "(0, inf)" or
 * "[0, 1)" or "{0, 1}" (integers: "[1, 10] integer"), into buf (always
 * NUL-terminated, truncated to len - 1 characters).  FANOS_ENULL for a
 * NULL info or buf, FANOS_EDIM for len == 0. */
int fanos_param_range_str(const fanos_param_info *info, char *buf,
                          size_t len);

/* Parse "a,b,c" (no blanks) as the list of a FANOS_PARAM_SIZES row: 1 to
 * FANOS_SIZES_MAX integers, each in the row's range; *count of them into
 * v (room for FANOS_SIZES_MAX).  FANOS_EPARSE (not such a list: empty, an
 * empty item, not an integer, too many), FANOS_ERANGE (an item out of
 * range), FANOS_ENULL. */
int fanos_param_parse_sizes(const fanos_param_info *info, const char *text,
                            size_t *v, size_t *count);

/* The shortest text that reads back (strtod) as the same double: whole
 * numbers below 1e15 without an exponent (1000000, not 1e+06), else the
 * shortest %.Ng, N <= 17; "nan", "inf", "-inf".  The form of every number
 * of the package's result files; 32 bytes hold any.  Truncated to len
 * like snprintf.  FANOS_ENULL (buf NULL), FANOS_EDIM (len 0). */
int fanos_real_str(char *buf, size_t len, double v);

/* The text of a parameter's default (a shortest round-trip number, a
 * choice's name, a list's def_text, a path's def_text, "" when it has
 * none) into buf.  FANOS_ENULL, FANOS_EDIM. */
int fanos_param_default_str(const fanos_param_info *info, char *buf,
                            size_t len);

/* ------------------------------------------------------------------ */
/* Optimizer types                                                      */
/* ------------------------------------------------------------------ */

typedef enum {
    FANOS_FIELD_VECTOR = 0, /* n doubles                                  */
    FANOS_FIELD_SCALAR = 1, /* one double                                 */
    FANOS_FIELD_COUNT = 2   /* one non-negative integer (read as double)  */
} fanos_field_kind;

/* One named field of an optimizer's private state.  State fields make up
 * the whole optimizer state (read and set them to checkpoint, resume, or
 * probe the one-step map from a chosen state); diagnostic fields are
 * read-only values computed by the last step. */
typedef struct {
    const char *name;
    fanos_field_kind kind;
    int is_state;           /* 1: state (settable), 0: diagnostic        */
    size_t offset;          /* offset in the private state struct       */
    const char *help;
} fanos_field_info;

typedef struct fanos_optimizer_type fanos_optimizer_type;
typedef struct fanos_optimizer fanos_optimizer;
struct fanos_run_options;
struct fanos_run_result;

/* Objective and gradient at x (g may be NULL for the loss alone).
 * Returns FANOS_OK; a non-finite value is returned in *f, not as an error.
 * A negative code ends fanos_run() with that code. */
typedef int (*fanos_fdf_fn)(void *ctx, size_t n, const double *x, double *f,
                            double *g);

/* Descriptor of one optimizer (one per source file in src/optim/).  The
 * callbacks are for the library; callers use the fanos_optimizer_* API. */
struct fanos_optimizer_type {
    const char *name;               /* e.g. "fanos"                   */
    const char *summary;            /* one line                       */
    const fanos_param_info *params; /* parameter table                */
    size_t nparams;
    const fanos_field_info *fields; /* state and diagnostic fields    */
    size_t nfields;
    size_t state_size;              /* sizeof the private state; each
                                       vector field is a double * in it,
                                       pointed by the library at n
                                       doubles of its own              */
    /* cross-parameter rules; on failure *bad is the offending index   */
    int (*check)(const double *p, size_t *bad);
    /* set the state to its initial value (vectors are allocated)       */
    void (*init)(void *state, size_t n, const double *p);
    /* one step: x updated in place from gradient g and loss f at x    */
    int (*step)(void *state, size_t n, double *x, const double *g, double f,
                const double *p);
    /* A method that drives its own iterations (L-BFGS) has no step (NULL)
     * and no state fields; fanos_run() hands it the whole budgeted run:
     * parameters p, objective, x (updated), options and result. */
    int (*run)(const double *p, fanos_fdf_fn fdf, void *ctx, size_t n,
               double *x, const struct fanos_run_options *opts,
               struct fanos_run_result *res);
};

/* The optimizers of the package (see doc/spec.md). */
extern const fanos_optimizer_type *const fanos_optimizer_fanos;
/* Baselines with PyTorch semantics and the family (src/optim/<name>.c). */
extern const fanos_optimizer_type *const fanos_optimizer_sgd;
extern const fanos_optimizer_type *const fanos_optimizer_adamw;
extern const fanos_optimizer_type *const fanos_optimizer_rmsprop;
extern const fanos_optimizer_type *const fanos_optimizer_vradam;
extern const fanos_optimizer_type *const fanos_optimizer_ikfad;
extern const fanos_optimizer_type *const fanos_optimizer_cd;
extern const fanos_optimizer_type *const fanos_optimizer_cadam;
/* NGN-M needs the loss f > 0 at every step: FANOS_EDOMAIN otherwise. */
extern const fanos_optimizer_type *const fanos_optimizer_ngnm;
/* "adam-eqbeta": AdamW with beta1 = beta2 = 0.95 (src/optim/adamw.c). */
extern const fanos_optimizer_type *const fanos_optimizer_adam_eqbeta;
/* "lbfgs": L-BFGS through liblbfgs (src/run/lbfgs.c), a method with a
 * run callback and no step: fanos_run() drives it, fanos_optimizer_step()
 * refuses it (FANOS_ECONFLICT).  It has no lr. */
extern const fanos_optimizer_type *const fanos_optimizer_lbfgs;

/* NULL-terminated list of every optimizer type. */
const fanos_optimizer_type *const *fanos_optimizer_types(void);

/* Look a type up by name; NULL when unknown. */
const fanos_optimizer_type *fanos_optimizer_type_lookup(const char *name);

/* The type a name typed by a user stands for: a registered name exactly
 * (as fanos_optimizer_type_lookup), else, ignoring ASCII case, a
 * registered name or one of the method names of the paper's tables and
 * experiment files that stand for exactly one optimizer:
 *   SGD+Mom          sgd, with the momentum its name states (momentum=0.9)
 *   FANoS-RMS        fanos (the defaults: RMS mass, grad_clip 1)
 *   FANoS-Baseline   fanos (the defaults)
 *   NGN-M            ngnm
 *   L-BFGS           lbfgs
 * (AdamW, RMSProp, FANoS, VRAdam, iKFAD, CD, CADAM, Adam-eqbeta are
 * registered names in another case).  A name selects the optimizer with
 * its defaults, not the settings of an experiment file's [method]: AdamW
 * of T1 sets weight_decay=0.01, of T3 weight_decay=0.  The method names of
 * a clip (AdamW+clip), of a warm start (AdamW->L-BFGS) or of an ablation
 * (FixedFriction-1, ...) stand for no single optimizer: NULL, as for a
 * NULL or unknown name.  *settings (may be NULL) receives the settings
 * the name states, "key=value" items separated by commas, "" for none
 * (and on NULL). */
const fanos_optimizer_type *fanos_optimizer_type_find(const char *name,
                                                      const char **settings);

/* The candidate closest to name, for a "did you mean" of a message: the
 * least edit distance (an insertion, a deletion, a substitution or a swap
 * of two neighbouring characters counts one; ASCII case is ignored), or 1
 * for a candidate that begins with a name of 3 characters or more ("rms"
 * for "rmsprop").  Only a candidate within 0 edits of a name of 1 or 2
 * characters, 1 of a name of 3 to 5, 2 of 6 to 8 and 3 of a longer one is
 * returned; the first of equally close ones.  NULL when none is that
 * close, for a NULL name or candidates, an empty name or one of more than
 * 128 characters; NULL entries and entries of more than 128 characters
 * among the n candidates are skipped.  The result points into
 * candidates. */
const char *fanos_suggest(const char *name, const char *const *candidates,
                          size_t n);

/* Index of a parameter in a type's table, FANOS_EUNKNOWN, or FANOS_ENULL
 * for a NULL argument. */
int fanos_optimizer_type_param_index(const fanos_optimizer_type *type,
                                     const char *name);

/* ------------------------------------------------------------------ */
/* Optimizer instances                                                  */
/* ------------------------------------------------------------------ */

/* Create an optimizer of the given type for n parameters, with every
 * parameter at its default.  The state is set to its initial value at the
 * first step (so parameters set before it, e.g. T0_max, take effect), or
 * by fanos_optimizer_reset().  FANOS_ENULL for a NULL out or type, or a
 * type without step callback or with a NULL params/fields table of
 * non-zero length; FANOS_EDIM for n == 0, an n whose vectors overflow
 * size_t, or a field lying outside state_size; FANOS_ENOMEM.  *out is NULL
 * on every failure but FANOS_ENULL. */
int fanos_optimizer_alloc(fanos_optimizer **out,
                          const fanos_optimizer_type *type, size_t n);
void fanos_optimizer_free(fanos_optimizer *opt);   /* NULL is allowed */

/* The type and n of an instance; NULL and 0 for a NULL opt. */
const fanos_optimizer_type *fanos_optimizer_get_type(
    const fanos_optimizer *opt);
size_t fanos_optimizer_size(const fanos_optimizer *opt);

/* Set or read one parameter by name.  set() checks the value against the
 * table (FANOS_ERANGE) and the name (FANOS_EUNKNOWN); set_text() parses as
 * fanos_param_parse() (FANOS_EPARSE, FANOS_ERANGE).  A rejected value
 * leaves the parameter as it was.  FANOS_ENULL for a NULL argument.  Rules
 * that involve several parameters are checked by fanos_optimizer_check()
 * and again before every step. */
int fanos_optimizer_set(fanos_optimizer *opt, const char *name, double value);
int fanos_optimizer_set_text(fanos_optimizer *opt, const char *name,
                             const char *text);
int fanos_optimizer_get(const fanos_optimizer *opt, const char *name,
                        double *value);

/* Check the rules between parameters: FANOS_OK or FANOS_ECONFLICT, with
 * the index of the parameter at fault in *bad (may be NULL; untouched on
 * FANOS_OK).  FANOS_ENULL for a NULL opt. */
int fanos_optimizer_check(const fanos_optimizer *opt, size_t *bad);
/* After fanos_optimizer_check blamed parameter bad: the parameters among
 * names[0..nnames) (each "name" or "name=value", as a user gave them),
 * but bad, whose default alone would end the conflict.  Each is set to
 * its default, checked and put back; their indices in the type's table go
 * to culprits (room for the table's size), in table order, and their
 * number to *nculprits.  FANOS_ENULL, FANOS_ERANGE (bad out of the table). */
int fanos_optimizer_conflict_culprits(fanos_optimizer *opt, size_t bad,
                                      const char *const *names, size_t nnames,
                                      size_t *culprits, size_t *nculprits);

/* One step from gradient g (and loss f, used by the optimizers that need
 * it, e.g. NGN-M) at x; x is updated in place.  Returns FANOS_OK,
 * FANOS_SKIPPED when the optimizer's own rule skipped the step, or
 * FANOS_ENONFINITE when the step produced a non-finite iterate or state
 * (the run has diverged; x may hold non-finite values).  FANOS_ENULL for a
 * NULL argument and FANOS_ECONFLICT for conflicting parameters, both
 * before x is touched. */
int fanos_optimizer_step(fanos_optimizer *opt, double *x, const double *g,
                         double f);

/* Put the state back to its initial value (at the next step).
 * FANOS_ENULL for a NULL opt. */
int fanos_optimizer_reset(fanos_optimizer *opt);

/* Read or set one state or diagnostic field by name.  len must be n for
 * vectors and 1 for scalars and counts.  Setting any state field marks the
 * state as started, so the first step uses it as it is.  FANOS_ENULL for a
 * NULL argument, FANOS_EUNKNOWN for an unknown field, FANOS_EREADONLY for
 * setting a diagnostic field, FANOS_EDIM for a wrong len, FANOS_ERANGE for
 * a non-finite value, or a count that is not an integer in [0, 2^53];
 * nothing is written on failure. */
int fanos_optimizer_field_get(fanos_optimizer *opt, const char *name,
                              double *buf, size_t len);
int fanos_optimizer_field_set(fanos_optimizer *opt, const char *name,
                              const double *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Problems                                                             */
/* ------------------------------------------------------------------ */

/* Chained Rosenbrock, n >= 2:
 * f = sum_{i=1}^{n-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2.  ctx unused.
 * FANOS_ENULL for a NULL x or f, FANOS_EDIM for n < 2. */
int fanos_rosenbrock_fdf(void *ctx, size_t n, const double *x, double *f,
                         double *g);

/* Uniform start point of the Rosenbrock benchmark: x_i ~ U(-2, 2) from a
 * GSL mt19937 generator seeded from seed (0 <= seed < 2^32 - 1).
 * FANOS_ENULL, FANOS_EDIM (n == 0), FANOS_ERANGE (seed), FANOS_ENOMEM. */
int fanos_rosenbrock_x0(size_t n, unsigned long seed, double *x);

/* Ill-conditioned quadratic f = 1/2 x^T A x with A = Q diag(lambda) Q^T,
 * lambda_i = cond^((i-1)/(d-1)), Q from the Householder QR factorisation
 * of the d x d matrix W (row-major; GSL's reflections); A is built and
 * symmetrised by loops of the package in a fixed order of summation
 * (doc/spec.md [Q6]), so that f, g and A are the same bits whatever BLAS
 * kernels the CPU gets.  The quadratic owns a copy of A; W is not kept.
 * alloc: FANOS_EDIM unless 2 <= d <= 46340, FANOS_ERANGE unless
 * 1 <= cond < inf, FANOS_ENONFINITE for a non-finite entry of W. */
typedef struct fanos_quadratic fanos_quadratic;
int fanos_quadratic_alloc(fanos_quadratic **out, size_t d, double cond,
                          const double *W);
void fanos_quadratic_free(fanos_quadratic *q);
/* Ax and x^T A x are plain loops in a fixed order ([Q6]): no BLAS call,
 * so neither the BLAS kernels nor its thread count change a bit of f.
 * ctx is a fanos_quadratic *; n must be its d (FANOS_EDIM).  f is the
 * same number with or without g (without g, Ax goes to a buffer of d
 * doubles allocated for the call: FANOS_ENOMEM if none).  A is only read,
 * so one quadratic may serve several threads at once. */
int fanos_quadratic_fdf(void *ctx, size_t n, const double *x, double *f,
                        double *g);
/* The d x d matrix A, row-major (NULL for a NULL q). */
const double *fanos_quadratic_matrix(const fanos_quadratic *q);

/* Largest seed of fanos_quadratic_draw (GSL's mt19937 keeps 32 bits of
 * a seed, and the streams of seed s are seeded 2s + 1 and 2s + 2). */
#define FANOS_QUADRATIC_SEED_MAX 2147483646UL

/* Fresh draws: x0 ~ N(0, I) (d values) from a GSL mt19937 stream seeded
 * 2*seed + 1, and W (d*d values, row-major) with standard-normal entries
 * from a second stream seeded 2*seed + 2: no reuse between x0 and W, and
 * no stream seeded 0 (which GSL maps to its default seed 4357).
 * FANOS_ERANGE when seed > FANOS_QUADRATIC_SEED_MAX. */
int fanos_quadratic_draw(size_t d, unsigned long seed, double *x0, double *W);

/* Reference draws of the reference pipeline (experiments/draws/, installed
 * in $(pkgdatadir)/draws); dir is the folder holding the files.
 *  - fanos_reference_rosenbrock_x0: x0 of Rosenbrock seed `seed` from
 *    rosenbrock100_x0.csv (a header line, then "seed,x0,...,x99" rows);
 *    n must be 100.
 *  - fanos_reference_quadratic: x0 (d values) and W (d*d, row-major) from
 *    quadratic_seed{seed}.csv (a '#' comment line, one line of x0, then d
 *    lines of W); d must be 100.
 * Parsing is strict: comma-separated finite numbers, no empty fields.
 * Returns FANOS_EIO when a file (or, for the quadratic, the folder) cannot
 * be read, FANOS_EPARSE for malformed text, FANOS_EDIM for a wrong count
 * of values or lines (or n, d != 100), FANOS_ERANGE when the seed is not in
 * the reference set (no row of that seed; no quadratic_seed{seed}.csv in a
 * readable folder).  The outputs are written only on success. */
#define FANOS_REFERENCE_DIM 100
int fanos_reference_rosenbrock_x0(const char *dir, unsigned long seed,
                                  double *x, size_t n);
int fanos_reference_quadratic(const char *dir, unsigned long seed, size_t d,
                              double *x0, double *W);

/* ------------------------------------------------------------------ */
/* Reading vectors                                                      */
/* ------------------------------------------------------------------ */

/* Parse exactly n finite numbers separated by blanks (space, tab, CR, VT,
 * FF), commas or newlines ('#' starts a comment to the end of the line)
 * from text[0..len); a UTF-8 byte order mark (EF BB BF) at its start is
 * skipped.  Numbers are decimal, as fanos_param_parse() reads them; a
 * token of more than FANOS_VECTOR_TOKEN_MAX characters, a NUL byte, "nan",
 * "inf", an overflow or hexadecimal is FANOS_EPARSE.  *count receives how many
 * numbers were found (up to the bad token on FANOS_EPARSE); on
 * FANOS_EPARSE *line (may be NULL) is the 1-based line of the offending
 * token.  FANOS_EDIM when the count is not n (only the first n are
 * stored).  FANOS_ENULL for a NULL text or count, or a NULL x with n > 0;
 * FANOS_ENOMEM when a long token cannot be copied. */
#define FANOS_VECTOR_TOKEN_MAX 1048576
int fanos_parse_vector(const char *text, size_t len, double *x, size_t n,
                       size_t *count, size_t *line);

/* The same, from a file: FANOS_EIO when it cannot be opened or read (a
 * missing file, a directory, a file of 1 GiB or more), with errno telling
 * why (ENOENT, EISDIR, EFBIG, ...); FANOS_ENOMEM. */
int fanos_read_vector(const char *path, double *x, size_t n, size_t *count,
                      size_t *line);

/* Where a vector's text went wrong (fanos_parse_vector_ex): the 1-based
 * line and column (in bytes from the line's start; a byte order mark is
 * not counted) of the token that is not a number, its length in bytes (1
 * for a NUL byte) and its first bytes (at most FANOS_VECTOR_SHOWN, cut
 * before a UTF-8 continuation byte; "" for a NUL byte), NUL-terminated.
 * All 0 and "" when no token was bad. */
#define FANOS_VECTOR_SHOWN 48
typedef struct {
    size_t line;
    size_t column;
    size_t length;
    char token[FANOS_VECTOR_SHOWN + 1];
} fanos_vector_error;

/* fanos_parse_vector and fanos_read_vector with the place of the bad
 * token: the same codes, and on FANOS_EPARSE (or FANOS_ENOMEM for a long
 * token) *err (may be NULL) says where and what it is. */
int fanos_parse_vector_ex(const char *text, size_t len, double *x, size_t n,
                          size_t *count, fanos_vector_error *err);
int fanos_read_vector_ex(const char *path, double *x, size_t n, size_t *count,
                         fanos_vector_error *err);

/* ------------------------------------------------------------------ */
/* The budgeted runner                                                  */
/* ------------------------------------------------------------------ */

typedef enum {
    /* T1: while evals < budget: f,g = eval; final = f; non-finite f ->
     * diverged; clip; step.  The final loss is the loss before the last
     * step. */
    FANOS_LOOP_BEFORE_LAST = 0,
    /* T3: exactly budget steps, then one more evaluation: the final loss is
     * the loss after the last step; a non-finite loss or iterate diverges. */
    FANOS_LOOP_AFTER_LAST = 1
} fanos_loop_kind;


/* Called after every step (step = 1, 2, ...) with the loss at the iterate
 * before the step and the iterate after it.  A non-zero return stops the
 * run with that status. */
typedef int (*fanos_step_cb)(void *ctx, size_t step, double loss,
                             const double *x, size_t n,
                             fanos_optimizer *opt);

/* Called by a method that drives its own iterations (L-BFGS) at its
 * start point (iteration 0, after its evaluation) and after every
 * accepted iteration, with the evaluations made so far (the accepted
 * point is the one of the last of them), its loss and x.  A non-zero
 * return ends the run: a negative code is returned as it is and a
 * positive one as FANOS_EIO. */
typedef int (*fanos_iterate_cb)(void *ctx, size_t iteration, size_t evals,
                                double loss, const double *x, size_t n);

/* The budget of every run unless told otherwise (the reference's 3000
 * gradient evaluations). */
#define FANOS_BUDGET_DEFAULT 3000

typedef struct fanos_run_options {
    size_t budget;          /* gradient evaluations (> 0)                  */
    fanos_loop_kind loop;   /* first-order methods only                    */
    double clip;            /* "+clip": clip_grad_norm_ max norm; 0 = off;
                               a method with a run callback takes 0 only  */
    fanos_step_cb on_step;  /* first-order methods; may be NULL            */
    void *cb_ctx;           /* for on_step and on_iterate                  */
    fanos_iterate_cb on_iterate;    /* methods with a run callback; may be
                                       NULL                                */
} fanos_run_options;

typedef struct fanos_run_result {
    double final_loss;      /* NaN when diverged                           */
    int diverged;           /* 1 when a loss or iterate became non-finite   */
    size_t diverged_step;   /* evaluation at which it did (0 if none)      */
    size_t evals;           /* function-and-gradient evaluations           */
    size_t steps;           /* optimizer steps taken (accepted iterations) */
    size_t skipped;         /* steps the optimizer skipped by its own rule */
    double seconds;         /* wall time of the run                        */
    /* methods with a run callback: accepted iterations, the driving
     * library's own return code and what ended the run (L-BFGS:
     * fanos_lbfgs_stop_name()); 0, 0 and NULL for first-order methods */
    size_t iterations;
    int status;
    const char *stop;
} fanos_run_result;

/* Default options: budget FANOS_BUDGET_DEFAULT, FANOS_LOOP_BEFORE_LAST,
 * no clip, no callback.  A NULL opts is ignored. */
void fanos_run_options_init(fanos_run_options *opts);

/* Run opt on the objective fdf from x (n values, updated in place to the
 * last iterate).  Returns FANOS_OK also when the run diverged (see
 * result->diverged); an error code only for invalid arguments, a failing
 * callback or memory: FANOS_ENULL (fdf, x, opt, opts or result NULL),
 * FANOS_EDIM (n == 0 or n != the optimizer's size), FANOS_EBUDGET
 * (budget 0), FANOS_ERANGE (clip negative or non-finite, or a loop kind
 * outside fanos_loop_kind), FANOS_ECONFLICT (parameters), FANOS_ENOMEM;
 * these leave x untouched.  A negative code from fdf, or from on_step (a
 * positive one becomes FANOS_EIO), ends the run with it.  A method with a
 * run callback (L-BFGS) gets the budget and on_iterate; loop and on_step
 * do not apply to it, and a clip other than 0 is FANOS_ECONFLICT. */
int fanos_run(fanos_fdf_fn fdf, void *fdf_ctx, size_t n, double *x,
              fanos_optimizer *opt, const fanos_run_options *opts,
              fanos_run_result *result);

/* L-BFGS through liblbfgs (doc/spec.md section 8), on the same
 * evaluation budget as the first-order methods: every call of fdf counts
 * one evaluation and no call is made past opts->budget.  liblbfgs's own
 * stopping tests are off (epsilon 0, no delta test), so a run ends when
 * the budget is spent, after max_iterations accepted iterations, when a
 * line search fails (no representable decrease is left), when the loss
 * becomes non-finite (divergence), or when liblbfgs's update breaks down
 * (a non-finite trial point, met after underflow).  L-BFGS has no
 * learning rate. */
typedef enum {
    FANOS_LBFGS_MORE_THUENTE = 0,   /* liblbfgs default line search      */
    FANOS_LBFGS_STRONG_WOLFE = 1    /* backtracking, strong Wolfe        */
} fanos_lbfgs_linesearch;

#define FANOS_LBFGS_M_MAX 1000
#define FANOS_LBFGS_MAX_ITERATIONS_MAX 2147483647UL

/* Called at the start point (iteration 0, after its evaluation) and after
 * every accepted iteration, with the evaluations made so far (the accepted
 * point is the one of the last of them), its loss and x.  A non-zero
 * return ends the run: fanos_lbfgs_run returns a negative code as it is
 * and a positive one as FANOS_EIO. */
typedef fanos_iterate_cb fanos_lbfgs_cb;

typedef struct {
    size_t m;                       /* history size [1, 1000]      (100) */
    fanos_lbfgs_linesearch linesearch;                  /* (More-Thuente) */
    size_t max_iterations;          /* [0, 2^31 - 1]; 0 = until the
                                       budget ends                   (0) */
    size_t budget;                  /* function+gradient evaluations,
                                       >= 1                       (3000) */
    fanos_lbfgs_cb on_iteration;    /* may be NULL                (NULL) */
    void *cb_ctx;
    /* liblbfgs's own stopping tests and line-search limit, off by
     * default (the package's run ends on the budget): */
    double epsilon;                 /* ||g|| < epsilon max(1, ||x||) ends
                                       the run, [0, inf)             (0) */
    size_t past;                    /* delta test over this many
                                       iterations, 0 = none, [0, 2^31-1]
                                                                     (0) */
    double delta;                   /* relative decrease of the delta
                                       test, [0, inf)                (0) */
    size_t max_linesearch;          /* trials per line search,
                                       [1, 2^31 - 1]                (40) */
} fanos_lbfgs_options;

/* What ended an L-BFGS run. */
typedef enum {
    FANOS_LBFGS_STOP_BUDGET = 0,        /* the evaluation budget was spent */
    FANOS_LBFGS_STOP_MAX_ITERATIONS = 1,/* max_iterations accepted        */
    FANOS_LBFGS_STOP_LIBRARY = 2,       /* liblbfgs: zero gradient or a
                                           failed line search (status)    */
    FANOS_LBFGS_STOP_DIVERGED = 3,      /* a non-finite loss              */
    FANOS_LBFGS_STOP_BREAKDOWN = 4,     /* liblbfgs proposed a non-finite
                                           trial point (0/0 in its update
                                           after underflow); not evaluated */
    FANOS_LBFGS_STOP_ERROR = 5          /* fdf returned an error code     */
} fanos_lbfgs_stop;

typedef struct {
    fanos_run_result run;   /* final_loss = loss at the last accepted x
                               (NaN when diverged); evals; steps =
                               iterations; skipped = 0; seconds          */
    size_t iterations;      /* accepted iterations                      */
    int lbfgs_status;       /* liblbfgs's return code (LBFGS_* or
                               LBFGSERR_*; see fanos_lbfgs_status_name);
                               LBFGSERR_CANCELED when the package ended
                               the run after an accepted iterate         */
    fanos_lbfgs_stop stop;  /* what ended the run                       */
} fanos_lbfgs_result;

/* Defaults: those of the lbfgs parameter table (fanos params lbfgs: m
 * 100, More-Thuente, max_iterations 0, epsilon 0, past 0, delta 0,
 * max_linesearch 40), budget FANOS_BUDGET_DEFAULT, no callback. */
void fanos_lbfgs_options_init(fanos_lbfgs_options *opts);

/* Run from x (n values, 1 <= n <= 2^31 - 1); on return x is the last
 * accepted iterate (the start point when none was accepted).  Returns
 * FANOS_OK also when the run diverged or liblbfgs stopped with an error
 * status of its line search (see res); FANOS_ERANGE for an option out of
 * the range of its row in the lbfgs parameter table, FANOS_EBUDGET for budget 0, FANOS_EDIM,
 * FANOS_ENULL, FANOS_ENOMEM (also when liblbfgs cannot allocate its work
 * arrays, LBFGSERR_OUTOFMEMORY: no evaluation was made, and x and res are
 * untouched), or the error code fdf returned. */
int fanos_lbfgs_run(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
                    const fanos_lbfgs_options *opts, fanos_lbfgs_result *res);

/* The name of a liblbfgs return code, e.g. "LBFGSERR_MAXIMUMLINESEARCH"
 * (never NULL; "unknown" for a code liblbfgs does not define). */
const char *fanos_lbfgs_status_name(int status);

/* "budget", "max_iterations", "lbfgs", "diverged", "breakdown", "error"
 * ("unknown" for another value). */
const char *fanos_lbfgs_stop_name(fanos_lbfgs_stop stop);

/* PyTorch's clip_grad_norm_: g *= min(1, max_norm / (||g||_2 + 1e-6)).
 * Returns the norm before clipping in *norm (may be NULL).  FANOS_ENULL
 * for a NULL g, FANOS_EDIM for n == 0, FANOS_ERANGE for max_norm <= 0 or
 * non-finite (0 is "off" only in fanos_run_options.clip); nothing is
 * written on failure. */
int fanos_clip_grad_norm(double *g, size_t n, double max_norm, double *norm);

/* ------------------------------------------------------------------ */
/* Statistics of repeated runs (src/run/stats.c, doc/spec.md section 9) */
/* ------------------------------------------------------------------ */

typedef struct {
    size_t resamples;       /* bootstrap resamples, >= 1             (2000) */
    double level;           /* confidence level, in (0, 1)           (0.95) */
    unsigned long seed;     /* the bootstrap's GSL mt19937 is seeded with
                               seed + 1, 0 <= seed <= 4294967294     (1) */
} fanos_stats_options;

typedef struct {
    size_t n;               /* number of values summarised              */
    double mean;            /* arithmetic mean                          */
    double std;             /* population standard deviation (ddof 0)   */
    double median;          /* middle value; mean of the two middle ones */
    double ci_lo, ci_hi;    /* percentile-bootstrap CI of the mean      */
} fanos_stats_summary;

/* Default options: 2000 resamples, level 0.95, seed 1. */
void fanos_stats_options_init(fanos_stats_options *opts);

/* Summarise n >= 1 finite values (the runs that did not diverge; the
 * caller counts the others).  The bootstrap draws from its own generator
 * seeded with opts->seed + 1 (GSL's mt19937 maps 0 to its default seed),
 * so the result depends on x and opts only.
 * FANOS_EDIM for n == 0, FANOS_ENONFINITE for a non-finite value,
 * FANOS_ERANGE for invalid options. */
int fanos_stats_summarize(const double *x, size_t n,
                          const fanos_stats_options *opts,
                          fanos_stats_summary *out);

/* The best learning rate of one method: among the m candidates with
 * n_diverged[i] == 0 and n_ok[i] > 0, the lowest mean[i]; ties go to the
 * smaller lr[i].  *best is its index, or m when every candidate has a
 * diverged run.  FANOS_ERANGE for a NaN lr or a NaN mean of a candidate. */
int fanos_stats_best_lr(const double *lr, const double *mean,
                        const size_t *n_ok, const size_t *n_diverged,
                        size_t m, size_t *best);

/* ------------------------------------------------------------------ */
/* PINN problems (src/problems/pinn.c, doc/spec.md section 10)          */
/* ------------------------------------------------------------------ */

/* A physics-informed network u(x, t): an MLP with tanh hidden layers and a
 * linear output, float64, all parameters in one flat vector (layer by
 * layer: the weight [out x in] row-major, then the bias), trained on the
 * residual of a 1D PDE at collocation points plus the squared misfit at
 * boundary and initial points.  fanos_pinn_fdf() is a fanos_fdf_fn, so
 * every optimizer and the runners drive it unchanged. */
typedef struct fanos_pinn fanos_pinn;

typedef enum {
    FANOS_PINN_BURGERS = 0,     /* u_t + u u_x - (0.01/pi) u_xx = 0      */
    FANOS_PINN_ALLEN_CAHN = 1   /* u_t - 1e-4 u_xx + 5u^3 - 5u = 0       */
} fanos_pinn_pde;

/* Kinds of points (the first column of the reference points files). */
typedef enum {
    FANOS_PINN_COLLOCATION = 0, /* "f": PDE residual                     */
    FANOS_PINN_BC_LEFT = 1,     /* "bc_left": x = -1, boundary value     */
    FANOS_PINN_BC_RIGHT = 2,    /* "bc_right": x = +1, boundary value    */
    FANOS_PINN_IC = 3           /* "ic": t = 0, initial value            */
} fanos_pinn_kind;

#define FANOS_PINN_MAX_LAYERS 16    /* widths per network, at most       */
#define FANOS_PINN_MAX_WIDTH 4096   /* units per layer, at most           */

/* Look a PDE up by name ("burgers", "allen-cahn"): FANOS_EUNKNOWN else. */
int fanos_pinn_pde_lookup(const char *name, fanos_pinn_pde *pde);
const char *fanos_pinn_pde_name(fanos_pinn_pde pde);

/* A network of nwidths layer widths, widths[0] = 2 (x, t), the last = 1
 * (u), 3 <= nwidths <= FANOS_PINN_MAX_LAYERS, each width in
 * [1, FANOS_PINN_MAX_WIDTH]; widths NULL means [2, 50, 50, 50, 1].  The
 * network has no points until fanos_pinn_set_points() or a draw. */
int fanos_pinn_alloc(fanos_pinn **out, fanos_pinn_pde pde,
                     const size_t *widths, size_t nwidths);
void fanos_pinn_free(fanos_pinn *p);

/* Number of parameters (0 for NULL). */
size_t fanos_pinn_size(const fanos_pinn *p);
/* The layer widths: *nwidths of them into widths (room for
 * FANOS_PINN_MAX_LAYERS). */
int fanos_pinn_widths(const fanos_pinn *p, size_t *widths, size_t *nwidths);

/* Set the points: n points of the given kinds (at least one collocation
 * point and one boundary or initial point).  x in [-1, 1], t in [0, 1]
 * (FANOS_EDOMAIN otherwise); a boundary point must lie on its side
 * (x = -1 or x = +1) and an initial point at t = 0.  The targets come from
 * the PDE's boundary and initial conditions.  On failure (FANOS_ENOMEM
 * included) p keeps the points it had; so do the draws below, which also
 * leave theta untouched. */
int fanos_pinn_set_points(fanos_pinn *p, size_t n, const int *kind,
                          const double *x, const double *t);

/* The current points (pointers owned by p; NULL when there are none). */
size_t fanos_pinn_points(const fanos_pinn *p, const int **kind,
                         const double **x, const double **t);

/* Fresh draws from a GSL mt19937 stream of the seed, in the reference's
 * order: the network (PyTorch nn.Linear default initialisation), then nf
 * collocation x, nf collocation t, nbc boundary t (used on both sides),
 * nic initial x.  theta receives fanos_pinn_size(p) values; the points are
 * set on p. */
int fanos_pinn_draw(fanos_pinn *p, unsigned long seed, size_t nf, size_t nbc,
                    size_t nic, double *theta);

/* Reference draws of the reference pipeline: pinn_seed{seed}_params.txt
 * (the network, whose layer comment must match p's widths) and
 * pinn_seed{seed}_points.csv (kind,x,t) in dir.  Sets the points on p and
 * fills theta (fanos_pinn_size(p) values). */
int fanos_pinn_load_reference(fanos_pinn *p, const char *dir,
                              unsigned long seed, double *theta);

/* Loss and gradient (g may be NULL); ctx is a fanos_pinn *, n its size. */
int fanos_pinn_fdf(void *ctx, size_t n, const double *x, double *f,
                   double *g);

/* u and its input derivatives at npts points (any output may be NULL). */
int fanos_pinn_eval(fanos_pinn *p, const double *theta, size_t npts,
                    const double *x, const double *t, double *u, double *ux,
                    double *ut, double *uxx);

/* The PDE residual from u and its derivatives at one point, and the
 * target value of a boundary or initial point (NaN for a collocation
 * point or an unknown PDE or kind). */
double fanos_pinn_residual(fanos_pinn_pde pde, double u, double ux,
                           double ut, double uxx);
double fanos_pinn_target(fanos_pinn_pde pde, int kind, double x);

/* Points per block of the evaluation (activations of a block stay in
 * cache); 1 <= block <= 4096, default 32.  Changes no result beyond
 * the order of sums.  FANOS_ENOMEM leaves p with the block it had. */
int fanos_pinn_set_block(fanos_pinn *p, size_t block);

/* Floating-point operations of one loss-and-gradient evaluation at the
 * current points, counted from the layer products and element-wise
 * passes (doc/spec.md [N18]). */
double fanos_pinn_flops(const fanos_pinn *p);
/* tanh values of one loss-and-gradient evaluation at the current points
 * (doc/spec.md [N23]): the tanh probe of fanos_bench_pinn times as many.
 * 0 for p NULL. */
double fanos_pinn_tanh_count(const fanos_pinn *p);

/* The warm-start protocol of T4: warmup_steps steps of opt (T1 loop, full
 * batch), then one L-BFGS polish (strong Wolfe, history 100) of at most
 * polish_iterations iterations and 5/4 as many evaluations. */
typedef struct {
    size_t warmup_steps;        /* (1000)                                 */
    size_t polish_iterations;   /* 0 = no polish (200)                    */
    /* Watching the run (progress, traces); they change no result:
     * on_step is fanos_run's, after each warm-up step (step 1, 2, ...,
     * with the loss before it); on_iterate is the polish's L-BFGS
     * callback, at its start point (iteration 0) and after each accepted
     * iteration, with the polish's evaluations so far.  A non-zero
     * return ends the run as in fanos_run and fanos_lbfgs_run.  Both
     * NULL by default; cb_ctx is passed to both.                         */
    fanos_step_cb on_step;
    fanos_iterate_cb on_iterate;
    void *cb_ctx;
} fanos_warmstart_options;

typedef struct {
    double warmup_loss;     /* loss before the last warm-up step           */
    double entry_loss;      /* loss at entry to the polish (the reference's
                               "final"); NaN without a polish             */
    double polish_loss;     /* loss after the polish; NaN without one     */
    size_t polish_iterations;
    size_t evals;           /* all evaluations, warm-up and polish        */
    double seconds;
    int diverged;           /* 1: non-finite loss in warm-up or polish     */
    int lbfgs_status;       /* liblbfgs's return code of the polish       */
} fanos_warmstart_result;

/* The lr of the T4 warm-up optimizers (fanos pinn, PINN experiments),
 * set before the method's own settings (doc/spec.md N19). */
#define FANOS_WARMUP_LR 1e-3

/* FANOS_ENULL, FANOS_EBUDGET (warmup_steps 0), the codes of fanos_run()
 * and fanos_lbfgs_run().  res is written only on success; on an error x
 * holds the iterate reached (the warm-up's last when the polish could not
 * start). */
void fanos_warmstart_options_init(fanos_warmstart_options *opts);
int fanos_warmstart(fanos_fdf_fn fdf, void *ctx, size_t n, double *x,
                    fanos_optimizer *opt, const fanos_warmstart_options *opts,
                    fanos_warmstart_result *res);

/* ------------------------------------------------------------------ */
/* Problem types (src/problems/, doc/spec.md section 11)                */
/* ------------------------------------------------------------------ */

/* The two sources of start points (and of a problem's random data): the
 * reference pipeline's exported draws, or the package's own GSL draws. */
typedef enum {
    FANOS_DRAWS_REFERENCE = 0,
    FANOS_DRAWS_FRESH = 1
} fanos_draws;
#define FANOS_DRAWS_COUNT 2

/* "reference" or "fresh" (NULL for another value); lookup: FANOS_OK or
 * FANOS_EUNKNOWN (FANOS_ENULL for a NULL argument). */
const char *fanos_draws_name(fanos_draws draws);
int fanos_draws_lookup(const char *name, fanos_draws *draws);

/* How an experiment runs a problem: a budgeted run of each method (T1,
 * T3), or the T4 warm start (warm-up steps, then the L-BFGS polish). */
typedef enum {
    FANOS_PROTOCOL_RUN = 0,
    FANOS_PROTOCOL_WARMSTART = 1
} fanos_protocol;

typedef struct fanos_problem fanos_problem;
typedef struct fanos_problem_type fanos_problem_type;

/* Held-out metrics of a problem trained on a data set (doc/spec.md
 * section 13): the mean cross-entropy (natural log) over the held-out
 * split, the fraction of its examples whose largest logit is the label's
 * (the first largest on a tie), and that loss in bits (loss / ln 2: bits
 * per character for the character model).  All three are NaN when the
 * loss is not finite (a logit was not). */
typedef struct {
    double loss;
    double accuracy;
    double bits;
    size_t count;           /* held-out examples evaluated              */
} fanos_eval_metrics;

/* The mini-batches of a problem trained on a data set: every call of its
 * fdf with a gradient takes the next batch of the epoch (doc/spec.md
 * section 13). */
typedef struct {
    size_t examples;        /* training examples N                      */
    size_t batch;           /* examples per batch B (N: full batch)     */
    size_t steps_per_epoch; /* ceil(N / B)                              */
    size_t epoch;           /* epoch of the current batch, from 0       */
    size_t step;            /* its index in the epoch, from 0           */
    int started;            /* 0 until the first call with a gradient   */
    const size_t *indices;  /* the current batch: count example indices,
                               valid until the next fdf call            */
    size_t count;
    /* the work of doc/spec.md [MB18]: a gradient's FLOPs of matrix
     * products and tanh values per training example, a held-out
     * evaluation's FLOPs over its heldout examples */
    double grad_flops, grad_tanh, eval_flops;
    size_t heldout;
    size_t params;          /* parameters of the problem                */
} fanos_batch_info;

/* Descriptor of one problem (one per file in src/problems/), in the
 * manner of the optimizer types.  The callbacks are for the library;
 * callers use the fanos_problem_* API.  They read the parameters with
 * fanos_problem_get() and fanos_problem_get_sizes(). */
struct fanos_problem_type {
    const char *name;               /* e.g. "quadratic"                 */
    const char *summary;            /* one line                         */
    const fanos_param_info *params; /* parameter table                  */
    size_t nparams;
    /* experiment files name a family ("problem = pinn") and list its
     * members under family_key ("pde = burgers, allen-cahn"); NULL: none */
    const char *family, *family_key;
    /* the parameter whose value is the param column of raw rows
     * ("cond"); NULL: the column is empty */
    const char *axis;
    /* the reference draws hold this size only (0: no such rule), in the
     * files named by the printf format reference_files (its %lu, at most
     * two, are the seed), for the seeds reference_seeds ("0..9") */
    size_t reference_dim;
    const char *reference_files, *reference_seeds;
    /* the largest seed of fresh draws (0: 4294967294) */
    unsigned long fresh_seed_max;
    fanos_protocol protocol;
    /* rules between parameters; on failure *bad is the offending index */
    int (*check)(const fanos_problem *p, size_t *bad);
    /* number of parameters of the objective (the parameters are valid) */
    size_t (*size)(const fanos_problem *p);
    /* the objective for the draws of seed (reference draws read from dir)
     * in a new *ctx, and its start point in x0 (size() values) */
    int (*setup)(const fanos_problem *p, fanos_draws draws,
                 unsigned long seed, const char *dir, void **ctx, double *x0);
    fanos_fdf_fn fdf;               /* called with that ctx             */
    void (*free)(void *ctx);        /* NULL is passed on                */
    /* problems trained on a data set (NULL for the others): the
     * held-out metrics at x, and the state of the mini-batches */
    int (*eval)(void *ctx, size_t n, const double *x, fanos_eval_metrics *m);
    int (*batches)(const void *ctx, fanos_batch_info *info);
};

/* The problems of the package (see doc/spec.md). */
extern const fanos_problem_type *const fanos_problem_rosenbrock;
extern const fanos_problem_type *const fanos_problem_quadratic;
extern const fanos_problem_type *const fanos_problem_burgers;
extern const fanos_problem_type *const fanos_problem_allen_cahn;
/* Trained on a data set in mini-batches (doc/spec.md section 13):
 * softmax regression and a ReLU MLP on Fashion-MNIST, and a
 * character-level model of the fortunes corpus.  Their data folder is the
 * path parameter "data" ("" = the folder configure found); they have no
 * reference draws. */
extern const fanos_problem_type *const fanos_problem_softmax;
extern const fanos_problem_type *const fanos_problem_mlp;
extern const fanos_problem_type *const fanos_problem_charlm;

/* NULL-terminated list of every problem type; lookup by name (NULL when
 * unknown); index of a parameter (FANOS_EUNKNOWN, FANOS_ENULL). */
const fanos_problem_type *const *fanos_problem_types(void);
const fanos_problem_type *fanos_problem_type_lookup(const char *name);
int fanos_problem_type_param_index(const fanos_problem_type *type,
                                   const char *name);

/* A problem with every parameter at its default and no objective yet.
 * FANOS_ENULL (a NULL out or type, or a type without size, setup or fdf),
 * FANOS_ENOMEM; *out is NULL on failure but FANOS_ENULL. */
int fanos_problem_alloc(fanos_problem **out, const fanos_problem_type *type);
void fanos_problem_free(fanos_problem *p);          /* NULL is allowed */
const fanos_problem_type *fanos_problem_get_type(const fanos_problem *p);

/* Set or read one parameter, as fanos_optimizer_set() and friends; a
 * list parameter is set with set_text only and read with get_sizes
 * (*count values into v, room for FANOS_SIZES_MAX); a path parameter is
 * set with set_text only (FANOS_ERANGE for more than
 * FANOS_PATH_PARAM_MAX bytes) and read with get_text (*text points into
 * p, valid until the parameter is set again or p is freed).  get and
 * get_sizes of a row of another kind are FANOS_EDIM.  Setting a parameter
 * drops the objective of a previous setup. */
int fanos_problem_set(fanos_problem *p, const char *name, double value);
int fanos_problem_set_text(fanos_problem *p, const char *name,
                           const char *text);
int fanos_problem_get(const fanos_problem *p, const char *name,
                      double *value);
int fanos_problem_get_sizes(const fanos_problem *p, const char *name,
                            size_t *v, size_t *count);
int fanos_problem_get_text(const fanos_problem *p, const char *name,
                           const char **text);

/* The rules between parameters: FANOS_OK or FANOS_ECONFLICT with the
 * index at fault in *bad (may be NULL). */
int fanos_problem_check(const fanos_problem *p, size_t *bad);
/* The number of parameters of the objective, 0 when check fails (or,
 * for a type whose size depends on its data, when the data cannot be
 * read: see fanos_problem_data_error); after setup, the size it made. */
size_t fanos_problem_size(const fanos_problem *p);

/* Make the objective for the draws of seed (reference draws from the
 * folder dir, which may be NULL for fresh draws) and write its start
 * point into x0 (fanos_problem_size() values); replaces a previous one
 * only on success: a failed setup leaves x0 and the problem as they were.
 * FANOS_ECONFLICT (check), FANOS_EDIM (reference draws of another size),
 * FANOS_EUNKNOWN (reference draws of a type that has none, i.e. no
 * reference_files), the codes of the draws readers (FANOS_EIO,
 * FANOS_EPARSE, FANOS_EDIM, FANOS_ERANGE for a seed outside the draws),
 * FANOS_ENOMEM.  A problem trained on a data set also returns the codes
 * of the data readers (fanos_problem_data_error() names the file) and
 * FANOS_EDIM when ntrain or batch exceeds the training examples the data
 * holds. */
int fanos_problem_setup(fanos_problem *p, fanos_draws draws,
                        unsigned long seed, const char *dir, double *x0);
/* The objective: a fanos_fdf_fn whose ctx is the problem (after setup;
 * FANOS_ECONFLICT before it, FANOS_EDIM for another n). */
int fanos_problem_fdf(void *problem, size_t n, const double *x, double *f,
                      double *g);
/* The objective's own context (a fanos_quadratic *, a fanos_pinn *), for
 * the type's own API; NULL before setup. */
void *fanos_problem_context(const fanos_problem *p);

/* Held-out metrics at x (n values) of a problem trained on a data set,
 * after setup; the mini-batch order is not touched.  FANOS_ENULL,
 * FANOS_EUNKNOWN (the type has no held-out split), FANOS_ECONFLICT
 * (before setup), FANOS_EDIM (another n), FANOS_ENOMEM. */
int fanos_problem_eval(fanos_problem *p, const double *x,
                       fanos_eval_metrics *m);
/* The state of the mini-batches (after setup): FANOS_ENULL,
 * FANOS_EUNKNOWN (the type has no batches), FANOS_ECONFLICT (before
 * setup). */
int fanos_problem_batch_info(const fanos_problem *p, fanos_batch_info *info);

/* The order of the training examples in epoch `epoch` of a run of seed
 * `seed`: gsl_ran_shuffle of 0, ..., n - 1 with a GSL mt19937 seeded from
 * (seed, epoch) alone (doc/spec.md [MB1]), into perm (n values).
 * FANOS_ENULL, FANOS_EDIM (n == 0), FANOS_ERANGE (seed > 4294967294),
 * FANOS_ENOMEM. */
int fanos_epoch_permutation(unsigned long seed, unsigned long epoch,
                            size_t n, size_t *perm);

/* Held-out metrics every K steps of a run (doc/spec.md [MB6]): a
 * fanos_step_cb for fanos_run's on_step (cb_ctx: the log), which records
 * after the steps K, 2K, ... (and passes each call on to next, e.g. a
 * trace).  fanos_eval_log_point records one point by hand (step 0 at the
 * start point, or the last iterate).  The records are the log's own. */
typedef struct {
    size_t step;            /* steps taken (0: the start point)         */
    double batch_loss;      /* the loss of the last step's batch, before
                               the step (NaN at step 0)                 */
    fanos_eval_metrics m;
    int diverged;           /* 1: a held-out loss or the iterate was not
                               finite; m is then not a result           */
} fanos_eval_record;

typedef struct {
    fanos_problem *problem; /* set up, with a held-out split            */
    size_t every;           /* K >= 1                                   */
    fanos_eval_record *records;
    size_t nrecords, cap;
    fanos_step_cb next;     /* may be NULL                              */
    void *next_ctx;
} fanos_eval_log;

/* FANOS_ENULL, FANOS_EUNKNOWN (no held-out split), FANOS_ERANGE (every
 * 0).  *log is ready for use (no records) on success. */
int fanos_eval_log_init(fanos_eval_log *log, fanos_problem *p, size_t every);
int fanos_eval_log_point(fanos_eval_log *log, size_t step, double batch_loss,
                         const double *x, size_t n);
int fanos_eval_log_step(void *log, size_t step, double loss, const double *x,
                        size_t n, fanos_optimizer *opt);
void fanos_eval_log_free(fanos_eval_log *log);      /* NULL is allowed */

/* ------------------------------------------------------------------ */
/* An objective of your own from a shared object (src/problems/plugin.c) */
/* ------------------------------------------------------------------ */

/* The start point a shared object may give beside its objective: n
 * values for seed into x0; 0, or a negative code on failure. */
typedef int (*fanos_x0_fn)(size_t n, unsigned long seed, double *x0);

/* A loaded shared object (dlopen) and its objective.  Its function
 * SYMBOL is a fanos_fdf_fn, called with ctx NULL: it writes the loss at x
 * into *f and, when g is not NULL, the gradient into g[0..n), and returns
 * 0 (a non-finite loss is a divergence, not an error) or a negative code.
 * An optional function SYMBOL_x0 is a fanos_x0_fn. */
typedef struct fanos_plugin fanos_plugin;
#define FANOS_PLUGIN_SYMBOL_MAX 255

/* Load path (a name without '/' is a file of the current folder: the
 * library path is not searched) and find its function symbol and, when
 * there, symbol_x0.  FANOS_ENULL (out, path or symbol NULL), FANOS_EPARSE
 * (an empty path or symbol, a symbol of more than FANOS_PLUGIN_SYMBOL_MAX
 * characters), FANOS_EIO (the file cannot be loaded: missing, not a
 * shared object, or with symbols it needs missing), FANOS_EUNKNOWN (no
 * function symbol in it), FANOS_ENOMEM.  why (may be NULL) receives one
 * line of len - 1 characters at most saying why, the loader's own words
 * for FANOS_EIO.  *out is NULL on failure but FANOS_ENULL. */
int fanos_plugin_open(fanos_plugin **out, const char *path,
                      const char *symbol, char *why, size_t len);
void fanos_plugin_free(fanos_plugin *p);    /* dlclose; NULL is allowed */

/* 1 when the object has symbol_x0, 0 otherwise (or for NULL). */
int fanos_plugin_has_x0(const fanos_plugin *p);
/* Its start point for seed: FANOS_OK; FANOS_ENULL, FANOS_EDIM (n == 0),
 * FANOS_EUNKNOWN (no symbol_x0), FANOS_ENONFINITE (a value it wrote is
 * not finite), or its own negative code (a positive one becomes
 * FANOS_EDOMAIN). */
int fanos_plugin_x0(fanos_plugin *p, size_t n, unsigned long seed,
                    double *x0);
/* The objective: a fanos_fdf_fn whose ctx is the plug-in.  It counts the
 * calls and returns what symbol returns, a positive code as FANOS_EDOMAIN
 * (so that fanos_run() ends with an error, not a stop); FANOS_ENULL for a
 * NULL plug-in, x or f. */
int fanos_plugin_fdf(void *plugin, size_t n, const double *x, double *f,
                     double *g);
/* The last failure of the object's functions: *call the 1-based call of
 * fanos_plugin_fdf that failed (0: none, or the start-point function) and
 * *code what the function returned (0: no failure).  FANOS_ENULL. */
int fanos_plugin_failure(const fanos_plugin *p, size_t *call, int *code);

/* ------------------------------------------------------------------ */
/* Experiments (src/run/experiment.c, doc/spec.md section 9)            */
/* ------------------------------------------------------------------ */

/* A knob of a search space (doc/spec.md section 14, TU1): a parameter
 * name with a list of values or a range on a linear or a log scale. */
typedef enum {
    FANOS_KNOB_LIST = 0,    /* values[0 .. nvalues)                     */
    FANOS_KNOB_LINEAR = 1,  /* lo + u (hi - lo)                         */
    FANOS_KNOB_LOG = 2      /* lo (hi / lo)^u, lo > 0                   */
} fanos_knob_scale;

typedef struct {
    const char *name;       /* a parameter of the optimizer, or one of its
                               coordinates (TU4: eta, beta1, beta2 of cd,
                               ikfad, cadam; beta of adam-eqbeta)       */
    fanos_knob_scale scale;
    const double *values;   /* FANOS_KNOB_LIST: distinct values         */
    size_t nvalues;
    double lo, hi;          /* the ranges: lo < hi                      */
} fanos_knob;

#define FANOS_KNOBS_MAX 16      /* knobs of one space (Sobol: <= 40)    */
#define FANOS_TRIALS_MAX 100000 /* trials of a tuned experiment         */

/* The phase of a run: an untuned experiment's runs have none. */
typedef enum {
    FANOS_PHASE_NONE = 0,
    FANOS_PHASE_TUNING = 1,
    FANOS_PHASE_EVALUATION = 2
} fanos_phase;

/* "tuning", "evaluation" ("" for none; NULL for another value); lookup
 * of the two names: FANOS_OK or FANOS_EUNKNOWN (FANOS_ENULL). */
const char *fanos_phase_name(fanos_phase phase);
int fanos_phase_lookup(const char *name, fanos_phase *phase);

/* An experiment in memory: every combination of problem (a type, or each
 * member of a family), axis value, draws source, method, lr and seed is
 * one run.  A tuned experiment (trials > 0) runs each method's trials
 * instead of an lr list, first on the tuning seeds, then, for the best
 * trial, on the evaluation seeds (seeds[FANOS_DRAWS_FRESH]) and the
 * reference seeds (doc/spec.md section 14).  The strings and arrays are
 * the caller's; nothing is copied. */
typedef struct {
    const char *name;                   /* the method column            */
    const fanos_optimizer_type *type;   /* lbfgs included               */
    const char *const *set_keys;        /* settings, as text            */
    const char *const *set_vals;
    size_t nset;
    double clip;                        /* "+clip" max norm, 0 = off    */
    const double *lr;                   /* own lrs, or NULL: the grid;  */
    size_t nlr;                         /* unused without an lr param   */
    const fanos_knob *knobs;            /* tuned: the search space      */
    size_t nknobs;
} fanos_experiment_method;

typedef struct {
    const char *name;
    const fanos_problem_type *const *problems;  /* one protocol for all */
    size_t nproblems;
    const char *const *problem_keys;    /* problem settings, as text    */
    const char *const *problem_vals;
    size_t nproblem_set;
    const double *axis;                 /* values of the types' axis    */
    size_t naxis;                       /* parameter; 0: none           */
    size_t budget;                      /* FANOS_PROTOCOL_RUN           */
    fanos_loop_kind loop;
    /* problems trained on a data set: epochs > 0 sets the budget of a
     * run to epochs * ceil(N / B) steps (budget is then unused), and
     * eval_every > 0 records the held-out metrics every eval_every steps
     * (fanos_experiment_result.eval); 0: off */
    size_t epochs, eval_every;
    /* > 0: the held-out loss a run's target_step waits for (doc/spec.md
     * [MB10]); 0: none */
    double target_loss;
    size_t warmup_steps;                /* FANOS_PROTOCOL_WARMSTART     */
    size_t polish_iterations;
    const double *lr;                   /* the lr grid                  */
    size_t nlr;
    const unsigned long *seeds[FANOS_DRAWS_COUNT];
    size_t nseeds[FANOS_DRAWS_COUNT];
    const fanos_experiment_method *methods;
    size_t nmethods;
    size_t trials;                      /* N of TU2; 0: not tuned       */
    const unsigned long *tuning_seeds;  /* fresh draws                  */
    size_t ntuning_seeds;
    /* a tuned warm start (FANOS_PROTOCOL_WARMSTART, trials > 0): the
     * warm-up steps of a tuning run (doc/spec.md [TU13]); 0: warmup_steps */
    size_t tuning_warmup_steps;
} fanos_experiment;

/* One run of the plan. */
typedef struct {
    size_t problem;         /* index in problems                        */
    size_t param;           /* index in axis (0 without one)            */
    fanos_draws draws;
    size_t method;          /* index in methods                         */
    double lr;              /* NaN: the method has no lr                */
    unsigned long seed;
    fanos_phase phase;      /* tuned experiments                        */
    size_t trial;           /* its trial (0 without a phase)            */
} fanos_experiment_run;

typedef struct {
    fanos_run_result run;           /* FANOS_PROTOCOL_RUN               */
    fanos_warmstart_result ws;      /* FANOS_PROTOCOL_WARMSTART         */
    /* a problem trained on a data set: the held-out metrics of the last
     * iterate, and with eval_every > 0 also at step 0 and every
     * eval_every steps (doc/spec.md [MB9]; fanos_experiment_result_free) */
    fanos_eval_log eval;
} fanos_experiment_result;

/* Free what a result owns (its eval records); a zeroed result is fine. */
void fanos_experiment_result_free(fanos_experiment_result *res);

/* The protocol of the experiment's problems (its first one). */
fanos_protocol fanos_experiment_protocol(const fanos_experiment *e);

/* Every run in row order (ST1, ST2) into a new array *runs (free() it);
 * for a tuned experiment the tuning plan (TU6).
 * FANOS_ENULL, FANOS_EDIM (no problem or no method), FANOS_ENOMEM, the
 * codes of fanos_tuning_trials. */
int fanos_experiment_plan(const fanos_experiment *e,
                          fanos_experiment_run **runs, size_t *nruns);

/* Keep the runs of shard k of nshards (1 <= k <= nshards) in place, in
 * order (ST3); returns how many; 0 for invalid arguments. */
size_t fanos_experiment_shard(fanos_experiment_run *runs, size_t nruns,
                              size_t k, size_t nshards);

/* The problem of a run with the experiment's settings and axis value
 * (not set up), and the method of a run for n parameters with its
 * settings and lr: each a new instance of the caller's.  The codes of
 * the set functions; FANOS_ECONFLICT when the rules between parameters
 * fail. */
int fanos_experiment_problem(const fanos_experiment *e, size_t problem,
                             size_t param, fanos_problem **out);
int fanos_experiment_method_alloc(const fanos_experiment *e, size_t method,
                                  double lr, size_t n,
                                  fanos_optimizer **out);

/* The method of a run for n parameters: fanos_experiment_method_alloc
 * with the run's lr, or for a tuned run its trial's settings (TU3, TU4). */
int fanos_experiment_run_method(const fanos_experiment *e,
                                const fanos_experiment_run *run, size_t n,
                                fanos_optimizer **out);

/* Make the start point of a run's draws and seed as the run would (for
 * checking the draws before any run); dir as fanos_problem_setup(). */
int fanos_experiment_check_draws(const fanos_experiment *e, size_t problem,
                                 fanos_draws draws, unsigned long seed,
                                 const char *dir);

/* Run one run of the plan (ST6, ST7): thread-safe, it depends only on e,
 * the run and the draws in dir.  A diverged run is FANOS_OK.  res is
 * written only on success (free a previous one's records first); free it
 * with fanos_experiment_result_free.  FANOS_ECONFLICT when epochs,
 * eval_every or target_loss is set for a problem without batches or
 * held-out split, or tuning_warmup_steps for an experiment that is not a
 * tuned warm start, FANOS_ERANGE for a target_loss < 0, infinite or NaN,
 * FANOS_EDIM when eval_every gives a curve of more than
 * FANOS_CURVE_POINTS_MAX points (doc/spec.md [MB17]). */
int fanos_experiment_execute(const fanos_experiment *e,
                             const fanos_experiment_run *run,
                             const char *dir, fanos_experiment_result *res);


/* ---- results of experiments: rows, groups, statistics --------------- */

/* The key of a raw row (ST2): text bytewise, param, lr and seed
 * numerically with empty (NaN) first, draws reference before fresh. */
typedef struct {
    const char *experiment, *problem;
    double param;                   /* NaN: empty                       */
    fanos_draws draws;
    const char *method;
    double lr;                      /* NaN: empty                       */
    unsigned long long seed;
    fanos_phase phase;              /* TU5: after the experiment        */
    size_t trial;                   /* TU5: after the method            */
} fanos_row_key;

/* <0, 0, >0 in the order of ST2 (with_seed) or of the groups of ST8
 * (seed ignored). */
int fanos_row_key_cmp(const fanos_row_key *a, const fanos_row_key *b,
                      int with_seed);
/* The key of a run of the plan (problem and method names point into e). */
void fanos_experiment_row_key(const fanos_experiment *e,
                              const fanos_experiment_run *run,
                              fanos_row_key *key);
/* A stable sort of n keys: perm receives the indices in ST2 order. */
int fanos_row_keys_sort(const fanos_row_key *keys, size_t n, size_t *perm);

/* The fields of a run's raw row as text, as fanos sweep writes them (ST5,
 * ST16, ST17; src/run/rows.c): for FANOS_PROTOCOL_RUN experiment,
 * problem, param, draws, method, lr, seed, final_loss, diverged,
 * diverged_step, evals, steps, seconds, and for a run of a tuned
 * experiment then phase, trial and settings (TU9); for a warm start
 * experiment, problem, draws, method, lr, seed, warmup_loss, entry_loss,
 * polish_loss, polish_iterations, evals, seconds, diverged.  Reals by
 * fanos_real_str, param and lr empty where there are none, seconds as
 * %.6f.  field[] points into num[], settings or at the experiment's
 * names (valid while both are).  The fields keys[0..nkeys) are those of
 * the key (TU5): the first nkey, and a tuned run's phase and trial, with
 * settings, the text of the trial's knobs (key=value, blank-separated). */
#define FANOS_ROW_FIELDS_MAX 24
#define FANOS_ROW_SETTINGS_MAX 1024
/* The held-out columns of a problem trained on a data set (doc/spec.md
 * [MB8]), after those above: heldout_loss, heldout_accuracy,
 * heldout_bits, target_step and curve, the eval log as at most
 * FANOS_CURVE_POINTS_MAX points STEP:LOSS:ACCURACY separated by blanks. */
#define FANOS_ROW_HELDOUT_FIELDS 5
#define FANOS_CURVE_POINTS_MAX 256
#define FANOS_ROW_CURVE_MAX (FANOS_CURVE_POINTS_MAX * 72)
typedef struct {
    const char *field[FANOS_ROW_FIELDS_MAX];
    size_t nfields;             /* 13 (tuned: 16), and 5 more for a problem
                                   trained on a data set; without a result
                                   the key fields only, the values empty */
    size_t nkey;                /* the key fields first: 7, or 6          */
    size_t keys[FANOS_ROW_FIELDS_MAX], nkeys;   /* every key field       */
    size_t heldout;             /* first held-out column (0: none)       */
    char num[FANOS_ROW_FIELDS_MAX][32];
    char settings[FANOS_ROW_SETTINGS_MAX];
    char curve[FANOS_ROW_CURVE_MAX];
} fanos_row_text;
/* The row of run with its result res (NULL: the key fields only).
 * FANOS_ENULL, FANOS_EDIM (indices of run outside e). */
int fanos_experiment_row_text(const fanos_experiment *e,
                              const fanos_experiment_run *run,
                              const fanos_experiment_result *res,
                              fanos_row_text *row);
/* The column names of the raw rows of a protocol (FANOS_ROW_FIELDS_MAX of
 * them; *nkey, when nkey is not NULL, the key columns first), NULL for
 * another value. */
const char *const *fanos_row_columns(fanos_protocol protocol, size_t *nkey);

/* What is wrong with a raw row read back (fanos_row_check). */
typedef struct {
    size_t column;          /* the first column at fault                  */
    int diverged;           /* the row's diverged when the rule of the
                               column depends on it, else -1             */
    char accepted[128];     /* what the column accepts, in words          */
} fanos_row_fault;
/* Check the value columns of a raw row read back, fields[0..13) in the
 * order of fanos_row_columns(protocol), as fanos sweep writes them: the
 * problem a problem type of the protocol, diverged 0 or 1, the counts
 * integers in [0, 2^64 - 1], seconds a finite number >= 0, the losses as
 * ST5 (final_loss finite with diverged 0, nan with 1; diverged_step 0
 * with diverged 0) and ST17 (warmup_loss finite, the polish's losses
 * finite or nan, with diverged 0; any number, nan, inf or -inf with 1)
 * say.  FANOS_OK, or FANOS_EPARSE with *fault; FANOS_ENULL, FANOS_EUNKNOWN
 * (another protocol). */
int fanos_row_check(fanos_protocol protocol, const char *const *fields,
                    fanos_row_fault *fault);
/* The names of the held-out columns (FANOS_ROW_HELDOUT_FIELDS of them). */
const char *const *fanos_row_heldout_columns(void);
/* Check the held-out columns fields[first .. first + 5) of a raw row of
 * FANOS_PROTOCOL_RUN read back (its diverged in fields[8], checked by
 * fanos_row_check first), by the rules of doc/spec.md ([MB12]); fault->column is
 * the index in fields.  FANOS_OK, FANOS_EPARSE with *fault, FANOS_ENULL,
 * FANOS_EDIM (first < 13 or above FANOS_ROW_FIELDS_MAX - 5). */
int fanos_row_check_heldout(const char *const *fields, size_t first,
                            fanos_row_fault *fault);

/* A curve of held-out metrics (the curve column, [MB11]) into records
 * rec[0 .. cap): step, the loss, the accuracy and bits = loss / ln 2,
 * diverged where the loss is nan; *n the number of points.  FANOS_OK,
 * FANOS_EPARSE (not a curve of [MB12]), FANOS_EDIM (more than cap
 * points), FANOS_ENULL. */
int fanos_curve_parse(const char *text, fanos_eval_record *rec, size_t cap,
                      size_t *n);
/* The step of the first record of a log that is not diverged and whose
 * held-out loss is at most target ([MB10]): 1 and *step, or 0 when no
 * record reaches it (or target is not > 0). */
int fanos_eval_log_target(const fanos_eval_record *rec, size_t n,
                          double target, size_t *step);

/* One step of the band of several curves ([MB15]): of the curves that
 * have a point at step with a finite loss, their number and the median
 * (ST11), minimum and maximum of the loss and of the accuracy. */
typedef struct {
    size_t step, n;
    double loss_median, loss_min, loss_max;
    double accuracy_median, accuracy_min, accuracy_max;
} fanos_curve_band;
/* The band of ncurves curves (curve c: rec[c][0 .. len[c]), steps
 * increasing) at every step of their union, in step order, into
 * band[0 .. cap) (*nband points; a step where no curve is finite has
 * n = 0 and NaN values).  FANOS_ENULL, FANOS_EDIM (more than cap steps),
 * FANOS_ERANGE (a curve's steps do not increase), FANOS_ENOMEM. */
int fanos_curves_band(const fanos_eval_record *const *rec, const size_t *len,
                      size_t ncurves, fanos_curve_band *band, size_t cap,
                      size_t *nband);

#define FANOS_GROUP_VALUES_MAX 8

/* A group of rows (ST8) and the statistics of each of its values. */
typedef struct {
    size_t first, count;        /* rows first .. first + count - 1      */
    size_t n_diverged;
    size_t n[FANOS_GROUP_VALUES_MAX];   /* finite values of rows that did
                                           not diverge                  */
    fanos_stats_summary s[FANOS_GROUP_VALUES_MAX];  /* when n > 0       */
    int best;                   /* ST14 (fanos_groups_mark_best)        */
} fanos_group;

/* Group n rows sorted in ST2 order: keys, diverged flags and nvalues
 * values a row (row-major; NaN: none).  groups has room for n.
 * FANOS_ECONFLICT when two rows share a key (*dup is the second; the
 * first is *dup - 1), FANOS_EDIM (nvalues 0 or above the max),
 * FANOS_ENULL, FANOS_ENOMEM, the codes of fanos_stats_summarize().
 * groups is written only on success; *ngroups is 0 after a failure past
 * the checks of the arguments. */
int fanos_rows_group(const fanos_row_key *keys, const int *diverged,
                     const double *values, size_t nvalues, size_t n,
                     const fanos_stats_options *opts, fanos_group *groups,
                     size_t *ngroups, size_t *dup);
/* ST14, TU7: per (experiment, phase, problem, param, draws, method),
 * best = 1 on the group (an lr, or a trial) whose value 0 has the lowest
 * mean among those with no diverged run; ties to the smaller lr, then the
 * first group (the smaller trial). */
int fanos_groups_mark_best(const fanos_row_key *keys, fanos_group *groups,
                           size_t ngroups);

/* ---- resuming a sweep (ST21, ST22) ---------------------------------- */

/* The canonical text of everything the runs of e depend on (ST21): one
 * key=value line each for the name, the problems, the problem settings,
 * the axis values, budget, loop, warmup_steps, polish_iterations, the lr
 * grid, the seeds of each draws source, then for each method its name,
 * optimizer, clip, settings and own lrs; reals as hexadecimal floats
 * (%a).  Written into buf as snprintf does (at most len bytes with the
 * NUL; buf may be NULL when len is 0); *needed gets the full length
 * without the NUL.  FANOS_ENULL, FANOS_EDIM (no name, problem or
 * method). */
int fanos_experiment_describe(const fanos_experiment *e, char *buf,
                              size_t len, size_t *needed);
/* The CRC-32 (zlib's crc32) of that text: a journal of finished runs
 * records it, so that the runs of another experiment, or of a changed
 * one, are never taken for runs of this one.  FANOS_ENULL, FANOS_EDIM,
 * FANOS_ENOMEM. */
int fanos_experiment_fingerprint(const fanos_experiment *e, uint32_t *crc);

/* The runs still to do (ST22): runs[0..nruns) is a plan or a shard of
 * it, in the order of ST2 (as fanos_experiment_plan and
 * fanos_experiment_shard give it); done[0..ndone) are the keys of the
 * runs already done.  slot[i] receives the index in runs of done[i];
 * missing (room for nruns) the indices of the other runs, in order, and
 * *nmissing their number.  FANOS_EUNKNOWN when a done key is no run of
 * the plan, FANOS_ECONFLICT when one is given twice (*bad, when bad is
 * not NULL, is the index in done), FANOS_ERANGE when runs are not in the
 * order of ST2, FANOS_ENULL, FANOS_ENOMEM; *nmissing is 0 on error. */
int fanos_experiment_missing(const fanos_experiment *e,
                             const fanos_experiment_run *runs, size_t nruns,
                             const fanos_row_key *done, size_t ndone,
                             size_t *slot, size_t *missing, size_t *nmissing,
                             size_t *bad);

/* The first line of the journal of shard k of nshards of e (ST25):
 * "#fanos-journal,1,NAME,FINGERPRINT,K/N" and a newline, the fingerprint
 * (ST21) as 8 hexadecimal digits; into buf as snprintf does.
 * FANOS_ERANGE (not 1 <= k <= nshards), FANOS_ENULL and the codes of
 * fanos_experiment_fingerprint. */
int fanos_journal_identity(const fanos_experiment *e, size_t k,
                           size_t nshards, char *buf, size_t len);
/* The journal text[0..len) against its expected first line identity
 * (ST25).  FANOS_OK: its rows are text[*start..*end), the complete lines
 * after the first (an unfinished last line, cut by a kill, is left out);
 * *start = *end = 0 when the text is empty or a beginning of identity (a
 * journal cut while it was made: start it over).  FANOS_EPARSE: the first
 * line is no journal's; FANOS_EUNKNOWN: the journal of another experiment
 * or of this one changed (another name or fingerprint); FANOS_ERANGE: of
 * another shard; FANOS_ENULL. */
int fanos_journal_scan(const char *text, size_t len, const char *identity,
                       size_t *start, size_t *end);
/* ------------------------------------------------------------------ */
/* Progress of a long task (src/run/progress.c, doc/spec.md ST23)       */
/* ------------------------------------------------------------------ */

/* Units of a task (runs of a sweep, steps of a warm-up) done over time,
 * for a display: the caller reads its own clock (seconds, monotonic) and
 * prints; the library only counts. */
typedef struct {
    size_t total;           /* units of the task                          */
    size_t done;            /* units done                                 */
    size_t first;           /* units done before the start (a resumed
                               sweep's journal)                          */
    double start;           /* clock at the start                         */
    double last;            /* clock at the last report due (the start)   */
    double interval;        /* seconds at least between two reports       */
} fanos_progress;

/* Start: total units, done of them already done, reports at least
 * interval seconds apart (>= 0), clock now.  FANOS_ENULL, FANOS_ERANGE
 * (done > total, a negative or non-finite interval or clock). */
int fanos_progress_init(fanos_progress *p, size_t total, size_t done,
                        double interval, double now);
/* Record done units (clamped to [first, total]) at clock now; 1 when a
 * report is due (ST23): interval seconds have passed since the last
 * report, or since the start, or every unit is done; 0 otherwise and for
 * a NULL p. */
int fanos_progress_update(fanos_progress *p, size_t done, double now);
/* Seconds left (ST23): elapsed * (total - done) / (done - first); NaN
 * while no unit was done since the start, or for a NULL p. */
double fanos_progress_eta(const fanos_progress *p, double now);
/* "37/420, 0:12 elapsed, ETA 1:05" (times as m:ss, h:mm:ss from an hour
 * on, "?" when unknown), or "420/420, done in 1:17" once every unit is
 * done, into buf (truncated to len).  FANOS_ENULL (p or buf NULL, len 0). */
int fanos_progress_text(const fanos_progress *p, double now, char *buf,
                        size_t len);

/* TU10: edge[g * nknobs + j] = -1 (low edge), +1 (high edge) or 0 for
 * knob j of each best group g (0 for the others), from knobs[g * nknobs
 * + j], the value of knob j in the setting of group g (NaN: the method has
 * no such knob).  Groups and keys as for fanos_groups_mark_best, after it.
 * FANOS_ENULL, FANOS_ENOMEM. */
int fanos_groups_mark_edges(const fanos_row_key *keys,
                            const fanos_group *groups, size_t ngroups,
                            const double *knobs, size_t nknobs,
                            signed char *edge);

/* ---- tuning (src/run/tuning.c, doc/spec.md section 14) --------------- */

/* The number of trials of a search space with a trial budget of trials
 * (TU2): the grid's size, or trials; 1 without knobs.  FANOS_ENULL,
 * FANOS_ERANGE (trials 0 or above FANOS_TRIALS_MAX, a knob that is not
 * valid: no values, a range with lo >= hi or a log range with lo <= 0),
 * FANOS_EDIM (more than FANOS_KNOBS_MAX knobs). */
int fanos_tuning_ntrials(const fanos_knob *knobs, size_t nknobs,
                         size_t trials, size_t *ntrials);
/* Every trial's knob values, row by row, into values (ntrials * nknobs,
 * from fanos_tuning_ntrials) (TU1, TU2).  The codes of
 * fanos_tuning_ntrials, FANOS_ENOMEM. */
int fanos_tuning_trials(const fanos_knob *knobs, size_t nknobs, size_t trials,
                        double *values);
/* Is name a knob of type (a parameter, or a coordinate of TU4) and v a
 * value of it?  FANOS_OK, FANOS_EUNKNOWN (neither), FANOS_ERANGE (v out of
 * the parameter's range, or of eta > 0, beta1 in (0, 1], beta2 in (0, 1),
 * beta in [0, 1)), FANOS_ENULL. */
int fanos_tuning_knob_check(const fanos_optimizer_type *type,
                            const char *name, double v);
/* Set a trial's knob values on opt (after its fixed settings): the
 * parameters, then the coordinates (TU3, TU4).  The codes of the set
 * functions; FANOS_EUNKNOWN for a knob that is neither. */
int fanos_tuning_apply(fanos_optimizer *opt, const fanos_knob *knobs,
                       size_t nknobs, const double *values);
/* Trial t of a method: its knob values (nknobs of them) and its lr (TU3;
 * NaN without one).  FANOS_ENULL, FANOS_EDIM (no such method), FANOS_ERANGE
 * (no such trial), the codes of fanos_tuning_trials. */
int fanos_experiment_trial(const fanos_experiment *e, size_t method,
                           size_t trial, double *values, double *lr);
/* The knobs of every method and TU9: the knob at fault (*method, *knob)
 * with FANOS_EDIM (more than FANOS_KNOBS_MAX), FANOS_ERANGE (no values,
 * lo >= hi, a log range from lo <= 0, a value out of range), FANOS_EUNKNOWN
 * (not a knob of the optimizer), FANOS_ECONFLICT (a knob twice, lr and eta
 * both, a knob also among the fixed settings); FANOS_ECONFLICT with
 * *method = SIZE_MAX for a seed among both the tuning and the evaluation
 * seeds, *knob then the index of the first such evaluation seed;
 * FANOS_ENOMEM.  FANOS_OK for an untuned experiment. */
int fanos_tuning_check(const fanos_experiment *e, size_t *method,
                       size_t *knob);

/* The choice of a tuned experiment: best[(problem * P + param) *
 * nmethods + method], P = naxis or 1, is the best trial (TU7) or
 * FANOS_TRIAL_NONE. */
#define FANOS_TRIAL_NONE ((size_t)-1)
size_t fanos_tuning_nchoices(const fanos_experiment *e);
/* From the n runs of the tuning plan (in plan order) and their results:
 * the best trial of each (TU7), as fanos_groups_mark_best picks it.
 * FANOS_ENULL, FANOS_EDIM (runs that are not the tuning plan),
 * FANOS_ENOMEM. */
int fanos_tuning_choose(const fanos_experiment *e,
                        const fanos_experiment_run *runs, size_t n,
                        const int *diverged, const double *final_loss,
                        size_t *best);
/* The evaluation plan of a choice (TU8), in row order, into a new array
 * *runs (free() it).  FANOS_ENULL, FANOS_ERANGE (a trial out of range),
 * FANOS_ENOMEM. */
int fanos_tuning_evaluation_plan(const fanos_experiment *e,
                                 const size_t *best,
                                 fanos_experiment_run **runs, size_t *nruns);
/* ------------------------------------------------------------------ */
/* The stability map of FANoS (src/run/stability.c, figure F6)          */
/* ------------------------------------------------------------------ */

/* One production FANoS step (identity mass, no clip, fixed friction zeta
 * already in the state, explicit Euler when euler is 1) on the oscillator
 * L = omega^2 theta^2 / 2, applied to the basis vectors of (theta, v): the
 * map m = [[a, b], [c, d]] (row-major), its spectral radius and its
 * determinant.  FANOS_ENULL, FANOS_ERANGE (h <= 0, a non-finite input,
 * euler not 0 or 1), the codes of the step. */
int fanos_stability_map(double h, double omega, double zeta, int euler,
                        double m[4], double *radius, double *det);

/* ------------------------------------------------------------------ */
/* Speed probes (src/run/bench.c, doc/performance.md)                   */
/* ------------------------------------------------------------------ */

/* Wall time (monotonic) and this thread's CPU time, in seconds. */
double fanos_bench_wall_seconds(void);
double fanos_bench_cpu_seconds(void);

/* Repetitions of a figure, at most (each figure is their median). */
#define FANOS_BENCH_MAX_REPS 101

/* Median CPU seconds of one triad a = b + s c over d doubles, and of one
 * step of the optimizer name (with settings "key=value", NULL-terminated;
 * may be NULL) on d parameters with its state warm, over reps repetitions
 * of at least 0.05 s each.  FANOS_ENULL, FANOS_ERANGE (d 0, reps outside
 * [1, FANOS_BENCH_MAX_REPS]), FANOS_EUNKNOWN (no such optimizer with a
 * step), the codes of the settings, FANOS_ENOMEM, FANOS_ENONFINITE. */
int fanos_bench_triad(size_t d, unsigned reps, double *seconds);
int fanos_bench_step(const char *name, const char *const *settings,
                     size_t d, unsigned reps, double *seconds);

/* One figure of a probe: its name, value and unit. */
typedef struct {
    char name[48];
    double value;
    const char *unit;
} fanos_bench_figure;
/* The most figures of one size of fanos_bench_steps_size. */
#define FANOS_BENCH_STEP_FIGURES 22

/* The step probe of `fanos bench steps` at size d (doc/performance.md):
 * the triad's bandwidth triad_d1eK_gbs (and triad_gbs at d = 1e7), then
 * for each of fanos, adamw, sgd (momentum 0.9), vradam and cadam
 * step_NAME_d1eK_ns (ns a parameter), _bytes (bytes a parameter the step
 * must move), _gbs and _bw_fraction (of the triad at the same d).  *count
 * figures into fig (room for FANOS_BENCH_STEP_FIGURES).  The codes of
 * fanos_bench_triad and fanos_bench_step; *failed (may be NULL) then names
 * the probe ("triad" or the optimizer). */
int fanos_bench_steps_size(size_t d, unsigned reps, fanos_bench_figure *fig,
                           size_t *count, const char **failed);

/* One PINN evaluation at its current points (block points per block),
 * the dgemm probe making the same products and the tanh probe making the
 * same tanh values, timed in turn reps times: medians and minima in
 * seconds, and the probe's FLOPs. */
typedef struct {
    double eval_med, eval_min, probe_med, probe_min, probe_flops;
    /* the library's tanh (the variant of the evaluation's layers) over
     * tanh_count values (fanos_pinn_tanh_count), timed in the same turns */
    double tanh_med, tanh_min, tanh_count;
} fanos_bench_pinn_timing;
int fanos_bench_pinn(fanos_pinn *p, const double *theta, size_t reps,
                     size_t block, fanos_bench_pinn_timing *tm);

/* One training step of a problem trained on a data set: its fdf (the next
 * mini-batch, with the gradient) and one step of the optimizer opt (of
 * the problem's size, parameters set), from x, reps times after warm
 * steps: the median and the minimum CPU seconds of a step (median of
 * fdf alone in *fdf_med).  FANOS_ENULL, FANOS_ERANGE (reps outside [1,
 * FANOS_BENCH_MAX_REPS]), FANOS_EDIM, the codes of fdf and the step. */
typedef struct {
    double step_med, step_min, fdf_med;
} fanos_bench_train_timing;
int fanos_bench_train_step(fanos_problem *p, fanos_optimizer *opt, double *x,
                           unsigned reps, fanos_bench_train_timing *tm);

/* The matrix products of a problem trained on a data set (softmax, mlp,
 * charlm; after setup) against the passes that make them: in turn, reps
 * times after a warm turn, the loss and gradient of the next mini-batch
 * at x (fanos_problem_fdf), then the same dgemm calls alone (the same
 * order, shapes, transpositions and buffers, with nothing between them),
 * then a held-out evaluation (fanos_problem_eval) and its dgemm calls
 * alone; seconds of the calling thread's CPU time (so with one BLAS
 * thread, as the command line sets it), medians and minima.  An epoch's
 * short last batch is stepped over, untimed.  step_flops and eval_flops
 * are the products' FLOPs as doc/spec.md counts them (MB18; a batch of
 * `batch` examples, the held-out split).  The batches move as the turns' fdf calls take
 * them; x is not changed.  FANOS_ENULL, FANOS_ERANGE (reps outside [1,
 * FANOS_BENCH_MAX_REPS]), FANOS_EUNKNOWN (another type of problem),
 * FANOS_ECONFLICT (before setup), FANOS_ENOMEM, the codes of fdf and
 * eval; FANOS_EDIM if fewer than reps full batches came in 2 reps + 4
 * turns (never: an epoch of two steps or more has one short batch at
 * most). */
typedef struct {
    double step_med, step_min, step_products_med, step_products_min;
    double eval_med, eval_min, eval_products_med, eval_products_min;
    double step_flops, eval_flops;
    size_t batch;
} fanos_bench_data_timing;
int fanos_bench_data(fanos_problem *p, const double *x, unsigned reps,
                     fanos_bench_data_timing *tm);

/* The evaluation alone and in two processes at once (fork), in rounds:
 * the medians over rounds of each round's speed fraction (wall and CPU),
 * with the wall fraction's minimum and maximum, and the median times.
 * FANOS_EIO when a process or pipe could not be made. */
typedef struct {
    double frac_med, frac_min, frac_max, cpu_frac_med;
    double pair_med, solo_cpu_med, pair_cpu_med;
} fanos_bench_side;
int fanos_bench_pinn_side_by_side(fanos_pinn *p, const double *theta,
                                  size_t reps, size_t rounds,
                                  fanos_bench_side *sr);

/* ------------------------------------------------------------------ */
/* Data sets (src/data/, doc/spec.md section 12)                        */
/* ------------------------------------------------------------------ */

/* Two real data sets that Debian ships, read in place (never copied into
 * the package): Fashion-MNIST (package dataset-fashion-mnist), four IDX
 * files compressed with gzip, and a text corpus made of the fortunes
 * folder (package fortunes).  The readers check every byte of a file, so
 * a damaged or foreign file is reported, never half-read.  The status
 * codes of malformed content have their own block, from -100 down, so
 * that the list of general codes above can grow without a clash. */
enum fanos_data_status {
    FANOS_EMAGIC = -100,     /* IDX magic number is not the expected one  */
    FANOS_ESHAPE = -101,     /* zero rows or columns, sizes whose
                                product overflows; for Fashion-MNIST
                                also images not 28 x 28 or no example    */
    FANOS_ETRUNCATED = -102, /* the file ends before the content its header
                                announces (also: cut inside its gzip
                                stream)                                   */
    FANOS_ETRAILING = -103,  /* bytes after the content its header
                                announces, or after the gzip stream       */
    FANOS_ECORRUPT = -104,   /* not a valid gzip stream: header, deflate
                                data, CRC-32 or length check              */
    FANOS_ECOUNT = -105,     /* images and labels files of different
                                example counts                            */
    FANOS_ELABEL = -106      /* a label above the largest valid label     */
};

#define FANOS_DATA_PATH_MAX 4096

/* What a data reader found wrong, for a message that names the file.
 * Cleared at the start of every call that takes one; filled on failure.
 * The numbers are set for the codes listed, 0 otherwise:
 *  - FANOS_EMAGIC: value = the magic read, expected = the one wanted;
 *  - FANOS_ESHAPE: value = the size at fault, expected = the size wanted
 *    (both 0 for zero rows or columns, an overflow or no example);
 *  - FANOS_ETRUNCATED: value = content bytes found, expected = bytes the
 *    header announces (header included; 0 when the header itself is cut);
 *  - FANOS_ETRAILING: expected = the bytes the header announces;
 *  - FANOS_ECOUNT: value = examples of the labels file, expected = those
 *    of the images file (file names the labels file);
 *  - FANOS_ELABEL: index = the 0-based example, value = its label,
 *    expected = the largest valid label. */
typedef struct {
    char file[FANOS_DATA_PATH_MAX]; /* the file or folder at fault; ""
                                       for bad arguments or no memory;
                                       truncated if longer              */
    int errnum;                     /* errno for FANOS_EIO, else 0       */
    size_t index;
    uint64_t value;
    uint64_t expected;
} fanos_data_error;

/* One line "FILE: what is wrong" for a failed data call (status and the
 * err it filled), e.g. "DIR/train-labels-idx1-ubyte.gz: label 12 at
 * example 345 is above 9", into buf (always NUL-terminated, truncated to
 * len - 1 characters).  FANOS_ENULL for a NULL err or buf, FANOS_EDIM for
 * len == 0. */
int fanos_data_error_message(int status, const fanos_data_error *err,
                             char *buf, size_t len);

/* IDX files (src/data/idx.c).  One gzip stream (one member; anything
 * after it is FANOS_ETRAILING) whose content is a big-endian header, the
 * magic 0x00000803 (unsigned bytes, 3 dimensions: count, rows, cols) for
 * images or 0x00000801 (1 dimension: count) for labels and the sizes, then
 * exactly the bytes the sizes announce.  The first max_count examples in
 * file order are stored (0 = all; more than the file holds = all); the
 * rest of the file is still read and checked, without being stored.
 *  - images: pixel p becomes p / 255.0; *out receives count * rows * cols
 *    doubles, image after image, each row-major;
 *  - labels: *out receives count bytes; a label above max_label, anywhere
 *    in the file, is FANOS_ELABEL.
 * *count is the number stored; total, rows and cols (may be NULL) receive
 * the file's count and image shape.  *out (free() it; never NULL on
 * success) and the sizes are written only on success.  Errors: FANOS_ENULL
 * (path, out or count NULL), FANOS_EIO (the file cannot be opened or read;
 * errno and err->errnum tell why), FANOS_ENOMEM, and the data codes above;
 * err may be NULL. */
int fanos_idx_read_images(const char *path, size_t max_count, double **out,
                          size_t *count, size_t *total, size_t *rows,
                          size_t *cols, fanos_data_error *err);
int fanos_idx_read_labels(const char *path, size_t max_count,
                          unsigned max_label, uint8_t **out, size_t *count,
                          size_t *total, fanos_data_error *err);

/* Fashion-MNIST: 28 x 28 grey images of 10 classes (labels 0..9). */
#define FANOS_MNIST_ROWS 28
#define FANOS_MNIST_COLS 28
#define FANOS_MNIST_DIM (FANOS_MNIST_ROWS * FANOS_MNIST_COLS)
#define FANOS_MNIST_CLASSES 10

typedef struct {
    size_t dim;             /* inputs per example, 784                   */
    size_t nclasses;        /* 10                                        */
    size_t ntrain;          /* training examples stored                  */
    size_t ntest;           /* test examples stored                      */
    size_t train_total;     /* examples of the train files (60000)       */
    size_t test_total;      /* examples of the t10k files (10000)        */
    double *train_x;        /* ntrain x dim, row-major, values in [0, 1] */
    uint8_t *train_y;       /* ntrain labels in 0..9                     */
    double *test_x;         /* ntest x dim: the held-out test set        */
    uint8_t *test_y;        /* ntest labels                              */
} fanos_mnist;

/* The folder configure found (--with-fashion-mnist; Debian installs the
 * files in /usr/share/datasets/fashion-mnist). */
const char *fanos_mnist_default_dir(void);

/* Read the four files of dir: train-images-idx3-ubyte.gz,
 * train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and
 * t10k-labels-idx1-ubyte.gz.  The training set is the first ntrain_max
 * examples of the train files in file order, the test set the first
 * ntest_max of the t10k files (0 = all).  Beyond the codes of the IDX
 * readers: FANOS_ESHAPE for images that are not 28 x 28 or a file without
 * examples, FANOS_ECOUNT when an images file and its labels file hold
 * different counts, FANOS_ELABEL for a label above 9.  err (may be NULL)
 * names the file at fault.  *out is written only on success. */
int fanos_mnist_load(const char *dir, size_t ntrain_max, size_t ntest_max,
                     fanos_mnist **out, fanos_data_error *err);
void fanos_mnist_free(fanos_mnist *m);      /* NULL is allowed */

/* A text corpus for character-level (byte-level) models
 * (src/data/corpus.c).  The bytes are split into a training part (the
 * first floor(9 len / 10)) and a validation part (the rest); the
 * vocabulary is built from the training part alone: id 0
 * (FANOS_CORPUS_UNK) is reserved for a byte the training part lacks, and
 * the distinct training bytes take ids 1, 2, ... in increasing byte
 * value.  A validation byte outside the vocabulary maps to id 0. */
#define FANOS_CORPUS_UNK 0
#define FANOS_CORPUS_MAX_BYTES ((size_t)1 << 30)

typedef struct {
    unsigned char *bytes;   /* len bytes of text                         */
    uint16_t *ids;          /* len ids: ids[i] = byte_to_id[bytes[i]]    */
    size_t len;
    size_t ntrain;          /* [0, ntrain) is the training part          */
    size_t nvalid;          /* [ntrain, len) the validation part         */
    size_t vocab_size;      /* 1 + distinct training bytes (<= 257)      */
    uint16_t byte_to_id[256];       /* 0 for a byte not in the training
                                       part                              */
    unsigned char id_to_byte[257];  /* the byte of ids 1..vocab_size-1;
                                       [0] (unknown) is 0                */
    size_t valid_unknown;   /* validation bytes mapped to id 0           */
    size_t nfiles;          /* files read (0 for fanos_corpus_from_bytes) */
    char **files;           /* their names, in the order read            */
} fanos_corpus;

/* The folder configure found (--with-fortunes; /usr/share/games/fortunes
 * on Debian). */
const char *fanos_corpus_default_dir(void);

/* The corpus of a folder: every regular file directly in dir whose name
 * does not end in ".dat" (the fortune index files), concatenated in
 * bytewise (strcmp) order of the names.  Symbolic links are skipped
 * (Debian's name.u8 links repeat the files they point to), and so are
 * subfolders (the offensive fortunes are another package).  Every other
 * file of the folder counts, so a fortune package that adds files there
 * changes the corpus.  FANOS_ENULL (dir or out NULL), FANOS_EIO (the
 * folder or a file cannot be read, with err->errnum; EFBIG for more than
 * FANOS_CORPUS_MAX_BYTES in all), FANOS_EDIM (fewer than 2 bytes in all,
 * so a part would be empty), FANOS_ENOMEM.  *out is written only on
 * success. */
int fanos_corpus_load(const char *dir, fanos_corpus **out,
                      fanos_data_error *err);

/* The same split and vocabulary for len bytes of text given (copied):
 * FANOS_ENULL, FANOS_EDIM (len < 2 or len > FANOS_CORPUS_MAX_BYTES),
 * FANOS_ENOMEM. */
int fanos_corpus_from_bytes(const unsigned char *bytes, size_t len,
                            fanos_corpus **out);
void fanos_corpus_free(fanos_corpus *c);    /* NULL is allowed */

/* What was wrong with the data of a problem trained on a data set, from
 * its last fanos_problem_setup, or from fanos_problem_size when that
 * returned 0 because the data (of a type whose size depends on it: the
 * vocabulary of charlm) could not be read: *status is the data reader's
 * code and err its record, for fanos_data_error_message; FANOS_EDIM for a
 * count above what the data holds, with err->file the folder, err->index
 * the index of that parameter in the type's table, err->value the
 * examples there are and err->expected the count asked for.  *status is
 * FANOS_OK (and err zero) when the data was not at fault; cleared by every
 * setup.  FANOS_ENULL. */
int fanos_problem_data_error(const fanos_problem *p, int *status,
                             fanos_data_error *err);

/* ------------------------------------------------------------------ */
/* The thermostat question (src/run/thermostat.c, doc/spec.md section 15) */
/* ------------------------------------------------------------------ */

/* Open question 1 of the FANoS paper: can settings of the thermostat
 * make the temperature track its target, and does tracking go with a
 * lower final loss?  A grid of FANoS runs over Q, rho_T and T0_max on a
 * list of problems; each run's tracking from the state fields T_ema and
 * T0 after every step; per setting and per problem the answer's rules. */

/* A setting tracks when its tracking is at most ln 2 (TH6); tracking goes
 * with a lower (higher) final loss when rho_S >= 0.5 (<= -0.5) (TH9). */
#define FANOS_THERMOSTAT_TRACK_MAX 0.69314718055994530942
#define FANOS_THERMOSTAT_RHO_MIN 0.5

/* The tracking of a run of n steps (TH1, TH2): the median of
 * d_k = |ln T_ema_k - ln T0_k| over its second half, k = floor(n/2) + 1
 * .. n (1-based), with d_k = +inf where a temperature is <= 0 or not
 * finite; in [0, +inf], never NaN.  FANOS_ENULL, FANOS_EDIM (n 0),
 * FANOS_ENOMEM; *tracking is written only on success. */
int fanos_thermostat_tracking(const double *T_ema, const double *T0,
                              size_t n, double *tracking);

/* A problem of the grid: a type of protocol run with its parameters as
 * text (e.g. dim=100, cond=1e4), the FANoS settings of its runs as text
 * (e.g. lr=1e-3; not Q, rho_T or T0_max, which the grid sets), and the
 * budget and loop of fanos_run.  The strings are the caller's. */
typedef struct {
    const char *name;                   /* the problem column           */
    const fanos_problem_type *type;
    const char *const *set_keys;        /* problem parameters           */
    const char *const *set_vals;
    size_t nset;
    const char *const *opt_keys;        /* FANoS settings               */
    const char *const *opt_vals;
    size_t nopt;
    size_t budget;                      /* > 0                          */
    fanos_loop_kind loop;
} fanos_thermostat_problem;

/* Called after each finished run with the runs done and their total; a
 * non-zero return stops the grid (a negative code is returned as it is,
 * a positive one as FANOS_EIO). */
typedef int (*fanos_thermostat_cb)(void *ctx, size_t done, size_t total);

/* The grid (TH4): every combination of problem, Q, rho_T, T0_max and
 * seed (in this order, the seed fastest), from the draws of each seed
 * (reference draws read from the folder dir, which may be NULL for fresh
 * draws, as fanos_problem_setup). */
typedef struct {
    const fanos_thermostat_problem *problems;
    size_t nproblems;
    const double *Q, *rho_T, *T0_max;   /* values in the parameters'    */
    size_t nQ, nrho_T, nT0_max;         /* ranges (fanos params fanos)  */
    fanos_draws draws;
    const unsigned long *seeds;
    size_t nseeds;
    const char *dir;
    fanos_thermostat_cb on_run;         /* may be NULL                  */
    void *cb_ctx;
} fanos_thermostat_grid;

/* One run of the grid. */
typedef struct {
    size_t problem;         /* index in problems                        */
    double param;           /* the value of the type's axis parameter
                               (cond), NaN for a type without one       */
    double Q, rho_T, T0_max;
    unsigned long seed;
    double tracking;        /* TH2; +inf for a diverged run (TH3)       */
    double final_loss;      /* fanos_run's; +inf for a diverged run     */
    int diverged;
    size_t diverged_step, steps;
    double seconds;
} fanos_thermostat_row;

/* One setting (problem, Q, rho_T, T0_max) over its seeds (TH5, TH6). */
typedef struct {
    size_t problem;
    double param, Q, rho_T, T0_max;
    size_t runs, diverged;  /* seeds, and the runs of them that diverged */
    double tracking;        /* median over the seeds                    */
    double final_loss;      /* median over the seeds                    */
    int tracks;             /* TH6                                      */
    size_t median_run;      /* index in the rows of its median run (TH7) */
} fanos_thermostat_setting;

/* The verdict of TH9 on tracking and the final loss. */
typedef enum {
    FANOS_THERMOSTAT_UNDEFINED = 0, /* rho_S undefined (TH8)            */
    FANOS_THERMOSTAT_LOWER = 1,     /* better tracking, lower loss      */
    FANOS_THERMOSTAT_NONE = 2,      /* no clear relation                */
    FANOS_THERMOSTAT_HIGHER = 3     /* better tracking, higher loss     */
} fanos_thermostat_verdict;

/* The answer for one problem (TH7, TH8, TH9).  best and lowest index the
 * settings array; SIZE_MAX when every setting has a diverged run. */
typedef struct {
    size_t problem;
    double param;
    size_t settings;        /* its settings                             */
    size_t diverged;        /* of them, those with a diverged run       */
    size_t tracking;        /* of them, those that track (TH6)          */
    size_t best;            /* the best-tracking setting                */
    size_t lowest;          /* the setting of the lowest final loss     */
    size_t ranked;          /* settings in the rank correlation         */
    double spearman;        /* rho_S; NaN when undefined                */
    int tracks;             /* 1: some setting tracks                   */
    fanos_thermostat_verdict verdict;
} fanos_thermostat_answer;

/* The number of runs, settings and problems of g (the sizes of the
 * arrays below).  FANOS_ENULL, FANOS_EDIM (no problem, no value of Q,
 * rho_T or T0_max, no seed, or a count that overflows size_t). */
int fanos_thermostat_grid_size(const fanos_thermostat_grid *g, size_t *nruns,
                               size_t *nsettings);

/* Run the grid into rows (nrows = the grid's runs, TH4).  Everything is
 * checked before the first run: FANOS_ENULL (g, rows, problems, the value
 * arrays, seeds, a problem's type, name or a setting's key or value
 * NULL), FANOS_EDIM (the sizes of fanos_thermostat_grid_size, nrows not
 * the number of runs, a problem of size 0: its data cannot be read),
 * FANOS_ECONFLICT (a type of protocol warm start, a
 * problem's parameters that fail its check, a FANoS setting of Q, rho_T
 * or T0_max, the FANoS parameters of a combination that fail its check),
 * FANOS_EBUDGET (a budget 0), FANOS_ERANGE (a loop outside
 * fanos_loop_kind, a draws source outside fanos_draws, a value outside
 * its parameter's range), FANOS_EUNKNOWN, FANOS_EPARSE (a setting's name
 * or value), FANOS_ENOMEM, and the codes of fanos_problem_setup for the
 * draws of each seed (a seed outside the draws, draws that cannot be
 * read), with *failed (may be NULL) the first run of that seed, else
 * nrows.  Then the codes of fanos_run and of on_run, and FANOS_ENOMEM,
 * end it, with *failed the index of the run at fault (the first run of
 * its problem when the problem's runs could not be set up).  A diverged
 * run is FANOS_OK.  rows are complete only on FANOS_OK. */
int fanos_thermostat_grid_run(const fanos_thermostat_grid *g,
                              fanos_thermostat_row *rows, size_t nrows,
                              size_t *failed);

/* The settings of the rows of a grid run (TH5, TH6, TH7): nsettings =
 * the grid's settings, in the order of the rows.  FANOS_ENULL, FANOS_EDIM
 * (sizes not the grid's), FANOS_ERANGE (rows not in the grid's order:
 * another problem or value than its place in the order), FANOS_ENOMEM. */
int fanos_thermostat_summarize(const fanos_thermostat_grid *g,
                               const fanos_thermostat_row *rows, size_t nrows,
                               fanos_thermostat_setting *settings,
                               size_t nsettings);

/* The answer for each problem (TH7, TH8, TH9) from its settings
 * (nanswers = nproblems).  FANOS_ENULL, FANOS_EDIM (sizes not the
 * grid's), FANOS_ERANGE (a setting of another problem than its place),
 * FANOS_ENOMEM. */
int fanos_thermostat_answers(const fanos_thermostat_grid *g,
                             const fanos_thermostat_setting *settings,
                             size_t nsettings,
                             fanos_thermostat_answer *answers,
                             size_t nanswers);

/* "lower", "none", "higher", "undefined"; NULL for another value. */
const char *fanos_thermostat_verdict_name(fanos_thermostat_verdict v);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FANOS_H */

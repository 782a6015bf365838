/* internal.h - library-private declarations shared by src/ files. */
#ifndef FANOS_INTERNAL_H
#define FANOS_INTERNAL_H

#include <math.h>
#include <gsl/gsl_rng.h>
#include "fanos.h"
#include "optim/list.h"
#include "problems/list.h"

struct fanos_optimizer {
    const fanos_optimizer_type *type;
    size_t n;
    double *params;     /* type->nparams values                    */
    void *state;        /* type->state_size bytes                  */
    double *vectors;    /* one block for every vector field        */
    int started;        /* state initialised for this run          */
};

/* The element-wise loops (the optimizer steps, the passes of the PINN and
 * the data problems) are cloned for AVX-512, AVX2 and the baseline
 * instruction set, the clone picked when the library loads, so that they
 * run at vector speed without -march flags.  The package is compiled with
 * -ffp-contract=off, so that no clone fuses a multiply and an add (the
 * AVX-512 target enables FMA): every clone computes the same operations in
 * the same order and gives the same bits.  The coverage build defines
 * FANOS_NO_VECTOR_CLONES (configure --enable-coverage): one copy of each. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && \
    !defined(FANOS_NO_VECTOR_CLONES)
#define FANOS_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define FANOS_VECTOR_CLONES
#endif

/* 0 when every x[i] is finite: sums x[i]*0, which is NaN for inf or NaN.
 * Written so that the loop vectorises. */
static inline int fanos_any_nonfinite(const double *x, size_t n)
{
    double acc = 0.0;
    for (size_t i = 0; i < n; i++)
        acc += x[i] * 0.0;
    return acc != 0.0 || acc != acc;
}

/* The status of a step from chk, a sum of v*0.0 over the values it wrote:
 * 0 while all are finite, NaN once one is not (the sum vectorises). */
static inline int fanos_step_status(double chk)
{
    return (chk != 0.0 || chk != chk) ? FANOS_ENONFINITE : FANOS_OK;
}

/* sqrt(sum g_i^2) without overflow or underflow in the sum; NaN when an
 * entry is NaN, +inf when one is infinite and none is NaN. */
double fanos_norm2(const double *g, size_t n);

/* Strict decimal number: the whole text, no leading blank, no hexadecimal.
 * FANOS_OK, FANOS_EPARSE (not a number) or FANOS_ERANGE (NaN, infinite or
 * overflowing). */
int fanos_strtod_strict(const char *text, double *value);

/* The finiteness check and the 2-norm of g in ONE pass over memory (a step
 * that needs both reads g once for them, then once for its update).
 * FANOS_OK and *norm = sqrt(sum g_i^2), without overflow or underflow in
 * the sum, when every entry is finite; FANOS_ENONFINITE otherwise (*norm
 * is then left unchanged). */
int fanos_norm2_check(const double *g, size_t n, double *norm);

/* A GSL mt19937 generator (seeded with GSL's default seed, as by
 * gsl_rng_alloc), or NULL when out of memory; free it with fanos_rng_free
 * (src/core/rng.c).  gsl_rng_alloc would abort the process through GSL's
 * default error handler instead of returning NULL. */
gsl_rng *fanos_rng_alloc(void);
void fanos_rng_free(gsl_rng *r);

/* The descriptors, for the registry (src/optim/registry.c): one for each
 * line of src/optim/list.h. */
#define X(name) extern const fanos_optimizer_type fanos_type_##name;
FANOS_OPTIMIZER_LIST(X)
#undef X

/* A problem instance (src/core/problem.c). */
struct fanos_problem {
    const fanos_problem_type *type;
    double *params;                     /* type->nparams values        */
    size_t (*sizes)[FANOS_SIZES_MAX];   /* list parameters             */
    size_t *nsizes;
    char **texts;                       /* path parameters (NULL: the
                                           default)                    */
    struct fanos_problem_note *note;    /* what the type's callbacks
                                           tell the library             */
    void *ctx;                          /* the objective of the setup  */
    size_t n;                           /* its size; 0 before setup    */
    int ready;
};

/* What a problem trained on a data set reports through its const problem
 * (its callbacks see the problem as const; this record is not): the data
 * error of the last failed read and its status (size() of a type whose
 * size depends on its data returns 0 and leaves them here), and the size
 * the caller allocated the start point for (set before setup). */
typedef struct fanos_problem_note {
    fanos_data_error err;
    int status;
    size_t n;
} fanos_problem_note;

static inline fanos_problem_note *fanos_problem_note_of(const fanos_problem *p)
{
    return p->note;
}

/* The problem descriptors, for the registry (src/core/problem.c): one for
 * each line of src/problems/list.h. */
#define X(name) extern const fanos_problem_type fanos_ptype_##name;
FANOS_PROBLEM_LIST(X)
#undef X

/* Experiments (src/run/experiment.c, src/run/tuning.c): sort the n runs
 * j (freed) into a new array in row order; the tuning plan (TU6). */
int fanos_experiment_sort_runs(const fanos_experiment *e,
                               fanos_experiment_run *j, size_t n,
                               fanos_experiment_run **runs, size_t *nruns);
int fanos_tuning_plan(const fanos_experiment *e, fanos_experiment_run **runs,
                      size_t *nruns);

/* tanh of z[0..n) into y by the variant the PINN evaluation's layers use
 * (src/problems/pinn.c), for the tanh probe of src/run/bench.c. */
void pinn_tanh_values(double *y, const double *z, size_t n);

/* Shorthand for the descriptor tables. */
#define FANOS_INF HUGE_VAL

#endif

/* cd.c - CD: momentum with cubic damping (mSGD-type member of the family).
 *
 * The splitting of doc/spec.md section 6.3, float64: x' = p,
 * p' = -grad f - gamma p - c p^3, each sub-flow solved exactly over one
 * step h.  The momentum starts at p = 0; the authors' code starts it at
 * the first gradient instead (spec [CD0]).
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum { P_LR, P_C, P_GAMMA, P_COUNT };

static const fanos_param_info cd_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "integrator step h", NULL, NULL},
    {"c", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 0, 1,
     "cubic damping coefficient (0: heavy ball)", NULL, NULL},
    {"gamma", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 0, 1,
     "linear friction", NULL, NULL},
};

struct cd_state {
    double *p;      /* momentum        */
    uint64_t k;     /* steps taken     */
};

static const fanos_field_info cd_fields[] = {
    {"p", FANOS_FIELD_VECTOR, 1, offsetof(struct cd_state, p),
     "momentum p"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct cd_state, k),
     "steps taken"},
};

/* [CD0] Initial state: $p = 0$ (the library zeroes every vector field); the authors' code starts at
 * $p = g_1$ instead, which moves uphill on the first step. */

FANOS_VECTOR_CLONES
static int cd_step(void *state, size_t n, double *x, const double *g,
                   double f, const double *prm)
{
    struct cd_state *st = state;
    const double h = prm[P_LR];
    const double ch2 = 2.0 * prm[P_C] * h;
    const double eg = exp(-prm[P_GAMMA] * h);
    double *p = st->p;
    double chk = 0.0;
    (void)f;

    st->k += 1;
    for (size_t i = 0; i < n; i++) {
        /* [CD1] $p \leftarrow p - h\, g_k$. */
        double pi = p[i] - h * g[i];
        /* [CD2] $x \leftarrow x + h\, p$. */
        const double xn = x[i] + h * pi;
        x[i] = xn;
        /* [CD3] $p \leftarrow p \oslash \sqrt{1 + 2ch\, p \odot p}$, the exact flow of $p' = -c
         * p^3$ over $h$. */
        pi = pi / sqrt(1.0 + ch2 * (pi * pi));
        /* [CD4] $p \leftarrow e^{-\gamma h} p$. */
        pi *= eg;
        p[i] = pi;
        chk += xn * 0.0 + pi * 0.0;
    }
    /* [CD5] A non-finite $x$ or $p$ after a step is reported as divergence (FANOS_ENONFINITE). */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_cd = {
    "cd",
    "CD: momentum with cubic damping (exact splitting)",
    cd_params, P_COUNT,
    cd_fields, sizeof cd_fields / sizeof cd_fields[0],
    sizeof(struct cd_state),
    NULL, NULL, cd_step,
    NULL,
};

/* cadam.c - CADAM: Adam-type member of the cubic damping family.
 *
 * The splitting of doc/spec.md section 6.4, float64:
 * x' = p/(sqrt(zeta) + eps), p' = -grad f - c p^3 - gamma p,
 * zeta' = g^2 - alpha zeta, each sub-flow solved exactly over one step h,
 * in the order written there.  One pass: the coordinates are independent.
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum { P_LR, P_ALPHA, P_C, P_GAMMA, P_EPS, P_COUNT };

static const fanos_param_info cadam_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "integrator step h", NULL, NULL},
    {"alpha", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 1, 1,
     "relaxation rate of zeta", NULL, NULL},
    {"c", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 0, 1,
     "cubic damping coefficient", NULL, NULL},
    {"gamma", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 0, 1,
     "linear friction", NULL, NULL},
    {"eps", FANOS_PARAM_REAL, 1e-8, 0, FANOS_INF, 1, 1,
     "added to sqrt(zeta)", NULL, NULL},
};

struct cadam_state {
    double *p;      /* momentum                        */
    double *zeta;   /* EMA-like second moment          */
    uint64_t k;     /* steps taken                     */
};

static const fanos_field_info cadam_fields[] = {
    {"p", FANOS_FIELD_VECTOR, 1, offsetof(struct cadam_state, p),
     "momentum p"},
    {"zeta", FANOS_FIELD_VECTOR, 1, offsetof(struct cadam_state, zeta),
     "second moment zeta"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct cadam_state, k),
     "steps taken"},
};

/* [CAD0] Initial state: $p = 0$ and $\zeta = 0$ (the library zeroes every vector field). */

FANOS_VECTOR_CLONES
static int cadam_step(void *state, size_t n, double *x, const double *g,
                      double f, const double *prm)
{
    struct cadam_state *st = state;
    const double h = prm[P_LR], alpha = prm[P_ALPHA], eps = prm[P_EPS];
    const double ea = exp(-alpha * h);
    const double drive = (1.0 - ea) / alpha;
    const double ch2 = 2.0 * prm[P_C] * h;
    const double eg = exp(-prm[P_GAMMA] * h);
    double *p = st->p, *zeta = st->zeta;
    double chk = 0.0;
    (void)f;

    st->k += 1;
    for (size_t i = 0; i < n; i++) {
        const double gi = g[i];
        /* [CAD1] $p \leftarrow p - h\, g_k$. */
        double pi = p[i] - h * gi;
        /* [CAD2] $\zeta \leftarrow e^{-\alpha h} \zeta + \frac{1 - e^{-\alpha h}}{\alpha}\, g_k
         * \odot g_k$, the exact flow of $\zeta' = g_k^2 - \alpha\zeta$. */
        const double zn = ea * zeta[i] + drive * (gi * gi);
        zeta[i] = zn;
        /* [CAD3] $x \leftarrow x + h\, p \oslash (\sqrt{\zeta} + \varepsilon)$. */
        const double xn = x[i] + h * pi / (sqrt(zn) + eps);
        x[i] = xn;
        /* [CAD4] $p \leftarrow p \oslash \sqrt{1 + 2ch\, p \odot p}$. */
        pi = pi / sqrt(1.0 + ch2 * (pi * pi));
        /* [CAD5] $p \leftarrow e^{-\gamma h} p$. */
        pi *= eg;
        p[i] = pi;
        chk += xn * 0.0 + pi * 0.0 + zn * 0.0;
    }
    /* [CAD6] A non-finite $x$, $p$ or $\zeta$ after a step is reported as divergence
     * (FANOS_ENONFINITE). */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_cadam = {
    "cadam",
    "CADAM: Adam-type cubic damping (exact splitting)",
    cadam_params, P_COUNT,
    cadam_fields, sizeof cadam_fields / sizeof cadam_fields[0],
    sizeof(struct cadam_state),
    NULL, NULL, cadam_step,
    NULL,
};

/* ikfad.c - iKFAD: momentum with a per-coordinate adaptive friction xi
 * driven by the kinetic energy (cubic damping family).
 *
 * The splitting of doc/spec.md section 6.2, float64: each sub-flow of
 * x' = p, p' = -grad f - xi p - gamma p, xi' = p^2/mu - alpha xi is solved
 * exactly over one step h, in the order written there.  Every coordinate
 * is independent, so the step is one pass.
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum { P_LR, P_ALPHA, P_MU, P_GAMMA, P_COUNT };

static const fanos_param_info ikfad_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "integrator step h", NULL, NULL},
    {"alpha", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 1, 1,
     "relaxation rate of the friction xi", NULL, NULL},
    {"mu", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 1, 1,
     "friction mass: xi is driven by p^2/mu", NULL, NULL},
    {"gamma", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 0, 1,
     "linear friction", NULL, NULL},
};

struct ikfad_state {
    double *p;      /* momentum                    */
    double *xi;     /* per-coordinate friction     */
    uint64_t k;     /* steps taken                 */
};

static const fanos_field_info ikfad_fields[] = {
    {"p", FANOS_FIELD_VECTOR, 1, offsetof(struct ikfad_state, p),
     "momentum p"},
    {"xi", FANOS_FIELD_VECTOR, 1, offsetof(struct ikfad_state, xi),
     "adaptive friction xi"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct ikfad_state, k),
     "steps taken"},
};

/* [IKF0] Initial state: $p = 0$ and $\xi = 0$ (the library zeroes every vector field). */

FANOS_VECTOR_CLONES
static int ikfad_step(void *state, size_t n, double *x, const double *g,
                      double f, const double *prm)
{
    struct ikfad_state *st = state;
    const double h = prm[P_LR], alpha = prm[P_ALPHA];
    const double ea = exp(-alpha * h);
    const double drive = (1.0 - ea) / (prm[P_MU] * alpha);
    const double eg = exp(-prm[P_GAMMA] * h);
    double *p = st->p, *xi = st->xi;
    double chk = 0.0;
    (void)f;

    st->k += 1;
    for (size_t i = 0; i < n; i++) {
        /* [IKF1] $p \leftarrow p - h\, g_k$. */
        double pi = p[i] - h * g[i];
        /* [IKF2] $x \leftarrow x + h\, p$. */
        const double xn = x[i] + h * pi;
        x[i] = xn;
        /* [IKF3] $p \leftarrow p \odot e^{-h\xi/2}$ with the $\xi$ of the previous step. */
        pi *= exp(-h * xi[i] / 2.0);
        /* [IKF4] $\xi \leftarrow e^{-\alpha h} \xi + (1 - e^{-\alpha h})\, p \odot p /
         * (\mu\alpha)$, the exact flow of $\xi' = p \odot p / \mu - \alpha\xi$ at fixed $p$. */
        const double xin = ea * xi[i] + drive * (pi * pi);
        xi[i] = xin;
        /* [IKF5] $p \leftarrow p \odot e^{-h\xi/2}$ with the new $\xi$. */
        pi *= exp(-h * xin / 2.0);
        /* [IKF6] $p \leftarrow e^{-\gamma h} p$. */
        pi *= eg;
        p[i] = pi;
        chk += xn * 0.0 + pi * 0.0 + xin * 0.0;
    }
    /* [IKF7] A non-finite $x$, $p$ or $\xi$ after a step is reported as divergence
     * (FANOS_ENONFINITE). */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_ikfad = {
    "ikfad",
    "iKFAD: momentum with kinetic-energy-driven friction (exact splitting)",
    ikfad_params, P_COUNT,
    ikfad_fields, sizeof ikfad_fields / sizeof ikfad_fields[0],
    sizeof(struct ikfad_state),
    NULL, NULL, ikfad_step,
    NULL,
};

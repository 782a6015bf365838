/* rmsprop.c - RMSProp as torch.optim.RMSprop (plain, centered, momentum).
 *
 * The update of doc/spec.md section 5.3, float64, on one flat parameter
 * vector, in PyTorch's order: eps is added after the square root.
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum { P_LR, P_ALPHA, P_EPS, P_MOMENTUM, P_CENTERED, P_WD, P_COUNT };

static const fanos_param_info rmsprop_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-2, 0, FANOS_INF, 1, 1,
     "learning rate", NULL, NULL},
    {"alpha", FANOS_PARAM_REAL, 0.99, 0, 1, 0, 0,
     "EMA factor of the squared gradient", NULL, NULL},
    {"eps", FANOS_PARAM_REAL, 1e-8, 0, FANOS_INF, 1, 1,
     "added after the square root", NULL, NULL},
    {"momentum", FANOS_PARAM_REAL, 0.0, 0, 1, 0, 0,
     "momentum factor mu (0: no buffer)", NULL, NULL},
    {"centered", FANOS_PARAM_BOOL, 0, 0, 1, 0, 0,
     "subtract the squared EMA of the gradient inside the square root", NULL, NULL},
    {"weight_decay", FANOS_PARAM_REAL, 0.0, 0, FANOS_INF, 0, 1,
     "coupled weight decay lambda: g += lambda*theta", NULL, NULL},
};

struct rmsprop_state {
    double *sq;     /* EMA of g^2 (square_avg)          */
    double *ga;     /* EMA of g (grad_avg, centered)    */
    double *buf;    /* momentum buffer                   */
    uint64_t k;     /* steps taken                       */
};

static const fanos_field_info rmsprop_fields[] = {
    {"square_avg", FANOS_FIELD_VECTOR, 1,
     offsetof(struct rmsprop_state, sq), "EMA of the squared gradient"},
    {"grad_avg", FANOS_FIELD_VECTOR, 1,
     offsetof(struct rmsprop_state, ga), "EMA of the gradient (centered)"},
    {"momentum_buffer", FANOS_FIELD_VECTOR, 1,
     offsetof(struct rmsprop_state, buf), "momentum buffer (momentum > 0)"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct rmsprop_state, k),
     "steps taken"},
};

/* One pass over the coordinates.  centered and momentum are constants at
 * each call below, so every variant is compiled without branches in the
 * loop (and vectorises). */
static inline __attribute__((always_inline)) double
rmsprop_pass(struct rmsprop_state *st, size_t n, double *x, const double *g,
             const double *p, const int centered, const int momentum)
{
    const double lr = p[P_LR], a = p[P_ALPHA], eps = p[P_EPS];
    const double mu = p[P_MOMENTUM], wd = p[P_WD];
    double *sq = st->sq, *ga = st->ga, *buf = st->buf;
    double chk = 0.0;
    for (size_t i = 0; i < n; i++) {
        /* [RMS1] $g_k \leftarrow g_k + \lambda \theta_k$ (coupled weight decay). */
        const double gi = g[i] + wd * x[i];
        /* [RMS2] $s_k = \alpha s_{k-1} + (1 - \alpha)\, g_k \odot g_k$ from $s_0 = 0$. */
        const double si = a * sq[i] + (1.0 - a) * gi * gi;
        sq[i] = si;
        double avg;
        if (centered) {
            /* [RMS4] Centered: $\bar g_k = \alpha \bar g_{k-1} + (1 - \alpha) g_k$ from $\bar g_0 =
             * 0$, and $a_k = \sqrt{s_k - \bar g_k \odot \bar g_k} + \varepsilon$. */
            const double gb = a * ga[i] + (1.0 - a) * gi;
            ga[i] = gb;
            avg = sqrt(si - gb * gb) + eps;
        } else {
            /* [RMS3] $a_k = \sqrt{s_k} + \varepsilon$ (eps after the square root). */
            avg = sqrt(si) + eps;
        }
        double xn;
        if (momentum) {
            /* [RMS5] Momentum $\mu > 0$: $b_k = \mu b_{k-1} + g_k \oslash a_k$ from $b_0 = 0$, and
             * $\theta_{k+1} = \theta_k - \eta\, b_k$. */
            const double b = mu * buf[i] + gi / avg;
            buf[i] = b;
            xn = x[i] - lr * b;
        } else {
            /* [RMS6] Without momentum: $\theta_{k+1} = \theta_k - \eta\, g_k \oslash a_k$. */
            xn = x[i] - lr * gi / avg;
        }
        x[i] = xn;
        chk += xn * 0.0 + si * 0.0;
    }
    return chk;
}

FANOS_VECTOR_CLONES
static int rmsprop_step(void *state, size_t n, double *x, const double *g,
                        double f, const double *p)
{
    struct rmsprop_state *st = state;
    const int centered = p[P_CENTERED] != 0, momentum = p[P_MOMENTUM] > 0;
    double chk;
    (void)f;

    st->k += 1;
    if (centered)
        chk = momentum ? rmsprop_pass(st, n, x, g, p, 1, 1)
                       : rmsprop_pass(st, n, x, g, p, 1, 0);
    else
        chk = momentum ? rmsprop_pass(st, n, x, g, p, 0, 1)
                       : rmsprop_pass(st, n, x, g, p, 0, 0);
    /* [RMS7] A non-finite $\theta_{k+1}$ or $s_k$ is reported as divergence (FANOS_ENONFINITE). */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_rmsprop = {
    "rmsprop",
    "RMSProp, plain, centered or with momentum (torch.optim.RMSprop)",
    rmsprop_params, P_COUNT,
    rmsprop_fields, sizeof rmsprop_fields / sizeof rmsprop_fields[0],
    sizeof(struct rmsprop_state),
    NULL, NULL, rmsprop_step,
    NULL,
};

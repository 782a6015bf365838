/* sgd.c - SGD with momentum, dampening and Nesterov, as torch.optim.SGD.
 *
 * The update order of doc/spec.md section 5.1, float64, on one flat
 * parameter vector.  The first step taken with momentum copies d into the
 * momentum buffer (PyTorch creates the buffer from d then), so the count k
 * of momentum steps is part of the state: k = 0 means "no buffer yet".
 * Steps with momentum 0 leave k (and the buffer) alone.
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum { P_LR, P_MOMENTUM, P_DAMPENING, P_NESTEROV, P_WD, P_COUNT };

static const fanos_param_info sgd_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "learning rate", NULL, NULL},
    {"momentum", FANOS_PARAM_REAL, 0.0, 0, 1, 0, 0,
     "momentum factor mu (0: plain SGD)", NULL, NULL},
    {"dampening", FANOS_PARAM_REAL, 0.0, 0, 1, 0, 0,
     "dampening tau of the buffer update (0 with nesterov)", NULL, NULL},
    {"nesterov", FANOS_PARAM_BOOL, 0, 0, 1, 0, 0,
     "Nesterov momentum (needs momentum > 0, dampening = 0)", NULL, NULL},
    {"weight_decay", FANOS_PARAM_REAL, 0.0, 0, FANOS_INF, 0, 1,
     "coupled weight decay lambda: d = g + lambda*theta", NULL, NULL},
};

struct sgd_state {
    double *buf;    /* momentum buffer b                       */
    uint64_t k;     /* steps taken with momentum; 0: no buffer yet */
};

static const fanos_field_info sgd_fields[] = {
    {"momentum_buffer", FANOS_FIELD_VECTOR, 1,
     offsetof(struct sgd_state, buf), "momentum buffer b"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct sgd_state, k),
     "steps taken with momentum > 0 (0: the next such step sets the "
     "buffer to d)"},
};

static int sgd_check(const double *p, size_t *bad)
{
    /* [SGD5] Rules between parameters, as PyTorch checks them: nesterov requires $\mu > 0$ and
     * $\tau = 0$. */
    if (p[P_NESTEROV] != 0 && !(p[P_MOMENTUM] > 0)) {
        *bad = P_MOMENTUM;
        return FANOS_ECONFLICT;
    }
    if (p[P_NESTEROV] != 0 && p[P_DAMPENING] != 0) {
        *bad = P_DAMPENING;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

/* The whole step in one pass over memory.  Written once; inlined with
 * constant flags for the common case (momentum, buffer set, no Nesterov)
 * so that its branches fold away and the loop vectorises.  Returns the
 * sum of theta*0 over the new theta (0 while all are finite). */
static inline __attribute__((always_inline)) double
sgd_pass(size_t n, double *x, const double *g, double *buf, double lr,
         double mu, double keep, double wd, const int momentum,
         const int first, const int nesterov)
{
    double chk = 0.0;
    for (size_t i = 0; i < n; i++) {
        /* [SGD1] $d_k = g_k + \lambda \theta_k$ (coupled weight decay, $\lambda$ =
         * weight_decay). */
        double d = g[i] + wd * x[i];
        if (momentum) {
            /* [SGD2] With $\mu > 0$: $b = d_k$ on the first step taken with $\mu > 0$ (PyTorch
             * creates the buffer then, however many steps without momentum came before), then $b_k
             * = \mu b_{k-1} + (1 - \tau) d_k$ ($\mu$ = momentum, $\tau$ = dampening). */
            const double b = first ? d : mu * buf[i] + keep * d;
            buf[i] = b;
            /* [SGD3] Nesterov: $d_k \leftarrow d_k + \mu b_k$; otherwise $d_k \leftarrow b_k$ (with
             * $\mu = 0$, $d_k$ is used as it is). */
            d = nesterov ? d + mu * b : b;
        }
        /* [SGD4] $\theta_{k+1} = \theta_k - \eta\, d_k$ with $\eta$ = lr. */
        const double xn = x[i] - lr * d;
        x[i] = xn;
        chk += xn * 0.0;
    }
    return chk;
}

FANOS_VECTOR_CLONES
static int sgd_step(void *state, size_t n, double *x, const double *g,
                    double f, const double *p)
{
    struct sgd_state *st = state;
    const double lr = p[P_LR], mu = p[P_MOMENTUM], wd = p[P_WD];
    const double keep = 1.0 - p[P_DAMPENING];
    const int momentum = mu > 0, nesterov = p[P_NESTEROV] != 0;
    const int first = st->k == 0;
    double chk;
    (void)f;

    if (momentum)
        st->k += 1;
    if (momentum && !first && !nesterov)
        chk = sgd_pass(n, x, g, st->buf, lr, mu, keep, wd, 1, 0, 0);
    else
        chk = sgd_pass(n, x, g, st->buf, lr, mu, keep, wd, momentum, first,
                       nesterov);
    /* [SGD6] A non-finite $\theta_{k+1}$ is reported as divergence (FANOS_ENONFINITE); a non-finite
     * $b_k$ always makes $\theta_{k+1}$ non-finite. */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_sgd = {
    "sgd",
    "SGD with momentum, dampening and Nesterov (torch.optim.SGD)",
    sgd_params, P_COUNT,
    sgd_fields, sizeof sgd_fields / sizeof sgd_fields[0],
    sizeof(struct sgd_state),
    sgd_check, NULL, sgd_step,
    NULL,
};

/* adamw.c - AdamW as torch.optim.AdamW, and the beta1 = beta2 preset.
 *
 * The update of doc/spec.md section 5.2, float64, on one flat parameter
 * vector, with the operations in PyTorch's order (bias corrections applied
 * to the step size and to sqrt(v), not to m and v), so that the golden
 * trace matches to rounding.  adam-eqbeta (section 6.6) is the same
 * update under its own name and defaults: it shares this file's state,
 * fields and step function.
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum { P_LR, P_BETA1, P_BETA2, P_EPS, P_WD, P_COUNT };

static const fanos_param_info adamw_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "learning rate", NULL, NULL},
    {"beta1", FANOS_PARAM_REAL, 0.9, 0, 1, 0, 1,
     "EMA factor of the gradient", NULL, NULL},
    {"beta2", FANOS_PARAM_REAL, 0.999, 0, 1, 0, 1,
     "EMA factor of the squared gradient", NULL, NULL},
    {"eps", FANOS_PARAM_REAL, 1e-8, 0, FANOS_INF, 1, 1,
     "added to the bias-corrected sqrt(v)", NULL, NULL},
    {"weight_decay", FANOS_PARAM_REAL, 0.01, 0, FANOS_INF, 0, 1,
     "decoupled weight decay lambda (lr * weight_decay < 1)", NULL, NULL},
};

static const fanos_param_info eqbeta_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "learning rate", NULL, NULL},
    {"beta1", FANOS_PARAM_REAL, 0.95, 0, 1, 0, 1,
     "EMA factor of the gradient (= beta2)", NULL, NULL},
    {"beta2", FANOS_PARAM_REAL, 0.95, 0, 1, 0, 1,
     "EMA factor of the squared gradient (= beta1)", NULL, NULL},
    {"eps", FANOS_PARAM_REAL, 1e-8, 0, FANOS_INF, 1, 1,
     "added to the bias-corrected sqrt(v)", NULL, NULL},
    {"weight_decay", FANOS_PARAM_REAL, 0.01, 0, FANOS_INF, 0, 1,
     "decoupled weight decay lambda (lr * weight_decay < 1)", NULL, NULL},
};

struct adamw_state {
    double *m;      /* first moment (exp_avg)         */
    double *v;      /* second moment (exp_avg_sq)     */
    uint64_t k;     /* steps taken                    */
};

static const fanos_field_info adamw_fields[] = {
    {"exp_avg", FANOS_FIELD_VECTOR, 1, offsetof(struct adamw_state, m),
     "first moment m"},
    {"exp_avg_sq", FANOS_FIELD_VECTOR, 1, offsetof(struct adamw_state, v),
     "second moment v"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct adamw_state, k),
     "steps taken (the bias corrections use k + 1 at the next step)"},
};

static int adamw_check(const double *p, size_t *bad)
{
    /* [ADW4] Rule between parameters (this package's, as for FANoS): $\eta\lambda < 1$, so the
     * decay factor stays positive. */
    if (!(p[P_LR] * p[P_WD] < 1.0)) {
        *bad = P_WD;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

static int eqbeta_check(const double *p, size_t *bad)
{
    /* [ADW7] adam-eqbeta requires $\beta_1 = \beta_2$, besides the rule of AdamW. */
    if (p[P_BETA1] != p[P_BETA2]) {
        *bad = P_BETA2;
        return FANOS_ECONFLICT;
    }
    return adamw_check(p, bad);
}

FANOS_VECTOR_CLONES
static int adamw_step(void *state, size_t n, double *x, const double *g,
                      double f, const double *p)
{
    struct adamw_state *st = state;
    const double lr = p[P_LR], b1 = p[P_BETA1], b2 = p[P_BETA2];
    const double eps = p[P_EPS];
    double *m = st->m, *v = st->v;
    double chk = 0.0;
    (void)f;

    st->k += 1;
    const double t = (double)st->k;
    /* PyTorch computes these in Python floats: lr / bc1 and sqrt(bc2). */
    const double step_size = lr / (1.0 - pow(b1, t));
    const double bc2_sqrt = sqrt(1.0 - pow(b2, t));
    /* [ADW1] $\theta_k \leftarrow \theta_k (1 - \eta\lambda)$ (decoupled weight decay; $\eta$ = lr,
     * $\lambda$ = weight_decay, default 0.01 as in PyTorch). */
    const double decay = 1.0 - lr * p[P_WD];
    for (size_t i = 0; i < n; i++) {
        const double gi = g[i];
        /* [ADW2] $m_k = \beta_1 m_{k-1} + (1 - \beta_1) g_k$ and $v_k = \beta_2 v_{k-1} + (1 -
         * \beta_2)\, g_k \odot g_k$, from $m_0 = v_0 = 0$. */
        const double mi = b1 * m[i] + (1.0 - b1) * gi;
        const double vi = b2 * v[i] + (1.0 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        /* [ADW3] $\theta_{k+1} = \theta_k - \frac{\eta}{1 - \beta_1^k}\, m_k \oslash
         * \left(\sqrt{v_k} / \sqrt{1 - \beta_2^k} + \varepsilon\right)$, in this order of
         * operations (as torch.optim.AdamW). */
        const double xn = x[i] * decay - step_size * mi / (sqrt(vi) / bc2_sqrt + eps);
        x[i] = xn;
        chk += xn * 0.0 + vi * 0.0;
    }
    /* [ADW5] A non-finite $\theta_{k+1}$, $m_k$ or $v_k$ is reported as divergence
     * (FANOS_ENONFINITE). */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_adamw = {
    "adamw",
    "AdamW with decoupled weight decay (torch.optim.AdamW)",
    adamw_params, P_COUNT,
    adamw_fields, sizeof adamw_fields / sizeof adamw_fields[0],
    sizeof(struct adamw_state),
    adamw_check, NULL, adamw_step,
    NULL,
};

/* [ADW6] adam-eqbeta is AdamW with $\beta_1 = \beta_2 = 0.95$ and $\lambda = 0.01$ by default: the
 * same state and step under its own parameter table. */
const fanos_optimizer_type fanos_type_adam_eqbeta = {
    "adam-eqbeta",
    "Adam with beta1 = beta2 = 0.95 (AdamW preset)",
    eqbeta_params, P_COUNT,
    adamw_fields, sizeof adamw_fields / sizeof adamw_fields[0],
    sizeof(struct adamw_state),
    eqbeta_check, NULL, adamw_step,
    NULL,
};

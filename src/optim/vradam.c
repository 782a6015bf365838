/* vradam.c - VRAdam: AdamW with a velocity-regularised global rate.
 *
 * The update of doc/spec.md section 6.1, float64, on one flat parameter
 * vector.  The rate eta_k needs the norm of the new first moment over all
 * parameters, and every coordinate of theta needs eta_k, so no theta can
 * be written before the last m_k is known: the step makes two passes,
 * moments and norm, then the iterate.  Storing m_k and v_k in the first
 * pass and reading them back (40 + 32 bytes a parameter) moves as much as
 * reading g and m in the first pass and recomputing the moments in the
 * second (16 + 56); this way computes each moment once
 * (doc/performance.md).
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum { P_LR, P_BETA1, P_BETA2, P_BETA3, P_EPS, P_WD, P_ALPHA1, P_COUNT };

static const fanos_param_info vradam_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "largest rate alpha0", NULL, NULL},
    {"beta1", FANOS_PARAM_REAL, 0.9, 0, 1, 0, 1,
     "EMA factor of the gradient", NULL, NULL},
    {"beta2", FANOS_PARAM_REAL, 0.999, 0, 1, 0, 1,
     "EMA factor of the squared gradient", NULL, NULL},
    {"beta3", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 0, 1,
     "velocity regularisation; 0 gives AdamW", NULL, NULL},
    {"eps", FANOS_PARAM_REAL, 1e-8, 0, FANOS_INF, 1, 1,
     "added to sqrt(v_hat)", NULL, NULL},
    {"weight_decay", FANOS_PARAM_REAL, 1e-5, 0, FANOS_INF, 0, 1,
     "decoupled weight decay lambda (lr * weight_decay < 1)", NULL, NULL},
    {"alpha1", FANOS_PARAM_REAL, 10.0, 0, FANOS_INF, 0, 1,
     "cap of beta3*|m|^2: the rate stays >= lr/(1 + alpha1)", NULL, NULL},
};

struct vradam_state {
    double *m;      /* raw first moment             */
    double *v;      /* raw second moment            */
    uint64_t k;     /* steps taken                  */
    double eta;     /* diagnostic: eta_k of the last step */
};

static const fanos_field_info vradam_fields[] = {
    {"m", FANOS_FIELD_VECTOR, 1, offsetof(struct vradam_state, m),
     "first moment (not bias-corrected)"},
    {"v", FANOS_FIELD_VECTOR, 1, offsetof(struct vradam_state, v),
     "second moment (not bias-corrected)"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct vradam_state, k),
     "steps taken"},
    {"eta", FANOS_FIELD_SCALAR, 0, offsetof(struct vradam_state, eta),
     "rate eta_k of the last step"},
};

static int vradam_check(const double *p, size_t *bad)
{
    /* [VRA5] Rule between parameters: $\alpha_0 \lambda < 1$, so $1 - \eta_k \lambda > 0$ since
     * $\eta_k \le \alpha_0$. */
    if (!(p[P_LR] * p[P_WD] < 1.0)) {
        *bad = P_WD;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

FANOS_VECTOR_CLONES
static int vradam_step(void *state, size_t n, double *x, const double *g,
                       double f, const double *p)
{
    struct vradam_state *st = state;
    const double b1 = p[P_BETA1], b2 = p[P_BETA2], eps = p[P_EPS];
    double *m = st->m, *v = st->v;
    double mm = 0.0;
    double chk = 0.0;
    (void)f;

    st->k += 1;
    for (size_t i = 0; i < n; i++) {
        const double gi = g[i];
        /* [VRA1] $m_k = \beta_1 m_{k-1} + (1 - \beta_1) g_k$ and $v_k = \beta_2 v_{k-1} + (1 -
         * \beta_2)\, g_k \odot g_k$, from $m_0 = v_0 = 0$. */
        const double mi = b1 * m[i] + (1.0 - b1) * gi;
        m[i] = mi;
        v[i] = b2 * v[i] + (1.0 - b2) * gi * gi;
        mm += mi * mi;
        chk += mi * 0.0;
    }
    /* [VRA2] $\eta_k = \alpha_0 / \left(1 + \min(\beta_3 \lVert m_k \rVert_2^2,\ \alpha_1)\right)$
     * with the raw (not bias-corrected) $m_k$ of this step and the norm over all parameters;
     * $\alpha_0$ = lr. */
    const double r = p[P_BETA3] * mm;
    const double eta = p[P_LR] / (1.0 + (r < p[P_ALPHA1] ? r : p[P_ALPHA1]));
    st->eta = eta;
    /* [VRA3] $\hat m_k = m_k / (1 - \beta_1^k)$ and $\hat v_k = v_k / (1 - \beta_2^k)$. */
    const double t = (double)st->k;
    const double bc1 = 1.0 - pow(b1, t), bc2 = 1.0 - pow(b2, t);
    const double decay = 1.0 - eta * p[P_WD];
    for (size_t i = 0; i < n; i++) {
        const double mhat = m[i] / bc1, vhat = v[i] / bc2;
        /* [VRA4] $\theta_{k+1} = \theta_k (1 - \eta_k \lambda) - \eta_k\, \hat m_k \oslash
         * (\sqrt{\hat v_k} + \varepsilon)$. */
        const double xn = x[i] * decay - eta * (mhat / (sqrt(vhat) + eps));
        x[i] = xn;
        chk += xn * 0.0 + vhat * 0.0;
    }
    /* [VRA6] A non-finite $\theta_{k+1}$, $m_k$ or $v_k$ is reported as divergence
     * (FANOS_ENONFINITE). */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_vradam = {
    "vradam",
    "VRAdam: AdamW with the global rate alpha0/(1 + min(beta3|m|^2, alpha1))",
    vradam_params, P_COUNT,
    vradam_fields, sizeof vradam_fields / sizeof vradam_fields[0],
    sizeof(struct vradam_state),
    vradam_check, NULL, vradam_step,
    NULL,
};

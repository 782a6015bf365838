/* fanos.c - FANoS: Friction-Adaptive Nose-Hoover Symplectic Momentum.
 *
 * The update of doc/spec.md section 1, exactly as the reference pipeline's
 * optimizer runs it, on one flat float64 parameter vector.  Each line that
 * computes a spec statement quotes its ID.
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "core/internal.h"

enum {
    P_LR, P_BETA, P_EPS, P_Q, P_T0_MAX, P_T0_MIN, P_TAU, P_RHO_T,
    P_ZETA_CLIP, P_GRAD_CLIP, P_WD, P_DECOUPLED, P_EXPLICIT, P_FIXED,
    P_ZETA_CONST, P_IDENTITY, P_COUNT
};

static const fanos_param_info fanos_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "integrator step h", NULL, NULL},
    {"beta", FANOS_PARAM_REAL, 0.999, 0, 1, 0, 1,
     "EMA factor of the squared gradient (RMS mass)", NULL, NULL},
    {"eps", FANOS_PARAM_REAL, 1e-8, 0, FANOS_INF, 1, 1,
     "added to sqrt(s) in the mass", NULL, NULL},
    {"Q", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 1, 1,
     "thermostat mass", NULL, NULL},
    {"T0_max", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 0, 1,
     "initial target temperature", NULL, NULL},
    {"T0_min", FANOS_PARAM_REAL, 0.0, 0, FANOS_INF, 0, 1,
     "final target temperature (<= T0_max)", NULL, NULL},
    {"tau", FANOS_PARAM_REAL, 20000, -FANOS_INF, FANOS_INF, 1, 1,
     "decay time of the target temperature; <= 0 means T0 = T0_min", NULL, NULL},
    {"rho_T", FANOS_PARAM_REAL, 0.9, 0, 1, 0, 1,
     "EMA factor of the temperature", NULL, NULL},
    {"zeta_clip", FANOS_PARAM_REAL, 10.0, 0, FANOS_INF, 0, 1,
     "friction clipped to [-zeta_clip, zeta_clip]; 0 disables", NULL, NULL},
    {"grad_clip", FANOS_PARAM_REAL, 1.0, 0, FANOS_INF, 0, 1,
     "global gradient-norm clip; 0 disables", NULL, NULL},
    {"weight_decay", FANOS_PARAM_REAL, 0.0, 0, FANOS_INF, 0, 1,
     "weight decay lambda (lr * weight_decay < 1)", NULL, NULL},
    {"decoupled_weight_decay", FANOS_PARAM_BOOL, 1, 0, 1, 0, 0,
     "1: theta *= 1 - lr*wd; 0: g += wd*theta", NULL, NULL},
    {"explicit_euler", FANOS_PARAM_BOOL, 0, 0, 1, 0, 0,
     "ablation: position update with the old velocity", NULL, NULL},
    {"fixed_friction", FANOS_PARAM_BOOL, 0, 0, 1, 0, 0,
     "ablation: zeta = zeta_const after every step, no thermostat", NULL, NULL},
    {"zeta_const", FANOS_PARAM_REAL, 0.0, -FANOS_INF, FANOS_INF, 1, 1,
     "friction of the fixed-friction ablation", NULL, NULL},
    {"identity_mass", FANOS_PARAM_BOOL, 0, 0, 1, 0, 0,
     "ablation: mass m = 1 instead of sqrt(s) + eps", NULL, NULL},
};

struct fanos_state {
    double *v;      /* velocity                      */
    double *s;      /* EMA of the squared gradient   */
    double zeta;    /* friction                      */
    double T_ema;   /* smoothed temperature          */
    uint64_t k;     /* step counter                  */
    double T_inst;  /* diagnostics of the last step  */
    double T0;
};

static const fanos_field_info fanos_fields[] = {
    {"v", FANOS_FIELD_VECTOR, 1, offsetof(struct fanos_state, v),
     "velocity"},
    {"s", FANOS_FIELD_VECTOR, 1, offsetof(struct fanos_state, s),
     "EMA of the squared gradient"},
    {"zeta", FANOS_FIELD_SCALAR, 1, offsetof(struct fanos_state, zeta),
     "friction zeta"},
    {"T_ema", FANOS_FIELD_SCALAR, 1, offsetof(struct fanos_state, T_ema),
     "smoothed temperature"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct fanos_state, k),
     "steps taken (skipped ones included)"},
    {"T_inst", FANOS_FIELD_SCALAR, 0, offsetof(struct fanos_state, T_inst),
     "temperature of the last step"},
    {"T0", FANOS_FIELD_SCALAR, 0, offsetof(struct fanos_state, T0),
     "target temperature of the last step"},
};

static int fanos_check(const double *p, size_t *bad)
{
    /* [F18] Parameters are checked against the table below, and together: $T_{0,\min} \le
     * T_{0,\max}$ and $h\lambda < 1$. */
    if (!(p[P_T0_MIN] <= p[P_T0_MAX])) {
        *bad = P_T0_MIN;
        return FANOS_ECONFLICT;
    }
    if (!(p[P_LR] * p[P_WD] < 1.0)) {
        *bad = P_WD;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

static void fanos_init(void *state, size_t n, const double *p)
{
    struct fanos_state *st = state;
    (void)n;
    /* [F0] Initial state: $v = 0$, $s = 0$, $\zeta = 0$, $T_{ema} = T_{0,\max}$, $k = 0$. */
    st->zeta = 0.0;
    st->T_ema = p[P_T0_MAX];
    st->k = 0;
    st->T0 = p[P_T0_MAX];
    st->T_inst = 0.0;
}

static double target_temperature(const double *p, uint64_t k)
{
    /* [F2] $T_0(k) = T_{0,\min} + (T_{0,\max} - T_{0,\min})\, e^{-k/\tau}$ for $\tau > 0$; $T_0 =
     * T_{0,\min}$ for $\tau \le 0$. */
    if (p[P_TAU] <= 0)
        return p[P_T0_MIN];
    return p[P_T0_MIN] +
           (p[P_T0_MAX] - p[P_T0_MIN]) * exp(-(double)k / p[P_TAU]);
}

/* The scalars of one update pass. */
struct fanos_pass {
    double h, beta, eps, wd, c, decay, friction;
};

/* The update pass (the clip factor already known): s, v and theta of every
 * coordinate in one pass over memory, with the kinetic-energy sum of F13
 * and the finiteness sum of the new theta taken in the same loop.  Written
 * once; inlined with constant flags for the default configuration, so
 * that its branches fold away and the loop vectorises.  Returns the
 * kinetic sum; *xcheck gets the sum of theta*0 (0 while all are finite). */
static inline __attribute__((always_inline)) double
fanos_update(const struct fanos_pass *a, size_t n, double *x,
             const double *g, double *v, double *s, double *xcheck,
             const int coupled, const int identity, const int euler)
{
    const double h = a->h, beta = a->beta, eps = a->eps, wd = a->wd;
    const double c = a->c, decay = a->decay, friction = a->friction;
    double kinetic = 0.0, chk = 0.0;
    for (size_t i = 0; i < n; i++) {
        double gi = g[i];
        if (coupled)
            /* [F6] Coupled weight decay: $g_k \leftarrow g_k + \lambda \theta_k$, before the clip
             * factor is applied. */
            gi += wd * x[i];
        /* [F7] $g_k \leftarrow c\, g_k$, so the RMS state sees the clipped gradient. */
        gi *= c;
        double m = 1.0;
        if (!identity) {
            /* [F8] $s_k = \beta s_{k-1} + (1 - \beta)\,(g_k \odot g_k)$, with no bias
             * correction. */
            s[i] = beta * s[i] + (1.0 - beta) * (gi * gi);
            /* [F9] $m_k = \sqrt{s_k} + \varepsilon$; identity mass: $m_k \equiv 1$ and $s$ is
             * unused. */
            m = sqrt(s[i]) + eps;
        }
        const double vold = v[i];
        /* [F10] $v_{k+1} = (1 - h\zeta_k)\, v_k - h\,(g_k \oslash m_k)$, with the $\zeta_k$ left by
         * the previous step. */
        const double vnew = friction * vold - h * (gi / m);
        v[i] = vnew;
        /* [F11] $\theta_{k+1} = \theta_k + h\, v_{k+1}$ (semi-implicit). */
        /* [F12] Explicit-Euler ablation: $\theta_{k+1} = \theta_k + h\, v_k$. */
        const double xi = x[i] * decay + h * (euler ? vold : vnew);
        x[i] = xi;
        chk += xi * 0.0;
        kinetic += m * (vnew * vnew);
    }
    *xcheck = chk;
    return kinetic;
}

FANOS_VECTOR_CLONES
static int fanos_step(void *state, size_t n, double *x, const double *g,
                      double f, const double *p)
{
    struct fanos_state *st = state;
    const double h = p[P_LR], wd = p[P_WD], zc = p[P_ZETA_CLIP];
    const double gc = p[P_GRAD_CLIP];
    const int coupled = wd > 0 && !p[P_DECOUPLED];
    const int identity = p[P_IDENTITY] != 0, euler = p[P_EXPLICIT] != 0;
    (void)f;

    /* [F1] $k \leftarrow k + 1$, so the first step uses $k = 1$. */
    st->k += 1;
    const double T0 = target_temperature(p, st->k);
    st->T0 = T0;

    /* One pass over g gives both the finiteness check (F4) and the norm (F3). */
    double gnorm = 0.0;
    /* [F4] If any entry of $g_k$ is non-finite the step is skipped: $\theta$, $v$, $s$, $\zeta$,
     * $T_{ema}$ keep their values and $k$ still advances. */
    if (fanos_norm2_check(g, n, &gnorm) != FANOS_OK)
        return FANOS_SKIPPED;

    /* [F3] $c = \min\left(1,\ C_g / (\lVert g_k \rVert_2 + 10^{-12})\right)$ on the raw gradient
     * (before weight decay); $C_g$ = grad_clip, and $C_g = 0$ disables the clip ($c = 1$). */
    const double c = gc > 0 ? fmin(1.0, gc / (gnorm + 1e-12)) : 1.0;

    struct fanos_pass a = {h, p[P_BETA], p[P_EPS], wd, c, 1.0, 1.0 - h * st->zeta};
    if (wd > 0 && !coupled)
        /* [F5] Decoupled weight decay: $\theta_k \leftarrow \theta_k (1 - h\lambda)$. */
        a.decay = 1.0 - h * wd;
    double kinetic, xcheck;
    if (!coupled && !identity && !euler)
        kinetic = fanos_update(&a, n, x, g, st->v, st->s, &xcheck, 0, 0, 0);
    else
        kinetic = fanos_update(&a, n, x, g, st->v, st->s, &xcheck, coupled,
                               identity, euler);
    /* [F13] $T_{inst} = \frac{1}{d} \sum_i m_{k,i}\, v_{k+1,i}^2$ (identity mass: $\frac{1}{d}
     * \sum_i v_{k+1,i}^2$). */
    st->T_inst = kinetic / (double)n;
    /* [F14] $T_{ema} \leftarrow \rho_T\, T_{ema} + (1 - \rho_T)\, T_{inst}$. */
    st->T_ema = p[P_RHO_T] * st->T_ema + (1.0 - p[P_RHO_T]) * st->T_inst;

    if (p[P_FIXED]) {
        /* [F16] Fixed-friction ablation: $\zeta_{k+1} = \zeta_{const}$, so the first step still
         * uses $\zeta_0 = 0$. */
        st->zeta = p[P_ZETA_CONST];
    } else {
        /* [F15] $\zeta_{k+1} = \mathrm{clip}\left(\zeta_k + \frac{h}{Q}\,(T_{ema} - T_0(k)),\
         * [-\zeta_{\max}, \zeta_{\max}]\right)$; $\zeta_{\max}$ = zeta_clip, and $\zeta_{\max} = 0$
         * disables the clip. */
        double z = st->zeta + (h / p[P_Q]) * (st->T_ema - T0);
        if (zc > 0 && isfinite(z))
            z = z > zc ? zc : (z < -zc ? -zc : z);
        st->zeta = z;
    }

    /* [F17] A non-finite $\theta$, $v$, $T_{inst}$, $T_{ema}$ or $\zeta$ after a step is reported
     * as divergence, never passed on silently; a non-finite $\zeta$ is set to $+\zeta_{\max}$ as
     * the reference's clip does. */
    /* (a non-finite v makes the kinetic sum, and so T_inst, non-finite) */
    if (xcheck != 0.0 || xcheck != xcheck || !isfinite(st->T_inst) ||
        !isfinite(st->T_ema) || !isfinite(st->zeta)) {
        if (!isfinite(st->zeta) && zc > 0)
            st->zeta = zc;
        return FANOS_ENONFINITE;
    }
    return FANOS_OK;
}

const fanos_optimizer_type fanos_type_fanos = {
    "fanos",
    "FANoS: thermostatted semi-implicit momentum with RMS mass",
    fanos_params, P_COUNT,
    fanos_fields, sizeof fanos_fields / sizeof fanos_fields[0],
    sizeof(struct fanos_state),
    fanos_check, fanos_init, fanos_step,
    NULL,
};

/* ngnm.c - NGN-M: the NGN step size with heavy-ball momentum.
 *
 * The update of doc/spec.md section 6.5, float64.  The step size needs the
 * loss f > 0 at the current iterate (the fanos_optimizer_step argument f);
 * a step with f <= 0 is refused with FANOS_EDOMAIN and changes nothing.
 * The previous iterate is state, so a run can be checkpointed.
 */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "core/internal.h"

enum { P_LR, P_BETA, P_COUNT };

static const fanos_param_info ngnm_params[P_COUNT] = {
    {"lr", FANOS_PARAM_REAL, 1e-3, 0, FANOS_INF, 1, 1,
     "largest step size c (not published; 1e-3 as the other methods)", NULL, NULL},
    {"beta", FANOS_PARAM_REAL, 0.9, 0, 1, 0, 1,
     "momentum (default not published; 0.9 used)", NULL, NULL},
};

struct ngnm_state {
    double *x_prev; /* x_{k-1}                                  */
    uint64_t k;     /* steps taken; 0: x_{k-1} = x_k at the next */
    double gamma;   /* diagnostic: gamma_k of the last step      */
};

static const fanos_field_info ngnm_fields[] = {
    {"x_prev", FANOS_FIELD_VECTOR, 1, offsetof(struct ngnm_state, x_prev),
     "previous iterate x_{k-1}"},
    {"k", FANOS_FIELD_COUNT, 1, offsetof(struct ngnm_state, k),
     "steps taken (0: the next step has no momentum term)"},
    {"gamma", FANOS_FIELD_SCALAR, 0, offsetof(struct ngnm_state, gamma),
     "step size gamma_k of the last step"},
};

FANOS_VECTOR_CLONES
static int ngnm_step(void *state, size_t n, double *x, const double *g,
                     double f, const double *prm)
{
    struct ngnm_state *st = state;
    const double c = prm[P_LR], beta = prm[P_BETA];
    double *xp = st->x_prev;
    double chk = 0.0;

    /* [NGN3] A step at $f(x_k) \le 0$ is refused with FANOS_EDOMAIN and changes nothing (NGN-M
     * needs $f > 0$); a non-finite $f$ is reported as divergence. */
    if (!isfinite(f))   /* -inf too: a non-finite loss before its sign */
        return FANOS_ENONFINITE;
    if (!(f > 0))
        return FANOS_EDOMAIN;
    double gg = 0.0;
    for (size_t i = 0; i < n; i++)
        gg += g[i] * g[i];
    /* [NGN1] $\gamma_k = c / \left(1 + c \lVert g_k \rVert_2^2 / (2 f(x_k))\right)$ with $c$ =
     * lr. */
    const double a = gg / (2.0 * f);
    /* the same value written as 1/(1/c + a) where c*a overflows (c huge) */
    const double gamma = isfinite(c * a) ? c / (1.0 + c * a) : 1.0 / (1.0 / c + a);
    st->gamma = gamma;
    /* [NGN2] $x_{k+1} = x_k - (1 - \beta)\gamma_k g_k + \beta (x_k - x_{k-1})$, with $x_{k-1} =
     * x_k$ on the first step (no momentum term). */
    if (st->k == 0)
        memcpy(xp, x, n * sizeof *xp);
    st->k += 1;
    const double step = (1.0 - beta) * gamma;
    for (size_t i = 0; i < n; i++) {
        const double xi = x[i];
        const double xn = xi - step * g[i] + beta * (xi - xp[i]);
        xp[i] = xi;
        x[i] = xn;
        chk += xn * 0.0;
    }
    /* [NGN4] A non-finite $x_{k+1}$ is reported as divergence (FANOS_ENONFINITE); $\gamma_k$ is
     * non-finite only with a NaN in $g_k$, which makes $x_{k+1}$ NaN. */
    return fanos_step_status(chk);
}

const fanos_optimizer_type fanos_type_ngnm = {
    "ngnm",
    "NGN-M: NGN step size c/(1 + c|g|^2/(2f)) with heavy-ball momentum",
    ngnm_params, P_COUNT,
    ngnm_fields, sizeof ngnm_fields / sizeof ngnm_fields[0],
    sizeof(struct ngnm_state),
    NULL, NULL, ngnm_step,
    NULL,
};

/* pinnrun.c - the one T4 code path shared by `fanos pinn` and the PINN
 * sweeps of `fanos sweep`: the problem and its start point, the warm-up
 * optimizer's T4 lr, and the warm start.  Nothing here prints, so the
 * sweep can call it from its threads; the callers word the errors. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

/* "2,50,50,1" into widths; 0 on success. */
int cli_pinn_parse_widths(const char *text, size_t *w, size_t *nw)
{
    size_t k = 0;
    const char *s = text;
    while (*s) {
        char buf[32];
        size_t len = strcspn(s, ",");
        unsigned long long v;
        if (len == 0 || len >= sizeof buf || k == FANOS_PINN_MAX_LAYERS)
            return -1;
        memcpy(buf, s, len);
        buf[len] = '\0';
        if (cli_parse_size(buf, 1, FANOS_PINN_MAX_WIDTH, &v))
            return -1;
        w[k++] = (size_t)v;
        s += len;
        if (*s == ',' && *++s == '\0')
            return -1;
    }
    *nw = k;
    return k >= 3 && w[0] == 2 && w[k - 1] == 1 ? 0 : -1;
}

int cli_pinn_setup(fanos_pinn_pde pde, const size_t *widths, size_t nwidths,
                   int fresh, const char *dir, unsigned long seed,
                   fanos_pinn **pp, double **theta)
{
    *pp = NULL;
    *theta = NULL;
    int rc = fanos_pinn_alloc(pp, pde, widths, nwidths);
    if (rc != FANOS_OK)
        return rc;
    *theta = malloc(fanos_pinn_size(*pp) * sizeof **theta);
    if (!*theta)
        return FANOS_ENOMEM;
    if (fresh)
        return fanos_pinn_draw(*pp, seed, 2000, 100, 100, *theta);
    return fanos_pinn_load_reference(*pp, dir, seed, *theta);
}

int cli_pinn_warmup_alloc(fanos_optimizer **opt,
                          const fanos_optimizer_type *type, size_t n)
{
    int rc = fanos_optimizer_alloc(opt, type, n);
    /* [N19] T4 warm-up optimizers: AdamW (lr $10^{-3}$, weight decay $0.01$), RMSProp (lr
     * $10^{-3}$) and FANoS (lr $10^{-3}$, other defaults); `fanos pinn` sets lr $= 10^{-3}$ for any
     * warm-up optimizer that has an lr, before the `--set` options. */
    if (rc == FANOS_OK && fanos_optimizer_type_param_index(type, "lr") >= 0)
        rc = fanos_optimizer_set(*opt, "lr", 1e-3);
    return rc;
}

int cli_pinn_warmstart(fanos_pinn *p, double *theta, fanos_optimizer *opt,
                       size_t warmup_steps, size_t polish_iterations,
                       fanos_warmstart_result *r)
{
    fanos_warmstart_options o;
    fanos_warmstart_options_init(&o);
    o.warmup_steps = warmup_steps;
    o.polish_iterations = polish_iterations;
    return fanos_warmstart(fanos_pinn_fdf, p, fanos_pinn_size(p), theta, opt,
                           &o, r);
}

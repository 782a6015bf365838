/* stability.c - FANoS's one-step map on a harmonic oscillator (figure
 * F6, doc/spec.md section 4), obtained by stepping the basis vectors
 * through the production step function, never from a re-derived formula. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include "core/internal.h"

/* One production step from (theta, v) = basis vector col, identity mass,
 * no clip, constant friction zeta held in the state. */
static int map_column(double h, double w, double zeta, int euler, int col,
                      double out[2])
{
    fanos_optimizer *o;
    int rc = fanos_optimizer_alloc(&o, fanos_optimizer_fanos, 1);
    if (rc != FANOS_OK)
        return rc;
    const char *names[] = {"lr", "identity_mass", "grad_clip", "zeta_clip",
                           "fixed_friction", "zeta_const", "explicit_euler"};
    const double vals[] = {h, 1, 0, 0, 1, zeta, euler};
    for (size_t i = 0; rc == FANOS_OK && i < 7; i++)
        rc = fanos_optimizer_set(o, names[i], vals[i]);
    double theta = col == 0, v = col == 1, g = w * w * theta;
    if (rc == FANOS_OK)
        rc = fanos_optimizer_field_set(o, "zeta", &zeta, 1);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_field_set(o, "v", &v, 1);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_step(o, &theta, &g, 0.5 * g * theta);
    if (rc == FANOS_OK)
        rc = fanos_optimizer_field_get(o, "v", &v, 1);
    out[0] = theta;
    out[1] = v;
    fanos_optimizer_free(o);
    return rc;
}

/* Spectral radius of the real 2x2 matrix [[a, b], [c, d]]. */
static double radius2(double a, double b, double c, double d)
{
    double t = a + d, det = a * d - b * c, disc = t * t / 4 - det;
    if (disc >= 0)
        return fmax(fabs(t / 2 + sqrt(disc)), fabs(t / 2 - sqrt(disc)));
    return sqrt(det);
}

int fanos_stability_map(double h, double omega, double zeta, int euler,
                        double m[4], double *radius, double *det)
{
    if (!m || !radius || !det)
        return FANOS_ENULL;
    if (!(h > 0) || !isfinite(h) || !isfinite(omega) || !isfinite(zeta) ||
        (euler != 0 && euler != 1))
        return FANOS_ERANGE;
    double c0[2], c1[2];
    int rc = map_column(h, omega, zeta, euler, 0, c0);
    if (rc == FANOS_OK)
        rc = map_column(h, omega, zeta, euler, 1, c1);
    if (rc != FANOS_OK)
        return rc;
    m[0] = c0[0];
    m[1] = c1[0];
    m[2] = c0[1];
    m[3] = c1[1];
    *radius = radius2(c0[0], c1[0], c0[1], c1[1]);
    *det = c0[0] * c1[1] - c1[0] * c0[1];
    return FANOS_OK;
}

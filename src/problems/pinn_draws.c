/* pinn_draws.c - the reference pipeline's PINN draws (experiments/draws/):
 * the initial network and the points of seeds 0..4, exported from PyTorch
 * because its generator cannot be reproduced in C. */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/internal.h"

/* The first line names the widths: "# layers 2,50,50,50,1; ...". */
static int check_layers_line(FILE *fp, size_t nl, const size_t *w)
{
    char line[512];
    if (!fgets(line, sizeof line, fp))
        return FANOS_EIO;
    const char *s = strstr(line, "layers");
    if (line[0] != '#' || !s)
        return FANOS_EPARSE;
    s += strlen("layers");
    for (size_t l = 0; l < nl; l++) {
        char *end;
        errno = 0;
        unsigned long v = strtoul(s, &end, 10);
        if (end == s || errno)
            return FANOS_EPARSE;
        if (v != w[l])
            return FANOS_EDIM;
        s = end;
        if (l + 1 < nl) {
            if (*s != ',')
                return FANOS_EDIM;
            s++;
        }
    }
    return *s == ',' ? FANOS_EDIM : FANOS_OK;
}

static int parse_kind(const char *s, size_t len, int *kind)
{
    static const struct { const char *name; int kind; } kinds[] = {
        {"f", FANOS_PINN_COLLOCATION}, {"bc_left", FANOS_PINN_BC_LEFT},
        {"bc_right", FANOS_PINN_BC_RIGHT}, {"ic", FANOS_PINN_IC}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strlen(kinds[i].name) == len && !strncmp(s, kinds[i].name, len)) {
            *kind = kinds[i].kind;
            return FANOS_OK;
        }
    return FANOS_EPARSE;
}

/* One row "kind,x,t". */
static int parse_point(const char *line, int *kind, double *x, double *t)
{
    const char *c = strchr(line, ',');
    if (!c || parse_kind(line, (size_t)(c - line), kind) != FANOS_OK)
        return FANOS_EPARSE;
    char *end;
    *x = strtod(c + 1, &end);
    if (end == c + 1 || *end != ',')
        return FANOS_EPARSE;
    const char *ts = end + 1;
    *t = strtod(ts, &end);
    if (end == ts || (*end && *end != '\n' && *end != '\r'))
        return FANOS_EPARSE;
    return FANOS_OK;
}

typedef struct {
    size_t n, cap;
    int *kind;
    double *x, *t;
} point_list;

static int push_point(point_list *l, int kind, double x, double t)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        int *k = realloc(l->kind, cap * sizeof *k);
        if (k)
            l->kind = k;
        double *xs = realloc(l->x, cap * sizeof *xs);
        if (xs)
            l->x = xs;
        double *ts = realloc(l->t, cap * sizeof *ts);
        if (ts)
            l->t = ts;
        if (!k || !xs || !ts)
            return FANOS_ENOMEM;
        l->cap = cap;
    }
    l->kind[l->n] = kind;
    l->x[l->n] = x;
    l->t[l->n++] = t;
    return FANOS_OK;
}

static int read_points(const char *path, point_list *l)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return FANOS_EIO;
    char line[256];
    int rc = FANOS_OK;
    if (!fgets(line, sizeof line, fp) || strncmp(line, "kind,x,t", 8))
        rc = FANOS_EPARSE;
    while (rc == FANOS_OK && fgets(line, sizeof line, fp)) {
        if (line[0] == '\n' || line[0] == '#')
            continue;
        int kind;
        double x, t;
        rc = parse_point(line, &kind, &x, &t);
        if (rc == FANOS_OK)
            rc = push_point(l, kind, x, t);
    }
    if (ferror(fp))
        rc = FANOS_EIO;
    fclose(fp);
    return rc;
}

int fanos_pinn_load_reference(fanos_pinn *p, const char *dir,
                              unsigned long seed, double *theta)
{
    if (!p || !dir || !theta)
        return FANOS_ENULL;
    if (seed > 4)
        return FANOS_ERANGE;
    char path[4096];
    size_t nl = 0, w[FANOS_PINN_MAX_LAYERS];
    const size_t n = fanos_pinn_size(p);
    /* [N15] Reference draws: `pinn_seed{S}_params.txt` holds the network in the order of [N2] after
     * a comment line naming the widths, `pinn_seed{S}_points.csv` holds `kind,x,t` rows with kind
     * in f, bc_left, bc_right, ic; the same points serve both PDEs. */
    snprintf(path, sizeof path, "%s/pinn_seed%lu_params.txt", dir, seed);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return FANOS_EIO;
    fanos_pinn_widths(p, w, &nl);
    int rc = check_layers_line(fp, nl, w);
    fclose(fp);
    if (rc != FANOS_OK)
        return rc;
    /* the network goes to theta only once the points are set */
    double *th = malloc(n * sizeof *th);
    if (!th)
        return FANOS_ENOMEM;
    size_t count = 0;
    rc = fanos_read_vector(path, th, n, &count, NULL);
    point_list pl = {0};
    if (rc == FANOS_OK) {
        snprintf(path, sizeof path, "%s/pinn_seed%lu_points.csv", dir, seed);
        rc = read_points(path, &pl);
    }
    if (rc == FANOS_OK)
        rc = fanos_pinn_set_points(p, pl.n, pl.kind, pl.x, pl.t);
    if (rc == FANOS_OK)
        memcpy(theta, th, n * sizeof *th);
    free(th);
    free(pl.kind);
    free(pl.x);
    free(pl.t);
    return rc;
}

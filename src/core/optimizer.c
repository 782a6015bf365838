/* optimizer.c - the generic part of every optimizer: allocation, parameters
 * by name, state and diagnostic fields by name, and the checked step. */
#include <config.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int fanos_optimizer_type_param_index(const fanos_optimizer_type *type,
                                     const char *name)
{
    if (!type || !name)
        return FANOS_ENULL;
    for (size_t i = 0; i < type->nparams; i++)
        if (!strcmp(type->params[i].name, name))
            return (int)i;
    return FANOS_EUNKNOWN;
}

_Static_assert(sizeof(uint64_t) == sizeof(double),
               "a count field takes the room of a scalar one");

static size_t nvector_fields(const fanos_optimizer_type *t)
{
    size_t k = 0;
    for (size_t i = 0; i < t->nfields; i++)
        k += t->fields[i].kind == FANOS_FIELD_VECTOR;
    return k;
}

int fanos_optimizer_alloc(fanos_optimizer **out,
                          const fanos_optimizer_type *type, size_t n)
{
    if (!out || !type)
        return FANOS_ENULL;
    *out = NULL;
    /* A caller may bring a descriptor of its own: it must be whole. */
    if ((!type->step && !type->run) || (type->nparams && !type->params) ||
        (type->nfields && !type->fields))
        return FANOS_ENULL;
    for (size_t i = 0; i < type->nfields; i++) {
        const fanos_field_info *f = &type->fields[i];
        /* a scalar is a double, a count a uint64_t: the same size */
        size_t size = sizeof(double);
        if (f->kind == FANOS_FIELD_VECTOR)
            size = sizeof(double *);
        if (!f->name || f->kind > FANOS_FIELD_COUNT ||
            f->offset > type->state_size ||
            size > type->state_size - f->offset)
            return FANOS_EDIM;
    }
    size_t nvec = nvector_fields(type);
    if (n == 0 || (nvec && n > SIZE_MAX / sizeof(double) / nvec))
        return FANOS_EDIM;
    fanos_optimizer *o = calloc(1, sizeof *o);
    if (!o)
        return FANOS_ENOMEM;
    o->type = type;
    o->n = n;
    o->params = calloc(type->nparams ? type->nparams : 1, sizeof(double));
    o->state = calloc(1, type->state_size ? type->state_size : 1);
    if (nvec)
        o->vectors = malloc(nvec * n * sizeof(double));
    if (!o->params || !o->state || (nvec && !o->vectors)) {
        fanos_optimizer_free(o);
        return FANOS_ENOMEM;
    }
    for (size_t i = 0; i < type->nparams; i++)
        o->params[i] = type->params[i].def;
    /* Point every vector field of the private state at its block. */
    size_t k = 0;
    for (size_t i = 0; i < type->nfields; i++) {
        const fanos_field_info *f = &type->fields[i];
        if (f->kind == FANOS_FIELD_VECTOR) {
            double *p = o->vectors + (k++) * n;
            memcpy((char *)o->state + f->offset, &p, sizeof p);
        }
    }
    *out = o;
    return FANOS_OK;
}

void fanos_optimizer_free(fanos_optimizer *o)
{
    if (!o)
        return;
    free(o->vectors);
    free(o->state);
    free(o->params);
    free(o);
}

const fanos_optimizer_type *fanos_optimizer_get_type(const fanos_optimizer *o)
{
    return o ? o->type : NULL;
}

size_t fanos_optimizer_size(const fanos_optimizer *o)
{
    return o ? o->n : 0;
}

int fanos_optimizer_set(fanos_optimizer *o, const char *name, double value)
{
    if (!o || !name)
        return FANOS_ENULL;
    int i = fanos_optimizer_type_param_index(o->type, name);
    if (i < 0)
        return i;
    int rc = fanos_param_check(&o->type->params[i], value);
    if (rc == FANOS_OK)
        o->params[i] = value;
    return rc;
}

int fanos_optimizer_set_text(fanos_optimizer *o, const char *name,
                             const char *text)
{
    if (!o || !name || !text)
        return FANOS_ENULL;
    int i = fanos_optimizer_type_param_index(o->type, name);
    if (i < 0)
        return i;
    double v;
    int rc = fanos_param_parse(&o->type->params[i], text, &v);
    if (rc == FANOS_OK)
        o->params[i] = v;
    return rc;
}

int fanos_optimizer_get(const fanos_optimizer *o, const char *name,
                        double *value)
{
    if (!o || !name || !value)
        return FANOS_ENULL;
    int i = fanos_optimizer_type_param_index(o->type, name);
    if (i < 0)
        return i;
    *value = o->params[i];
    return FANOS_OK;
}

int fanos_optimizer_check(const fanos_optimizer *o, size_t *bad)
{
    if (!o)
        return FANOS_ENULL;
    size_t where = 0;
    int rc = o->type->check ? o->type->check(o->params, &where) : FANOS_OK;
    if (rc != FANOS_OK && bad)
        *bad = where;
    return rc;
}

/* 1 when one of the names (each "name" or "name=value") is the parameter. */
static int name_given(const char *name, const char *const *names, size_t n)
{
    const size_t k = strlen(name);
    for (size_t i = 0; i < n; i++)
        if (names[i] && !strncmp(names[i], name, k) &&
            (names[i][k] == '=' || !names[i][k]))
            return 1;
    return 0;
}

int fanos_optimizer_conflict_culprits(fanos_optimizer *o, size_t bad,
                                      const char *const *names, size_t nnames,
                                      size_t *culprits, size_t *nculprits)
{
    if (!o || (!names && nnames) || !culprits || !nculprits)
        return FANOS_ENULL;
    const fanos_optimizer_type *t = o->type;
    if (bad >= t->nparams)
        return FANOS_ERANGE;
    size_t where;
    *nculprits = 0;
    for (size_t i = 0; i < t->nparams; i++) {
        const double keep = o->params[i];
        if (i == bad || !name_given(t->params[i].name, names, nnames))
            continue;
        o->params[i] = t->params[i].def;
        if (fanos_optimizer_check(o, &where) == FANOS_OK)
            culprits[(*nculprits)++] = i;
        o->params[i] = keep;
    }
    return FANOS_OK;
}

static void start(fanos_optimizer *o)
{
    size_t nvec = nvector_fields(o->type);
    if (nvec)
        memset(o->vectors, 0, nvec * o->n * sizeof(double));
    /* Diagnostics and scalars start at zero unless init says otherwise. */
    for (size_t i = 0; i < o->type->nfields; i++) {
        const fanos_field_info *f = &o->type->fields[i];
        char *p = (char *)o->state + f->offset;
        if (f->kind == FANOS_FIELD_SCALAR)
            memset(p, 0, sizeof(double));
        else if (f->kind == FANOS_FIELD_COUNT)
            memset(p, 0, sizeof(uint64_t));
    }
    if (o->type->init)
        o->type->init(o->state, o->n, o->params);
}

int fanos_optimizer_reset(fanos_optimizer *o)
{
    if (!o)
        return FANOS_ENULL;
    o->started = 0;
    return FANOS_OK;
}

int fanos_optimizer_step(fanos_optimizer *o, double *x, const double *g,
                         double f)
{
    if (!o || !x || !g)
        return FANOS_ENULL;
    if (!o->type->step)
        return FANOS_ECONFLICT;     /* a method that drives its own run */
    int rc = fanos_optimizer_check(o, NULL);
    if (rc != FANOS_OK)
        return rc;
    if (!o->started) {
        start(o);
        o->started = 1;
    }
    return o->type->step(o->state, o->n, x, g, f, o->params);
}

static const fanos_field_info *find_field(const fanos_optimizer_type *t,
                                          const char *name)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (!strcmp(t->fields[i].name, name))
            return &t->fields[i];
    return NULL;
}

static int field_len_ok(const fanos_optimizer *o, const fanos_field_info *f,
                        size_t len)
{
    return len == (f->kind == FANOS_FIELD_VECTOR ? o->n : 1);
}

int fanos_optimizer_field_get(fanos_optimizer *o, const char *name,
                              double *buf, size_t len)
{
    if (!o || !name || !buf)
        return FANOS_ENULL;
    const fanos_field_info *f = find_field(o->type, name);
    if (!f)
        return FANOS_EUNKNOWN;
    if (!field_len_ok(o, f, len))
        return FANOS_EDIM;
    if (!o->started)
        start(o); /* initial values, computed again at the first step */
    const char *p = (const char *)o->state + f->offset;
    if (f->kind == FANOS_FIELD_VECTOR) {
        const double *v;
        memcpy(&v, p, sizeof v);
        memcpy(buf, v, len * sizeof(double));
    } else if (f->kind == FANOS_FIELD_SCALAR) {
        memcpy(buf, p, sizeof(double));
    } else {
        uint64_t k;
        memcpy(&k, p, sizeof k);
        buf[0] = (double)k;
    }
    return FANOS_OK;
}

int fanos_optimizer_field_set(fanos_optimizer *o, const char *name,
                              const double *buf, size_t len)
{
    if (!o || !name || !buf)
        return FANOS_ENULL;
    const fanos_field_info *f = find_field(o->type, name);
    if (!f)
        return FANOS_EUNKNOWN;
    if (!f->is_state)
        return FANOS_EREADONLY;
    if (!field_len_ok(o, f, len))
        return FANOS_EDIM;
    if (fanos_any_nonfinite(buf, len))
        return FANOS_ERANGE;
    if (f->kind == FANOS_FIELD_COUNT &&
        (buf[0] < 0 || buf[0] != floor(buf[0]) || buf[0] > 9007199254740992.0))
        return FANOS_ERANGE;
    if (!o->started) {
        start(o);
        o->started = 1;
    }
    char *p = (char *)o->state + f->offset;
    if (f->kind == FANOS_FIELD_VECTOR) {
        double *v;
        memcpy(&v, p, sizeof v);
        memcpy(v, buf, len * sizeof(double));
    } else if (f->kind == FANOS_FIELD_SCALAR) {
        memcpy(p, buf, sizeof(double));
    } else {
        uint64_t k = (uint64_t)buf[0];
        memcpy(p, &k, sizeof k);
    }
    return FANOS_OK;
}

/* The norm by scaling with the largest entry, for the rare sums that
 * overflow or underflow; every entry is finite. */
static double norm2_scaled(const double *g, size_t n)
{
    double amax = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(g[i]) > amax)
            amax = fabs(g[i]);
    if (amax == 0.0)
        return 0.0;
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        double r = g[i] / amax;
        s += r * r;
    }
    return amax * sqrt(s);
}

int fanos_norm2_check(const double *g, size_t n, double *norm)
{
    /* Two sums in the same loop: of g_i^2, and of g_i*0, which is 0 while
     * every entry is finite and NaN once one is not.  Both are added in
     * index order (the vectoriser keeps that order). */
    double ss = 0.0, chk = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double gi = g[i];
        ss += gi * gi;
        chk += gi * 0.0;
    }
    if (chk != 0.0 || chk != chk)
        return FANOS_ENONFINITE;
    /* ss = 0 may be squares that underflowed, so it too is rescaled (a
     * zero gradient costs a second pass, and gets 0). */
    if (isfinite(ss) && ss > 1e-280)
        *norm = sqrt(ss);
    else
        *norm = norm2_scaled(g, n);   /* overflow or underflow in ss */
    return FANOS_OK;
}

double fanos_norm2(const double *g, size_t n)
{
    double norm;
    if (fanos_norm2_check(g, n, &norm) == FANOS_OK)
        return norm;
    for (size_t i = 0; i < n; i++)
        if (isnan(g[i]))
            return g[i];
    return 1.0 / 0.0;
}

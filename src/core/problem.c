/* problem.c - problem instances: parameters, the objective of one draw,
 * and the registry of problem types. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* The list of src/problems/list.h, and the public pointers. */
static const fanos_problem_type *const all_problems[] = {
#define X(name) &fanos_ptype_##name,
    FANOS_PROBLEM_LIST(X)
#undef X
    NULL
};

#define X(name) \
    const fanos_problem_type *const fanos_problem_##name = &fanos_ptype_##name;
FANOS_PROBLEM_LIST(X)
#undef X

const fanos_problem_type *const *fanos_problem_types(void)
{
    return all_problems;
}

const fanos_problem_type *fanos_problem_type_lookup(const char *name)
{
    if (!name)
        return NULL;
    for (const fanos_problem_type *const *t = all_problems; *t; t++)
        if (!strcmp((*t)->name, name))
            return *t;
    return NULL;
}

int fanos_problem_type_param_index(const fanos_problem_type *t,
                                   const char *name)
{
    if (!t || !name)
        return FANOS_ENULL;
    for (size_t i = 0; i < t->nparams; i++)
        if (!strcmp(t->params[i].name, name))
            return (int)i;
    return FANOS_EUNKNOWN;
}

const char *fanos_draws_name(fanos_draws d)
{
    return d == FANOS_DRAWS_REFERENCE ? "reference"
           : d == FANOS_DRAWS_FRESH   ? "fresh"
                                      : NULL;
}

int fanos_draws_lookup(const char *name, fanos_draws *d)
{
    if (!name || !d)
        return FANOS_ENULL;
    for (int i = 0; i < FANOS_DRAWS_COUNT; i++)
        if (!strcmp(name, fanos_draws_name((fanos_draws)i))) {
            *d = (fanos_draws)i;
            return FANOS_OK;
        }
    return FANOS_EUNKNOWN;
}

/* Drop the objective of the last setup. */
static void drop(fanos_problem *p)
{
    if (p->ctx && p->type->free)
        p->type->free(p->ctx);
    p->ctx = NULL;
    p->n = 0;
}

int fanos_problem_alloc(fanos_problem **out, const fanos_problem_type *t)
{
    if (!out || !t)
        return FANOS_ENULL;
    *out = NULL;
    if (!t->size || !t->setup || !t->fdf || (t->nparams && !t->params))
        return FANOS_ENULL;
    fanos_problem *p = calloc(1, sizeof *p);
    if (!p)
        return FANOS_ENOMEM;
    p->type = t;
    p->params = calloc(t->nparams ? t->nparams : 1, sizeof *p->params);
    p->sizes = calloc(t->nparams ? t->nparams : 1, sizeof *p->sizes);
    p->nsizes = calloc(t->nparams ? t->nparams : 1, sizeof *p->nsizes);
    p->texts = calloc(t->nparams ? t->nparams : 1, sizeof *p->texts);
    p->note = calloc(1, sizeof *p->note);
    if (!p->params || !p->sizes || !p->nsizes || !p->texts || !p->note) {
        fanos_problem_free(p);
        return FANOS_ENOMEM;
    }
    for (size_t i = 0; i < t->nparams; i++) {
        const fanos_param_info *r = &t->params[i];
        p->params[i] = r->def;
        /* a table whose default list does not parse is not whole */
        if (r->kind == FANOS_PARAM_SIZES &&
            fanos_param_parse_sizes(r, r->def_text ? r->def_text : "",
                                    p->sizes[i], &p->nsizes[i]) != FANOS_OK) {
            fanos_problem_free(p);
            return FANOS_ENULL;
        }
    }
    *out = p;
    return FANOS_OK;
}

void fanos_problem_free(fanos_problem *p)
{
    if (!p)
        return;
    drop(p);
    for (size_t i = 0; p->texts && i < p->type->nparams; i++)
        free(p->texts[i]);
    free(p->texts);
    free(p->note);
    free(p->params);
    free(p->sizes);
    free(p->nsizes);
    free(p);
}

const fanos_problem_type *fanos_problem_get_type(const fanos_problem *p)
{
    return p ? p->type : NULL;
}

int fanos_problem_set(fanos_problem *p, const char *name, double value)
{
    if (!p || !name)
        return FANOS_ENULL;
    int i = fanos_problem_type_param_index(p->type, name);
    if (i < 0)
        return i;
    int rc = fanos_param_check(&p->type->params[i], value);
    if (rc == FANOS_OK) {
        drop(p);
        p->params[i] = value;
    }
    return rc;
}

int fanos_problem_set_text(fanos_problem *p, const char *name,
                           const char *text)
{
    if (!p || !name || !text)
        return FANOS_ENULL;
    int i = fanos_problem_type_param_index(p->type, name);
    if (i < 0)
        return i;
    const fanos_param_info *r = &p->type->params[i];
    int rc;
    /* [PR1] A problem type's parameters are set and read by name and checked against its table like
     * an optimizer's; a list parameter (kind list) takes 1 to 16 comma-separated integers, each in
     * the row's range; setting a parameter drops the objective of a previous setup. */
    if (r->kind == FANOS_PARAM_PATH) {
        /* [PR5] A path parameter (kind path) takes any text of at most 4095 bytes, kept as given;
         * its default is the def_text of its row. */
        if (strlen(text) > FANOS_PATH_PARAM_MAX)
            return FANOS_ERANGE;
        char *copy = strdup(text);
        if (!copy)
            return FANOS_ENOMEM;
        drop(p);
        free(p->texts[i]);
        p->texts[i] = copy;
        return FANOS_OK;
    }
    if (r->kind == FANOS_PARAM_SIZES) {
        size_t v[FANOS_SIZES_MAX], k;
        rc = fanos_param_parse_sizes(r, text, v, &k);
        if (rc == FANOS_OK) {
            drop(p);
            memcpy(p->sizes[i], v, k * sizeof *v);
            p->nsizes[i] = k;
        }
        return rc;
    }
    double v;
    rc = fanos_param_parse(r, text, &v);
    if (rc == FANOS_OK) {
        drop(p);
        p->params[i] = v;
    }
    return rc;
}

int fanos_problem_get(const fanos_problem *p, const char *name, double *value)
{
    if (!p || !name || !value)
        return FANOS_ENULL;
    int i = fanos_problem_type_param_index(p->type, name);
    if (i < 0)
        return i;
    if (p->type->params[i].kind == FANOS_PARAM_SIZES ||
        p->type->params[i].kind == FANOS_PARAM_PATH)
        return FANOS_EDIM;
    *value = p->params[i];
    return FANOS_OK;
}

int fanos_problem_get_text(const fanos_problem *p, const char *name,
                           const char **text)
{
    if (!p || !name || !text)
        return FANOS_ENULL;
    int i = fanos_problem_type_param_index(p->type, name);
    if (i < 0)
        return i;
    const fanos_param_info *r = &p->type->params[i];
    if (r->kind != FANOS_PARAM_PATH)
        return FANOS_EDIM;
    *text = p->texts[i] ? p->texts[i] : r->def_text ? r->def_text : "";
    return FANOS_OK;
}

int fanos_problem_get_sizes(const fanos_problem *p, const char *name,
                            size_t *v, size_t *count)
{
    if (!p || !name || !v || !count)
        return FANOS_ENULL;
    int i = fanos_problem_type_param_index(p->type, name);
    if (i < 0)
        return i;
    if (p->type->params[i].kind != FANOS_PARAM_SIZES)
        return FANOS_EDIM;
    memcpy(v, p->sizes[i], p->nsizes[i] * sizeof *v);
    *count = p->nsizes[i];
    return FANOS_OK;
}

int fanos_problem_check(const fanos_problem *p, size_t *bad)
{
    if (!p)
        return FANOS_ENULL;
    size_t where = 0;
    int rc = p->type->check ? p->type->check(p, &where) : FANOS_OK;
    if (rc != FANOS_OK && bad)
        *bad = where;
    return rc;
}

size_t fanos_problem_size(const fanos_problem *p)
{
    if (!p || fanos_problem_check(p, NULL) != FANOS_OK)
        return 0;
    /* after setup, the size it made (a size read from data is not read
     * again) */
    return p->n ? p->n : p->type->size(p);
}

int fanos_problem_setup(fanos_problem *p, fanos_draws draws,
                        unsigned long seed, const char *dir, double *x0)
{
    if (!p || !x0 || (draws == FANOS_DRAWS_REFERENCE && !dir))
        return FANOS_ENULL;
    if (draws != FANOS_DRAWS_REFERENCE && draws != FANOS_DRAWS_FRESH)
        return FANOS_ERANGE;
    int rc = fanos_problem_check(p, NULL);
    if (rc != FANOS_OK)
        return rc;
    memset(p->note, 0, sizeof *p->note);
    /* [PR4] A type without reference files (the problems trained on a data set) has no reference
     * draws: `fanos_problem_setup` with draws `reference` is FANOS_EUNKNOWN before any file is
     * read. */
    if (draws == FANOS_DRAWS_REFERENCE && !p->type->reference_files)
        return FANOS_EUNKNOWN;
    const size_t n = p->type->size(p);
    /* a type whose size depends on its data could not read it */
    if (n == 0)
        return p->note->status < 0 ? p->note->status : FANOS_EDIM;
    /* [PR2] Reference draws exist for the size the reference pipeline exported only (reference_dim
     * of the type, 100 for Rosenbrock and the quadratic): any other size is FANOS_EDIM before any
     * file is read. */
    if (draws == FANOS_DRAWS_REFERENCE && p->type->reference_dim &&
        n != p->type->reference_dim)
        return FANOS_EDIM;
    p->note->n = n;
    /* The start point goes to a buffer of its own, and the objective of
     * the last setup stays until this one has succeeded: a failed setup
     * leaves x0 and the problem as they were. */
    double *x = malloc(n * sizeof *x);     /* n > 0: checked above */
    if (!x)
        return FANOS_ENOMEM;
    void *ctx = NULL;
    /* [PR3] `fanos_problem_setup` makes the objective of a draws source and seed and its start
     * point: `fanos_problem_fdf` then gives the values of the type's own objective (Rosenbrock:
     * `fanos_rosenbrock_fdf`; quadratic: `fanos_quadratic_fdf` of the matrix built from that seed's
     * $W$; PINN: `fanos_pinn_fdf` with that seed's network and points), bit for bit. */
    rc = p->type->setup(p, draws, seed, dir, &ctx, x);
    if (rc != FANOS_OK) {
        if (ctx && p->type->free)
            p->type->free(ctx);
        free(x);
        return rc;
    }
    memcpy(x0, x, n * sizeof *x0);
    free(x);
    drop(p);
    p->ctx = ctx;
    p->n = n;
    p->ready = 1;
    return FANOS_OK;
}

int fanos_problem_fdf(void *problem, size_t n, const double *x, double *f,
                      double *g)
{
    fanos_problem *p = problem;
    if (!p)
        return FANOS_ENULL;
    if (!p->ready || !p->n)
        return FANOS_ECONFLICT;
    if (n != p->n)
        return FANOS_EDIM;
    return p->type->fdf(p->ctx, n, x, f, g);
}

void *fanos_problem_context(const fanos_problem *p)
{
    return p && p->n ? p->ctx : NULL;
}

int fanos_problem_eval(fanos_problem *p, const double *x,
                       fanos_eval_metrics *m)
{
    if (!p || !x || !m)
        return FANOS_ENULL;
    if (!p->type->eval)
        return FANOS_EUNKNOWN;
    if (!p->ready || !p->n)
        return FANOS_ECONFLICT;
    return p->type->eval(p->ctx, p->n, x, m);
}

int fanos_problem_batch_info(const fanos_problem *p, fanos_batch_info *info)
{
    if (!p || !info)
        return FANOS_ENULL;
    if (!p->type->batches)
        return FANOS_EUNKNOWN;
    if (!p->ready || !p->n)
        return FANOS_ECONFLICT;
    return p->type->batches(p->ctx, info);
}

int fanos_problem_data_error(const fanos_problem *p, int *status,
                             fanos_data_error *err)
{
    if (!p || !status || !err)
        return FANOS_ENULL;
    *status = p->note->status;
    *err = p->note->err;
    return FANOS_OK;
}

/* fuzz_experiment.c - libFuzzer harness of the experiment-file parser,
 * experiment_load_text() (src/cli/experiment.c: the code of
 * experiment_load() on the bytes of a file), and of the plan it makes.
 * Nothing is run.
 *
 * Input: the bytes of an experiment file, exactly as many as the fuzzer
 * gives (no terminating NUL: the reader must respect len).  Besides memory
 * errors (ASan) and undefined behaviour (UBSan), the documented contract of
 * doc/experiments.md is checked on every file that is accepted, and the
 * plan of an accepted file (when it holds at most MAX_PLAN runs) must hold
 * one run per combination, in the strict order of ST2 (of a tuned file,
 * its tuning plan: one run per trial and tuning seed, TU5 and TU6). */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli/experiment.h"

#define MAX_PLAN 100000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_ulong(const void *a, const void *b)
{
    const unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
    return (x > y) - (x < y);
}

/* A sorted copy of v (NULL when n == 0 or out of memory). */
static unsigned long *sorted_copy(const unsigned long *v, size_t n)
{
    unsigned long *s = n ? malloc(n * sizeof *s) : NULL;
    if (s) {
        memcpy(s, v, n * sizeof *s);
        qsort(s, n, sizeof *s, cmp_ulong);
    }
    return s;
}

static int in_sorted(const unsigned long *s, size_t n, unsigned long key)
{
    return s && bsearch(&key, s, n, sizeof *s, cmp_ulong) != NULL;
}

static int valid_name(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || strchr("_.+-()/", *s)))
            return 0;
    return 1;
}

/* n distinct finite numbers > lower (>= when closed). */
static int good_list(const double *v, size_t n, double lower, int closed)
{
    if (!v || n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]) || (closed ? v[i] < lower : v[i] <= lower))
            return 0;
        for (size_t j = 0; j < i; j++)
            if (v[i] == v[j])
                return 0;
    }
    return 1;
}

static int has_lr(const exp_method *m)
{
    return fanos_optimizer_type_param_index(m->type, "lr") >= 0;
}

static void check_method(const experiment *x, const exp_method *m)
{
    if (!valid_name(m->name) || !m->optimizer || m->line < 1 || !m->type ||
        strcmp(m->type->name, m->optimizer) || !isfinite(m->clip) ||
        m->clip < 0)
        abort();
    int lr_knob = 0;
    for (size_t i = 0; i < m->nknobs; i++)
        lr_knob |= !strcmp(m->knobs[i].name, "lr") || !strcmp(m->knobs[i].name, "eta");
    if (!has_lr(m)) {       /* L-BFGS: no lr, no clip */
        if (m->lr || m->clip != 0 || m->type->step || lr_knob)
            abort();
    } else if (x->trials) {  /* tuned: its lr is a knob */
        if (m->lr || !lr_knob)
            abort();
    } else if (m->lr ? !good_list(m->lr, m->nlr, 0, 0) : x->nlr == 0) {
        abort();
    }
    if (!x->trials && m->nknobs)
        abort();
    for (size_t i = 0; i < m->nset; i++)
        if (!m->set_keys[i] || !m->set_vals[i] || !strcmp(m->set_keys[i], "lr"))
            abort();
}

static void check_experiment(const experiment *x)
{
    if (!x->path || !valid_name(x->name) || x->nproblems < 1 ||
        x->budget < 1 || x->budget > 1000000000 ||
        (x->loop != FANOS_LOOP_BEFORE_LAST && x->loop != FANOS_LOOP_AFTER_LAST) ||
        x->nmethods < 1 || (x->nlr && !good_list(x->lr, x->nlr, 0, 0)))
        abort();
    const fanos_problem_type *t = x->problems[0];
    for (size_t i = 0; i < x->nproblems; i++)
        if (x->problems[i]->protocol != t->protocol ||
            (i && (!t->family || !x->problems[i]->family ||
                   strcmp(t->family, x->problems[i]->family))))
            abort();
    if (t->axis ? !good_list(x->axis, x->naxis, 1, 1)
                : x->axis != NULL || x->naxis != 0)
        abort();
    /* the settings make a valid problem of every type */
    for (size_t i = 0; i < x->nproblems; i++)
        for (size_t a = 0; a < (x->naxis ? x->naxis : 1); a++) {
            fanos_problem *p;
            if (fanos_experiment_problem(&x->lib, i, a, &p) != FANOS_OK)
                abort();
            fanos_problem_free(p);
        }
    if (x->nseeds[FANOS_DRAWS_REFERENCE] + x->nseeds[FANOS_DRAWS_FRESH] == 0)
        abort();
    /* a tuned file: tuning seeds and evaluation seeds, disjoint, no grid */
    if (x->trials && (!x->ntuning_seeds || !x->nseeds[FANOS_DRAWS_FRESH] || x->nlr))
        abort();
    unsigned long *tuning = sorted_copy(x->tuning_seeds, x->ntuning_seeds);
    for (size_t j = 0; tuning && j < x->nseeds[FANOS_DRAWS_FRESH]; j++)
        if (in_sorted(tuning, x->ntuning_seeds, x->seeds[FANOS_DRAWS_FRESH][j]))
            abort();
    free(tuning);
    for (int d = 0; d < FANOS_DRAWS_COUNT; d++) {
        if (x->nseeds[d] > 1000000)
            abort();
        for (size_t i = 0; i < x->nseeds[d]; i++)
            if (x->seeds[d][i] > 4294967294UL)
                abort();
    }
    for (size_t i = 0; i < x->nmethods; i++) {
        check_method(x, &x->methods[i]);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(x->methods[i].name, x->methods[j].name))
                abort();
    }
}

static int cmp_num(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(b) - isnan(a);
    return (a > b) - (a < b);
}

/* ST2, written again here from the statement of the spec. */
static int job_order(const experiment *x, const fanos_experiment_run *a,
                     const fanos_experiment_run *b)
{
    int r;
    if ((r = strcmp(x->problems[a->problem]->name,
                    x->problems[b->problem]->name)))
        return r;
    if (x->naxis && (r = cmp_num(x->axis[a->param], x->axis[b->param])))
        return r;
    if (a->draws != b->draws)
        return a->draws < b->draws ? -1 : 1;
    if ((r = strcmp(x->methods[a->method].name, x->methods[b->method].name)))
        return r;
    if (a->trial != b->trial)
        return a->trial < b->trial ? -1 : 1;
    if ((r = cmp_num(a->lr, b->lr)))
        return r;
    return (a->seed > b->seed) - (a->seed < b->seed);
}

/* The seeds of each draws source, sorted (of a tuned file, its tuning
 * seeds): a lookup per run in log time, for lists of up to a million. */
static int has_seed(unsigned long *const sorted[FANOS_DRAWS_COUNT],
                    const size_t n[FANOS_DRAWS_COUNT], fanos_draws d,
                    unsigned long s)
{
    return in_sorted(sorted[d], n[d], s);
}

static void check_plan(const experiment *x)
{
    size_t want = 0, nparam = x->naxis ? x->naxis : 1;
    for (size_t i = 0; i < x->nmethods; i++) {
        const exp_method *m = &x->methods[i];
        size_t nlr = !has_lr(m) ? 1 : m->lr ? m->nlr : x->nlr;
        if (x->trials && fanos_tuning_ntrials(m->knobs, m->nknobs, x->trials, &nlr))
            abort();
        want += x->nproblems * nparam * nlr *
                (x->trials ? x->ntuning_seeds : x->nseeds[0] + x->nseeds[1]);
        if (want > MAX_PLAN)
            return;
    }
    fanos_experiment_run *j = NULL;
    size_t n = 0;
    if (fanos_experiment_plan(&x->lib, &j, &n))
        return;     /* out of memory */
    if (n != want)
        abort();
    unsigned long *sorted[FANOS_DRAWS_COUNT];
    size_t ns[FANOS_DRAWS_COUNT];
    for (int d = 0; d < FANOS_DRAWS_COUNT; d++) {
        ns[d] = x->trials ? x->ntuning_seeds : x->nseeds[d];
        sorted[d] = sorted_copy(x->trials ? x->tuning_seeds : x->seeds[d], ns[d]);
        if (ns[d] && !sorted[d]) {
            for (int e = 0; e < d; e++)
                free(sorted[e]);
            free(j);
            return;     /* out of memory */
        }
    }
    for (size_t i = 0; i < n; i++) {
        const exp_method *m = &x->methods[j[i].method];
        if (j[i].method >= x->nmethods || (int)j[i].draws < 0 ||
            j[i].draws >= FANOS_DRAWS_COUNT || j[i].param >= nparam ||
            j[i].problem >= x->nproblems ||
            !has_seed(sorted, ns, j[i].draws, j[i].seed) ||
            (x->trials ? j[i].phase != FANOS_PHASE_TUNING ||
                             j[i].draws != FANOS_DRAWS_FRESH
                       : j[i].phase != FANOS_PHASE_NONE || j[i].trial != 0) ||
            (has_lr(m) ? !(j[i].lr > 0) : !isnan(j[i].lr)) ||
            (i > 0 && job_order(x, &j[i - 1], &j[i]) >= 0))
            abort();
        fanos_row_text k;
        if (fanos_experiment_row_text(&x->lib, &j[i], NULL, &k) != FANOS_OK)
            abort();
        for (size_t c = 0; c < k.nkey; c++)
            if (!k.field[c])
                abort();
    }
    for (int d = 0; d < FANOS_DRAWS_COUNT; d++)
        free(sorted[d]);
    free(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    experiment x;
    int rc = experiment_load_text("fuzz.ini", (const char *)data, size, &x);
    if (rc == 0) {
        check_experiment(&x);
        check_plan(&x);
        experiment_free(&x);
    } else if (rc != -1) {
        abort();
    }
    return 0;
}

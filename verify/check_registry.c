/* check_registry.c - what every registered optimizer gets without a test
 * of its own: the registry made from src/optim/list.h and the public
 * pointers of fanos.h agree, its defaults are in range and pass its rules,
 * a non-finite gradient or loss is reported by the rule of fanos.h, and
 * every state field reads and sets back bit for bit (a run resumed from
 * them goes on bit for bit).  Each test loops over fanos_optimizer_types();
 * a type without step callback (driven by a runner of its own) gets only
 * the checks that need no step. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "fanos.h"
#include "optim/list.h"

#define N 3

/* The public pointer of every line of optim/list.h: this does not compile
 * when fanos.h lacks the declaration of one. */
static const fanos_optimizer_type *const *const listed[] = {
#define X(name) &fanos_optimizer_##name,
    FANOS_OPTIMIZER_LIST(X)
#undef X
};
static const char *const listed_names[] = {
#define X(name) #name,
    FANOS_OPTIMIZER_LIST(X)
#undef X
};
#define NLISTED (sizeof listed / sizeof listed[0])

static size_t ntypes(void)
{
    size_t k = 0;
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t; t++)
        k++;
    return k;
}

/* The registry is the list, in its order, and fanos.h declares a pointer
 * to each entry under the entry's C name. */
START_TEST(header_declares_every_registered_optimizer)
{
    const fanos_optimizer_type *const *all = fanos_optimizer_types();
    ck_assert_uint_eq(ntypes(), NLISTED);
    for (size_t i = 0; i < NLISTED; i++) {
        const fanos_optimizer_type *t = *listed[i];
        ck_assert_msg(t == all[i], "fanos_optimizer_%s is not entry %zu of the registry",
                      listed_names[i], i);
        ck_assert_ptr_nonnull(t->name);
        ck_assert_ptr_eq(fanos_optimizer_type_lookup(t->name), t);
        /* the C name is the user's name with '-' written '_' */
        char cname[64];
        snprintf(cname, sizeof cname, "%s", t->name);
        for (char *c = cname; *c; c++)
            if (*c == '-')
                *c = '_';
        ck_assert_str_eq(cname, listed_names[i]);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(all[j]->name, t->name);
    }
}
END_TEST

static fanos_optimizer *make(const fanos_optimizer_type *t)
{
    fanos_optimizer *o;
    ck_assert_msg(fanos_optimizer_alloc(&o, t, N) == FANOS_OK, "%s: alloc", t->name);
    return o;
}

/* Every default passes its own row of the table, every name is found by
 * its index, an instance starts at the defaults, and the rules between
 * parameters hold at the defaults. */
START_TEST(defaults_in_range)
{
    for (const fanos_optimizer_type *const *tp = fanos_optimizer_types(); *tp; tp++) {
        const fanos_optimizer_type *t = *tp;
        ck_assert_ptr_nonnull(t->summary);
        ck_assert(t->nparams == 0 || t->params);
        for (size_t i = 0; i < t->nparams; i++) {
            const fanos_param_info *p = &t->params[i];
            char buf[64];
            ck_assert_msg(p->name && *p->name && p->help, "%s: row %zu", t->name, i);
            ck_assert_msg(fanos_param_check(p, p->def) == FANOS_OK,
                          "%s: default %s = %g out of range", t->name, p->name, p->def);
            ck_assert_int_eq(fanos_param_range_str(p, buf, sizeof buf), FANOS_OK);
            ck_assert_int_eq(fanos_optimizer_type_param_index(t, p->name), (int)i);
        }
        for (size_t i = 0; i < t->nfields; i++) {
            ck_assert_msg(t->fields[i].name && t->fields[i].help, "%s: field %zu",
                          t->name, i);
            for (size_t j = 0; j < i; j++)
                ck_assert_str_ne(t->fields[j].name, t->fields[i].name);
        }
        if (!t->step)
            continue;
        fanos_optimizer *o = make(t);
        for (size_t i = 0; i < t->nparams; i++) {
            double v;
            ck_assert_int_eq(fanos_optimizer_get(o, t->params[i].name, &v), FANOS_OK);
            ck_assert(v == t->params[i].def);
        }
        size_t bad = SIZE_MAX;
        ck_assert_msg(fanos_optimizer_check(o, &bad) == FANOS_OK,
                      "%s: its defaults conflict (parameter %zu)", t->name, bad);
        ck_assert_uint_eq(bad, SIZE_MAX);
        fanos_optimizer_free(o);
    }
}
END_TEST

static const double X0[N] = {1.0, -2.0, 0.5};

/* One step from X0 with gradient g and loss f by a fresh instance. */
static int step_fresh(const fanos_optimizer_type *t, const double *g, double f,
                      double *x)
{
    fanos_optimizer *o = make(t);
    memcpy(x, X0, sizeof X0);
    int rc = fanos_optimizer_step(o, x, g, f);
    fanos_optimizer_free(o);
    return rc;
}

/* A non-finite entry of the gradient is never a normal step: the step is
 * reported as divergence (FANOS_ENONFINITE), or skipped by the optimizer's
 * own rule (FANOS_SKIPPED, the iterate untouched).  A non-finite loss is
 * divergence for an optimizer that uses the loss, and changes nothing for
 * one that does not (the same iterate as with a finite loss). */
START_TEST(nonfinite_input_is_reported)
{
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (const fanos_optimizer_type *const *tp = fanos_optimizer_types(); *tp; tp++) {
        const fanos_optimizer_type *t = *tp;
        if (!t->step)
            continue;
        double x[N], ref[N];
        const double g[N] = {0.5, 1.0, -0.25};
        ck_assert_msg(step_fresh(t, g, 1.0, ref) == FANOS_OK, "%s: a finite step", t->name);
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
            for (size_t i = 0; i < N; i++) {
                double gb[N] = {0.5, 1.0, -0.25};
                gb[i] = bad[b];
                int rc = step_fresh(t, gb, 1.0, x);
                ck_assert_msg(rc == FANOS_ENONFINITE || rc == FANOS_SKIPPED,
                              "%s: g[%zu] = %g gave %d", t->name, i, bad[b], rc);
                if (rc == FANOS_SKIPPED)
                    ck_assert_msg(!memcmp(x, X0, sizeof x), "%s: a skipped step moved x",
                                  t->name);
            }
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            int rc = step_fresh(t, g, bad[b], x);
            ck_assert_msg(rc == FANOS_ENONFINITE ||
                          (rc == FANOS_OK && !memcmp(x, ref, sizeof x)),
                          "%s: loss %g gave %d", t->name, bad[b], rc);
        }
    }
}
END_TEST

static const double GS[10][N] = {
    {1, 2, -0.5}, {-1, 0.5, 0.25}, {0.3, -2, 1}, {2, 2, -1}, {-0.1, 1, 0.5},
    {0.7, -0.2, 0.1}, {1.5, 0.1, -0.3}, {-2, -1, 2}, {0.2, 0.4, -0.6}, {1, -1, 0}};

static size_t field_len(const fanos_field_info *f)
{
    return f->kind == FANOS_FIELD_VECTOR ? N : 1;
}

/* Every state field reads back what was set, bit for bit (a vector, a
 * scalar, a count), refuses a wrong length, and a diagnostic field
 * refuses to be set. */
START_TEST(state_fields_round_trip)
{
    for (const fanos_optimizer_type *const *tp = fanos_optimizer_types(); *tp; tp++) {
        const fanos_optimizer_type *t = *tp;
        if (!t->step)
            continue;
        fanos_optimizer *a = make(t), *b = make(t);
        double x[N];
        memcpy(x, X0, sizeof x);
        for (int k = 0; k < 4; k++)
            ck_assert_int_eq(fanos_optimizer_step(a, x, GS[k], 1.0 + k), FANOS_OK);
        for (size_t i = 0; i < t->nfields; i++) {
            const fanos_field_info *f = &t->fields[i];
            size_t len = field_len(f);
            double got[N], back[N];
            ck_assert_int_eq(fanos_optimizer_field_get(a, f->name, got, len), FANOS_OK);
            if (!f->is_state) {
                ck_assert_int_eq(fanos_optimizer_field_set(b, f->name, got, len),
                                 FANOS_EREADONLY);
                continue;
            }
            ck_assert_int_eq(fanos_optimizer_field_set(b, f->name, got, len), FANOS_OK);
            ck_assert_int_eq(fanos_optimizer_field_get(b, f->name, back, len), FANOS_OK);
            ck_assert_msg(!memcmp(got, back, len * sizeof *got), "%s: field %s",
                          t->name, f->name);
            /* one more value than a vector takes, for the wrong length */
            const double chosen[N + 1] = {f->kind == FANOS_FIELD_COUNT ? 7.0 : 0.75,
                                          -1.5, 3.0, 0.5};
            ck_assert_int_eq(fanos_optimizer_field_set(b, f->name, chosen, len), FANOS_OK);
            ck_assert_int_eq(fanos_optimizer_field_get(b, f->name, back, len), FANOS_OK);
            ck_assert_msg(!memcmp(chosen, back, len * sizeof *back), "%s: field %s",
                          t->name, f->name);
            ck_assert_int_eq(fanos_optimizer_field_set(b, f->name, chosen, len + 1),
                             FANOS_EDIM);
        }
        fanos_optimizer_free(a);
        fanos_optimizer_free(b);
    }
}
END_TEST

/* State fields checkpoint a run: stopping after 5 steps, copying every
 * state field into a fresh optimizer and going on gives the same iterates
 * bit for bit. */
START_TEST(checkpoint_resume)
{
    for (const fanos_optimizer_type *const *tp = fanos_optimizer_types(); *tp; tp++) {
        const fanos_optimizer_type *t = *tp;
        if (!t->step)
            continue;
        fanos_optimizer *a = make(t), *b = make(t);
        double xa[N], xb[N];
        memcpy(xa, X0, sizeof xa);
        for (int k = 0; k < 5; k++)
            ck_assert_int_eq(fanos_optimizer_step(a, xa, GS[k], 1.0 + k), FANOS_OK);
        for (size_t i = 0; i < t->nfields; i++) {
            const fanos_field_info *f = &t->fields[i];
            if (!f->is_state)
                continue;
            double buf[N];
            ck_assert_int_eq(fanos_optimizer_field_get(a, f->name, buf, field_len(f)),
                             FANOS_OK);
            ck_assert_int_eq(fanos_optimizer_field_set(b, f->name, buf, field_len(f)),
                             FANOS_OK);
        }
        memcpy(xb, xa, sizeof xb);
        for (int k = 5; k < 10; k++) {
            ck_assert_int_eq(fanos_optimizer_step(a, xa, GS[k], 1.0 + k), FANOS_OK);
            ck_assert_int_eq(fanos_optimizer_step(b, xb, GS[k], 1.0 + k), FANOS_OK);
            ck_assert_msg(!memcmp(xa, xb, sizeof xa), "%s: resume differs", t->name);
        }
        fanos_optimizer_free(a);
        fanos_optimizer_free(b);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = tcase_create("every optimizer");
    tcase_add_test(tc, header_declares_every_registered_optimizer);
    tcase_add_test(tc, defaults_in_range);
    tcase_add_test(tc, nonfinite_input_is_reported);
    tcase_add_test(tc, state_fields_round_trip);
    tcase_add_test(tc, checkpoint_resume);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

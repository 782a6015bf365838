/* check_heldout.c - the held-out columns of the raw rows of the problems
 * trained on a data set and their learning curves (doc/spec.md section
 * 13, "Held-out results in the rows, and the learning curves").
 *
 * Oracles: the same run made here by hand with fanos_run on a problem set
 * up from the same seed (the layer below fanos_experiment_execute), its
 * held-out metrics from fanos_problem_eval at the iterate it ends on, the
 * text of each number by fanos_real_str; curves and bands worked by hand. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "fanos.h"
#include "testutil.h"

#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
void openblas_set_num_threads(int num_threads);
#endif

/* softmax on 100 training and 40 held-out examples in batches of 30 (4
 * steps an epoch), 3 epochs: 12 steps of one method. */
static const fanos_problem_type *probs[] = {NULL};
static const char *keys[] = {"ntrain", "ntest", "batch"};
static const char *vals[] = {"100", "40", "30"};
static const unsigned long seeds[] = {6};

static void experiment(fanos_experiment *e, fanos_experiment_method *m,
                       const fanos_optimizer_type *type, const double *lr)
{
    probs[0] = fanos_problem_softmax;
    *m = (fanos_experiment_method){"M", type, NULL, NULL, 0, 0, NULL, 0,
                                   NULL, 0};
    memset(e, 0, sizeof *e);
    e->name = "H";
    e->problems = probs;
    e->nproblems = 1;
    e->problem_keys = keys;
    e->problem_vals = vals;
    e->nproblem_set = 3;
    e->budget = 1;
    e->epochs = 3;
    e->lr = lr;
    e->nlr = 1;
    e->seeds[FANOS_DRAWS_FRESH] = seeds;
    e->nseeds[FANOS_DRAWS_FRESH] = 1;
    e->methods = m;
    e->nmethods = 1;
}

/* The run by hand: 12 steps of type at lr from the fresh start point of
 * seed 6; the held-out metrics of the iterate it ends on in *m. */
static void by_hand(const fanos_optimizer_type *type, double lr,
                    fanos_eval_metrics *m, int *diverged)
{
    fanos_problem *p;
    ck_assert_int_eq(fanos_problem_alloc(&p, fanos_problem_softmax), FANOS_OK);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(fanos_problem_set_text(p, keys[i], vals[i]), FANOS_OK);
    const size_t n = fanos_problem_size(p);
    double *x = malloc(n * sizeof *x);
    ck_assert_ptr_nonnull(x);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 6, NULL, x),
                     FANOS_OK);
    fanos_optimizer *opt;
    ck_assert_int_eq(fanos_optimizer_alloc(&opt, type, n), FANOS_OK);
    ck_assert_int_eq(fanos_optimizer_set(opt, "lr", lr), FANOS_OK);
    fanos_run_options ro;
    fanos_run_options_init(&ro);
    ro.budget = 12;
    fanos_run_result r;
    ck_assert_int_eq(fanos_run(fanos_problem_fdf, p, n, x, opt, &ro, &r),
                     FANOS_OK);
    *diverged = r.diverged;
    if (!r.diverged)
        ck_assert_int_eq(fanos_problem_eval(p, x, m), FANOS_OK);
    fanos_optimizer_free(opt);
    fanos_problem_free(p);
    free(x);
}

static const char *num(char *buf, double v)
{
    fanos_real_str(buf, 32, v);
    return buf;
}

/* [MB8] [MB10] [MB11] [MB9] [MB16] the row of a run of softmax with eval_every =
 * 5: its 13 columns, then the five held-out ones named by
 * fanos_row_heldout_columns; heldout_* are the metrics of the iterate the
 * same run made by hand ends on; the curve holds steps 0, 5, 10 and 12
 * and reads back to the records of the eval log; target_step is the
 * first step whose loss is at most the target (a target equal to a
 * record's loss is reached there), empty for a target below every loss
 * and without a target; the fingerprint names the target. */
START_TEST(test_row_text)
{
    const double lr[] = {1e-2};
    fanos_experiment e;
    fanos_experiment_method m;
    experiment(&e, &m, fanos_optimizer_adamw, lr);
    e.eval_every = 5;
    fanos_experiment_run *runs;
    size_t nruns;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &nruns), FANOS_OK);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_OK);
    ck_assert_uint_eq(res.eval.nrecords, 4);
    fanos_eval_metrics hm;
    int hdiv;
    by_hand(fanos_optimizer_adamw, lr[0], &hm, &hdiv);
    ck_assert(!hdiv && !res.run.diverged);

    static fanos_row_text t;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
    ck_assert_uint_eq(t.nfields, 18);
    ck_assert_uint_eq(t.heldout, 13);
    const char *const *names = fanos_row_heldout_columns();
    const char *want[] = {"heldout_loss", "heldout_accuracy", "heldout_bits",
                          "target_step", "curve"};
    for (int i = 0; i < 5; i++)
        ck_assert_str_eq(names[i], want[i]);
    char b[32];
    ck_assert_str_eq(t.field[13], num(b, hm.loss));
    ck_assert_str_eq(t.field[14], num(b, hm.accuracy));
    ck_assert_str_eq(t.field[15], num(b, hm.bits));
    ck_assert_str_eq(t.field[16], "");          /* no target */
    /* the curve: "0:L:A 5:L:A 10:L:A 12:L:A" of the log's records */
    char curve[1024] = "";
    const size_t steps[] = {0, 5, 10, 12};
    for (size_t i = 0; i < 4; i++) {
        const fanos_eval_record *r = &res.eval.records[i];
        char l[32], a[32];
        ck_assert_uint_eq(r->step, steps[i]);
        snprintf(curve + strlen(curve), sizeof curve - strlen(curve), "%s%zu:%s:%s",
                 i ? " " : "", steps[i], num(l, r->m.loss), num(a, r->m.accuracy));
    }
    ck_assert_str_eq(t.field[17], curve);
    fanos_eval_record back[8];
    size_t nb;
    ck_assert_int_eq(fanos_curve_parse(t.field[17], back, 8, &nb), FANOS_OK);
    ck_assert_uint_eq(nb, 4);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_uint_eq(back[i].step, steps[i]);
        ck_assert_double_eq(back[i].m.loss, res.eval.records[i].m.loss);
        ck_assert_double_eq(back[i].m.accuracy, res.eval.records[i].m.accuracy);
        ck_assert_double_eq(back[i].m.bits, res.eval.records[i].m.loss / M_LN2);
        ck_assert(!back[i].diverged);
    }
    fanos_row_fault f;
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_RUN, t.field, &f), FANOS_OK);
    ck_assert_int_eq(fanos_row_check_heldout(t.field, 13, &f), FANOS_OK);

    /* targets: the loss of each record in turn, then one below them all */
    for (size_t k = 0; k < 4; k++) {
        e.target_loss = res.eval.records[k].m.loss;
        size_t first = 0;
        while (res.eval.records[first].m.loss > e.target_loss)
            first++;
        ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
        char s[32];
        snprintf(s, sizeof s, "%zu", steps[first]);
        ck_assert_str_eq(t.field[16], s);
        ck_assert_int_eq(fanos_row_check_heldout(t.field, 13, &f), FANOS_OK);
    }
    e.target_loss = 1e-9;       /* never reached */
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
    ck_assert_str_eq(t.field[16], "");
    /* the fingerprint holds the target, and only when there is one */
    size_t need;
    char text[4096];
    ck_assert_int_eq(fanos_experiment_describe(&e, text, sizeof text, &need), FANOS_OK);
    ck_assert_ptr_nonnull(strstr(text, "\ntarget_loss=0x1.12e0be826d695p-30\n"));
    uint32_t c1, c2;
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c1), FANOS_OK);
    e.target_loss = 0;
    ck_assert_int_eq(fanos_experiment_describe(&e, text, sizeof text, &need), FANOS_OK);
    ck_assert_ptr_null(strstr(text, "target_loss"));
    ck_assert_int_eq(fanos_experiment_fingerprint(&e, &c2), FANOS_OK);
    ck_assert_uint_ne(c1, c2);
    /* the key fields only: no held-out ones */
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], NULL, &t), FANOS_OK);
    ck_assert_uint_eq(t.heldout, 0);
    ck_assert_uint_eq(t.nfields, 7);
    fanos_experiment_result_free(&res);

    /* without eval_every: one record, the last iterate (MB9) */
    e.eval_every = 0;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_OK);
    ck_assert_uint_eq(res.eval.nrecords, 1);
    ck_assert_uint_eq(res.eval.records[0].step, 12);
    ck_assert_double_eq(res.eval.records[0].m.loss, hm.loss);
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
    ck_assert_str_eq(t.field[13], num(b, hm.loss));
    ck_assert_int_eq(fanos_row_check_heldout(t.field, 13, &f), FANOS_OK);
    fanos_experiment_result_free(&res);
    free(runs);
}
END_TEST

/* [MB8] [MB9] [MB12] a diverged run (SGD at lr 1e306 on softmax): the row
 * has diverged 1, final_loss and the three held-out metrics nan, a curve
 * whose last point is nan:nan, and both checks pass it; the same row with
 * diverged 0 is refused at heldout_loss. */
START_TEST(test_diverged_row)
{
    const double lr[] = {1e306};
    fanos_experiment e;
    fanos_experiment_method m;
    experiment(&e, &m, fanos_optimizer_sgd, lr);
    e.eval_every = 4;
    e.target_loss = 100;        /* the start point is below it: step 0 */
    fanos_experiment_run *runs;
    size_t nruns;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &nruns), FANOS_OK);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_OK);
    fanos_eval_metrics hm;
    int hdiv;
    by_hand(fanos_optimizer_sgd, lr[0], &hm, &hdiv);
    ck_assert(hdiv && res.run.diverged);
    static fanos_row_text t;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
    ck_assert_str_eq(t.field[8], "1");
    ck_assert_str_eq(t.field[7], "nan");
    for (int i = 13; i < 16; i++)
        ck_assert_str_eq(t.field[i], "nan");
    ck_assert_str_eq(t.field[16], "0");
    const char *last = strrchr(t.field[17], ' ');
    ck_assert_ptr_nonnull(last);
    ck_assert_ptr_nonnull(strstr(last, ":nan:nan"));
    ck_assert(!strncmp(t.field[17], "0:", 2));
    fanos_row_fault f;
    ck_assert_int_eq(fanos_row_check(FANOS_PROTOCOL_RUN, t.field, &f), FANOS_OK);
    ck_assert_int_eq(fanos_row_check_heldout(t.field, 13, &f), FANOS_OK);
    const char *bad[18];
    memcpy(bad, t.field, sizeof bad);
    bad[8] = "0";
    ck_assert_int_eq(fanos_row_check_heldout(bad, 13, &f), FANOS_EPARSE);
    ck_assert_uint_eq(f.column, 13);
    ck_assert_int_eq(f.diverged, 0);
    fanos_experiment_result_free(&res);
    free(runs);
}
END_TEST

/* [MB12] the checks of the held-out columns read back, one fault at a
 * time on a good row, each naming its column. */
START_TEST(test_read_back)
{
    const char *row[21] = {"H", "softmax", "", "fresh", "M", "0.01", "6", "0.5", "0",
                           "0", "12", "12", "0.1", "0.75", "0.8", "1.0820212806667949",
                           "5", "0:2.3:0.1 5:1:0.5 10:0.75:0.8", NULL, NULL, NULL};
    fanos_row_fault f;
    ck_assert_int_eq(fanos_row_check_heldout(row, 13, &f), FANOS_OK);
    struct {
        int col;
        const char *value;
        size_t fault;
    } cases[] = {
        {13, "abc", 13}, {13, "-1", 13}, {13, "nan", 13}, {13, "0.7", 13},
        {14, "1.5", 14}, {14, "-0.1", 14}, {15, "inf", 15}, {16, "7", 16},
        {16, "x", 16}, {16, "-5", 16}, {17, "", 17}, {17, "0:2.3:0.1 0:1:0.5", 17},
        {17, "0:2.3:0.1  5:0.75:0.8", 17}, {17, "10:0.75:0.8 ", 17},
        {17, "10:0.75", 17}, {17, "10:0.75:0.8:1", 17}, {17, "10:nan:0.8", 17},
        {17, "10:0.75:1.2", 17}, {17, "-1:0.75:0.8", 17}, {17, "a:0.75:0.8", 17},
        {17, "5:nan:nan 10:0.75:0.8", 16},  /* the target's point diverged */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *b[21];
        memcpy(b, row, sizeof b);
        b[cases[i].col] = cases[i].value;
        ck_assert_msg(fanos_row_check_heldout(b, 13, &f) == FANOS_EPARSE,
                      "column %d = '%s' passed", cases[i].col, cases[i].value);
        ck_assert_uint_eq(f.column, cases[i].fault);
        ck_assert(f.accepted[0]);
    }
    /* a diverged row: nan metrics, a nan last point */
    const char *d[21];
    memcpy(d, row, sizeof d);
    d[7] = "nan";
    d[8] = "1";
    d[13] = d[14] = d[15] = "nan";
    d[17] = "0:2.3:0.1 5:1:0.5 10:nan:nan";
    ck_assert_int_eq(fanos_row_check_heldout(d, 13, &f), FANOS_OK);
    d[14] = "0.8";
    ck_assert_int_eq(fanos_row_check_heldout(d, 13, &f), FANOS_EPARSE);
    ck_assert_uint_eq(f.column, 14);
    ck_assert_int_eq(f.diverged, 1);
    /* the tuned rows: the held-out columns from 16 on */
    const char *tu[21] = {"H", "softmax", "", "fresh", "M", "0.01", "6", "0.5", "0",
                          "0", "12", "12", "0.1", "tuning", "3", "lr=0.01", "0.75",
                          "0.8", "1.0820212806667949", "", "0:2.3:0.1 10:0.75:0.8"};
    ck_assert_int_eq(fanos_row_check_heldout(tu, 16, &f), FANOS_OK);
    ck_assert_int_eq(fanos_row_check_heldout(tu, 12, &f), FANOS_EDIM);
    ck_assert_int_eq(fanos_row_check_heldout(tu, FANOS_ROW_FIELDS_MAX - 4, &f), FANOS_EDIM);
    ck_assert_int_eq(fanos_row_check_heldout(NULL, 13, &f), FANOS_ENULL);
    ck_assert_int_eq(fanos_row_check_heldout(row, 13, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_row_check_heldout(row, 16, &f), FANOS_ENULL);
    /* a curve of more points than room */
    fanos_eval_record rec[2];
    size_t n;
    ck_assert_int_eq(fanos_curve_parse("0:1:0.5 1:1:0.5 2:1:0.5", rec, 2, &n), FANOS_EDIM);
    ck_assert_int_eq(fanos_curve_parse("0:1:0.5", NULL, 0, &n), FANOS_EDIM);
    ck_assert_int_eq(fanos_curve_parse("", rec, 2, &n), FANOS_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fanos_curve_parse(NULL, rec, 2, &n), FANOS_ENULL);
}
END_TEST

/* [MB15] [MB10] the band of three curves worked by hand: steps 0, 5, 7 and 10 of
 * their union; a diverged point and a missing one leave the step to the
 * others; steps that do not increase are refused, and so is a band longer
 * than its room; the target step of a log by hand, of its n records only. */
START_TEST(test_band)
{
    const fanos_eval_record a[] = {{0, NAN, {3, 0.1, 0, 0}, 0},
                                   {5, NAN, {2, 0.5, 0, 0}, 0},
                                   {10, NAN, {1, 0.8, 0, 0}, 0}};
    const fanos_eval_record b[] = {{0, NAN, {4, 0.2, 0, 0}, 0},
                                   {5, NAN, {NAN, NAN, NAN, 0}, 1},
                                   {10, NAN, {2, 0.6, 0, 0}, 0}};
    const fanos_eval_record c[] = {{0, NAN, {5, 0.3, 0, 0}, 0},
                                   {7, NAN, {1, 0.9, 0, 0}, 0}};
    const fanos_eval_record *rec[] = {a, b, c};
    const size_t len[] = {3, 3, 2};
    fanos_curve_band band[8];
    size_t nb;
    ck_assert_int_eq(fanos_curves_band(rec, len, 3, band, 8, &nb), FANOS_OK);
    ck_assert_uint_eq(nb, 4);
    const double want[4][8] = {{0, 3, 4, 3, 5, 0.2, 0.1, 0.3},
                               {5, 1, 2, 2, 2, 0.5, 0.5, 0.5},
                               {7, 1, 1, 1, 1, 0.9, 0.9, 0.9},
                               {10, 2, 1.5, 1, 2, 0.7, 0.6, 0.8}};
    for (size_t i = 0; i < 4; i++) {
        const fanos_curve_band *q = &band[i];
        const double got[8] = {(double)q->step, (double)q->n, q->loss_median,
                               q->loss_min, q->loss_max, q->accuracy_median,
                               q->accuracy_min, q->accuracy_max};
        for (int k = 0; k < 8; k++)
            ck_assert_msg(fabs(got[k] - want[i][k]) < 1e-15, "band %zu value %d: %g", i,
                          k, got[k]);
    }
    /* a step where no curve is finite */
    const fanos_eval_record *only[] = {b};
    const size_t one[] = {2};
    ck_assert_int_eq(fanos_curves_band(only, one, 1, band, 8, &nb), FANOS_OK);
    ck_assert_uint_eq(nb, 2);
    ck_assert_uint_eq(band[1].n, 0);
    ck_assert(isnan(band[1].loss_median) && isnan(band[1].accuracy_max));
    ck_assert_int_eq(fanos_curves_band(rec, len, 3, band, 3, &nb), FANOS_EDIM);
    const fanos_eval_record back[] = {{5, NAN, {2, 0.5, 0, 0}, 0},
                                      {5, NAN, {1, 0.5, 0, 0}, 0}};
    const fanos_eval_record *bad[] = {back};
    const size_t two[] = {2};
    ck_assert_int_eq(fanos_curves_band(bad, two, 1, band, 8, &nb), FANOS_ERANGE);
    ck_assert_int_eq(fanos_curves_band(rec, len, 3, band, 8, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_curves_band(NULL, len, 3, band, 8, &nb), FANOS_ENULL);
    ck_assert_int_eq(fanos_curves_band(rec, len, 0, NULL, 0, &nb), FANOS_OK);
    ck_assert_uint_eq(nb, 0);
    /* the target of a log by hand: the first finite record at most T */
    size_t step;
    ck_assert_int_eq(fanos_eval_log_target(b, 3, 2.5, &step), 1);
    ck_assert_uint_eq(step, 10);
    ck_assert_int_eq(fanos_eval_log_target(a, 3, 3, &step), 1);
    ck_assert_uint_eq(step, 0);
    ck_assert_int_eq(fanos_eval_log_target(a, 3, 0.5, &step), 0);
    ck_assert_int_eq(fanos_eval_log_target(a, 3, 0, &step), 0);
    ck_assert_int_eq(fanos_eval_log_target(a, 3, NAN, &step), 0);
    ck_assert_int_eq(fanos_eval_log_target(NULL, 3, 3, &step), 0);
    /* only the n records given count: one after them that reaches T is
     * not looked at */
    const fanos_eval_record four[] = {a[0], a[1], a[2], {12, NAN, {0.1, 0.9, 0, 0}, 0}};
    ck_assert_int_eq(fanos_eval_log_target(four, 3, 0.5, &step), 0);
    ck_assert_int_eq(fanos_eval_log_target(four, 4, 0.5, &step), 1);
    ck_assert_uint_eq(step, 12);
}
END_TEST

/* [MB9] [MB17] the settings an experiment refuses at run time: a target
 * or eval_every for a problem without a held-out split, a negative or
 * infinite target, and more curve points than a row holds. */
START_TEST(test_refused)
{
    const double lr[] = {1e-2};
    fanos_experiment e;
    fanos_experiment_method m;
    experiment(&e, &m, fanos_optimizer_adamw, lr);
    fanos_experiment_run *runs;
    size_t nruns;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &nruns), FANOS_OK);
    fanos_experiment_result res;
    memset(&res, 0, sizeof res);
    e.target_loss = -1;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_ERANGE);
    e.target_loss = INFINITY;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_ERANGE);
    e.target_loss = NAN;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_ERANGE);
    e.target_loss = 0;
    e.epochs = 0;
    e.budget = 254;
    e.eval_every = 1;           /* 254 + 2 = 256 points: the most */
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_OK);
    ck_assert_uint_eq(res.eval.nrecords, 255);
    static fanos_row_text t;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
    fanos_row_fault f;
    ck_assert_int_eq(fanos_row_check_heldout(t.field, 13, &f), FANOS_OK);
    fanos_experiment_result_free(&res);
    e.budget = 255;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_EDIM);
    const fanos_problem_type *rb[] = {fanos_problem_rosenbrock};
    e.problems = rb;
    e.nproblem_set = 0;
    e.budget = 10;
    e.eval_every = 0;
    e.target_loss = 1;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_ECONFLICT);
    /* a problem without a held-out split writes no held-out columns */
    e.target_loss = 0;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_OK);
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
    ck_assert_uint_eq(t.nfields, 13);
    ck_assert_uint_eq(t.heldout, 0);
    fanos_experiment_result_free(&res);
    free(runs);
}
END_TEST


/* [MB11] [MB17] a curve of exactly 256 records, the most a row holds: 509
 * steps with eval_every = 2 record steps 0, 2, ..., 508 (255) and the last,
 * 509 (floor(509 / 2) + 2 = 256); its row has all 256 points, which read
 * back to the steps written out here; one record more (made here, step
 * 510) no longer fits, and neither do 511 steps (257 points) at run time. */
START_TEST(test_curve_of_256)
{
    const double lr[] = {1e-2};
    fanos_experiment e;
    fanos_experiment_method m;
    experiment(&e, &m, fanos_optimizer_adamw, lr);
    e.epochs = 0;
    e.budget = 509;
    e.eval_every = 2;
    fanos_experiment_run *runs;
    size_t nruns;
    ck_assert_int_eq(fanos_experiment_plan(&e, &runs, &nruns), FANOS_OK);
    fanos_experiment_result res;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_OK);
    ck_assert(!res.run.diverged);
    ck_assert_uint_eq(res.eval.nrecords, 256);
    static fanos_row_text t;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &res, &t), FANOS_OK);
    static fanos_eval_record back[300];
    size_t nb;
    ck_assert_int_eq(fanos_curve_parse(t.field[17], back, 300, &nb), FANOS_OK);
    ck_assert_uint_eq(nb, 256);
    for (size_t i = 0; i < 256; i++) {
        ck_assert_uint_eq(back[i].step, i < 255 ? 2 * i : 509);
        ck_assert_double_eq(back[i].m.loss, res.eval.records[i].m.loss);
    }
    fanos_row_fault f;
    ck_assert_int_eq(fanos_row_check_heldout(t.field, 13, &f), FANOS_OK);
    /* 257 records: the same 256 and one more after them */
    static fanos_eval_record more[257];
    memcpy(more, res.eval.records, 256 * sizeof *more);
    more[256] = more[255];
    more[256].step = 510;
    fanos_experiment_result big = res;
    big.eval.records = more;
    big.eval.nrecords = big.eval.cap = 257;
    big.run.steps = 510;
    ck_assert_int_eq(fanos_experiment_row_text(&e, &runs[0], &big, &t), FANOS_EDIM);
    fanos_experiment_result_free(&res);
    e.budget = 511;
    ck_assert_int_eq(fanos_experiment_execute(&e, &runs[0], NULL, &res), FANOS_EDIM);
    free(runs);
}
END_TEST

/* ---- the data of the last setup, shared by the runs that follow ---- */

/* An IDX file of Fashion-MNIST's layout: images (count x 28 x 28, pixel
 * value v + i % 7) or labels (label i % 10 + shift, mod 10). */
static void write_idx(const char *name, int images, unsigned count, int v)
{
    const size_t n = images ? (size_t)count * 784 : count;
    unsigned char *b = malloc(16 + n);
    ck_assert_ptr_nonnull(b);
    const unsigned hdr[4] = {images ? 0x803u : 0x801u, count, 28, 28};
    const size_t nh = images ? 4 : 2;
    for (size_t k = 0; k < nh; k++)
        for (int j = 0; j < 4; j++)
            b[4 * k + (size_t)j] = (unsigned char)(hdr[k] >> (24 - 8 * j));
    for (size_t i = 0; i < n; i++)
        b[4 * nh + i] = images ? (unsigned char)(v + (int)(i % 7)) : (unsigned char)((i + (size_t)v) % 10);
    gzFile gz = gzopen(test_tpath(name), "wb");
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzwrite(gz, b, (unsigned)(4 * nh + n)), (int)(4 * nh + n));
    ck_assert_int_eq(gzclose(gz), Z_OK);
    free(b);
}

/* The held-out loss of the softmax start point of seed 0 on the folder. */
static double start_loss(void)
{
    fanos_problem *p;
    ck_assert_int_eq(fanos_problem_alloc(&p, fanos_problem_softmax), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "data", test_tmpdir), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "batch", "0"), FANOS_OK);
    const size_t n = fanos_problem_size(p);
    double *x = malloc(n * sizeof *x);
    ck_assert_ptr_nonnull(x);
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x), FANOS_OK);
    fanos_eval_metrics m;
    ck_assert_int_eq(fanos_problem_eval(p, x, &m), FANOS_OK);
    fanos_problem_free(p);
    free(x);
    return m.loss;
}

/* The setups of softmax on a synthetic folder share its data while the
 * four files stay as they were, and read a file again once it changed:
 * the test labels rewritten (same size) change the held-out loss exactly
 * as a fresh process would see it, and a second problem alive at the same
 * time gets the same data. */
START_TEST(test_data_shared_until_changed)
{
    test_make_tmpdir("heldout");
    write_idx("train-images-idx3-ubyte.gz", 1, 6, 10);
    write_idx("train-labels-idx1-ubyte.gz", 0, 6, 0);
    write_idx("t10k-images-idx3-ubyte.gz", 1, 4, 20);
    write_idx("t10k-labels-idx1-ubyte.gz", 0, 4, 0);
    const double a = start_loss(), b = start_loss();
    ck_assert_double_eq(a, b);
    /* labels 3, 4, 5, 6 instead of 0, 1, 2, 3: another loss */
    usleep(20000);      /* a later modification time */
    write_idx("t10k-labels-idx1-ubyte.gz", 0, 4, 3);
    const double c = start_loss();
    ck_assert(c != a);
    usleep(20000);
    write_idx("t10k-labels-idx1-ubyte.gz", 0, 4, 0);
    ck_assert_double_eq(start_loss(), a);
    /* a missing file is reported as before, whatever was loaded */
    ck_assert_int_eq(unlink(test_tpath("train-images-idx3-ubyte.gz")), 0);
    fanos_problem *p;
    ck_assert_int_eq(fanos_problem_alloc(&p, fanos_problem_softmax), FANOS_OK);
    ck_assert_int_eq(fanos_problem_set_text(p, "data", test_tmpdir), FANOS_OK);
    double x[7850];
    ck_assert_int_eq(fanos_problem_setup(p, FANOS_DRAWS_FRESH, 0, NULL, x), FANOS_EIO);
    fanos_problem_free(p);
    test_rm_tmpdir();
}
END_TEST

static Suite *heldout_suite(void)
{
    Suite *s = suite_create("heldout");
    TCase *tc = tcase_create("heldout");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_row_text);
    tcase_add_test(tc, test_diverged_row);
    tcase_add_test(tc, test_read_back);
    tcase_add_test(tc, test_band);
    tcase_add_test(tc, test_refused);
    tcase_add_test(tc, test_curve_of_256);
    tcase_add_test(tc, test_data_shared_until_changed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
    openblas_set_num_threads(1);
#endif
    SRunner *sr = srunner_create(heldout_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

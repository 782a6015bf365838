/* check_quadratic.c - the ill-conditioned quadratic, its fresh draws and
 * the reference draws (doc/spec.md section 7).
 *
 * Oracles: eigenvalues from GSL's symmetric eigen-solver against lambda_i
 * written out below; the matrix from GSL's QR and dgemm; sums in the
 * stated order; matrices and losses worked out by hand for small W;
 * central finite differences; the text of the draw files. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_sort_vector.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "fanos.h"
#include "testutil.h"

#define D 100

/* The largest |A_ij - A_ji| relative to max |A_ij|. */
static double asymmetry(const double *A, size_t d)
{
    double amax = 0, dev = 0;
    for (size_t i = 0; i < d * d; i++)
        amax = fmax(amax, fabs(A[i]));
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            dev = fmax(dev, fabs(A[i * d + j] - A[j * d + i]));
    return dev / amax;
}

/* Eigenvalues of A (GSL symmetric eigen-solver), ascending, into ev;
 * returns the largest relative deviation from lambda_i = cond^((i-1)/(d-1))
 * computed here from the formula. */
static double eigen_deviation(const double *A, size_t d, double cond)
{
    gsl_matrix *m = gsl_matrix_alloc(d, d);
    gsl_vector *ev = gsl_vector_alloc(d);
    gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(d);
    memcpy(m->data, A, d * d * sizeof *A);
    ck_assert_int_eq(gsl_eigen_symm(m, ev, w), 0);
    gsl_sort_vector(ev);
    double worst = 0;
    for (size_t i = 1; i <= d; i++) {
        double lambda = pow(cond, (double)(i - 1) / (double)(d - 1));
        worst = fmax(worst, fabs(gsl_vector_get(ev, i - 1) - lambda) / lambda);
    }
    gsl_eigen_symm_free(w);
    gsl_vector_free(ev);
    gsl_matrix_free(m);
    return worst;
}

static void check_spectrum(const double *W, double cond, const char *what)
{
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, D, cond, W), FANOS_OK);
    const double *A = fanos_quadratic_matrix(q);
    double asym = asymmetry(A, D), dev = eigen_deviation(A, D, cond);
    printf("%s kappa=%g: eigenvalue deviation %.2e, asymmetry %.2e\n", what,
           cond, dev, asym);
    ck_assert_msg(dev <= 1e-9, "%s kappa %g: eigenvalues off by %.3e",
                  what, cond, dev);
    ck_assert_msg(asym <= 1e-12, "%s: asymmetry %.3e", what, asym);
    fanos_quadratic_free(q);
}

/* [Q1] [Q2] [Q3] the spectrum of A built from fresh draws */
START_TEST(spectrum_fresh)
{
    static double x0[D], W[D * D];
    for (unsigned long seed = 0; seed < 3; seed++) {
        ck_assert_int_eq(fanos_quadratic_draw(D, seed, x0, W), FANOS_OK);
        check_spectrum(W, 1e2, "fresh");
        check_spectrum(W, 1e6, "fresh");
    }
}
END_TEST

/* [Q1] [Q2] [Q3] the spectrum of A built from the reference draws */
START_TEST(spectrum_reference)
{
    static double x0[D], W[D * D];
    for (unsigned long seed = 0; seed < 3; seed++) {
        ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, seed, D, x0, W),
                         FANOS_OK);
        check_spectrum(W, 1e2, "reference");
        check_spectrum(W, 1e6, "reference");
    }
}
END_TEST

/* [Q2] [Q3] A against an independent construction: Q from GSL's own
 * gsl_linalg_QR_decomp and gsl_linalg_QR_unpack, A = (Q diag(lambda)) Q^T
 * by cblas_dgemm and symmetrised, here in the test.  The two sum in other
 * orders, so they agree to rounding: 1e-13 of the largest |A_ij| (which
 * is about kappa), far below the 1e-9 of the eigenvalue test. */
START_TEST(matrix_against_gsl_qr)
{
    static double x0[D], W[D * D], Q[D * D], B[D * D], A[D * D], qr[D * D],
        r[D * D], tau[D];
    const double conds[3] = {1e2, 1e4, 1e6};
    for (unsigned long seed = 0; seed < 2; seed++)
        for (int c = 0; c < 3; c++) {
            ck_assert_int_eq(fanos_quadratic_draw(D, seed, x0, W), FANOS_OK);
            memcpy(qr, W, sizeof qr);
            gsl_matrix_view qv = gsl_matrix_view_array(qr, D, D);
            gsl_matrix_view rv = gsl_matrix_view_array(r, D, D);
            gsl_matrix_view Qv = gsl_matrix_view_array(Q, D, D);
            gsl_vector_view tv = gsl_vector_view_array(tau, D);
            ck_assert_int_eq(gsl_linalg_QR_decomp(&qv.matrix, &tv.vector), 0);
            ck_assert_int_eq(gsl_linalg_QR_unpack(&qv.matrix, &tv.vector,
                                                  &Qv.matrix, &rv.matrix), 0);
            for (size_t i = 0; i < D; i++)
                for (size_t j = 0; j < D; j++)
                    B[i * D + j] = Q[i * D + j] *
                                   pow(conds[c], (double)j / (D - 1.0));
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, D, D, D, 1.0,
                        B, D, Q, D, 0.0, A, D);
            fanos_quadratic *q;
            ck_assert_int_eq(fanos_quadratic_alloc(&q, D, conds[c], W),
                             FANOS_OK);
            const double *M = fanos_quadratic_matrix(q);
            double amax = 0, dev = 0;
            for (size_t i = 0; i < D; i++)
                for (size_t j = 0; j < D; j++) {
                    const double a = 0.5 * (A[i * D + j] + A[j * D + i]);
                    amax = fmax(amax, fabs(a));
                    dev = fmax(dev, fabs(M[i * D + j] - a));
                }
            printf("seed %lu kappa %g: |A - A_gsl| / max|A| = %.2e\n", seed,
                   conds[c], dev / amax);
            ck_assert_msg(dev <= 1e-13 * amax, "kappa %g: deviation %.3e",
                          conds[c], dev / amax);
            fanos_quadratic_free(q);
        }
}
END_TEST

/* [Q6] f and g are the sums of the stated order, bit for bit: (Ax)_i =
 * sum_j A_ji x_j from j = 1 up and x^T A x = sum_i x_i (Ax)_i from i = 1
 * up, one term at a time, written out here on the matrix of the library;
 * d = 103 also covers the rows left over by the library's four-row pass. */
START_TEST(fixed_order_sums)
{
    enum { N = 103 };
    static double x0[N], W[N * N], g[N], ax[N];
    ck_assert_int_eq(fanos_quadratic_draw(N, 7, x0, W), FANOS_OK);
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, N, 1e5, W), FANOS_OK);
    const double *A = fanos_quadratic_matrix(q);
    double f, f_only;
    ck_assert_int_eq(fanos_quadratic_fdf(q, N, x0, &f, g), FANOS_OK);
    ck_assert_int_eq(fanos_quadratic_fdf(q, N, x0, &f_only, NULL), FANOS_OK);
    double s = 0;
    for (size_t i = 0; i < N; i++) {
        double t = 0;
        for (size_t j = 0; j < N; j++)
            t += A[j * N + i] * x0[j];
        ax[i] = t;
        ck_assert_msg(memcmp(&t, &g[i], sizeof t) == 0, "g[%zu] = %.17g, "
                      "ordered sum %.17g", i, g[i], t);
    }
    for (size_t i = 0; i < N; i++)
        s += x0[i] * ax[i];
    s *= 0.5;
    ck_assert_msg(memcmp(&s, &f, sizeof s) == 0 &&
                  memcmp(&s, &f_only, sizeof s) == 0,
                  "f = %.17g (without g %.17g), ordered sum %.17g", f, f_only, s);
    fanos_quadratic_free(q);
}
END_TEST

/* [Q2] [Q3] [Q4] [Q6] d = 2, W a rotation by theta with cos 0.6 and sin 0.8:
 * QR(W) = W up to column signs, so q1 = (0.6, 0.8), q2 = (-0.8, 0.6) and
 * with kappa = 4, A = 1 q1 q1^T + 4 q2 q2^T = [[2.92, -1.44], [-1.44, 2.08]].
 * At x = (1, 2): f = (2.92 - 2*1.44*2 + 2.08*4)/2 = 2.74, g = (0.04, 2.72). */
START_TEST(hand_two_by_two)
{
    const double W[4] = {0.6, -0.8, 0.8, 0.6};
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, 4.0, W), FANOS_OK);
    const double *A = fanos_quadratic_matrix(q);
    const double want[4] = {2.92, -1.44, -1.44, 2.08};
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq_tol(A[i], want[i], 1e-14);
    const double x[2] = {1.0, 2.0};
    double f, g[2];
    ck_assert_int_eq(fanos_quadratic_fdf(q, 2, x, &f, g), FANOS_OK);
    ck_assert_double_eq_tol(f, 2.74, 1e-14);
    ck_assert_double_eq_tol(g[0], 0.04, 1e-14);
    ck_assert_double_eq_tol(g[1], 2.72, 1e-14);
    double f_only;
    ck_assert_int_eq(fanos_quadratic_fdf(q, 2, x, &f_only, NULL), FANOS_OK);
    ck_assert_double_eq_tol(f_only, 2.74, 1e-14);
    fanos_quadratic_free(q);
}
END_TEST

/* [Q2] [Q3] [Q4] [Q6] d = 2, W the permutation [[0, 1], [1, 0]], whose first
 * column has a zero diagonal entry and needs its reflection: QR(W) = W up
 * to column signs, so with kappa = 4, A = W diag(1, 4) W^T = diag(4, 1),
 * every step exact in floating point.  At x = (1, 2): f = (4 + 4)/2 = 4
 * and g = (4, 2), written over whatever g held (here NaN). */
START_TEST(hand_permutation)
{
    const double W[4] = {0, 1, 1, 0};
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, 4.0, W), FANOS_OK);
    const double *A = fanos_quadratic_matrix(q);
    const double want[4] = {4, 0, 0, 1};
    for (int i = 0; i < 4; i++)
        ck_assert_msg(A[i] == want[i], "A[%d] = %.17g, not %g", i, A[i], want[i]);
    const double x[2] = {1.0, 2.0};
    double f = NAN, g[2] = {NAN, NAN};
    ck_assert_int_eq(fanos_quadratic_fdf(q, 2, x, &f, g), FANOS_OK);
    ck_assert(f == 4.0 && g[0] == 4.0 && g[1] == 2.0);
    fanos_quadratic_free(q);
}
END_TEST

/* [Q2] d = 3, W a permutation with a column scaled: the columns are e3,
 * s e1 and e2 with s = 2^-600, whose square underflows to 0.  They are
 * orthogonal, so Q = (e3, e1, e2) up to signs and with kappa = 9,
 * A = 1 e3 e3^T + 3 e1 e1^T + 9 e2 e2^T = diag(3, 9, 1), every step exact.
 * After the first reflection the second column is (0, 0, -s) beside
 * entries 1: its reflection must see the entry s in full, the norm of the
 * entries below the diagonal scaled by their own largest magnitude (a
 * scale of 1, or one taken from another entry, turns s^2 into 0 and leaves
 * the column unreflected), over exactly the rows below the diagonal. */
START_TEST(hand_tiny_columns)
{
    const double s = 0x1p-600;
    const double W[9] = {0, s, 0, 0, 0, 1, 1, 0, 0};
    ck_assert(s * s == 0.0);
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 3, 9.0, W), FANOS_OK);
    const double *A = fanos_quadratic_matrix(q);
    const double want[9] = {3, 0, 0, 0, 9, 0, 0, 0, 1};
    for (int i = 0; i < 9; i++)
        ck_assert_msg(A[i] == want[i], "A[%d] = %.17g, not %g", i, A[i], want[i]);
    fanos_quadratic_free(q);
}
END_TEST

/* [Q2] d = 2, W = 0.5 [[1, -e], [e, 1]] with e = 1e-8, a rotation by about
 * e: its columns are orthogonal, so q1 = (1, e) / r and q2 = (-e, 1) / r
 * with r = sqrt(1 + e^2), and with kappa = 4, A = q1 q1^T + 4 q2 q2^T =
 * [[1 + 4e^2, -3e], [-3e, 4 + e^2]] / r^2 = [[1, -3e-8], [-3e-8, 4]] to
 * 1e-15.  The reflection of column 1 (alpha = 0.5, xnorm = 5e-9) must take
 * beta = -sign(alpha) hypot(alpha, xnorm): with the other sign, hypot
 * rounds to alpha, alpha - beta is 0 and the rotation is lost (A diagonal). */
START_TEST(hand_small_rotation)
{
    const double e = 1e-8;
    const double W[4] = {0.5, -0.5 * e, 0.5 * e, 0.5};
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, 4.0, W), FANOS_OK);
    const double *A = fanos_quadratic_matrix(q);
    const double want[4] = {1, -3 * e, -3 * e, 4};
    for (int i = 0; i < 4; i++)
        ck_assert_msg(fabs(A[i] - want[i]) <= 1e-14, "A[%d] = %.17g, not %.17g",
                      i, A[i], want[i]);
    fanos_quadratic_free(q);
}
END_TEST

/* [Q1] [Q4] d = 3, W upper triangular with a positive diagonal: Q = I up to
 * signs, so A = diag(1, kappa^(1/2), kappa); kappa = 9 gives diag(1, 3, 9)
 * and at x = (1, -1, 2): f = (1 + 3 + 36)/2 = 20, g = (1, -3, 18). */
START_TEST(hand_diagonal)
{
    const double W[9] = {2, 5, -1, 0, 3, 7, 0, 0, 0.5};
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 3, 9.0, W), FANOS_OK);
    const double *A = fanos_quadratic_matrix(q);
    const double want[9] = {1, 0, 0, 0, 3, 0, 0, 0, 9};
    for (int i = 0; i < 9; i++)
        ck_assert_double_eq_tol(A[i], want[i], 1e-14);
    const double x[3] = {1, -1, 2};
    double f, g[3];
    ck_assert_int_eq(fanos_quadratic_fdf(q, 3, x, &f, g), FANOS_OK);
    ck_assert_double_eq_tol(f, 20.0, 1e-13);
    ck_assert_double_eq_tol(g[0], 1.0, 1e-14);
    ck_assert_double_eq_tol(g[1], -3.0, 1e-14);
    ck_assert_double_eq_tol(g[2], 18.0, 1e-13);
    fanos_quadratic_free(q);
}
END_TEST

/* [Q4] the gradient against central finite differences, d = 100,
 * kappa = 1e4, reference seed 1: for a quadratic the central difference
 * is exact up to rounding, (f(x + h e_i) - f(x - h e_i)) / 2h = (Ax)_i. */
START_TEST(gradient_fd)
{
    static double x0[D], W[D * D], g[D], xp[D];
    ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, 1, D, x0, W),
                     FANOS_OK);
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, D, 1e4, W), FANOS_OK);
    double f;
    ck_assert_int_eq(fanos_quadratic_fdf(q, D, x0, &f, g), FANOS_OK);
    double gmax = 0;
    for (int i = 0; i < D; i++)
        gmax = fmax(gmax, fabs(g[i]));
    const double h = 1e-3;
    for (int i = 0; i < D; i++) {
        double fp, fm;
        memcpy(xp, x0, sizeof xp);
        xp[i] = x0[i] + h;
        fanos_quadratic_fdf(q, D, xp, &fp, NULL);
        xp[i] = x0[i] - h;
        fanos_quadratic_fdf(q, D, xp, &fm, NULL);
        double fd = (fp - fm) / (2 * h);
        /* rounding of f (about 1e-16 |f|) divided by 2h */
        ck_assert_msg(fabs(fd - g[i]) <= 1e-9 * fmax(gmax, fabs(f)),
                      "coordinate %d: fd %.17g vs g %.17g", i, fd, g[i]);
    }
    fanos_quadratic_free(q);
}
END_TEST

/* [Q4] f with and without g agree, and f = x.g / 2 for a random x */
START_TEST(loss_consistent)
{
    static double x0[D], W[D * D], g[D];
    ck_assert_int_eq(fanos_quadratic_draw(D, 5, x0, W), FANOS_OK);
    fanos_quadratic *q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, D, 1e3, W), FANOS_OK);
    double f1, f2;
    ck_assert_int_eq(fanos_quadratic_fdf(q, D, x0, &f1, g), FANOS_OK);
    ck_assert_int_eq(fanos_quadratic_fdf(q, D, x0, &f2, NULL), FANOS_OK);
    ck_assert(f1 == f2);    /* the same number, not merely close */
    ck_assert(f1 > 0);
    /* an eigenvector-free check of scale: 1/2 |x|^2 <= f <= kappa/2 |x|^2 */
    double xx = 0;
    for (int i = 0; i < D; i++)
        xx += x0[i] * x0[i];
    ck_assert(f1 >= 0.5 * xx * (1 - 1e-12) && f1 <= 0.5 * 1e3 * xx);
    fanos_quadratic_free(q);
}
END_TEST

/* [Q1] [Q2] [Q3] [Q4] invalid arguments */
START_TEST(quadratic_errors)
{
    double W[4] = {1, 0, 0, 1}, x[2] = {1, 1}, f;
    fanos_quadratic *q = (fanos_quadratic *)&q;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 1, 10, W), FANOS_EDIM);
    ck_assert_ptr_null(q);
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, 0.5, W), FANOS_ERANGE);
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, NAN, W), FANOS_ERANGE);
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, INFINITY, W), FANOS_ERANGE);
    ck_assert_int_eq(fanos_quadratic_alloc(NULL, 2, 10, W), FANOS_ENULL);
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, 10, NULL), FANOS_ENULL);
    W[3] = NAN;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, 10, W), FANOS_ENONFINITE);
    W[3] = 1;
    ck_assert_int_eq(fanos_quadratic_alloc(&q, 2, 1.0, W), FANOS_OK);
    ck_assert_int_eq(fanos_quadratic_fdf(q, 3, x, &f, NULL), FANOS_EDIM);
    ck_assert_int_eq(fanos_quadratic_fdf(NULL, 2, x, &f, NULL), FANOS_ENULL);
    ck_assert_int_eq(fanos_quadratic_fdf(q, 2, x, NULL, NULL), FANOS_ENULL);
    /* kappa = 1: A = I, f = |x|^2 / 2 = 1 */
    ck_assert_int_eq(fanos_quadratic_fdf(q, 2, x, &f, NULL), FANOS_OK);
    ck_assert_double_eq_tol(f, 1.0, 1e-15);
    fanos_quadratic_free(q);
    fanos_quadratic_free(NULL);
    ck_assert_ptr_null(fanos_quadratic_matrix(NULL));
}
END_TEST

/* [Q5] fresh draws: reproducible, distinct per seed, x0 and W from
 * different streams, standard-normal moments, seed range; x0 and W are
 * the Gaussians of GSL's mt19937 seeded 2s + 1 and 2s + 2, replayed here */
START_TEST(fresh_draws)
{
    static double x0[D], W[D * D], x0b[D], Wb[D * D];
    ck_assert_int_eq(fanos_quadratic_draw(D, 7, x0, W), FANOS_OK);
    gsl_rng *rx = gsl_rng_alloc(gsl_rng_mt19937), *rw = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rx, 15);
    gsl_rng_set(rw, 16);
    for (int i = 0; i < D; i++)
        ck_assert_double_eq(x0[i], gsl_ran_gaussian(rx, 1.0));
    for (int i = 0; i < D * D; i++)
        ck_assert_double_eq(W[i], gsl_ran_gaussian(rw, 1.0));
    gsl_rng_free(rx);
    gsl_rng_free(rw);
    ck_assert_int_eq(fanos_quadratic_draw(D, 7, x0b, Wb), FANOS_OK);
    ck_assert_mem_eq(x0, x0b, sizeof x0);
    ck_assert_mem_eq(W, Wb, sizeof W);
    ck_assert_int_eq(fanos_quadratic_draw(D, 8, x0b, Wb), FANOS_OK);
    ck_assert(memcmp(x0, x0b, sizeof x0) != 0);
    ck_assert(memcmp(W, Wb, sizeof W) != 0);
    /* no value of x0 reappears in W (the reference's x0 and W[0] share 84) */
    int shared = 0;
    for (int i = 0; i < D; i++)
        for (int j = 0; j < D * D; j++)
            shared += x0[i] == W[j];
    ck_assert_int_eq(shared, 0);
    /* seed s's W stream is not seed s+1's x0 stream (2s+2 vs 2s+3) */
    ck_assert(memcmp(W, x0b, sizeof x0b) != 0);
    /* moments of the 10000 entries of W: mean 0 and variance 1 within
     * five standard errors (1/100 and sqrt(2)/100) */
    double sum = 0, sq = 0;
    for (int i = 0; i < D * D; i++)
        sum += W[i];
    double mean = sum / (D * D);
    for (int i = 0; i < D * D; i++)
        sq += (W[i] - mean) * (W[i] - mean);
    ck_assert_double_le(fabs(mean), 0.05);
    ck_assert_double_le(fabs(sq / (D * D) - 1.0), 5 * sqrt(2.0) / 100);
    ck_assert_int_eq(fanos_quadratic_draw(D, FANOS_QUADRATIC_SEED_MAX, x0, W),
                     FANOS_OK);
    ck_assert_int_eq(fanos_quadratic_draw(D, FANOS_QUADRATIC_SEED_MAX + 1,
                                          x0, W), FANOS_ERANGE);
    ck_assert_int_eq(fanos_quadratic_draw(0, 1, x0, W), FANOS_EDIM);
    ck_assert_int_eq(fanos_quadratic_draw(D, 1, NULL, W), FANOS_ENULL);
}
END_TEST

/* [D2] the quadratic reference draws against the text of the files */
START_TEST(reference_quadratic_values)
{
    static double x0[D], W[D * D];
    ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, 0, D, x0, W),
                     FANOS_OK);
    /* quadratic_seed0.csv line 2 begins -1.1258398294448853,
     * -1.152360200881958 and ends 0.23291829228401184; its last line ends
     * -0.31143978238105774 */
    ck_assert_double_eq(x0[0], -1.1258398294448853);
    ck_assert_double_eq(x0[1], -1.152360200881958);
    ck_assert_double_eq(x0[99], 0.23291829228401184);
    ck_assert_double_eq(W[99 * D + 99], -0.31143978238105774);
    /* the reference reused the seed: x0 and the first row of W share 84 of
     * 100 entries (doc/reference.md section 5), which holds only if row 0 of the
     * file is W's first row */
    int shared = 0;
    for (int i = 0; i < D; i++)
        shared += x0[i] == W[i];
    ck_assert_int_eq(shared, 84);
    ck_assert_double_eq(W[0], x0[0]);
    for (unsigned long s = 1; s < 3; s++)
        ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, s, D, x0, W),
                         FANOS_OK);
}
END_TEST

/* [D1] the Rosenbrock reference x0 against the text of the file */
START_TEST(reference_rosenbrock_values)
{
    double x[D];
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(DRAWS_DIR, 0, x, D),
                     FANOS_OK);
    /* line "0,-0.014973640441894531,1.0728871822357178,..." */
    ck_assert_double_eq(x[0], -0.014973640441894531);
    ck_assert_double_eq(x[1], 1.0728871822357178);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(DRAWS_DIR, 9, x, D),
                     FANOS_OK);
    /* the row of seed 9 ends 0.5798449516296387 */
    ck_assert_double_eq(x[99], 0.5798449516296387);
    for (int i = 0; i < D; i++)
        ck_assert(x[i] >= -2 && x[i] <= 2);
}
END_TEST

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/fanos-draws-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char p[128];
    snprintf(p, sizeof p, "%s/rosenbrock100_x0.csv", tmpdir);
    unlink(p);
    snprintf(p, sizeof p, "%s/quadratic_seed0.csv", tmpdir);
    unlink(p);
    rmdir(tmpdir);
}

static void write_file(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *fp = fopen(p, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

/* A Rosenbrock draws file of nrows rows of ncols values; `bad` replaces
 * the value of row 0 column 5 when not NULL. */
static void write_rosenbrock(int nrows, int ncols, const char *bad)
{
    size_t cap = 64 + (size_t)(nrows + 1) * (size_t)ncols * 24;
    char *s = malloc(cap), *p = s;
    p += sprintf(p, "seed");
    for (int j = 0; j < 100; j++)
        p += sprintf(p, ",x%d", j);
    p += sprintf(p, "\n");
    for (int r = 0; r < nrows; r++) {
        p += sprintf(p, "%d", r);
        for (int j = 0; j < ncols; j++)
            p += sprintf(p, ",%s", (bad && r == 0 && j == 5) ? bad : "0.25");
        p += sprintf(p, "\n");
    }
    write_file("rosenbrock100_x0.csv", s);
    free(s);
}

/* [D3] the Rosenbrock file: missing, malformed, wrong counts, wrong seed */
START_TEST(reference_rosenbrock_errors)
{
    double x[D];
    x[0] = 42;
    ck_assert_int_eq(fanos_reference_rosenbrock_x0("/nonexistent/dir", 0, x, D),
                     FANOS_EIO);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(DRAWS_DIR, 10, x, D),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(DRAWS_DIR, 0, x, 50),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(NULL, 0, x, D), FANOS_ENULL);
    ck_assert_double_eq(x[0], 42);      /* untouched on failure */
    make_tmpdir();
    write_rosenbrock(2, 100, NULL);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(tmpdir, 1, x, D), FANOS_OK);
    ck_assert_double_eq(x[99], 0.25);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(tmpdir, 2, x, D),
                     FANOS_ERANGE);
    write_rosenbrock(2, 99, NULL);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(tmpdir, 1, x, D), FANOS_EDIM);
    write_rosenbrock(2, 101, NULL);
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(tmpdir, 1, x, D), FANOS_EDIM);
    const char *bad[] = {"abc", "", " 1", "1e999", "nan", "inf", "0.5x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_rosenbrock(2, 100, bad[i]);
        /* the damage is in seed 0's row; asking for seed 1 still fails */
        ck_assert_msg(fanos_reference_rosenbrock_x0(tmpdir, 1, x, D) ==
                      FANOS_EPARSE, "field '%s' accepted", bad[i]);
    }
    write_file("rosenbrock100_x0.csv", "seed,x0\n0,1\n");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(tmpdir, 0, x, D), FANOS_EDIM);
    write_file("rosenbrock100_x0.csv", "");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(tmpdir, 0, x, D), FANOS_EDIM);
    write_file("rosenbrock100_x0.csv", "hello,x0\n");
    ck_assert_int_eq(fanos_reference_rosenbrock_x0(tmpdir, 0, x, D),
                     FANOS_EPARSE);
    remove_tmpdir();
}
END_TEST

/* A quadratic draws file: comment, then nlines lines of ncols values. */
static void write_quadratic(int nlines, int ncols, const char *comment)
{
    size_t cap = 128 + (size_t)nlines * (size_t)ncols * 8;
    char *s = malloc(cap), *p = s;
    p += sprintf(p, "%s\n", comment);
    for (int r = 0; r < nlines; r++) {
        for (int j = 0; j < ncols; j++)
            p += sprintf(p, "%s%s", j ? "," : "", r == 0 ? "2" : "-1.5");
        p += sprintf(p, "\n");
    }
    write_file("quadratic_seed0.csv", s);
    free(s);
}

/* [D3] the quadratic files: missing, malformed, wrong counts, wrong seed */
START_TEST(reference_quadratic_errors)
{
    static double x0[D], W[D * D];
    ck_assert_int_eq(fanos_reference_quadratic("/nonexistent/dir", 0, D, x0, W),
                     FANOS_EIO);
    ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, 3, D, x0, W),
                     FANOS_ERANGE);
    ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, 0, 10, x0, W),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_reference_quadratic(DRAWS_DIR, 0, D, NULL, W),
                     FANOS_ENULL);
    make_tmpdir();
    write_quadratic(101, 100, "# ok");
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 0, D, x0, W), FANOS_OK);
    ck_assert_double_eq(x0[99], 2.0);
    ck_assert_double_eq(W[0], -1.5);
    write_quadratic(100, 100, "# one line of W missing");
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 0, D, x0, W), FANOS_EDIM);
    write_quadratic(102, 100, "# one line too many");
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 0, D, x0, W), FANOS_EDIM);
    write_quadratic(101, 99, "# short lines");
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 0, D, x0, W), FANOS_EDIM);
    write_quadratic(101, 100, "no comment line");
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 0, D, x0, W),
                     FANOS_EPARSE);
    write_file("quadratic_seed0.csv", "# c\n1,,2\n");
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 0, D, x0, W),
                     FANOS_EPARSE);
    /* a blank line after a complete x0 line */
    char text[1024] = "# c\n";
    for (int j = 0; j < D; j++)
        strcat(text, j ? ",1" : "1");
    strcat(text, "\n\n");
    write_file("quadratic_seed0.csv", text);
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 0, D, x0, W),
                     FANOS_EPARSE);
    /* a folder without the seed's file: the seed is not in the set */
    ck_assert_int_eq(fanos_reference_quadratic(tmpdir, 1, D, x0, W),
                     FANOS_ERANGE);
    remove_tmpdir();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("quadratic");
    TCase *tc = tcase_create("quadratic");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, spectrum_fresh);
    tcase_add_test(tc, spectrum_reference);
    tcase_add_test(tc, hand_two_by_two);
    tcase_add_test(tc, matrix_against_gsl_qr);
    tcase_add_test(tc, fixed_order_sums);
    tcase_add_test(tc, hand_permutation);
    tcase_add_test(tc, hand_diagonal);
    tcase_add_test(tc, hand_tiny_columns);
    tcase_add_test(tc, hand_small_rotation);
    tcase_add_test(tc, gradient_fd);
    tcase_add_test(tc, loss_consistent);
    tcase_add_test(tc, quadratic_errors);
    tcase_add_test(tc, fresh_draws);
    suite_add_tcase(s, tc);
    TCase *td = tcase_create("draws");
    tcase_add_test(td, reference_quadratic_values);
    tcase_add_test(td, reference_rosenbrock_values);
    tcase_add_test(td, reference_rosenbrock_errors);
    tcase_add_test(td, reference_quadratic_errors);
    suite_add_tcase(s, td);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

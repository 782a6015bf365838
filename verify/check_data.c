/* check_data.c - the data-set readers (doc/spec.md section 11): IDX files
 * and Fashion-MNIST, the text corpus, their error codes.
 *
 * Oracles: small IDX files written here with zlib's gzwrite (good ones and
 * one per kind of damage), whose every byte the test knows; for the real
 * Debian files, facts read with an independent reader, python3's gzip and
 * struct modules (the commands are quoted above each constant). */
#include <config.h>
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>
#include "fanos.h"
#include "testutil.h"

/* ---- writing test files ---- */


static void write_raw(const char *path, const void *b, size_t n)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(fwrite(b, 1, n, fp), n);
    ck_assert_int_eq(fclose(fp), 0);
}

static void write_gz(const char *path, const void *b, size_t n)
{
    gzFile gz = gzopen(path, "wb");
    ck_assert_ptr_nonnull(gz);
    ck_assert_int_eq(gzwrite(gz, b, (unsigned)n), (int)n);
    ck_assert_int_eq(gzclose(gz), Z_OK);
}

static unsigned char *read_raw(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
    long len = ftell(fp);
    rewind(fp);
    unsigned char *b = malloc((size_t)len + 1);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(fread(b, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    *n = (size_t)len;
    return b;
}

static void put32(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

/* The pixel of byte i of the synthetic images: every value 0..255. */
static unsigned char pix(size_t i)
{
    return (unsigned char)(i * 7 + 3);
}

/* An images content: header (magic, count, rows, cols) then count*rows*
 * cols pixels pix(i) (only `have` of them when have != SIZE_MAX), then
 * `extra` trailing bytes; returned with its length. */
static unsigned char *images_content(uint32_t magic, uint32_t count,
                                     uint32_t rows, uint32_t cols,
                                     size_t have, size_t extra, size_t *len)
{
    size_t n = (size_t)count * rows * cols;
    if (have != SIZE_MAX)
        n = have;
    unsigned char *b = calloc(16 + n + extra + 1, 1);
    ck_assert_ptr_nonnull(b);
    put32(b, magic);
    put32(b + 4, count);
    put32(b + 8, rows);
    put32(b + 12, cols);
    for (size_t i = 0; i < n; i++)
        b[16 + i] = pix(i);
    for (size_t i = 0; i < extra; i++)
        b[16 + n + i] = 0xAB;
    *len = 16 + n + extra;
    return b;
}

static void write_images(const char *path, uint32_t magic, uint32_t count,
                         uint32_t rows, uint32_t cols, size_t have,
                         size_t extra)
{
    size_t len;
    unsigned char *b = images_content(magic, count, rows, cols, have, extra,
                                      &len);
    write_gz(path, b, len);
    free(b);
}

/* A labels file: header (magic, count) then the n labels given. */
static void write_labels(const char *path, uint32_t count,
                         const unsigned char *y, size_t n)
{
    unsigned char *b = malloc(8 + n + 1);
    ck_assert_ptr_nonnull(b);
    put32(b, 0x00000801u);
    put32(b + 4, count);
    memcpy(b + 8, y, n);
    write_gz(path, b, 8 + n);
    free(b);
}

/* Read images expecting status want; on success check the values. */
static int try_images(const char *path, size_t max, size_t *count,
                      fanos_data_error *err)
{
    double *x = (double *)&x;   /* a sentinel: untouched on failure */
    size_t total = 77, rows = 77, cols = 77;
    *count = 77;
    int rc = fanos_idx_read_images(path, max, &x, count, &total, &rows,
                                   &cols, err);
    if (rc != FANOS_OK) {
        ck_assert_ptr_eq(x, (double *)&x);
        ck_assert_uint_eq(*count, 77);
        ck_assert_uint_eq(total, 77);
    } else {
        free(x);
    }
    return rc;
}

/* ---- IDX files ---- */

/* [DS1] [DS2] a good images file: sizes, and every value p / 255 in file
 * order, all of it or the first max_count images */
START_TEST(idx_images_good)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("img.gz");
    write_images(p, 0x00000803u, 3, 2, 5, SIZE_MAX, 0);
    size_t maxes[] = { 0, 1, 2, 3, 4, 1000 }, want[] = { 3, 1, 2, 3, 3, 3 };
    for (size_t k = 0; k < sizeof maxes / sizeof *maxes; k++) {
        double *x = NULL;
        size_t n, total, rows, cols;
        fanos_data_error err;
        ck_assert_int_eq(fanos_idx_read_images(p, maxes[k], &x, &n, &total,
                                               &rows, &cols, &err),
                         FANOS_OK);
        ck_assert_uint_eq(n, want[k]);
        ck_assert_uint_eq(total, 3);
        ck_assert_uint_eq(rows, 2);
        ck_assert_uint_eq(cols, 5);
        ck_assert_str_eq(err.file, "");
        for (size_t i = 0; i < n * 10; i++)
            ck_assert_msg(x[i] == pix(i) / 255.0, "value %zu: %.17g", i, x[i]);
        free(x);
    }
    /* the optional outputs may be NULL, and so may err */
    double *x = NULL;
    size_t n;
    ck_assert_int_eq(fanos_idx_read_images(p, 0, &x, &n, NULL, NULL, NULL,
                                           NULL), FANOS_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert(x[29] == pix(29) / 255.0);
    free(x);
    /* no image at all: a valid file, and still a pointer to free */
    write_images(p, 0x00000803u, 0, 28, 28, SIZE_MAX, 0);
    ck_assert_int_eq(fanos_idx_read_images(p, 0, &x, &n, NULL, NULL, NULL,
                                           NULL), FANOS_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_nonnull(x);
    free(x);
    test_rm_tmpdir();
}
END_TEST

/* [DS1] [DS5] a good labels file, all of it or the first max_count */
START_TEST(idx_labels_good)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("lab.gz");
    unsigned char y[] = { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 1, 4, 6, 8 };
    write_labels(p, sizeof y, y, sizeof y);
    uint8_t *out = NULL;
    size_t n, total;
    ck_assert_int_eq(fanos_idx_read_labels(p, 0, 9, &out, &n, &total, NULL),
                     FANOS_OK);
    ck_assert_uint_eq(n, sizeof y);
    ck_assert_uint_eq(total, sizeof y);
    ck_assert_mem_eq(out, y, sizeof y);
    free(out);
    ck_assert_int_eq(fanos_idx_read_labels(p, 4, 9, &out, &n, NULL, NULL),
                     FANOS_OK);
    ck_assert_uint_eq(n, 4);
    ck_assert_mem_eq(out, y, 4);
    free(out);
    test_rm_tmpdir();
}
END_TEST

/* [DS3] a wrong magic: another IDX type, labels read as images and back */
START_TEST(idx_wrong_magic)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("m.gz");
    fanos_data_error err;
    size_t n;
    uint32_t bad[] = { 0x00000802u, 0x00000903u, 0x08030000u, 0 };
    for (size_t k = 0; k < 4; k++) {
        write_images(p, bad[k], 2, 2, 2, SIZE_MAX, 0);
        ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_EMAGIC);
        ck_assert_uint_eq(err.value, bad[k]);
        ck_assert_uint_eq(err.expected, 0x00000803u);
        ck_assert_str_eq(err.file, p);
    }
    unsigned char y[] = { 1, 2 };
    write_labels(p, 2, y, 2);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_EMAGIC);
    ck_assert_uint_eq(err.value, 0x00000801u);
    write_images(p, 0x00000803u, 2, 1, 1, SIZE_MAX, 0);
    uint8_t *out = (uint8_t *)&out;
    ck_assert_int_eq(fanos_idx_read_labels(p, 0, 9, &out, &n, NULL, &err),
                     FANOS_EMAGIC);
    ck_assert_ptr_eq(out, (uint8_t *)&out);
    ck_assert_uint_eq(err.value, 0x00000803u);
    ck_assert_uint_eq(err.expected, 0x00000801u);
    test_rm_tmpdir();
}
END_TEST

/* [DS3] zero rows or columns, and sizes whose product overflows */
START_TEST(idx_wrong_sizes)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("s.gz");
    fanos_data_error err;
    size_t n;
    write_images(p, 0x00000803u, 2, 0, 28, 0, 0);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_ESHAPE);
    ck_assert_str_eq(err.file, p);
    write_images(p, 0x00000803u, 2, 28, 0, 0, 0);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_ESHAPE);
    write_images(p, 0x00000803u, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0,
                 0);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_ESHAPE);
    test_rm_tmpdir();
}
END_TEST

/* [DS3] content shorter than the header announces, even when only the
 * first image is asked for; a cut header; a header that announces far
 * more than the file holds (no memory is taken for it).  [DS1] the bytes
 * announced are the header (magic, count, sizes) and the product of the
 * sizes, neither more nor less. */
START_TEST(idx_truncated)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("t.gz");
    fanos_data_error err;
    size_t n;
    write_images(p, 0x00000803u, 3, 4, 4, 40, 0);
    for (size_t max = 0; max < 3; max++) {
        ck_assert_int_eq(try_images(p, max, &n, &err), FANOS_ETRUNCATED);
        ck_assert_uint_eq(err.value, 16 + 40);
        ck_assert_uint_eq(err.expected, 16 + 48);
        ck_assert_str_eq(err.file, p);
    }
    unsigned char head[] = { 0, 0, 8, 3, 0, 0 };
    write_gz(p, head, sizeof head);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_ETRUNCATED);
    ck_assert_uint_eq(err.expected, 0);
    write_gz(p, head, 0);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_ETRUNCATED);
    write_images(p, 0x00000803u, 0xFFFFFFFFu, 28, 28, 784 * 2, 0);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_ETRUNCATED);
    ck_assert_uint_eq(err.value, 16 + 784 * 2);
    ck_assert_uint_eq(err.expected, 16 + 784 * (uint64_t)0xFFFFFFFFu);
    unsigned char y[] = { 1, 2, 3 };
    write_labels(p, 4, y, 3);
    uint8_t *out = (uint8_t *)&out;
    ck_assert_int_eq(fanos_idx_read_labels(p, 1, 9, &out, &n, NULL, &err),
                     FANOS_ETRUNCATED);
    ck_assert_ptr_eq(out, (uint8_t *)&out);
    test_rm_tmpdir();
}
END_TEST

/* [DS3] [DS1] content longer than the header announces */
START_TEST(idx_trailing)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("x.gz");
    fanos_data_error err;
    size_t n;
    for (size_t extra = 1; extra < 100000; extra *= 300) {
        write_images(p, 0x00000803u, 3, 4, 4, SIZE_MAX, extra);
        ck_assert_int_eq(try_images(p, 1, &n, &err), FANOS_ETRAILING);
        ck_assert_uint_eq(err.expected, 16 + 48);
    }
    unsigned char y[] = { 1, 2, 3 };
    write_labels(p, 2, y, 3);
    uint8_t *out = (uint8_t *)&out;
    ck_assert_int_eq(fanos_idx_read_labels(p, 0, 9, &out, &n, NULL, &err),
                     FANOS_ETRAILING);
    ck_assert_ptr_eq(out, (uint8_t *)&out);
    test_rm_tmpdir();
}
END_TEST

/* A good images file (3 x 28 x 28) as gzip bytes, to be damaged. */
static unsigned char *good_gz(const char *p, size_t *len)
{
    write_images(p, 0x00000803u, 3, 28, 28, SIZE_MAX, 0);
    return read_raw(p, len);
}

/* [DS4] damage to the gzip stream: its header, a byte of the deflate
 * data, the CRC-32 and the length trailer, a file that is not gzip (no
 * numbers with FANOS_ECORRUPT); a file cut inside the stream; bytes or a
 * second member after it */
START_TEST(idx_gzip_damage)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("g.gz"), *q = test_tpath("q.gz");
    fanos_data_error err;
    size_t n, len;
    unsigned char *g = good_gz(p, &len);
    ck_assert_int_eq(try_images(p, 0, &n, &err), FANOS_OK);
    size_t at[] = { 0, 3, len / 2, len - 8, len - 5, len - 4, len - 1 };
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
        g[at[k]] ^= 0x10;
        write_raw(q, g, len);
        g[at[k]] ^= 0x10;
        ck_assert_msg(try_images(q, 1, &n, &err) == FANOS_ECORRUPT,
                      "byte %zu of %zu flipped", at[k], len);
        ck_assert_str_eq(err.file, q);
        ck_assert(err.value == 0 && err.expected == 0);
    }
    size_t raw;
    unsigned char *plain = images_content(0x00000803u, 3, 28, 28, SIZE_MAX, 0,
                                          &raw);
    write_raw(q, plain, raw);   /* an IDX file not compressed */
    ck_assert_int_eq(try_images(q, 0, &n, &err), FANOS_ECORRUPT);
    free(plain);
    for (size_t cut = 1; cut < len; cut = cut * 3 + 1) {
        write_raw(q, g, len - cut);
        ck_assert_int_eq(try_images(q, 0, &n, &err), FANOS_ETRUNCATED);
    }
    unsigned char *two = malloc(2 * len);
    ck_assert_ptr_nonnull(two);
    memcpy(two, g, len);
    memcpy(two + len, g, len);
    write_raw(q, two, len + 1);         /* one stray byte */
    ck_assert_int_eq(try_images(q, 0, &n, &err), FANOS_ETRAILING);
    write_raw(q, two, 2 * len);         /* a second gzip member */
    ck_assert_int_eq(try_images(q, 0, &n, &err), FANOS_ETRAILING);
    free(two);
    free(g);
    test_rm_tmpdir();
}
END_TEST

/* [DS5] a label above the largest one, beyond the labels stored too */
START_TEST(idx_label_range)
{
    test_make_tmpdir("data");
    const char *p = test_tpath("l.gz");
    unsigned char y[] = { 0, 9, 3, 4, 10, 2 };
    write_labels(p, sizeof y, y, sizeof y);
    fanos_data_error err;
    uint8_t *out = (uint8_t *)&out;
    size_t n = 77;
    ck_assert_int_eq(fanos_idx_read_labels(p, 2, 9, &out, &n, NULL, &err),
                     FANOS_ELABEL);
    ck_assert_ptr_eq(out, (uint8_t *)&out);
    ck_assert_uint_eq(n, 77);
    ck_assert_uint_eq(err.index, 4);
    ck_assert_uint_eq(err.value, 10);
    ck_assert_uint_eq(err.expected, 9);
    ck_assert_str_eq(err.file, p);
    char msg[2000], want[2000];
    ck_assert_int_eq(fanos_data_error_message(FANOS_ELABEL, &err, msg,
                                              sizeof msg), FANOS_OK);
    snprintf(want, sizeof want, "%s: label 10 of example 4 is above 9", p);
    ck_assert_str_eq(msg, want);
    /* the same file is good for a larger label set */
    ck_assert_int_eq(fanos_idx_read_labels(p, 0, 10, &out, &n, NULL, &err),
                     FANOS_OK);
    ck_assert_mem_eq(out, y, sizeof y);
    free(out);
    test_rm_tmpdir();
}
END_TEST

/* Unreadable files and bad arguments. */
START_TEST(idx_arguments)
{
    test_make_tmpdir("data");
    fanos_data_error err;
    double *x = NULL;
    uint8_t *y = NULL;
    size_t n;
    const char *missing = test_tpath("none.gz");
    errno = 0;
    ck_assert_int_eq(fanos_idx_read_images(missing, 0, &x, &n, NULL, NULL,
                                           NULL, &err), FANOS_EIO);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(err.errnum, ENOENT);
    ck_assert_str_eq(err.file, missing);
    ck_assert_int_eq(fanos_idx_read_labels(test_tmpdir, 0, 9, &y, &n, NULL, &err),
                     FANOS_EIO);            /* a folder */
    ck_assert_int_eq(err.errnum, EISDIR);
    ck_assert_int_eq(fanos_idx_read_images(NULL, 0, &x, &n, NULL, NULL, NULL,
                                           &err), FANOS_ENULL);
    ck_assert_int_eq(fanos_idx_read_images(missing, 0, NULL, &n, NULL, NULL,
                                           NULL, &err), FANOS_ENULL);
    ck_assert_int_eq(fanos_idx_read_images(missing, 0, &x, NULL, NULL, NULL,
                                           NULL, &err), FANOS_ENULL);
    ck_assert_int_eq(fanos_idx_read_labels(NULL, 0, 9, &y, &n, NULL, &err),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_idx_read_labels(missing, 0, 9, NULL, &n, NULL,
                                           &err), FANOS_ENULL);
    ck_assert_int_eq(fanos_idx_read_labels(missing, 0, 9, &y, NULL, NULL,
                                           &err), FANOS_ENULL);
    ck_assert_str_eq(err.file, "");
    ck_assert_ptr_null(x);
    ck_assert_ptr_null(y);
    char msg[8];
    ck_assert_int_eq(fanos_data_error_message(FANOS_EIO, NULL, msg, 8),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_data_error_message(FANOS_EIO, &err, NULL, 8),
                     FANOS_ENULL);
    ck_assert_int_eq(fanos_data_error_message(FANOS_EIO, &err, msg, 0),
                     FANOS_EDIM);
    ck_assert_int_eq(fanos_data_error_message(FANOS_EIO, &err, msg, 8),
                     FANOS_OK);
    ck_assert_uint_eq(strlen(msg), 7);      /* cut, NUL-terminated */
    /* every data code has its own text */
    int codes[] = { FANOS_EMAGIC, FANOS_ESHAPE, FANOS_ETRUNCATED,
                    FANOS_ETRAILING, FANOS_ECORRUPT, FANOS_ECOUNT,
                    FANOS_ELABEL };
    for (size_t i = 0; i < 7; i++) {
        ck_assert_str_ne(fanos_strerror(codes[i]), fanos_strerror(-9999));
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(fanos_strerror(codes[i]),
                             fanos_strerror(codes[j]));
    }
    test_rm_tmpdir();
}
END_TEST

/* ---- Fashion-MNIST, synthetic ---- */

static const char *const MNIST[4] = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
};
static const unsigned char TRAIN_Y[5] = { 3, 1, 4, 1, 5 };
static const unsigned char TEST_Y[3] = { 9, 2, 6 };

static void write_mnist(void)
{
    write_images(test_tpath(MNIST[0]), 0x00000803u, 5, 28, 28, SIZE_MAX, 0);
    write_labels(test_tpath(MNIST[1]), 5, TRAIN_Y, 5);
    write_images(test_tpath(MNIST[2]), 0x00000803u, 3, 28, 28, SIZE_MAX, 0);
    write_labels(test_tpath(MNIST[3]), 3, TEST_Y, 3);
}

/* [DS6] [DS7] the four files of a folder: the first N training examples
 * in file order, the test set from the t10k files */
START_TEST(mnist_synthetic)
{
    test_make_tmpdir("data");
    write_mnist();
    size_t ntrain[] = { 0, 2, 5, 9 }, want[] = { 5, 2, 5, 5 };
    for (size_t k = 0; k < 4; k++) {
        fanos_mnist *m = NULL;
        fanos_data_error err;
        ck_assert_int_eq(fanos_mnist_load(test_tmpdir, ntrain[k], 0, &m, &err),
                         FANOS_OK);
        ck_assert_uint_eq(m->dim, 784);
        ck_assert_uint_eq(m->nclasses, 10);
        ck_assert_uint_eq(m->ntrain, want[k]);
        ck_assert_uint_eq(m->train_total, 5);
        ck_assert_uint_eq(m->ntest, 3);
        ck_assert_uint_eq(m->test_total, 3);
        ck_assert_mem_eq(m->train_y, TRAIN_Y, want[k]);
        ck_assert_mem_eq(m->test_y, TEST_Y, 3);
        for (size_t i = 0; i < want[k] * 784; i++)
            ck_assert(m->train_x[i] == pix(i) / 255.0);
        for (size_t i = 0; i < 3 * 784; i++)
            ck_assert(m->test_x[i] == pix(i) / 255.0);
        fanos_mnist_free(m);
    }
    fanos_mnist *m = NULL;
    ck_assert_int_eq(fanos_mnist_load(test_tmpdir, 0, 1, &m, NULL), FANOS_OK);
    ck_assert_uint_eq(m->ntest, 1);
    fanos_mnist_free(m);
    fanos_mnist_free(NULL);
    test_rm_tmpdir();
}
END_TEST

/* Load the folder expecting want; err names `file` of the folder. */
static void mnist_expect(int want, const char *file, fanos_data_error *err)
{
    fanos_mnist *m = (fanos_mnist *)&m;
    ck_assert_int_eq(fanos_mnist_load(test_tmpdir, 0, 0, &m, err), want);
    ck_assert_ptr_eq(m, (fanos_mnist *)&m);
    ck_assert_str_eq(err->file, test_tpath(file));
    char msg[5000];
    ck_assert_int_eq(fanos_data_error_message(want, err, msg, sizeof msg),
                     FANOS_OK);
    ck_assert_msg(strncmp(msg, test_tpath(file), strlen(test_tpath(file))) == 0,
                  "message: %s", msg);
}

/* [DS6] [DS5] the folder's faults, each naming its file: another image
 * shape, counts that differ, a label above 9, a missing file */
START_TEST(mnist_faults)
{
    test_make_tmpdir("data");
    fanos_data_error err;
    write_mnist();
    write_images(test_tpath(MNIST[2]), 0x00000803u, 3, 27, 28, SIZE_MAX, 0);
    mnist_expect(FANOS_ESHAPE, MNIST[2], &err);
    ck_assert_uint_eq(err.value, 27);
    ck_assert_uint_eq(err.expected, 28);
    write_images(test_tpath(MNIST[2]), 0x00000803u, 3, 28, 14, SIZE_MAX, 0);
    mnist_expect(FANOS_ESHAPE, MNIST[2], &err);
    ck_assert_uint_eq(err.value, 14);
    write_mnist();
    write_images(test_tpath(MNIST[0]), 0x00000803u, 0, 28, 28, SIZE_MAX, 0);
    mnist_expect(FANOS_ESHAPE, MNIST[0], &err);     /* no example */
    write_mnist();
    write_labels(test_tpath(MNIST[1]), 4, TRAIN_Y, 4);
    mnist_expect(FANOS_ECOUNT, MNIST[1], &err);
    ck_assert_uint_eq(err.value, 4);
    ck_assert_uint_eq(err.expected, 5);
    write_mnist();
    unsigned char bad[3] = { 9, 2, 11 };
    write_labels(test_tpath(MNIST[3]), 3, bad, 3);
    mnist_expect(FANOS_ELABEL, MNIST[3], &err);
    ck_assert_uint_eq(err.index, 2);
    ck_assert_uint_eq(err.value, 11);
    write_mnist();
    ck_assert_int_eq(unlink(test_tpath(MNIST[1])), 0);
    mnist_expect(FANOS_EIO, MNIST[1], &err);
    ck_assert_int_eq(err.errnum, ENOENT);
    fanos_mnist *m = NULL;
    ck_assert_int_eq(fanos_mnist_load(NULL, 0, 0, &m, &err), FANOS_ENULL);
    ck_assert_int_eq(fanos_mnist_load(test_tmpdir, 0, 0, NULL, &err), FANOS_ENULL);
    ck_assert_ptr_null(m);
    test_rm_tmpdir();
}
END_TEST

/* ---- Fashion-MNIST, the Debian files ---- */

/* [DS6] [DS7] [DS2] the files of dataset-fashion-mnist (configure's
 * folder).  The constants were read with an independent reader:
 *   python3 -c 'import gzip; d = "/usr/share/datasets/fashion-mnist/";
 *     y = gzip.open(d + "train-labels-idx1-ubyte.gz").read()[8:];
 *     x = gzip.open(d + "train-images-idx3-ubyte.gz").read()[16:];
 *     print(len(y), list(y[:10]), x[100], x[14*28+14], x[59999*784+400],
 *           sum(x), [y.count(k) for k in range(10)])'
 * and the same for the t10k files: 60000 and 10000 examples, the first
 * training labels 9 0 0 3 0 2 7 2 5 5, 6000 of each class in training and
 * 1000 in the test set; pixels 73 and 217 of the first training image
 * (indices 100 and 14*28+14), 129 at index 400 of the last one; 110 at
 * index 14*28+14 of the first test image; pixel sums 3431114169 (train)
 * and 573469082 (test). */
START_TEST(mnist_debian)
{
    fanos_mnist *m = NULL;
    fanos_data_error err;
    int rc = fanos_mnist_load(fanos_mnist_default_dir(), 0, 0, &m, &err);
    char msg[5000];
    fanos_data_error_message(rc, &err, msg, sizeof msg);
    ck_assert_msg(rc == FANOS_OK, "%s", msg);
    ck_assert_uint_eq(m->ntrain, 60000);
    ck_assert_uint_eq(m->ntest, 10000);
    static const unsigned char first[10] = { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 };
    static const unsigned char tfirst[10] = { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 };
    ck_assert_mem_eq(m->train_y, first, 10);
    ck_assert_mem_eq(m->test_y, tfirst, 10);
    ck_assert(m->train_x[100] == 73 / 255.0);
    ck_assert(m->train_x[14 * 28 + 14] == 217 / 255.0);
    ck_assert(m->train_x[59999 * 784 + 400] == 129 / 255.0);
    ck_assert(m->test_x[14 * 28 + 14] == 110 / 255.0);
    size_t cls[10] = { 0 }, tcls[10] = { 0 };
    uint64_t sum = 0, tsum = 0;
    for (size_t i = 0; i < 60000; i++)
        cls[m->train_y[i]]++;
    for (size_t i = 0; i < 10000; i++)
        tcls[m->test_y[i]]++;
    for (size_t i = 0; i < 60000 * 784; i++)
        sum += (uint64_t)(m->train_x[i] * 255.0 + 0.5);
    for (size_t i = 0; i < 10000 * 784; i++)
        tsum += (uint64_t)(m->test_x[i] * 255.0 + 0.5);
    for (size_t k = 0; k < 10; k++) {
        ck_assert_uint_eq(cls[k], 6000);
        ck_assert_uint_eq(tcls[k], 1000);
    }
    ck_assert_uint_eq(sum, 3431114169u);
    ck_assert_uint_eq(tsum, 573469082u);
    /* a subset is the first N examples of the whole set */
    fanos_mnist *s = NULL;
    ck_assert_int_eq(fanos_mnist_load(fanos_mnist_default_dir(), 1000, 10,
                                      &s, &err), FANOS_OK);
    ck_assert_uint_eq(s->ntrain, 1000);
    ck_assert_uint_eq(s->train_total, 60000);
    ck_assert_mem_eq(s->train_x, m->train_x, 1000 * 784 * sizeof(double));
    ck_assert_mem_eq(s->train_y, m->train_y, 1000);
    ck_assert_mem_eq(s->test_x, m->test_x, 10 * 784 * sizeof(double));
    fanos_mnist_free(s);
    fanos_mnist_free(m);
}
END_TEST

/* ---- the corpus ---- */

/* [DS8] [DS9] [DS10] a synthetic folder: names in bytewise order ("B"
 * before "a"), .dat files, a symbolic link and a subfolder skipped; the
 * 90/10 split and the vocabulary of the training part, with a
 * validation byte it lacks */
START_TEST(corpus_synthetic)
{
    test_make_tmpdir("data");
    write_raw(test_tpath("a"), "aaaaa", 5);
    write_raw(test_tpath("B"), "0123456789", 10);
    write_raw(test_tpath("c"), "ccc!!", 5);
    write_raw(test_tpath("b.dat"), "xyzxyz", 6);
    ck_assert_int_eq(symlink("a", test_tpath("a.u8")), 0);
    ck_assert_int_eq(mkdir(test_tpath("sub"), 0700), 0);
    write_raw(test_tpath("sub/zz"), "qqqq", 4);
    fanos_corpus *c = NULL;
    fanos_data_error err;
    ck_assert_int_eq(fanos_corpus_load(test_tmpdir, &c, &err), FANOS_OK);
    ck_assert_uint_eq(c->nfiles, 3);
    ck_assert_str_eq(c->files[0], "B");
    ck_assert_str_eq(c->files[1], "a");
    ck_assert_str_eq(c->files[2], "c");
    ck_assert_uint_eq(c->len, 20);
    ck_assert_mem_eq(c->bytes, "0123456789aaaaaccc!!", 20);
    ck_assert_uint_eq(c->ntrain, 18);
    ck_assert_uint_eq(c->nvalid, 2);
    ck_assert_uint_eq(c->vocab_size, 13);   /* <unk>, 0-9, a, c */
    for (unsigned d = 0; d < 10; d++) {
        ck_assert_uint_eq(c->byte_to_id['0' + d], 1 + d);
        ck_assert_uint_eq(c->id_to_byte[1 + d], '0' + d);
    }
    ck_assert_uint_eq(c->byte_to_id['a'], 11);
    ck_assert_uint_eq(c->byte_to_id['c'], 12);
    ck_assert_uint_eq(c->byte_to_id['!'], FANOS_CORPUS_UNK);
    ck_assert_uint_eq(c->byte_to_id['x'], FANOS_CORPUS_UNK);
    ck_assert_uint_eq(c->id_to_byte[0], 0);
    ck_assert_uint_eq(c->valid_unknown, 2);
    for (size_t i = 0; i < 18; i++)
        ck_assert_uint_eq(c->id_to_byte[c->ids[i]], c->bytes[i]);
    ck_assert_uint_eq(c->ids[18], 0);
    ck_assert_uint_eq(c->ids[19], 0);
    fanos_corpus_free(c);
    fanos_corpus_free(NULL);
    test_rm_tmpdir();
}
END_TEST

/* [DS9] [DS10] the split for small n, from bytes given */
START_TEST(corpus_split)
{
    size_t lens[] = { 2, 3, 9, 10, 11, 19, 20, 1001 };
    size_t ntrain[] = { 1, 2, 8, 9, 9, 17, 18, 900 };
    unsigned char text[1001];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (unsigned char)(i * 37);     /* all 256 values */
    for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
        fanos_corpus *c = NULL;
        ck_assert_int_eq(fanos_corpus_from_bytes(text, lens[k], &c),
                         FANOS_OK);
        ck_assert_uint_eq(c->ntrain, ntrain[k]);
        ck_assert_uint_eq(c->nvalid, lens[k] - ntrain[k]);
        ck_assert_uint_eq(c->nfiles, 0);
        /* every byte value appears once in 256 consecutive ones */
        size_t distinct = c->ntrain < 256 ? c->ntrain : 256;
        ck_assert_uint_eq(c->vocab_size, 1 + distinct);
        size_t unk = 0;
        for (size_t i = c->ntrain; i < c->len; i++)
            unk += c->ids[i] == 0;
        ck_assert_uint_eq(c->valid_unknown, unk);
        ck_assert_uint_eq(unk, lens[k] <= 256 ? lens[k] - ntrain[k] : 0);
        for (size_t i = 0; i < c->ntrain; i++)
            ck_assert_uint_eq(c->id_to_byte[c->ids[i]], text[i]);
        fanos_corpus_free(c);
    }
    fanos_corpus *c = NULL;
    ck_assert_int_eq(fanos_corpus_from_bytes(text, 1, &c), FANOS_EDIM);
    ck_assert_int_eq(fanos_corpus_from_bytes(text, 0, &c), FANOS_EDIM);
    ck_assert_int_eq(fanos_corpus_from_bytes(NULL, 5, &c), FANOS_ENULL);
    ck_assert_int_eq(fanos_corpus_from_bytes(text, 5, NULL), FANOS_ENULL);
    ck_assert_ptr_null(c);
}
END_TEST

/* [DS9] the corpus faults: too small, a missing folder, bad arguments */
START_TEST(corpus_faults)
{
    test_make_tmpdir("data");
    fanos_corpus *c = (fanos_corpus *)&c;
    fanos_data_error err;
    ck_assert_int_eq(fanos_corpus_load(test_tmpdir, &c, &err), FANOS_EDIM);
    ck_assert_str_eq(err.file, test_tmpdir);
    write_raw(test_tpath("only"), "x", 1);
    write_raw(test_tpath("only.dat"), "xyz", 3);
    ck_assert_int_eq(fanos_corpus_load(test_tmpdir, &c, &err), FANOS_EDIM);
    ck_assert_ptr_eq(c, (fanos_corpus *)&c);
    const char *none = test_tpath("none");
    ck_assert_int_eq(fanos_corpus_load(none, &c, &err), FANOS_EIO);
    ck_assert_int_eq(err.errnum, ENOENT);
    ck_assert_str_eq(err.file, none);
    ck_assert_int_eq(fanos_corpus_load(test_tpath("only"), &c, &err), FANOS_EIO);
    ck_assert_int_eq(err.errnum, ENOTDIR);
    if (geteuid() != 0) {       /* root reads a file of mode 000 */
        write_raw(test_tpath("locked"), "abc", 3);
        ck_assert_int_eq(chmod(test_tpath("locked"), 0), 0);
        ck_assert_int_eq(fanos_corpus_load(test_tmpdir, &c, &err), FANOS_EIO);
        ck_assert_int_eq(err.errnum, EACCES);
        ck_assert_str_eq(err.file, test_tpath("locked"));
    }
    ck_assert_ptr_eq(c, (fanos_corpus *)&c);
    ck_assert_int_eq(fanos_corpus_load(NULL, &c, &err), FANOS_ENULL);
    ck_assert_int_eq(fanos_corpus_load(test_tmpdir, NULL, &err), FANOS_ENULL);
    test_rm_tmpdir();
}
END_TEST

/* [DS8] [DS9] [DS10] the fortunes of Debian 12 (configure's folder).  The
 * constants were computed independently with python3:
 *   names = sorted((n for n in os.listdir(d) if not n.endswith(".dat")
 *                   and os.path.isfile(d + "/" + n)
 *                   and not os.path.islink(d + "/" + n)),
 *                  key=str.encode)
 *   data = b"".join(open(d + "/" + n, "rb").read() for n in names)
 *   ntr = len(data) * 9 // 10; v = sorted(set(data[:ntr]))
 *   print(len(names), names[0], names[-1], len(data), ntr, len(v) + 1,
 *         hex(zlib.crc32(data)), [i for i in range(ntr, len(data))
 *         if data[i] not in v], v.index(ord("a")) + 1)
 * which gave 43 files from "art" to "zippy", 2576674 bytes, 2319006 of
 * them for training, 114 ids, CRC-32 0xf3a3e381, one unknown validation
 * byte (0xbc, at 2429400), and id 70 for "a". */
START_TEST(corpus_debian)
{
    fanos_corpus *c = NULL;
    fanos_data_error err;
    int rc = fanos_corpus_load(fanos_corpus_default_dir(), &c, &err);
    char msg[5000];
    fanos_data_error_message(rc, &err, msg, sizeof msg);
    ck_assert_msg(rc == FANOS_OK, "%s", msg);
    ck_assert_uint_eq(c->nfiles, 43);
    ck_assert_str_eq(c->files[0], "art");
    ck_assert_str_eq(c->files[42], "zippy");
    ck_assert_uint_eq(c->len, 2576674);
    ck_assert_uint_eq(c->ntrain, 2319006);
    ck_assert_uint_eq(c->nvalid, 2576674 - 2319006);
    ck_assert_uint_eq(c->vocab_size, 114);
    ck_assert_uint_eq(crc32(0, c->bytes, (uInt)c->len), 0xf3a3e381u);
    ck_assert_uint_eq(c->valid_unknown, 1);
    ck_assert_uint_eq(c->bytes[2429400], 0xbc);
    ck_assert_uint_eq(c->ids[2429400], FANOS_CORPUS_UNK);
    ck_assert_uint_eq(c->byte_to_id['a'], 70);
    fanos_corpus_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("data");
    TCase *ti = tcase_create("idx");
    tcase_add_test(ti, idx_images_good);
    tcase_add_test(ti, idx_labels_good);
    tcase_add_test(ti, idx_wrong_magic);
    tcase_add_test(ti, idx_wrong_sizes);
    tcase_add_test(ti, idx_truncated);
    tcase_add_test(ti, idx_trailing);
    tcase_add_test(ti, idx_gzip_damage);
    tcase_add_test(ti, idx_label_range);
    tcase_add_test(ti, idx_arguments);
    tcase_add_test(ti, mnist_synthetic);
    tcase_add_test(ti, mnist_faults);
    suite_add_tcase(s, ti);
    TCase *tr = tcase_create("debian");
    tcase_set_timeout(tr, 300);     /* valgrind reads 55 MB slowly */
    tcase_add_test(tr, mnist_debian);
    tcase_add_test(tr, corpus_debian);
    suite_add_tcase(s, tr);
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, corpus_synthetic);
    tcase_add_test(tc, corpus_split);
    tcase_add_test(tc, corpus_faults);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

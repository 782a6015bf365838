/* idx.c - IDX files compressed with gzip, and Fashion-MNIST made of four
 * of them (doc/spec.md section 12). */
#include <config.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "data/data.h"

#define IDX_CHUNK ((size_t)1 << 16)
#define IDX_MAGIC_IMAGES 0x00000803u
#define IDX_MAGIC_LABELS 0x00000801u

/* zlib's inflate over a FILE rather than gzread: gzread passes a file that
 * is not gzip through as it is, and ignores bytes after the gzip stream; a
 * strict reader must refuse both. */
typedef struct {
    FILE *fp;
    z_stream zs;
    int ended;              /* the gzip stream is complete, CRC checked  */
    int errnum;             /* errno of a failed read                    */
    uint64_t pos;           /* content bytes delivered so far            */
    const char *path;
    fanos_data_error *err;
    unsigned char in[IDX_CHUNK];    /* compressed bytes                  */
    unsigned char out[IDX_CHUNK];   /* content bytes of one chunk        */
} gzsrc;

static int gz_fail(gzsrc *g, int status, uint64_t value, uint64_t expected)
{
    fanos_data_fail(g->err, status, g->path, status == FANOS_EIO ? g->errnum
                                                                 : 0);
    if (g->err) {
        g->err->value = value;
        g->err->expected = expected;
    }
    return status;
}

static int gz_open(const char *path, fanos_data_error *err, gzsrc **out)
{
    gzsrc *g = calloc(1, sizeof *g);
    if (!g)
        return FANOS_ENOMEM;
    g->path = path;
    g->err = err;
    /* 15 + 16: the gzip wrapper only, whose CRC-32 and length inflate
     * checks at the end of the stream */
    if (inflateInit2(&g->zs, 15 + 16) != Z_OK) {
        free(g);
        return FANOS_ENOMEM;
    }
    g->fp = fopen(path, "rb");
    if (!g->fp) {
        int e = errno;
        inflateEnd(&g->zs);
        free(g);
        errno = e;
        return fanos_data_fail(err, FANOS_EIO, path, e);
    }
    *out = g;
    return FANOS_OK;
}

/* Close g; the errno of a failed read is kept for the caller. */
static void gz_close(gzsrc *g, int status)
{
    int e = g->errnum;
    inflateEnd(&g->zs);
    fclose(g->fp);
    free(g);
    if (status == FANOS_EIO)
        errno = e;
}

/* More compressed input when inflate has used all it had. */
static int gz_fill(gzsrc *g)
{
    size_t r = fread(g->in, 1, sizeof g->in, g->fp);
    if (r == 0 && ferror(g->fp)) {
        g->errnum = errno ? errno : EIO;
        return gz_fail(g, FANOS_EIO, 0, 0);
    }
    g->zs.next_in = g->in;
    g->zs.avail_in = (uInt)r;
    return FANOS_OK;
}

/* Up to n content bytes into buf, fewer only where the gzip stream ends;
 * *got is how many.  FANOS_ETRUNCATED when the file ends inside the
 * stream (no numbers: the caller knows them). */
static int gz_read(gzsrc *g, unsigned char *buf, size_t n, size_t *got)
{
    size_t done = 0;
    int rc = FANOS_OK;
    while (rc == FANOS_OK && done < n && !g->ended) {
        if (g->zs.avail_in == 0 && (rc = gz_fill(g)) != FANOS_OK)
            break;
        if (g->zs.avail_in == 0) {
            rc = FANOS_ETRUNCATED;
            break;
        }
        size_t want = n - done < UINT_MAX ? n - done : UINT_MAX;
        g->zs.next_out = buf + done;
        g->zs.avail_out = (uInt)want;
        int z = inflate(&g->zs, Z_NO_FLUSH);
        done += want - g->zs.avail_out;
        if (z == Z_STREAM_END)
            g->ended = 1;
        else if (z == Z_MEM_ERROR)
            rc = FANOS_ENOMEM;
        else if (z != Z_OK && z != Z_BUF_ERROR)
            /* [DS4] A file that is not one valid gzip stream (bad header, deflate data, CRC-32 or
             * length trailer) is FANOS_ECORRUPT; a file cut inside its gzip stream is
             * FANOS_ETRUNCATED; bytes after the end of the gzip stream are FANOS_ETRAILING. */
            rc = gz_fail(g, FANOS_ECORRUPT, 0, 0);
    }
    g->pos += done;
    *got = done;
    return rc;
}

/* Exactly n content bytes of a file whose header announces `announced`
 * (0 while the header itself is read). */
static int gz_exact(gzsrc *g, unsigned char *buf, size_t n,
                    uint64_t announced)
{
    size_t got;
    int rc = gz_read(g, buf, n, &got);
    if (rc == FANOS_OK && got < n)
        rc = FANOS_ETRUNCATED;
    if (rc == FANOS_ETRUNCATED)
        return gz_fail(g, rc, g->pos, announced);
    return rc;
}

/* After the announced content: no more content, then the end of the
 * gzip stream (its CRC-32 and length checked), then the end of the file. */
static int gz_finish(gzsrc *g, uint64_t announced)
{
    unsigned char b;
    size_t got;
    int rc = gz_read(g, &b, 1, &got);
    if (rc == FANOS_ETRUNCATED)
        return gz_fail(g, rc, g->pos, announced);
    if (rc != FANOS_OK)
        return rc;
    if (got == 0 && g->zs.avail_in == 0) {
        got = fread(&b, 1, 1, g->fp);
        if (got == 0 && ferror(g->fp)) {
            g->errnum = errno ? errno : EIO;
            return gz_fail(g, FANOS_EIO, 0, 0);
        }
    } else {
        got = 1;
    }
    return got ? gz_fail(g, FANOS_ETRAILING, 0, announced) : FANOS_OK;
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8
           | b[3];
}

/* The header: the magic, then ndims big-endian sizes.  *nitems is their
 * product, *announced the length of the whole content. */
static int idx_header(gzsrc *g, uint32_t magic, uint32_t *sizes,
                      size_t ndims, uint64_t *nitems, uint64_t *announced)
{
    unsigned char *b = g->out;
    /* the magic first: a file of another kind is told as such even when
     * it is shorter than this kind's header */
    int rc = gz_exact(g, b, 4, 0);
    if (rc == FANOS_OK && be32(b) != magic)
        return gz_fail(g, FANOS_EMAGIC, be32(b), magic);
    if (rc == FANOS_OK)
        rc = gz_exact(g, b + 4, 4 * ndims, 0);
    if (rc != FANOS_OK)
        return rc;
    uint64_t n = 1;
    for (size_t i = 0; i < ndims; i++) {
        sizes[i] = be32(b + 4 + 4 * i);
        if (n && sizes[i] > (UINT64_MAX - 16) / n)
            return gz_fail(g, FANOS_ESHAPE, 0, 0);
        n *= sizes[i];
    }
    *nitems = n;
    /* [DS1] An IDX file is one gzip stream whose content is a big-endian header (the 32-bit magic
     * 0x00000803 and the sizes count, rows, cols for images; the magic 0x00000801 and the size
     * count for labels) followed by exactly the product of the sizes in bytes, one unsigned byte
     * per pixel or label. */
    *announced = 4 + 4 * ndims + n;
    return FANOS_OK;
}

/* Called with each chunk of content bytes, the first at offset `at`. */
typedef int (*chunk_fn)(void *ctx, const unsigned char *b, size_t n,
                        uint64_t at);

/* The nitems content bytes, chunk by chunk, then the end of the file. */
static int idx_content(gzsrc *g, uint64_t nitems, uint64_t announced,
                       chunk_fn fn, void *ctx)
{
    for (uint64_t at = 0; at < nitems;) {
        size_t n = nitems - at < IDX_CHUNK ? (size_t)(nitems - at) : IDX_CHUNK;
        int rc = gz_exact(g, g->out, n, announced);
        if (rc == FANOS_OK)
            rc = fn(ctx, g->out, n, at);
        if (rc != FANOS_OK)
            return rc;
        at += n;
    }
    /* [DS3] Every byte of a file is read and checked even when fewer examples are stored: a magic
     * other than the expected one is FANOS_EMAGIC, zero rows or columns or sizes whose product
     * overflows are FANOS_ESHAPE, content shorter than its header announces is FANOS_ETRUNCATED and
     * longer is FANOS_ETRAILING. */
    return gz_finish(g, announced);
}

/* Room for need elements of size sz in *buf (capacity *cap), growing
 * by doubling up to limit: a header that announces more than the file
 * holds costs no more memory than the file's content. */
static int grow(void **buf, size_t *cap, size_t need, size_t limit,
                size_t sz)
{
    if (need <= *cap)
        return FANOS_OK;
    size_t c = *cap ? *cap : IDX_CHUNK;
    while (c < need)
        c *= 2;
    if (c > limit)
        c = limit;
    void *nb = realloc(*buf, c * sz);
    if (!nb)
        return FANOS_ENOMEM;
    *buf = nb;
    *cap = c;
    return FANOS_OK;
}

typedef struct {
    double *x;
    size_t cap, keep;       /* values stored: keep = stored images x size */
} pixels;

static int take_pixels(void *ctx, const unsigned char *b, size_t n,
                       uint64_t at)
{
    pixels *p = ctx;
    if (at >= p->keep)
        return FANOS_OK;
    size_t m = p->keep - at < n ? (size_t)(p->keep - at) : n, a = (size_t)at;
    int rc = grow((void **)&p->x, &p->cap, a + m, p->keep, sizeof *p->x);
    for (size_t i = 0; rc == FANOS_OK && i < m; i++)
        /* [DS2] Image inputs: pixel byte $p$ becomes $p / 255$ as float64, each image flattened
         * row-major into rows $\times$ cols values, the images in file order. */
        p->x[a + i] = b[i] / 255.0;
    return rc;
}

/* How many images to store, and whether their values fit in memory. */
static int images_plan(gzsrc *g, const uint32_t *s, size_t max_count,
                       size_t *n, size_t *keep)
{
    if (s[1] == 0 || s[2] == 0)
        return gz_fail(g, FANOS_ESHAPE, 0, 0);
    size_t want = max_count && max_count < s[0] ? max_count : s[0];
    size_t per = (size_t)s[1] * s[2];
    if (want && per > SIZE_MAX / sizeof(double) / want)
        return gz_fail(g, FANOS_ESHAPE, 0, 0);
    *n = want;
    *keep = want * per;
    return FANOS_OK;
}

int fanos_idx_read_images(const char *path, size_t max_count, double **out,
                          size_t *count, size_t *total, size_t *rows,
                          size_t *cols, fanos_data_error *err)
{
    fanos_data_error_clear(err);
    if (!path || !out || !count)
        return FANOS_ENULL;
    gzsrc *g;
    int rc = gz_open(path, err, &g);
    if (rc != FANOS_OK)
        return rc;
    uint32_t s[3];
    uint64_t nitems, announced;
    size_t n = 0;
    pixels p = { NULL, 0, 0 };
    rc = idx_header(g, IDX_MAGIC_IMAGES, s, 3, &nitems, &announced);
    if (rc == FANOS_OK)
        rc = images_plan(g, s, max_count, &n, &p.keep);
    if (rc == FANOS_OK)
        rc = idx_content(g, nitems, announced, take_pixels, &p);
    if (rc == FANOS_OK && !p.x && !(p.x = malloc(sizeof *p.x)))
        rc = FANOS_ENOMEM;      /* no image stored: still a pointer */
    gz_close(g, rc);
    if (rc != FANOS_OK) {
        free(p.x);
        return rc;
    }
    *out = p.x;
    *count = n;
    if (total)
        *total = s[0];
    if (rows)
        *rows = s[1];
    if (cols)
        *cols = s[2];
    return FANOS_OK;
}

typedef struct {
    uint8_t *y;
    size_t cap, keep;
    unsigned max;
    gzsrc *g;
} labels;

static int take_labels(void *ctx, const unsigned char *b, size_t n,
                       uint64_t at)
{
    labels *l = ctx;
    for (size_t i = 0; i < n; i++)
        if (b[i] > l->max) {
            /* [DS5] Labels are one byte each; a label above the largest valid one (9 for
             * Fashion-MNIST) is FANOS_ELABEL wherever it lies in the file, stored or not. */
            gz_fail(l->g, FANOS_ELABEL, b[i], l->max);
            if (l->g->err)
                l->g->err->index = (size_t)(at + i);
            return FANOS_ELABEL;
        }
    if (at >= l->keep)
        return FANOS_OK;
    size_t m = l->keep - at < n ? (size_t)(l->keep - at) : n;
    int rc = grow((void **)&l->y, &l->cap, (size_t)at + m, l->keep, 1);
    if (rc == FANOS_OK)
        memcpy(l->y + at, b, m);
    return rc;
}

int fanos_idx_read_labels(const char *path, size_t max_count,
                          unsigned max_label, uint8_t **out, size_t *count,
                          size_t *total, fanos_data_error *err)
{
    fanos_data_error_clear(err);
    if (!path || !out || !count)
        return FANOS_ENULL;
    gzsrc *g;
    int rc = gz_open(path, err, &g);
    if (rc != FANOS_OK)
        return rc;
    uint32_t s[1];
    uint64_t nitems, announced;
    labels l = { NULL, 0, 0, max_label, g };
    rc = idx_header(g, IDX_MAGIC_LABELS, s, 1, &nitems, &announced);
    if (rc == FANOS_OK) {
        l.keep = max_count && max_count < s[0] ? max_count : s[0];
        rc = idx_content(g, nitems, announced, take_labels, &l);
    }
    if (rc == FANOS_OK && !l.y && !(l.y = malloc(1)))
        rc = FANOS_ENOMEM;
    gz_close(g, rc);
    if (rc != FANOS_OK) {
        free(l.y);
        return rc;
    }
    *out = l.y;
    *count = l.keep;
    if (total)
        *total = s[0];
    return FANOS_OK;
}

/* corpus.c - a text corpus from a folder of files (the fortunes), its
 * training and validation parts and its byte vocabulary (doc/spec.md
 * section 12). */
#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "data/data.h"

const char *fanos_corpus_default_dir(void)
{
    return FANOS_FORTUNES_DIR;
}

typedef struct {
    char **v;
    size_t n, cap;
} names;

static void names_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int names_add(names *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **nv = realloc(l->v, cap * sizeof *nv);
        if (!nv)
            return FANOS_ENOMEM;
        l->v = nv;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(s)))
        return FANOS_ENOMEM;
    l->n++;
    return FANOS_OK;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dat(const char *name)
{
    size_t n = strlen(name);
    return n >= 4 && !strcmp(name + n - 4, ".dat");
}

static int path_join(const char *dir, const char *name, char *buf,
                     size_t len, fanos_data_error *err)
{
    if ((size_t)snprintf(buf, len, "%s/%s", dir, name) < len)
        return FANOS_OK;
    errno = ENAMETOOLONG;
    return fanos_data_fail(err, FANOS_EIO, dir, ENAMETOOLONG);
}

/* Whether the entry `name` of d is a corpus file.  lstat semantics: a
 * symbolic link is not followed, so it is not a regular file. */
static int corpus_entry(DIR *d, const char *dir, const char *name, int *take,
                        fanos_data_error *err)
{
    struct stat st;
    *take = 0;
    if (is_dat(name))
        return FANOS_OK;
    if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        int e = errno;
        char path[FANOS_DATA_PATH_MAX];
        if (path_join(dir, name, path, sizeof path, err) == FANOS_OK)
            fanos_data_fail(err, FANOS_EIO, path, e);
        errno = e;
        return FANOS_EIO;
    }
    /* [DS8] The corpus is the regular files directly in the folder whose name does not end in .dat
     * (symbolic links and subfolders are skipped), concatenated in bytewise (strcmp) order of their
     * names. */
    *take = S_ISREG(st.st_mode);
    return FANOS_OK;
}

/* The names of the corpus files of dir, sorted bytewise. */
static int corpus_names(const char *dir, names *l, fanos_data_error *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        int e = errno;
        return fanos_data_fail(err, FANOS_EIO, dir, e);
    }
    int rc = FANOS_OK, take;
    struct dirent *de;
    errno = 0;
    while (rc == FANOS_OK && (de = readdir(d))) {
        rc = corpus_entry(d, dir, de->d_name, &take, err);
        if (rc == FANOS_OK && take)
            rc = names_add(l, de->d_name);
        errno = 0;      /* so that a NULL from readdir tells an error */
    }
    if (rc == FANOS_OK && errno) {
        int e = errno;
        rc = fanos_data_fail(err, FANOS_EIO, dir, e);
    }
    closedir(d);
    if (rc == FANOS_OK && l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, name_cmp);
    return rc;
}

/* Room for `more` bytes after *len in *buf, within the corpus limit. */
static int corpus_room(unsigned char **buf, size_t *cap, size_t len,
                       size_t more)
{
    if (more > FANOS_CORPUS_MAX_BYTES - len) {
        errno = EFBIG;
        return FANOS_EIO;
    }
    if (len + more <= *cap)
        return FANOS_OK;
    size_t c = *cap ? *cap : (size_t)1 << 20;
    while (c < len + more)
        c *= 2;
    unsigned char *nb = realloc(*buf, c);
    if (!nb)
        return FANOS_ENOMEM;
    *buf = nb;
    *cap = c;
    return FANOS_OK;
}

/* Append the whole file at path to *buf, through chunk (CORPUS_CHUNK
 * bytes), so the limit counts the bytes read, not the room asked for. */
#define CORPUS_CHUNK ((size_t)1 << 16)
static int corpus_append(const char *path, unsigned char *chunk,
                         unsigned char **buf, size_t *cap, size_t *len,
                         fanos_data_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        return fanos_data_fail(err, FANOS_EIO, path, e);
    }
    int rc = FANOS_OK;
    size_t r;
    while ((r = fread(chunk, 1, CORPUS_CHUNK, fp)) > 0) {
        if ((rc = corpus_room(buf, cap, *len, r)) != FANOS_OK)
            break;
        memcpy(*buf + *len, chunk, r);
        *len += r;
    }
    if (rc == FANOS_OK && ferror(fp)) {
        errno = errno ? errno : EIO;
        rc = FANOS_EIO;
    }
    int e = errno;
    fclose(fp);
    if (rc == FANOS_EIO)
        fanos_data_fail(err, rc, path, e);
    errno = e;
    return rc;
}

/* The vocabulary of the training part, and the id of every byte. */
static void corpus_vocab(fanos_corpus *c)
{
    unsigned char seen[256] = { 0 };
    for (size_t i = 0; i < c->ntrain; i++)
        seen[c->bytes[i]] = 1;
    uint16_t next = 1;
    for (unsigned b = 0; b < 256; b++)
        if (seen[b]) {
            /* [DS10] Vocabulary: id 0 is reserved for an unknown byte; the distinct byte values of
             * the training part take the ids 1, 2, ... in increasing byte value; a byte of the
             * validation part absent from the training part maps to id 0; the vocabulary size is
             * one more than the number of distinct training bytes. */
            c->byte_to_id[b] = next;
            c->id_to_byte[next] = (unsigned char)b;
            next++;
        }
    c->vocab_size = next;
    c->valid_unknown = 0;
    for (size_t i = 0; i < c->len; i++) {
        c->ids[i] = c->byte_to_id[c->bytes[i]];
        c->valid_unknown += c->ids[i] == FANOS_CORPUS_UNK;
    }
}

/* A corpus of the len bytes at bytes (taken over: freed on failure). */
static int corpus_build(unsigned char *bytes, size_t len, fanos_corpus **out)
{
    if (len < 2) {
        free(bytes);
        return FANOS_EDIM;
    }
    fanos_corpus *c = calloc(1, sizeof *c);
    uint16_t *ids = c ? malloc(len * sizeof *ids) : NULL;
    if (!ids) {
        free(c);
        free(bytes);
        return FANOS_ENOMEM;
    }
    c->bytes = bytes;
    c->ids = ids;
    c->len = len;
    /* [DS9] Split: of the $n$ bytes, the first $n_{train} = \lfloor 9n/10 \rfloor$ are the training
     * part and the remaining $n - n_{train}$ the validation part; $n \ge 2$ (FANOS_EDIM otherwise),
     * so that neither part is empty. */
    c->ntrain = len / 10 * 9 + len % 10 * 9 / 10;
    c->nvalid = len - c->ntrain;
    corpus_vocab(c);
    *out = c;
    return FANOS_OK;
}

int fanos_corpus_from_bytes(const unsigned char *bytes, size_t len,
                            fanos_corpus **out)
{
    if (!bytes || !out)
        return FANOS_ENULL;
    if (len < 2 || len > FANOS_CORPUS_MAX_BYTES)
        return FANOS_EDIM;
    unsigned char *copy = malloc(len);
    if (!copy)
        return FANOS_ENOMEM;
    memcpy(copy, bytes, len);
    return corpus_build(copy, len, out);
}

/* The files of l, read one after the other into *buf. */
static int corpus_read(const char *dir, const names *l, unsigned char **buf,
                       size_t *len, fanos_data_error *err)
{
    size_t cap = 0;
    unsigned char *chunk = malloc(CORPUS_CHUNK);
    int rc = chunk ? FANOS_OK : FANOS_ENOMEM;
    for (size_t i = 0; rc == FANOS_OK && i < l->n; i++) {
        char path[FANOS_DATA_PATH_MAX];
        rc = path_join(dir, l->v[i], path, sizeof path, err);
        if (rc == FANOS_OK)
            rc = corpus_append(path, chunk, buf, &cap, len, err);
    }
    int e = errno;
    free(chunk);
    errno = e;
    return rc;
}

int fanos_corpus_load(const char *dir, fanos_corpus **out,
                      fanos_data_error *err)
{
    fanos_data_error_clear(err);
    if (!dir || !out)
        return FANOS_ENULL;
    names l = { NULL, 0, 0 };
    unsigned char *buf = NULL;
    size_t len = 0;
    fanos_corpus *c = NULL;
    int rc = corpus_names(dir, &l, err);
    if (rc == FANOS_OK)
        rc = corpus_read(dir, &l, &buf, &len, err);
    if (rc == FANOS_OK) {
        rc = corpus_build(buf, len, &c);    /* takes buf over */
        buf = NULL;
        if (rc == FANOS_EDIM)
            fanos_data_fail(err, rc, dir, 0);
    }
    free(buf);
    if (rc != FANOS_OK) {
        int e = errno;
        names_free(l.v, l.n);
        errno = e;
        return rc;
    }
    c->files = l.v;
    c->nfiles = l.n;
    *out = c;
    return FANOS_OK;
}

void fanos_corpus_free(fanos_corpus *c)
{
    if (!c)
        return;
    free(c->bytes);
    free(c->ids);
    names_free(c->files, c->nfiles);
    free(c);
}

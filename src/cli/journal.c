/* journal.c - the journal of a sweep: each finished run's raw row,
 * appended at once beside the output, read back by --resume
 * (doc/spec.md ST25).  Which runs are still to do is the library's
 * (fanos_experiment_missing). */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "experiment.h"

static int write_all(int fd, const char *s, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, s, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        len -= (size_t)w;
    }
    return 0;
}

/* A new journal: the identity line and the raw header, synced. */
static int start_new(journal *j, const experiment *x, const char *id)
{
    char *head = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&head, &len);
    if (m) {
        fputs(id, m);
        raw_write_header(m, experiment_schema(x));
    }
    int bad = !m || fclose(m) != 0 || ftruncate(j->fd, 0) != 0 ||
              write_all(j->fd, head, len) != 0 || fdatasync(j->fd) != 0;
    free(head);
    if (bad)
        cli_error("%s: cannot write: %s", j->path, strerror(errno));
    return bad ? -1 : 0;
}

/* The first line is not id, the identity line of this sweep (rc of
 * fanos_journal_scan): why, as one line. */
static void wrong_identity(const journal *j, int rc, const char *line,
                           const char *id)
{
    const int n = (int)strcspn(line, "\n"), m = (int)strcspn(id, "\n");
    if (rc == FANOS_EPARSE)
        cli_error("%s:1: not a journal of fanos sweep ('%.*s'); accepted: the "
                  "journal a sweep writes, or remove it to start over",
                  j->path, n > 60 ? 60 : n, line);
    else
        cli_error("%s: the journal of %s (its first line '%.*s', this sweep's "
                  "'%.*s'); accepted: %s, or remove the journal to start over",
                  j->path, rc == FANOS_ERANGE ? "another --shard"
                  : "another experiment, or of this file before it changed",
                  n > 100 ? 100 : n, line, m, id, rc == FANOS_ERANGE
                  ? "the same --shard" : "the journal of this file as it was");
}

/* Map the rows read back onto runs[0..n): slot and the runs still to do.
 * With j->defer (a tuned sweep of both phases, before its evaluation plan
 * is known) the evaluation rows wait: no slot, not counted as done. */
int journal_map(journal *j, const experiment *x,
                const fanos_experiment_run *runs, size_t n)
{
    const raw_table *t = &j->rows;
    fanos_row_key *keys = malloc((t->n ? t->n : 1) * sizeof *keys);
    size_t *row = malloc((t->n ? t->n : 1) * sizeof *row);
    size_t *slot = malloc((t->n ? t->n : 1) * sizeof *slot);
    size_t *todo = malloc((n ? n : 1) * sizeof *todo);
    size_t bad = 0, nk = 0;
    int rc = keys && row && slot && todo ? FANOS_OK : FANOS_ENOMEM;
    for (size_t i = 0; rc == FANOS_OK && i < t->n; i++)
        if (!j->defer || t->rows[i].phase != FANOS_PHASE_EVALUATION) {
            raw_row_key(&t->rows[i], &keys[nk]);
            row[nk++] = i;
        }
    size_t *s = rc == FANOS_OK ? malloc((nk ? nk : 1) * sizeof *s) : NULL;
    if (rc == FANOS_OK && !s)
        rc = FANOS_ENOMEM;
    if (rc == FANOS_OK)
        rc = fanos_experiment_missing(&x->lib, runs, n, keys, nk, s, todo,
                                      &j->ntodo, &bad);
    if (rc != FANOS_OK && rc != FANOS_ENOMEM)
        bad = row[bad];
    for (size_t i = 0; rc == FANOS_OK && i < t->n; i++)
        slot[i] = (size_t)-1;
    for (size_t q = 0; rc == FANOS_OK && q < nk; q++) {
        const size_t i = row[q];
        fanos_row_text k;   /* the key as the sweep writes it, byte for byte */
        slot[i] = s[q];
        fanos_experiment_row_text(&x->lib, &runs[s[q]], NULL, &k);
        for (size_t c = 0; c < k.nkeys && rc == FANOS_OK; c++)
            if (strcmp(k.field[k.keys[c]], t->rows[i].field[k.keys[c]])) {
                rc = FANOS_EPARSE;
                bad = i;
            }
    }
    free(keys);
    free(row);
    free(s);
    if (rc == FANOS_OK) {
        free(j->slot);
        free(j->todo);
        j->slot = slot;
        j->todo = todo;
        return 0;
    }
    free(slot);
    free(todo);
    if (rc == FANOS_ENOMEM) {
        cli_error("out of memory");
    } else {
        const raw_row *r = &t->rows[bad];
        const raw_schema *sc = r->schema;
        cli_error("%s:%zu: the run %s lr=%s seed=%s draws=%s%s%s %s; accepted: "
                  "the rows fanos sweep wrote for the runs of %s, each once",
                  j->path, r->line, r->field[sc->method], r->field[sc->lr],
                  r->field[sc->seed], r->field[sc->draws],
                  sc->trial >= 0 ? " trial=" : "",
                  sc->trial >= 0 ? r->field[sc->trial] : "",
                  rc == FANOS_ECONFLICT ? "is there twice"
                  : rc == FANOS_EPARSE  ? "is not written as fanos sweep writes it"
                                        : "is no run of this sweep",
                  x->path);
    }
    return -1;
}

/* The rows of the journal's text buf[0..len) against the plan. */
static int read_rows(journal *j, const experiment *x,
                     const fanos_experiment_run *runs, size_t n,
                     const char *buf, size_t len)
{
    if (raw_table_read_text(&j->rows, j->path, buf, len, 1))
        return -1;
    const raw_table *t = &j->rows;
    if (t->schema != experiment_schema(x)) {
        cli_error("%s:2: the columns of a %s sweep; accepted: those of %s",
                  j->path, schema_kind(t->schema), x->path);
        return -1;
    }
    if (journal_map(j, x, runs, n))
        return -1;
    j->saved = (int)t->n;
    return 0;
}

/* [ST25] A sweep appends each finished run's raw row to OUT.journal at once, one write of the
 * whole line, after a first line naming the experiment, its fingerprint (ST21) and the shard;
 * `--resume` refuses a journal whose first line differs, drops an unfinished last line, runs only
 * the runs of ST22 and writes the rows of both in the order of ST2, so that the output is that of
 * an uninterrupted sweep but for seconds; the journal is removed once the output is in place. */
static int read_back(journal *j, const experiment *x,
                     const fanos_experiment_run *runs, size_t n,
                     const char *id, const char *buf, size_t len)
{
    size_t start, end;
    int rc = fanos_journal_scan(buf, len, id, &start, &end);
    if (rc != FANOS_OK) {
        wrong_identity(j, rc, buf, id);
        return -1;
    }
    if (end < len && ftruncate(j->fd, (off_t)end) != 0) {
        cli_error("%s: cannot write: %s", j->path, strerror(errno));
        return -1;
    }
    /* no complete header line: no row either, the journal starts over */
    return end == start ? start_new(j, x, id)
                        : read_rows(j, x, runs, n, buf + start, end - start);
}

int journal_open(journal *j, const experiment *x,
                 const fanos_experiment_run *runs, size_t n, const char *out,
                 int resume, unsigned long long k, unsigned long long nshards,
                 int defer)
{
    memset(j, 0, sizeof *j);
    j->defer = defer;
    j->fd = -1;
    j->synced = cli_clock();
    char id[256];
    j->path = malloc(strlen(out) + sizeof ".journal");
    j->todo = malloc((n ? n : 1) * sizeof *j->todo);
    if (!j->path || !j->todo ||
        fanos_journal_identity(&x->lib, (size_t)k, (size_t)nshards, id,
                               sizeof id) != FANOS_OK) {
        cli_error("out of memory");
        return -1;
    }
    sprintf(j->path, "%s.journal", out);
    for (size_t i = 0; i < n; i++)     /* every run, until read back */
        j->todo[i] = i;
    j->ntodo = n;
    j->fd = open(j->path, O_RDWR | O_CREAT | O_APPEND | (resume ? 0 : O_EXCL),
                 0666);
    if (j->fd < 0) {
        if (errno == EEXIST)
            cli_error("%s: the journal of an interrupted sweep is there; "
                      "accepted: --resume to run only the runs it lacks, or "
                      "remove it to start over", j->path);
        else
            cli_error("%s: cannot write: %s", j->path, strerror(errno));
        return -1;
    }
    if (flock(j->fd, LOCK_EX | LOCK_NB) != 0) {
        cli_error("%s: another fanos sweep is writing this journal; accepted: "
                  "one sweep at a time per output file", j->path);
        return -1;
    }
    struct stat st;
    char *buf = NULL;
    int rc = fstat(j->fd, &st);
    if (rc == 0 && !(buf = malloc((size_t)st.st_size + 1)))
        rc = -1;
    if (rc == 0 && pread(j->fd, buf, (size_t)st.st_size, 0) != st.st_size)
        rc = -1;
    if (rc == 0)
        buf[st.st_size] = '\0';
    if (rc != 0)
        cli_error("%s: cannot read: %s", j->path, strerror(errno));
    else
        rc = read_back(j, x, runs, n, id, buf, (size_t)st.st_size);
    free(buf);
    return rc;
}

void journal_append(journal *j, const char *line, size_t len)
{
    if (j->fd < 0)
        return;
    if (write_all(j->fd, line, len) != 0) {
        cli_error("%s: write failed: %s; the sweep goes on without it",
                  j->path, strerror(errno));
        close(j->fd);
        j->fd = -1;
        return;
    }
    j->saved++;
    /* The row is in the file at once: a killed process loses nothing
     * written.  A crash of the machine loses what is not yet on the disk:
     * the journal is synced when a second has passed since the last sync
     * (and when it is closed), so such a crash loses at most the runs of
     * that second.  One fdatasync per run (about 2 ms here) cost more than
     * the runs of a tuned sweep of 41,808 short runs. */
    const double now = cli_clock();
    if (j->synced >= 0 && now - j->synced < 1.0)
        return;
    if (fdatasync(j->fd) == 0) {
        j->synced = now;
    } else if (errno != EINVAL && j->synced >= 0) {
        cli_error("%s: sync failed: %s; the sweep goes on", j->path,
                  strerror(errno));
        j->synced = -1;     /* said once */
    }
}

void journal_close(journal *j, int remove)
{
    if (j->fd >= 0) {
        if (!remove)
            (void)fdatasync(j->fd);     /* kept for --resume: on the disk */
        close(j->fd);
    }
    if (remove && j->path)
        unlink(j->path);
    raw_table_free(&j->rows);
    free(j->slot);
    free(j->todo);
    free(j->path);
    memset(j, 0, sizeof *j);
    j->fd = -1;
}

/* util.c - error messages, strict number parsing, atomic output files. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "cli.h"

/* The message goes out on ONE line: a control character in it (from a
 * user's argument or file name) is written as an escape. */
void cli_error(const char *fmt, ...)
{
    char small[512], *big = NULL;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0)
        snprintf(small, sizeof small, "(message not printable)");
    if (len >= (int)sizeof small && (big = malloc((size_t)len + 1))) {
        va_start(ap, fmt);
        vsnprintf(big, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    /* without memory for a long message: its first 511 bytes */
    const char *msg = big ? big : small;
    fputs("fanos: ", stderr);
    for (const unsigned char *c = (const unsigned char *)msg; *c; c++) {
        if (*c == '\n')
            fputs("\\n", stderr);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(stderr, "\\x%02x", *c);
        else
            fputc(*c, stderr);
    }
    fputc('\n', stderr);
    free(big);
}

int cli_parse_size(const char *text, unsigned long long lo,
                   unsigned long long hi, unsigned long long *out)
{
    if (!text || !*text || *text == '-' || *text == '+' ||
        strchr(" \t\n", *text))
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || *end || errno == ERANGE || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_real(const char *text, double *out)
{
    /* the library's strict number syntax, on an unbounded real row */
    static const fanos_param_info any = {
        "value", FANOS_PARAM_REAL, 0.0, -HUGE_VAL, HUGE_VAL, 1, 1, "", NULL, NULL};
    return text && fanos_param_parse(&any, text, out) == FANOS_OK ? 0 : -1;
}

const char *cli_opt(int argc, char **argv, int *i, const char *key, int *bad)
{
    const char *a = argv[*i];
    size_t k = strlen(key);
    if (strncmp(a, key, k) != 0)
        return NULL;
    if (a[k] == '=')
        return a + k + 1;
    if (a[k] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        cli_error("option %s needs a value", key);
        *bad = EXIT_USAGE;
        return NULL;
    }
    return argv[++*i];
}

int cli_bad_arg(const char *cmd, const char *arg)
{
    char hint[160];
    cli_option_hint(cmd, arg, hint, sizeof hint);
    if (arg[0] == '-' && arg[1])
        cli_error("%s: unknown option '%s'%s (see fanos %s --help)", cmd, arg,
                  hint, cmd);
    else
        cli_error("%s: unexpected argument '%s'%s (see fanos %s --help)", cmd,
                  arg, hint, cmd);
    return EXIT_USAGE;
}

int cli_force;
const char *cli_program = "fanos";

/* The temporary file of the output being written, removed on a signal so
 * that an interrupted command leaves nothing behind; a progress line
 * still open on stderr is ended first, and the command's hook (a sweep's
 * message) runs last. */
static volatile sig_atomic_t have_tmp, line_open;
static char tmp_for_signal[4096];
static void (*volatile interrupt_hook)(int sig);

static void on_signal(int sig)
{
    if (have_tmp)
        unlink(tmp_for_signal);
    if (line_open && write(STDERR_FILENO, "\n", 1) == 1)
        line_open = 0;
    if (interrupt_hook)
        interrupt_hook(sig);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
}

void cli_on_interrupt(void (*hook)(int sig))
{
    interrupt_hook = hook;
    if (hook)
        catch_signals();
}

void cli_test_stop(const char *phase)
{
    const char *want = getenv("FANOS_TEST_STOP");
    if (want && !strcmp(want, phase))
        raise(SIGSTOP);
}

/* The temporary name of an output is PATH.tmp.HOST.PID.XXXXXX.  A command
 * killed with SIGKILL cannot remove its temporary file, so the next command
 * that writes the same output removes those of processes of this host that
 * no longer run.  Files of other hosts (a shared file system) and of live
 * processes are left alone. */
#define TMP_EXTRA 100   /* ".tmp." + host (<= 64) + "." + pid + ".XXXXXX" */

static void host_name(char *host, size_t size)
{
    if (gethostname(host, size) != 0 || host[0] == '\0')
        snprintf(host, size, "localhost");
    host[size - 1] = '\0';
    for (char *c = host; *c; c++)
        if (*c == '/')
            *c = '_';
}

static void remove_stale_tmp(const char *path, const char *host)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char dir[4096], prefix[512];
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1), path);
    else
        snprintf(dir, sizeof dir, "./");
    if ((size_t)snprintf(prefix, sizeof prefix, "%s.tmp.%s.", base, host) >=
        sizeof prefix)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    const size_t np = strlen(prefix);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, np) != 0)
            continue;
        /* PID digits, a dot, then mkstemp's six characters */
        const char *q = e->d_name + np;
        long pid = 0;
        size_t nd = 0;
        while (q[nd] >= '0' && q[nd] <= '9' && nd < 10)
            pid = pid * 10 + (q[nd++] - '0');
        if (nd == 0 || q[nd] != '.' || strlen(q + nd + 1) != 6 || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        char full[4096 + 256];
        snprintf(full, sizeof full, "%s%s", dir, e->d_name);
        unlink(full);
    }
    closedir(d);
}

/* The files this command reads (cli_note_input), by device and inode;
 * the list lives as long as the command. */
typedef struct {
    dev_t dev;
    ino_t ino;
    char *path;
} input_file;
static input_file *inputs;
static size_t ninputs;

void cli_note_input(const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return;
    for (size_t i = 0; i < ninputs; i++)
        if (inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino)
            return;
    input_file *more = realloc(inputs, (ninputs + 1) * sizeof *inputs);
    char *copy = strdup(path);
    if (more)
        inputs = more;
    if (!more || !copy) {   /* out of memory: this input goes unguarded */
        free(copy);
        return;
    }
    inputs[ninputs++] = (input_file){st.st_dev, st.st_ino, copy};
}

static void install_signals(const char *tmp)
{
    memcpy(tmp_for_signal, tmp, strlen(tmp) + 1);
    have_tmp = 1;
    catch_signals();
}

/* What an existing output path is: refused (-1, reported), written
 * directly (1: a device, pipe or socket), or replaced (0; *target is the
 * file to replace: the path itself, or the file a symbolic link names). */
static int classify_output(const char *path, char **target)
{
    struct stat st, lst;
    const size_t len = strlen(path);
    *target = NULL;
    if (path[len - 1] == '/') {
        cli_error("%s: names a directory; accepted: a file name", path);
        return -1;
    }
    if (lstat(path, &lst) != 0) {
        if (errno != ENOENT) {
            cli_error("%s: cannot write: %s", path, strerror(errno));
            return -1;
        }
        *target = strdup(path);    /* a new file */
        return 0;
    }
    if (stat(path, &st) != 0) {
        cli_error("%s: a symbolic link to a missing file; accepted: a file "
                  "name, or a link to an existing file", path);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        cli_error("%s: is a directory; accepted: a file name", path);
        return -1;
    }
    if (!S_ISREG(st.st_mode))
        return 1;
    if (!cli_force && (access(path, W_OK) != 0 || !(st.st_mode & 0222))) {
        cli_error("%s: exists and is read-only (mode %04o); accepted: a file "
                  "you can write, or --force to replace it", path,
                  (unsigned)(st.st_mode & 07777));
        return -1;
    }
    for (size_t i = 0; i < ninputs; i++)
        if (inputs[i].dev == st.st_dev && inputs[i].ino == st.st_ino) {
            cli_error("%s: is the input file %s; accepted: another file "
                      "(the output would replace the input)", path,
                      inputs[i].path);
            return -1;
        }
    *target = S_ISLNK(lst.st_mode) ? realpath(path, NULL) : strdup(path);
    return 0;
}

/* The descriptor a path names: /dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N, or a symbolic link to one of them; -1 otherwise. */
static int fd_path(const char *path)
{
    char link[2][4096];
    const char *p = path;
    for (int hop = 0; hop < 8; hop++) {
        unsigned long long fd;
        if (!strcmp(p, "/dev/stdout") || !strcmp(p, "/dev/stderr"))
            return !strcmp(p, "/dev/stdout") ? 1 : 2;
        const char *n = !strncmp(p, "/dev/fd/", 8)         ? p + 8
                        : !strncmp(p, "/proc/self/fd/", 14) ? p + 14 : NULL;
        if (n && !cli_parse_size(n, 0, 65535, &fd))
            return (int)fd;
        ssize_t k = readlink(p, link[hop & 1], sizeof link[0] - 1);
        if (k <= 0 || link[hop & 1][0] != '/')
            return -1;
        link[hop & 1][k] = '\0';
        p = link[hop & 1];
    }
    return -1;
}

/* A device, a pipe, or a descriptor the shell opened (-o -, /dev/stdout,
 * /dev/fd/N): written as it is, never truncated, so that the output goes
 * after what the descriptor already holds (O_APPEND or its offset). */
static int open_direct(cli_outfile *o, const char *path)
{
    const int fd = !strcmp(path, "-") ? 1 : fd_path(path);
    o->path = strdup(path);
    o->std = fd == 1;
    if (o->std) {
        o->fp = stdout;
    } else if (o->path) {
        int d = fd >= 0 ? dup(fd) : open(path, O_WRONLY | O_NOCTTY);
        o->fp = d >= 0 ? fdopen(d, "w") : NULL;
        if (d >= 0 && !o->fp)
            close(d);
    }
    if (!o->fp) {
        cli_error("%s: cannot write: %s", path,
                  o->path ? strerror(errno) : "out of memory");
        cli_out_abort(o);
        return -1;
    }
    return 0;
}

int cli_out_open(cli_outfile *o, const char *path)
{
    memset(o, 0, sizeof *o);
    size_t len = strlen(path);
    if (len == 0) {
        cli_error("-o '': an empty output file name; accepted: -o FILE");
        return -1;
    }
    if (!strcmp(path, "-") || fd_path(path) >= 0)
        return open_direct(o, path);
    char *target;
    const int kind = classify_output(path, &target);
    if (kind < 0)
        return -1;
    if (kind == 1)
        return open_direct(o, path);
    o->target = target;
    const size_t tlen = target ? strlen(target) : 0;
    if (tlen + TMP_EXTRA > sizeof tmp_for_signal) {
        cli_error("%.64s...: output file name too long; accepted: at most "
                  "%zu bytes", path, sizeof tmp_for_signal - TMP_EXTRA);
        cli_out_abort(o);
        return -1;
    }
    char host[65];
    host_name(host, sizeof host);
    if (target)
        remove_stale_tmp(target, host);
    o->path = strdup(path);
    o->tmp = target ? malloc(tlen + TMP_EXTRA) : NULL;
    if (!o->path || !o->tmp) {
        cli_error("out of memory");
        cli_out_abort(o);
        return -1;
    }
    snprintf(o->tmp, tlen + TMP_EXTRA, "%s.tmp.%s.%ld.XXXXXX", target, host,
             (long)getpid());
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        cli_error("%s: cannot write: %s", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        cli_out_abort(o);
        return -1;
    }
    /* mkstemp makes the file 0600; give it the mode a plain create would */
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0) {
        close(fd);
        cli_error("%s: cannot write: %s", path, strerror(errno));
        cli_out_abort(o);
        return -1;
    }
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        cli_error("%s: cannot write: %s", path, strerror(errno));
        cli_out_abort(o);
        return -1;
    }
    install_signals(o->tmp);
    return 0;
}

int cli_out_commit(cli_outfile *o)
{
    int bad = ferror(o->fp) != 0;
    bad |= fflush(o->fp) != 0;
    /* a device or pipe may not sync (EINVAL, EROFS): not a failure */
    bad |= o->tmp && fsync(fileno(o->fp)) != 0 && errno != EINVAL;
    bad |= !o->std && fclose(o->fp) != 0;
    o->fp = NULL;
    if (!bad && o->tmp)
        cli_test_stop("before-rename");
    if (!bad && o->tmp && rename(o->tmp, o->target) != 0)
        bad = 1;
    if (bad) {
        cli_error("%s: write failed: %s", o->path, strerror(errno));
        if (o->tmp)
            unlink(o->tmp);
    }
    have_tmp = 0;
    free(o->tmp);
    free(o->path);
    free(o->target);
    o->tmp = o->path = o->target = NULL;
    return bad ? -1 : 0;
}

void cli_out_abort(cli_outfile *o)
{
    if (o->fp && !o->std)
        fclose(o->fp);
    if (o->tmp)
        unlink(o->tmp);
    have_tmp = 0;
    free(o->tmp);
    free(o->path);
    free(o->target);
    memset(o, 0, sizeof *o);
}

static const char *kind_name(fanos_param_kind k)
{
    static const char *const names[] = {"real", "bool", "int", "text", "list",
                                        "path"};
    return k <= FANOS_PARAM_PATH ? names[k] : "?";
}

void cli_print_table(FILE *fp, const fanos_param_info *t, size_t n,
                     int markdown)
{
    char range[96], def[128];
    if (markdown)
        fprintf(fp, "| parameter | type | default | range | meaning |\n"
                    "|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const fanos_param_info *p = &t[i];
        const int text = p->kind == FANOS_PARAM_CHOICE ||
                         p->kind == FANOS_PARAM_SIZES ||
                         p->kind == FANOS_PARAM_PATH;
        fanos_param_range_str(p, range, sizeof range);
        fanos_param_default_str(p, def, sizeof def);
        if (p->kind == FANOS_PARAM_PATH && !def[0])
            snprintf(def, sizeof def, "\"\"");    /* the empty path */
        if (markdown) {
            if (text)
                fprintf(fp, "| `%s` | %s | %s | %s | ", p->name,
                        kind_name(p->kind), def, range);
            else
                fprintf(fp, "| `%s` | %s | %.15g | %s | ", p->name,
                        kind_name(p->kind), p->def, range);
            for (const char *c = p->help; *c; c++) /* a cell holds no bare | */
                fputs(*c == '|' ? "\\|" : (char[]){*c, 0}, fp);
            fputs(" |\n", fp);
        } else if (text) {
            fprintf(fp, "  %-24s %-4s default %-8s range %-14s %s\n",
                    p->name, kind_name(p->kind), def, range, p->help);
        } else {
            fprintf(fp, "  %-24s %-4s default %-8.6g range %-14s %s\n",
                    p->name, kind_name(p->kind), p->def, range, p->help);
        }
    }
}

void cli_print_params(FILE *fp, const fanos_optimizer_type *t, int markdown)
{
    cli_print_table(fp, t->params, t->nparams, markdown);
}

int cli_apply_set(fanos_optimizer *opt, const char *kv)
{
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) {
        cli_error("--set %s: expected key=value", kv);
        return -1;
    }
    char key[64];
    size_t klen = (size_t)(eq - kv);
    if (klen >= sizeof key) {
        cli_error("--set %s: unknown parameter for optimizer %s", kv, t->name);
        return -1;
    }
    memcpy(key, kv, klen);
    key[klen] = '\0';
    int idx = fanos_optimizer_type_param_index(t, key);
    if (idx < 0) {
        const char *names[64];
        char hint[96];
        size_t n = 0;
        for (; n < t->nparams && n < 64; n++)
            names[n] = t->params[n].name;
        cli_error("--set %s: unknown parameter '%s' for optimizer %s%s "
                  "(see fanos params %s)", kv, key, t->name,
                  cli_did_you_mean(hint, sizeof hint, key, names, n), t->name);
        return -1;
    }
    char range[96];
    fanos_param_range_str(&t->params[idx], range, sizeof range);
    int rc = fanos_optimizer_set_text(opt, key, eq + 1);
    if (rc == FANOS_EPARSE) {
        const fanos_param_kind k = t->params[idx].kind;
        cli_error("--set %s: '%s' is not a %s; %s must be in %s", kv, eq + 1,
                  k == FANOS_PARAM_BOOL     ? "boolean (0, 1, true, false)"
                  : k == FANOS_PARAM_CHOICE ? "name"
                                            : "number",
                  key, range);
        return -1;
    }
    if (rc != FANOS_OK) {
        cli_error("--set %s: out of range; %s must be in %s", kv, key, range);
        return -1;
    }
    return 0;
}

/* 1 when one of the keys (each "key" or "key=value") names the parameter. */
static int key_given(const char *name, const char *const *keys, size_t nkeys)
{
    size_t k = strlen(name);
    for (size_t i = 0; i < nkeys; i++)
        if (!strncmp(keys[i], name, k) && (keys[i][k] == '=' || !keys[i][k]))
            return 1;
    return 0;
}

/* The given parameters but bad whose default alone ends the conflict, as
 * "k=v, k=v" into buf ("" for none). */
static void conflict_culprits(fanos_optimizer *opt, size_t bad,
                              const char *const *keys, size_t nkeys,
                              char *buf, size_t len)
{
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    size_t *who = malloc((t->nparams ? t->nparams : 1) * sizeof *who), n = 0;
    size_t used = 0;
    buf[0] = '\0';
    if (!who || fanos_optimizer_conflict_culprits(opt, bad, keys, nkeys, who,
                                                  &n) != FANOS_OK)
        n = 0;
    for (size_t i = 0; i < n; i++) {
        double v = 0;
        char num[32];
        fanos_optimizer_get(opt, t->params[who[i]].name, &v);
        fmt_real(num, sizeof num, v);
        int w = snprintf(buf + used, len - used, "%s%s=%s", used ? ", " : "",
                         t->params[who[i]].name, num);
        if (w < 0 || (size_t)w >= len - used) {
            buf[used] = '\0'; /* the names that fit */
            break;
        }
        used += (size_t)w;
    }
    free(who);
}

void cli_conflict_text(fanos_optimizer *opt, size_t bad,
                       const char *const *keys, size_t nkeys, char *buf,
                       size_t len)
{
    const fanos_optimizer_type *t = fanos_optimizer_get_type(opt);
    const fanos_param_info *p = &t->params[bad];
    double v = 0;
    char num[32], who[256];
    fanos_optimizer_get(opt, p->name, &v);
    fmt_real(num, sizeof num, v);
    /* the user's other settings that make the conflict; when the check
     * blamed a parameter the user left alone, they are the ones to name */
    conflict_culprits(opt, bad, keys, nkeys, who, sizeof who);
    char mine[64] = "";
    if (!key_given(p->name, keys, nkeys))
        snprintf(mine, sizeof mine, " (%s)",
                 v == p->def ? "its default" : "not set");
    if (!who[0])
        snprintf(buf, len, "%s=%s%s conflicts with the other parameters of "
                 "%s: %s", p->name, num, mine, t->name, p->help);
    else if (mine[0])
        snprintf(buf, len, "%s conflicts with %s=%s%s of %s: %s is the %s",
                 who, p->name, num, mine, t->name, p->name, p->help);
    else
        snprintf(buf, len, "%s=%s conflicts with %s of %s: %s is the %s",
                 p->name, num, who, t->name, p->name, p->help);
}

void cli_report_conflict(fanos_optimizer *opt, size_t bad,
                         const char *const *sets, size_t nsets)
{
    char what[1024];
    cli_conflict_text(opt, bad, sets, nsets, what, sizeof what);
    cli_error("%s", what);
}

void cli_optimizer_names(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const fanos_optimizer_type *const *t = fanos_optimizer_types(); *t;
         t++) {
        int w = snprintf(buf + used, len - used, "%s%s",
                         t == fanos_optimizer_types() ? "" : ", ", (*t)->name);
        if (w < 0 || (size_t)w >= len - used)
            break; /* truncated: the names that fit */
        used += (size_t)w;
    }
}

/* ---- progress on standard error ------------------------------------ */

double cli_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_start(cli_progress *c, const char *what, size_t total,
                        size_t done, int quiet)
{
    c->tty = isatty(STDERR_FILENO);
    c->on = !quiet;
    c->what = what;
    /* [ST24] On a terminal (standard error a tty) the progress of `fanos sweep` and `fanos pinn`
     * is one line redrawn in place with `\r` at most every 0.1 s; elsewhere it is one line at most
     * every 5 s, plus the final line; `--quiet` prints none. */
    fanos_progress_init(&c->p, total, done, c->tty ? 0.1 : 5.0, cli_clock());
    if (c->on && c->tty)
        cli_progress_show(c, NULL);
}

void cli_progress_show(cli_progress *c, const char *detail)
{
    char text[96], line[512];
    if (!c->on)
        return;
    fanos_progress_text(&c->p, cli_clock(), text, sizeof text);
    int n = snprintf(line, sizeof line, "%s %s%s%s%s", c->what, text,
                     detail ? " (" : "", detail ? detail : "",
                     detail ? ")" : "");
    struct winsize ws;
    size_t width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col
                       ? ws.ws_col : 80;
    if (c->tty && n > 0 && (size_t)n >= width)
        line[width - 1] = '\0';   /* a wrapped line cannot be redrawn */
    fprintf(stderr, c->tty ? "\r%s\033[K" : "%s\n", line);
    fflush(stderr);
    line_open = c->tty;
}

void cli_progress_step(cli_progress *c, size_t done, const char *detail)
{
    if (fanos_progress_update(&c->p, done, cli_clock()) && c->p.done < c->p.total)
        cli_progress_show(c, detail);
}

void cli_progress_end(cli_progress *c, const char *detail)
{
    c->p.total = c->p.done;     /* what was done is all there is */
    if (!c->on)
        return;
    cli_progress_show(c, detail);
    if (c->tty)
        fputc('\n', stderr);
    line_open = 0;
}

/* plugin.c - an objective of the user's own, loaded from a shared object
 * (fanos run --objective FILE:SYMBOL). */
#include <config.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fanos.h"

struct fanos_plugin {
    void *handle;
    fanos_fdf_fn fdf;
    fanos_x0_fn x0;
    size_t calls;
    size_t failed_call;     /* 1-based call that failed, 0: none          */
    int failed_code;        /* what that call returned                    */
};

static void say(char *why, size_t len, const char *fmt, const char *a,
                const char *b)
{
    if (why && len)
        snprintf(why, len, fmt, a, b);
}

/* A symbol of the object as a function pointer (the POSIX way: dlsym
 * returns an object pointer, copied bit for bit). */
static int find(void *handle, const char *name, void (**fn)(void))
{
    dlerror();
    void *sym = dlsym(handle, name);
    if (dlerror() != NULL || !sym)
        return -1;
    memcpy(fn, &sym, sizeof *fn);
    return 0;
}

int fanos_plugin_open(fanos_plugin **out, const char *path,
                      const char *symbol, char *why, size_t len)
{
    if (why && len)
        why[0] = '\0';
    if (!out || !path || !symbol)
        return FANOS_ENULL;
    *out = NULL;
    const size_t plen = strlen(path), slen = strlen(symbol);
    if (plen == 0 || slen == 0 || slen > FANOS_PLUGIN_SYMBOL_MAX ||
        plen > 4096)
        return FANOS_EPARSE;
    /* a name without '/' is a file of the current folder, as for any
     * other file the command reads, not a search of the library path */
    char *file = malloc(plen + 3);
    fanos_plugin *p = calloc(1, sizeof *p);
    if (!file || !p) {
        free(file);
        free(p);
        return FANOS_ENOMEM;
    }
    snprintf(file, plen + 3, "%s%s", strchr(path, '/') ? "" : "./", path);
    dlerror();
    p->handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    free(file);
    if (!p->handle) {
        const char *e = dlerror();
        say(why, len, "%s%s", e ? e : "cannot load the file", "");
        free(p);
        return FANOS_EIO;
    }
    char x0name[FANOS_PLUGIN_SYMBOL_MAX + 4];
    snprintf(x0name, sizeof x0name, "%s_x0", symbol);
    void (*fn)(void) = NULL;
    if (find(p->handle, symbol, &fn)) {
        say(why, len, "no symbol '%s' in the file%s", symbol, "");
        fanos_plugin_free(p);
        return FANOS_EUNKNOWN;
    }
    p->fdf = (fanos_fdf_fn)fn;
    if (find(p->handle, x0name, &fn) == 0)
        p->x0 = (fanos_x0_fn)fn;
    *out = p;
    return FANOS_OK;
}

void fanos_plugin_free(fanos_plugin *p)
{
    if (!p)
        return;
    if (p->handle)
        dlclose(p->handle);
    free(p);
}

int fanos_plugin_has_x0(const fanos_plugin *p)
{
    return p && p->x0;
}

int fanos_plugin_x0(fanos_plugin *p, size_t n, unsigned long seed,
                    double *x0)
{
    if (!p || !x0)
        return FANOS_ENULL;
    if (n == 0)
        return FANOS_EDIM;
    if (!p->x0)
        return FANOS_EUNKNOWN;
    int rc = p->x0(n, seed, x0);
    if (rc != 0) {
        p->failed_call = 0;
        p->failed_code = rc;
        return rc < 0 ? rc : FANOS_EDOMAIN;
    }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x0[i]))
            return FANOS_ENONFINITE;
    return FANOS_OK;
}

int fanos_plugin_fdf(void *plugin, size_t n, const double *x, double *f,
                     double *g)
{
    fanos_plugin *p = plugin;
    if (!p || !x || !f)
        return FANOS_ENULL;
    p->calls++;
    int rc = p->fdf(NULL, n, x, f, g);
    if (rc == FANOS_OK)
        return FANOS_OK;
    p->failed_call = p->calls;
    p->failed_code = rc;
    /* a positive code would read as "stop" to the runner: a failure too */
    return rc < 0 ? rc : FANOS_EDOMAIN;
}

int fanos_plugin_failure(const fanos_plugin *p, size_t *call, int *code)
{
    if (!p || !call || !code)
        return FANOS_ENULL;
    *call = p->failed_call;
    *code = p->failed_code;
    return FANOS_OK;
}

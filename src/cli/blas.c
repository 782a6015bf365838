/* blas.c - make OpenBLAS use the kernels the CPU has.
 *
 * A dynamic-arch OpenBLAS that does not know a newer CPU model (here
 * OpenBLAS 0.3.21 under a hypervisor reporting a recent Xeon) falls back to
 * its generic Prescott kernels, which run the PINN's products at a quarter
 * of the speed.  The core type can only be chosen before the library
 * loads, through OPENBLAS_CORETYPE, so the command sets it and executes
 * itself again, once.  A user's own OPENBLAS_CORETYPE is left alone.
 *
 * Every command also runs OpenBLAS on one thread: each run is
 * single-threaded and deterministic, and the parallelism goes across runs
 * (a threaded product sums in another order, so fanos run and fanos sweep
 * would differ in the last bits).  This is the command's choice, not the
 * library's: libfanos leaves the BLAS thread count to its caller. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cli.h"
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
void openblas_set_num_threads(int num_threads);
#endif

#ifdef HAVE_OPENBLAS_GET_CORENAME
char *openblas_get_corename(void);

/* OpenBLAS core names that use no AVX2 kernels. */
static int generic_core(const char *core)
{
    static const char *const names[] = {"prescott", "core2", "penryn",
        "dunnington", "nehalem", "atom", "katmai", "coppermine", "northwood",
        "banias", "unknown"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(core, names[i]))
            return 1;
    return 0;
}

static const char *best_core(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
#endif
    return NULL;
}
#endif

const char *cli_blas_core(void)
{
#ifdef HAVE_OPENBLAS_GET_CORENAME
    const char *core = openblas_get_corename();
    return core ? core : "unknown";
#else
    return "unknown";
#endif
}

/* The kernels: for the commands that compute matrix products, re-execute
 * once with OPENBLAS_CORETYPE when OpenBLAS chose generic ones. */
static void pick_kernels(int argc, char **argv)
{
#ifdef HAVE_OPENBLAS_GET_CORENAME
    /* only the commands that compute matrix products; run is among them
     * so that its quadratic uses the sweep's kernels, bit for bit */
    if (argc < 2 || (strcmp(argv[1], "pinn") && strcmp(argv[1], "bench") &&
                     strcmp(argv[1], "sweep") && strcmp(argv[1], "run")))
        return;
    /* under valgrind the new image would run outside it */
    if (getenv("OPENBLAS_CORETYPE") || RUNNING_ON_VALGRIND)
        return;
    const char *core = openblas_get_corename(), *want = best_core();
    if (!core || !want || !generic_core(core))
        return;
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return;
    self[len] = '\0';
    if (setenv("OPENBLAS_CORETYPE", want, 1) == 0)
        execv(self, argv);
    /* on failure, go on with the generic kernels */
#else
    (void)argc;
    (void)argv;
#endif
}

void cli_blas_setup(int argc, char **argv)
{
    pick_kernels(argc, argv);
#ifdef HAVE_OPENBLAS_SET_NUM_THREADS
    openblas_set_num_threads(1);
#endif
}

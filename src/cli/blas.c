/* blas.c - make OpenBLAS use the kernels the CPU has.
 *
 * A dynamic-arch OpenBLAS that does not know a newer CPU model picks
 * kernels below what the CPU can run: OpenBLAS 0.3.21 under a hypervisor
 * reporting a recent Xeon falls back to its generic Prescott kernels (a
 * quarter of the speed on the PINN's products); one that gives AVX2
 * kernels to a CPU with AVX-512 is moved up the same way (on an AMD EPYC
 * of family 26, OpenBLAS picks Cooperlake itself, and Haswell kernels take
 * 2.1 times as long on a PINN run).  The core type can only be chosen
 * before the library loads, through OPENBLAS_CORETYPE, so the command
 * sets it and executes itself again, once.  A user's own OPENBLAS_CORETYPE
 * is left alone.
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

/* The vector width of an OpenBLAS core's kernels: 0 for those without
 * AVX2, 1 for the AVX2 ones, 2 for the AVX-512 ones, -1 for a name not
 * listed (left alone). */
static int core_level(const char *core)
{
    static const struct { const char *name; int level; } cores[] = {
        {"prescott", 0}, {"core2", 0}, {"penryn", 0}, {"dunnington", 0},
        {"nehalem", 0}, {"atom", 0}, {"katmai", 0}, {"coppermine", 0},
        {"northwood", 0}, {"banias", 0}, {"unknown", 0}, {"haswell", 1},
        {"zen", 1}, {"skylakex", 2}, {"cooperlake", 2}, {"sapphirerapids", 2}};
    for (size_t i = 0; i < sizeof cores / sizeof cores[0]; i++)
        if (!strcasecmp(core, cores[i].name))
            return cores[i].level;
    return -1;
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
 * once with OPENBLAS_CORETYPE when OpenBLAS chose kernels narrower than
 * the CPU's (generic ones, or AVX2 ones on an AVX-512 CPU). */
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
    if (!core || !want)
        return;
    const int have = core_level(core);
    if (have < 0 || have >= core_level(want))
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

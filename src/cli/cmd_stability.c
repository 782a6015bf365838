/* cmd_stability.c - `fanos stability`: the spectral radius of FANoS's
 * one-step map on a harmonic oscillator (figure F6), from the library's
 * fanos_stability_map (the basis vectors through the production step). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int cmd_stability(int argc, char **argv)
{
    unsigned long long nw = 150, nz = 100;
    const char *out = NULL;
    int bad = 0;
    for (int i = 1; i < argc && !bad; i++) {
        const char *v;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf(
"Usage: fanos stability [--nw N] [--nz M] -o FILE.csv [--force]\n"
"\n"
"Spectral radius of one FANoS step (identity mass, no clip, constant\n"
"friction zeta already in the state) on L = w^2 theta^2 / 2, for the\n"
"semi-implicit and the explicit-Euler update, over h*w in (0, 3] (N points)\n"
"and h*zeta in [0, 2) (M points).  The map is obtained by stepping the\n"
"basis vectors through the library's step function.\n"
"Columns: update, h_omega, h_zeta, radius, det.\n"
"  --nw N   points in h*w, 2 <= N <= 10000    [150]\n"
"  --nz M   points in h*zeta, 2 <= M <= 10000 [100]\n"
"  -o FILE  output CSV (written whole or not at all; - is the standard\n"
"           output)                                           (required)\n"
"  --force  replace FILE even when it is read-only\n"
"\n" CLI_EXIT_HELP);
            return 0;
        } else if ((v = cli_opt(argc, argv, &i, "--nw", &bad))) {
            if (cli_parse_size(v, 2, 10000, &nw)) {
                cli_error("--nw %s: must be an integer in [2, 10000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "--nz", &bad))) {
            if (cli_parse_size(v, 2, 10000, &nz)) {
                cli_error("--nz %s: must be an integer in [2, 10000]", v);
                bad = EXIT_BADINPUT;
            }
        } else if ((v = cli_opt(argc, argv, &i, "-o", &bad))) {
            out = v;
        } else if (!strcmp(argv[i], "--force")) {
            cli_force = 1;
        } else if (!bad) {
            bad = cli_bad_arg("stability", argv[i]);
        }
    }
    if (!bad && !out) {
        cli_error("stability: -o FILE is required (see fanos stability --help)");
        bad = EXIT_USAGE;
    }
    if (bad)
        return bad;
    cli_outfile f;
    if (cli_out_open(&f, out))
        return EXIT_BADINPUT;
    fprintf(f.fp, "update,h_omega,h_zeta,radius,det\n");
    const double h = 0.01;
    for (int euler = 0; euler < 2; euler++)
        for (unsigned long long i = 1; i <= nw; i++)
            for (unsigned long long j = 0; j < nz; j++) {
                double hw = 3.0 * (double)i / (double)nw;
                double hz = 2.0 * (double)j / (double)nz;
                double m[4], radius, det;
                int rc = fanos_stability_map(h, hw / h, hz / h, euler, m,
                                             &radius, &det);
                if (rc != FANOS_OK) {
                    cli_error("stability: step failed at h*w=%g h*zeta=%g: %s",
                              hw, hz, fanos_strerror(rc));
                    cli_out_abort(&f);
                    return EXIT_BADINPUT;
                }
                fprintf(f.fp, "%s,%.6g,%.6g,%.17g,%.17g\n",
                        euler ? "explicit-euler" : "semi-implicit", hw, hz,
                        radius, det);
            }
    return cli_out_commit(&f) ? EXIT_BADINPUT : 0;
}

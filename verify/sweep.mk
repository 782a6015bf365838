# verify/sweep.mk - sweeps and statistics (doc/spec.md section 9).
check_PROGRAMS += verify/check_stats
TESTS += verify/check_stats
verify_check_stats_SOURCES = verify/check_stats.c
verify_check_stats_CFLAGS = $(VERIFY_CFLAGS)
verify_check_stats_LDADD = $(VERIFY_LDADD)

TESTS += verify/sweep_cli.sh verify/sweep_experiments.sh verify/quadratic_bits.sh \
	verify/tuned_cli.sh
EXTRA_DIST += verify/sweep_cli.sh verify/sweep_experiments.sh verify/quadratic_bits.sh \
	verify/tuned_cli.sh \
	verify/strict_rows.sh

# Interrupted sweeps resumed from their journal (SIGINT, SIGTERM, SIGKILL
# at random and fixed points, shards, refused journals), and the progress
# display of sweep and pinn (terminal through script(1), logs, --quiet).
TESTS += verify/resume.sh verify/progress.sh
EXTRA_DIST += verify/resume.sh verify/progress.sh

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

# verify/problems.mk - the quadratic, the reference draws, L-BFGS.
check_PROGRAMS += verify/check_quadratic verify/check_lbfgs
TESTS += verify/check_quadratic verify/check_lbfgs
verify_check_quadratic_SOURCES = verify/check_quadratic.c
verify_check_quadratic_CFLAGS = $(VERIFY_CFLAGS)
verify_check_quadratic_LDADD = verify/libtestutil.la $(VERIFY_LDADD)
verify_check_lbfgs_SOURCES = verify/check_lbfgs.c
verify_check_lbfgs_CFLAGS = $(VERIFY_CFLAGS)
verify_check_lbfgs_LDADD = verify/libtestutil.la $(VERIFY_LDADD) $(LBFGS_LIBS)
TESTS += verify/cli_quadratic.sh
EXTRA_DIST += verify/cli_quadratic.sh
# Problem types, L-BFGS as a method, experiments in memory.
check_PROGRAMS += verify/check_experiment
TESTS += verify/check_experiment
verify_check_experiment_SOURCES = verify/check_experiment.c
verify_check_experiment_CFLAGS = $(VERIFY_CFLAGS) $(ZLIB_CFLAGS)
verify_check_experiment_LDADD = $(VERIFY_LDADD) $(ZLIB_LIBS)
# Tuned experiments (doc/spec.md section 14).
check_PROGRAMS += verify/check_tuning
TESTS += verify/check_tuning
verify_check_tuning_SOURCES = verify/check_tuning.c
verify_check_tuning_CFLAGS = $(VERIFY_CFLAGS)
verify_check_tuning_LDADD = verify/libtestutil.la $(VERIFY_LDADD)

# verify/local.mk - the Check suites and the spec audit; each area adds a fragment.
VERIFY_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -DGOLDEN_DIR='"$(abs_top_srcdir)/verify/golden"' -DDRAWS_DIR='"$(abs_top_srcdir)/experiments/draws"'
VERIFY_LDADD = src/libfanos.la $(CHECK_LIBS) $(GSL_LIBS) $(LIBS)
# A test of internal functions (core/internal.h, hidden in libfanos) links
# the library's objects statically.
VERIFY_INTERNAL_LDADD = src/libfanos_internal.la $(CHECK_LIBS) $(GSL_LIBS) $(LIBS)
EXTRA_DIST += verify/golden experiments/draws

include verify/core.mk
include verify/optim.mk
include verify/problems.mk
include verify/sweep.mk
include verify/pinn.mk
include verify/pinnsweep.mk
include verify/cli.mk
include verify/kernels.mk
include verify/data.mk
EXTRA_DIST += verify/compare_results.pl
include verify/learn.mk
include verify/errors.mk
include verify/coverage.mk
include verify/clones.mk
include verify/mutants.mk
include verify/thermostat.mk

# verify/core.mk - FANoS golden traces, properties, validation, library API, spec audit.
check_LTLIBRARIES = verify/libtestutil.la
verify_libtestutil_la_SOURCES = verify/testutil.c verify/testutil.h
verify_libtestutil_la_CFLAGS = $(VERIFY_CFLAGS)

check_PROGRAMS += verify/check_golden
TESTS += verify/check_golden
verify_check_golden_SOURCES = verify/check_golden.c
verify_check_golden_CFLAGS = $(VERIFY_CFLAGS)
verify_check_golden_LDADD = verify/libtestutil.la $(VERIFY_LDADD)

TESTS += verify/audit.sh
EXTRA_DIST += verify/audit.sh verify/audit.pl verify/wrap_marks.pl
CLEANFILES += spec-trace.md
# Rewrap the spec quotes of src/ that run past 100 characters (the audit
# fails on a longer line).
.PHONY: wrap-marks
wrap-marks:
	$(PERL) $(srcdir)/verify/wrap_marks.pl `find $(srcdir)/src -name '*.[ch]'`
AM_TESTS_ENVIRONMENT = PERL='$(PERL)'; export PERL;
# The command under test.  Where libtool made src/fanos a wrapper script
# (it puts src/.libs first on LD_LIBRARY_PATH and runs src/.libs/fanos),
# the tests run that program with that path themselves: the wrapper's own
# start takes about 0.14 s, ten times the command's, and the scripts start
# the command thousands of times.  In a build without shared libraries
# src/fanos is the program and FANOS stays unset.
AM_TESTS_ENVIRONMENT += if test -f src/.libs/fanos$(EXEEXT) && test -x src/.libs/fanos$(EXEEXT); then \
	FANOS="`pwd`/src/.libs/fanos$(EXEEXT)"; \
	LD_LIBRARY_PATH="`pwd`/src/.libs$${LD_LIBRARY_PATH:+:$$LD_LIBRARY_PATH}"; \
	export FANOS LD_LIBRARY_PATH; fi;

check_PROGRAMS += verify/check_properties
TESTS += verify/check_properties
verify_check_properties_SOURCES = verify/check_properties.c
verify_check_properties_CFLAGS = $(VERIFY_CFLAGS)
verify_check_properties_LDADD = $(VERIFY_LDADD)

check_PROGRAMS += verify/check_fanos
TESTS += verify/check_fanos
verify_check_fanos_SOURCES = verify/check_fanos.c
verify_check_fanos_CFLAGS = $(VERIFY_CFLAGS)
verify_check_fanos_LDADD = $(VERIFY_LDADD)

TESTS += verify/readme_example.sh verify/readme_experiment.sh verify/readme_commands.sh
EXTRA_DIST += verify/readme_example.sh verify/readme_experiment.sh verify/readme_commands.sh
AM_TESTS_ENVIRONMENT += CC='$(CC)' CFLAGS='$(CFLAGS)' LDFLAGS='$(LDFLAGS)'; export CC CFLAGS LDFLAGS;

check_PROGRAMS += verify/check_divergence
TESTS += verify/check_divergence
verify_check_divergence_SOURCES = verify/check_divergence.c
verify_check_divergence_CFLAGS = $(VERIFY_CFLAGS)
verify_check_divergence_LDADD = $(VERIFY_LDADD)

TESTS += verify/interrupt.sh
EXTRA_DIST += verify/interrupt.sh

# The shared libfanos exports exactly the functions and objects fanos.h
# declares.
TESTS += verify/exports.sh verify/no_fma.sh
EXTRA_DIST += verify/exports.sh verify/exports.pl verify/no_fma.sh

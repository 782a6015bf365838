# verify/cli.mk - the fanos command and the library API against bad input,
# fuzzing (make fuzz), valgrind (make check-valgrind), cppcheck (make cppcheck).
TESTS += verify/cli_bad_input.sh
EXTRA_DIST += verify/cli_bad_input.sh

# Output files: devices and pipes written directly, links followed,
# directories and the command's own inputs refused before any work.
TESTS += verify/outputs.sh
EXTRA_DIST += verify/outputs.sh

# paper/floor.pl (the make-paper floor and its factors) on made-up results.
TESTS += verify/floor.sh
EXTRA_DIST += verify/floor.sh

# The paper's scripts on results a user makes: each figure script through
# gnuplot on hand-made files of one draws source and a few methods, and
# report.pl --compare (make T1, ...) with its z worked out by hand.
TESTS += verify/paper_scripts.sh
EXTRA_DIST += verify/paper_scripts.sh

# The package cites only what it ships; make install installs the
# experiment files, published.csv, the draws and doc/ where the man page
# says, and the man page has its EXAMPLES, ENVIRONMENT and SEE ALSO.
TESTS += verify/package_files.sh
EXTRA_DIST += verify/package_files.sh
AM_TESTS_ENVIRONMENT += MAKE='$(MAKE)' INST_PKGDATADIR='$(pkgdatadir)' \
	INST_DOCDIR='$(docdir)' INST_MAN1DIR='$(man1dir)'; \
	export MAKE INST_PKGDATADIR INST_DOCDIR INST_MAN1DIR;

check_PROGRAMS += verify/check_api
TESTS += verify/check_api
verify_check_api_SOURCES = verify/check_api.c
verify_check_api_CFLAGS = $(VERIFY_CFLAGS)
verify_check_api_LDADD = $(VERIFY_LDADD)

# The names and files a user types: fanos_suggest, the method names of the
# paper, the place of a bad token, the plug-in loader (check_names); the
# command's messages, and --objective on shared objects built with $(CC)
# (names.sh).
check_PROGRAMS += verify/check_names
TESTS += verify/check_names
verify_check_names_SOURCES = verify/check_names.c
verify_check_names_CFLAGS = $(VERIFY_CFLAGS)
verify_check_names_LDADD = $(VERIFY_LDADD)
TESTS += verify/names.sh
EXTRA_DIST += verify/names.sh

# The command's progress display where a script cannot time it: the
# interval between redraws on a terminal (a pty) and off one (check_cli,
# linked with the command's util.c and what it calls).
check_PROGRAMS += verify/check_cli
TESTS += verify/check_cli
verify_check_cli_SOURCES = verify/check_cli.c src/cli/util.c \
	src/cli/names.c src/cli/problem.c
verify_check_cli_CFLAGS = $(VERIFY_CFLAGS)
verify_check_cli_LDADD = $(VERIFY_LDADD)

include verify/fuzz/fuzz.mk

# valgrind memcheck on the command's main paths (not in make check).
EXTRA_DIST += verify/valgrind.sh verify/valgrind.supp
.PHONY: check-valgrind
check-valgrind: all $(check_PROGRAMS)
	$(AM_V_at)LIBTOOL='$(LIBTOOL)' $(SHELL) $(srcdir)/verify/valgrind.sh

# cppcheck on src/ (suppressions only inline, each with its reason; the one
# global suppression, missingIncludeSystem, is because the system headers
# are not given to cppcheck: it checks our code, not libc's or GSL's).
# -D__GNUC__ checks the configuration that is built (attributes in cli.h).
.PHONY: cppcheck
cppcheck:
	cppcheck --enable=warning,style,performance,portability \
	  --error-exitcode=1 --inline-suppr --std=c11 --quiet \
	  -I$(top_builddir) -I$(top_srcdir)/src -D__GNUC__ \
	  --suppress=missingIncludeSystem $(top_srcdir)/src

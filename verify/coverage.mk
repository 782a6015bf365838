# verify/coverage.mk - `make coverage`: line and branch coverage (gcov,
# through lcov) of libfanos and of the command over one `make check`.
#
# The measurement never touches this build: the rule copies the
# distribution (make distdir) into $(COVERAGE_TREE), configures the copy
# with --enable-coverage (-O0 --coverage) and the data folders of this
# build, and runs its make check there.  Then:
#   $(R)/coverage/index.html   the HTML report (genhtml), per file and line;
#   $(R)/coverage.csv          per file of src/: lines, lines hit, line %,
#                              branches, branches hit, branch %, with the
#                              totals of the library and of the command;
#   $(R)/coverage.sources      the digest of the sources measured
#                              (verify/coverage.pl digest), so that the
#                              paper tells data of other sources;
#   $(R)/coverage/uncovered.txt  the line ranges no test runs, per file.
# It fails when make check fails, or when the library's line or branch
# coverage falls below its floor in verify/coverage_floor.  `make paper`
# does not run it (a second full make check at -O0 takes minutes): the
# paper's appendix prints the table of the last `make coverage` of these
# sources, or says that coverage was not measured for them.
COVERAGE_TREE = $(R)/coverage-build
COVERAGE_HTML = $(R)/coverage
COVERAGE_FLOOR = $(srcdir)/verify/coverage_floor
EXTRA_DIST += verify/coverage.pl verify/coverage_floor
LCOV_RC = --rc lcov_branch_coverage=1
# Debian's lcov 1.16 warns that its geninfo defines some subroutines twice
# (noise, not a finding): those lines are dropped from its messages.
LCOV_QUIET = 2> $(COVERAGE_HTML)/lcov.err; rc=$$?; \
	grep -v '^Subroutine .* redefined at ' $(COVERAGE_HTML)/lcov.err >&2; test $$rc = 0

.PHONY: coverage
coverage:
	@if test "x$(LCOV)" = xno || test "x$(GENHTML)" = xno; then \
	  echo "make coverage needs lcov and genhtml: apt-get install lcov, then ./configure" >&2; \
	  exit 1; fi
	@mkdir -p $(R)
	rm -rf $(COVERAGE_TREE) $(COVERAGE_HTML) $(R)/coverage.csv $(R)/coverage.sources
	@mkdir -p $(COVERAGE_HTML)
	$(PERL) $(srcdir)/verify/coverage.pl digest $(srcdir) > $(COVERAGE_HTML)/sources
	$(MAKE) $(AM_MAKEFLAGS) distdir distdir=$(COVERAGE_TREE) top_distdir=$(COVERAGE_TREE) >/dev/null
	cd $(COVERAGE_TREE) && ./configure -q --enable-coverage CC='$(CC)' \
	  --with-fashion-mnist='$(FASHION_MNIST_DIR)' --with-fortunes='$(FORTUNES_DIR)' >/dev/null
	cd $(COVERAGE_TREE) && $(MAKE) $(AM_MAKEFLAGS) >/dev/null && $(MAKE) $(AM_MAKEFLAGS) check
	@root=`cd $(COVERAGE_TREE) && pwd`; \
	  echo "  LCOV     $(COVERAGE_HTML)/coverage.info"; \
	  $(LCOV) -q $(LCOV_RC) --capture --directory $$root -o $(COVERAGE_HTML)/all.info $(LCOV_QUIET) && \
	  $(LCOV) -q $(LCOV_RC) --extract $(COVERAGE_HTML)/all.info "$$root/src/*" \
	    -o $(COVERAGE_HTML)/coverage.info $(LCOV_QUIET) && rm -f $(COVERAGE_HTML)/all.info && \
	  echo "  GENHTML  $(COVERAGE_HTML)/index.html" && \
	  $(GENHTML) -q $(LCOV_RC) --branch-coverage --prefix $$root --title 'libfanos and the fanos command: make check' \
	    -o $(COVERAGE_HTML) $(COVERAGE_HTML)/coverage.info $(LCOV_QUIET) && \
	  $(PERL) $(srcdir)/verify/coverage.pl summary $(COVERAGE_HTML)/coverage.info $$root \
	    $(COVERAGE_FLOOR) $(R)/coverage.csv $(COVERAGE_HTML)/uncovered.txt; rc=$$?; \
	  mv $(COVERAGE_HTML)/sources $(R)/coverage.sources; rm -f $(COVERAGE_HTML)/lcov.err; \
	  echo "The report: `pwd`/$(COVERAGE_HTML)/index.html; the table: $(R)/coverage.csv"; \
	  exit $$rc

# The copy and its build (about 25 MB) go with `make clean'; the results
# stay, as the paper's do.
# (and the copy of `make check-clones', verify/clones.mk)
clean-local:
	rm -rf $(COVERAGE_TREE) $(CLONES_TREE)

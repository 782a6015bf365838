# verify/mutants.mk - `make mutants`: the mutation analysis keyed by spec ID
# (verify/mutants.pl): every mutant of every statement a spec quote marks,
# against the tests that name its ID; `make mutants-sample`: the fixed
# sample that CI runs (per ID, the first mutant of each of the first two
# operator classes of its statement).
# Both fail when a mutant survives that verify/mutants_equivalent.txt does
# not list; the report is build/mutants/report.csv (.md, .tex).  Neither
# touches the logs of make check, and both leave the sources and the build
# as they found them (time stamps included).  In a plain build a mutant
# that reads or writes out of bounds may survive by chance: CI runs the
# sample here and in a clone at once (MUTANTS_FLAGS='--shard 1/2' and
# '--shard 2/2'), then MUTANTS_FLAGS='--retry DIR1,DIR2' (the two runs'
# build/mutants) in its --enable-sanitizers build, which runs again only
# what the first run did not kill, and fails when that fails.  The sample
# leaves out the IDs of verify/mutants_pending.txt (each with why it
# waits; none at present); `make mutants` runs every ID.
EXTRA_DIST += verify/mutants.pl verify/mutants_equivalent.txt verify/mutants_pending.txt
mutants mutants-sample: all $(check_PROGRAMS) $(check_LTLIBRARIES)
	@$(AM_TESTS_ENVIRONMENT) srcdir='$(srcdir)'; export srcdir; \
	  case $@ in mutants-sample) s="--sample --pending $(srcdir)/verify/mutants_pending.txt" ;; *) s= ;; esac; \
	  $(PERL) $(srcdir)/verify/mutants.pl --src $(srcdir) --out build/mutants \
	    --make '$(MAKE)' --programs '$(check_PROGRAMS)' $$s $(MUTANTS_FLAGS)
.PHONY: mutants mutants-sample

# verify/fuzz/fuzz.mk - libFuzzer harnesses (clang): `make fuzz` builds
# them, verify/fuzz/run.sh runs each for a bounded time on its committed
# seed corpus, and `make check` replays every corpus file (seeds and the
# crashes once found) through the same harness code built without
# libFuzzer, under ASan+UBSan when configured with --enable-sanitizers.
#
# Harnesses (FUZZ_HARNESSES; the source is verify/fuzz/fuzz_NAME.c, the
# seed corpus verify/fuzz/corpus/NAME/, an optional dictionary
# verify/fuzz/NAME.dict):
#   x0        fanos_parse_vector(), the reader of --x0 files
#   run_args  run_parse_args(), the argument parser of `fanos run`
#   experiment  experiment_load_text(), the experiment-file parser of
#             fanos sweep and merge --expect (doc/experiments.md), and the
#             plan of the files it accepts
#
# A crash found by run.sh is saved as fuzz-artifacts/NAME/crash-*: fix the
# bug, then commit the file as verify/fuzz/corpus/NAME/crash-SHORTNAME so
# that `make check` replays it from then on.

FUZZ_HARNESSES = x0 run_args experiment
# Without -fopenmp (clang's libomp is not needed): the sweep's OpenMP
# pragmas are ignored and <omp.h> is behind #ifdef _OPENMP; no harness
# runs a sweep.
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_BINS = $(FUZZ_HARNESSES:%=verify/fuzz/fuzz_%)
EXTRA_DIST += verify/fuzz/run.sh verify/fuzz/corpus verify/fuzz/run_args.dict \
	verify/fuzz/fuzz_x0.c verify/fuzz/fuzz_run_args.c \
	verify/fuzz/fuzz_experiment.c verify/fuzz/experiment.dict
CLEANFILES += $(FUZZ_BINS)

# One target a harness, so that `make -j2 fuzz` builds two at once; each
# is rebuilt at every `make fuzz` (fuzz-cc is phony).
.PHONY: fuzz fuzz-cc
fuzz: $(FUZZ_BINS)
	@echo "make fuzz: built; run them with: sh $(srcdir)/verify/fuzz/run.sh [SECONDS]"
fuzz-cc:
	@if test "x$(FUZZ_CC)" = xno || test -z "$(FUZZ_CC)"; then \
	  echo "make fuzz: no clang with libFuzzer was found by configure;"; \
	  echo "  install the Debian packages clang libclang-rt-14-dev"; \
	  echo "  (apt-get install clang libclang-rt-14-dev), then rerun ./configure"; \
	  exit 1; \
	fi
$(FUZZ_BINS): verify/fuzz/fuzz_%: fuzz-cc
	@$(MKDIR_P) verify/fuzz
	@lib=; for f in $(src_libfanos_internal_la_SOURCES); do \
	  case $$f in *.c) lib="$$lib $(srcdir)/$$f";; esac; done; \
	cli=; for f in $(src_fanos_SOURCES); do \
	  case $$f in src/cli/main.c) ;; *.c) cli="$$cli $(srcdir)/$$f";; esac; done; \
	echo "  FUZZ     $@"; \
	$(FUZZ_CC) $(FUZZ_FLAGS) $(DEFS) -I$(top_builddir) \
	  -I$(top_srcdir)/src $(INIH_CFLAGS) -o $@ \
	  $(srcdir)/verify/fuzz/fuzz_$*.c $$lib $$cli \
	  $(GSL_LIBS) $(LBFGS_LIBS) $(CSV_LIBS) $(INIH_LIBS) $(ZLIB_LIBS) $(LIBS)

# The replays run by `make check`.
check_PROGRAMS += verify/fuzz/replay_x0 verify/fuzz/replay_run_args \
	verify/fuzz/replay_experiment
TESTS += verify/fuzz/replay_x0 verify/fuzz/replay_run_args \
	verify/fuzz/replay_experiment
verify_fuzz_replay_x0_SOURCES = verify/fuzz/replay.c verify/fuzz/fuzz_x0.c
verify_fuzz_replay_x0_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCORPUS_DIR='"$(abs_top_srcdir)/verify/fuzz/corpus/x0"'
verify_fuzz_replay_x0_LDADD = src/libfanos.la $(GSL_LIBS) $(LIBS)
# run_parse_args() and what it calls in src/cli/ (keep in step with cmd_run.c)
verify_fuzz_replay_run_args_SOURCES = verify/fuzz/replay.c \
	verify/fuzz/fuzz_run_args.c src/cli/cmd_run.c src/cli/util.c \
	src/cli/problem.c src/cli/names.c
verify_fuzz_replay_run_args_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCORPUS_DIR='"$(abs_top_srcdir)/verify/fuzz/corpus/run_args"'
verify_fuzz_replay_run_args_LDADD = src/libfanos.la $(GSL_LIBS) $(LIBS)
# experiment_load_text() and what it calls in src/cli/
verify_fuzz_replay_experiment_SOURCES = verify/fuzz/replay.c \
	verify/fuzz/fuzz_experiment.c src/cli/experiment.c src/cli/rawcsv.c \
	src/cli/util.c src/cli/names.c src/cli/problem.c
verify_fuzz_replay_experiment_CPPFLAGS = $(AM_CPPFLAGS) $(INIH_CFLAGS) \
	-DCORPUS_DIR='"$(abs_top_srcdir)/verify/fuzz/corpus/experiment"'
verify_fuzz_replay_experiment_LDADD = src/libfanos.la $(INIH_LIBS) \
	$(CSV_LIBS) $(GSL_LIBS) $(LIBS)

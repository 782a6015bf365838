# bench.mk - `make bench`: the optimizer step kernels against this machine's
# memory bandwidth (src/cli/bench_steps.c; doc/performance.md reads the
# figures).  A benchmark, not a test: it is never part of `make check`.
.PHONY: bench
bench: src/fanos$(EXEEXT)
	./src/fanos$(EXEEXT) bench-steps --csv bench_steps.csv
CLEANFILES += bench_steps.csv
EXTRA_DIST += doc/performance.md

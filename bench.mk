# bench.mk - `make bench`: the speed probes of `fanos bench` (step kernels
# against the memory bandwidth, the PINN evaluation against a dgemm probe
# of the same shapes; doc/performance.md), then, when `make paper` has
# produced its results, the paper's floor and wall time from them.
# A benchmark, not a test: never part of `make check`.
.PHONY: bench
bench: src/fanos$(EXEEXT)
	./src/fanos$(EXEEXT) bench steps --csv bench_steps.csv
	./src/fanos$(EXEEXT) bench pinn
	@if test -f build/raw/bench.csv; then $(PERL) $(srcdir)/paper/floor.pl build; \
	  else echo "paper_floor_s and paper_wall_s: run make paper first"; fi
CLEANFILES += bench_steps.csv

# bench.mk - `make bench`: the speed probes of `fanos bench` (step kernels
# against the memory bandwidth, the PINN evaluation against a dgemm probe
# of the same shapes, the products of T5-T7 against the passes that make
# them; the Fashion-MNIST MLP step beside PyTorch's, when
# python3-torch is installed; doc/performance.md), then, when `make paper` has
# produced its results, the paper's floor and wall time from them.
# A benchmark, not a test: never part of `make check`.
.PHONY: bench
bench: src/fanos$(EXEEXT)
	./src/fanos$(EXEEXT) bench steps --csv bench_steps.csv
	./src/fanos$(EXEEXT) bench pinn
	./src/fanos$(EXEEXT) bench data $(srcdir)/experiments/fashion_softmax_tuned.ini \
	  $(srcdir)/experiments/fashion_mlp_tuned.ini $(srcdir)/experiments/charlm_tuned.ini
	@for py in python3 /usr/bin/python3; do \
	  if $$py -c 'import torch' 2>/dev/null; then \
	    echo "$$py $(srcdir)/verify/torch_bench.py ./src/fanos$(EXEEXT)"; \
	    $$py $(srcdir)/verify/torch_bench.py ./src/fanos$(EXEEXT) || exit 1; \
	    exit 0; fi; done; \
	  echo "no python3 with PyTorch (Debian: apt-get install python3-torch): the MLP step alone"; \
	  ./src/fanos$(EXEEXT) bench mlp
	@if test -f build/raw/bench.csv; then $(PERL) $(srcdir)/paper/floor.pl build; \
	  else echo "paper_floor_s and paper_wall_s: run make paper first"; fi
CLEANFILES += bench_steps.csv
EXTRA_DIST += verify/torch_bench.py

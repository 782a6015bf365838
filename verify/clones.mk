# verify/clones.mk - `make check-clones`: the command of this build (the
# steps and passes in their AVX-512, AVX2 and baseline clones, the CPU's
# widest running) against a build of the same sources with one baseline
# copy of each (-DFANOS_NO_VECTOR_CLONES): verify/clones.sh runs both on
# the same cases and fails when a trace or a result differs in one byte.
# The copy is configured in $(CLONES_TREE) from `make distdir`, with the
# data folders of this build; it goes with `make clean`.  Not part of make
# check (a second build and 196 runs: about two minutes on two cores).
CLONES_TREE = $(R)/noclones-build
EXTRA_DIST += verify/clones.sh

.PHONY: check-clones
check-clones: all
	rm -rf $(CLONES_TREE)
	$(MAKE) $(AM_MAKEFLAGS) distdir distdir=$(CLONES_TREE) top_distdir=$(CLONES_TREE) >/dev/null
	cd $(CLONES_TREE) && ./configure -q CC='$(CC)' CPPFLAGS='$(CPPFLAGS) -DFANOS_NO_VECTOR_CLONES' \
	  --with-fashion-mnist='$(FASHION_MNIST_DIR)' --with-fortunes='$(FORTUNES_DIR)' >/dev/null
	cd $(CLONES_TREE) && $(MAKE) $(AM_MAKEFLAGS) >/dev/null
	$(SHELL) $(srcdir)/verify/clones.sh $(abs_top_builddir)/src/fanos \
	  `cd $(CLONES_TREE) && pwd`/src/fanos

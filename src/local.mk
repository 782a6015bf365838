# src/local.mk - libfanos and the fanos command; each folder adds its files.
#
# Every library source is compiled once, with hidden symbols, as the
# objects of the convenience library libfanos_internal.la; the shared
# libfanos is linked from those objects (the same objects the convenience
# library holds, without packing and unpacking an archive: a change of one
# source relinks it in 2 s instead of 8), and exports only what fanos.h
# declares (the visibility pragma there; verify/exports.sh checks it).
# Tests of internal functions link libfanos_internal.la statically; the
# command links libfanos.
noinst_LTLIBRARIES = src/libfanos_internal.la
src_libfanos_internal_la_SOURCES = src/core/internal.h
src_libfanos_internal_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
src_libfanos_internal_la_LIBADD = $(GSL_LIBS) $(LBFGS_LIBS) $(LIBS)

lib_LTLIBRARIES += src/libfanos.la
include_HEADERS += src/fanos.h
src_libfanos_la_SOURCES =
src_libfanos_la_LDFLAGS = -version-info $(FANOS_LT_VERSION) -no-undefined
src_libfanos_la_LIBADD = $(src_libfanos_internal_la_OBJECTS) $(src_libfanos_internal_la_LIBADD) $(OPENMP_CFLAGS)
src_libfanos_la_DEPENDENCIES = $(src_libfanos_internal_la_OBJECTS)

bin_PROGRAMS += src/fanos
src_fanos_SOURCES = src/cli/cli.h
src_fanos_LDADD = src/libfanos.la $(GSL_LIBS) $(LIBS)

include src/core/local.mk
include src/optim/local.mk
include src/problems/local.mk
include src/run/local.mk
include src/data/local.mk
include src/cli/local.mk

# The man page is generated from --help (the list of commands) and, in a
# section of its own, the --help of every command, each as preformatted
# text (backslashes and leading dots or quotes escaped for roff); then the
# sections EXAMPLES, ENVIRONMENT, FILES and SEE ALSO of doc/fanos.h2m.in,
# with the installed folders of the experiment files, the draws and the
# documents put in.
man_MANS += fanos.1
CLEANFILES += fanos.1 fanos.h2m
EXTRA_DIST += doc/fanos.h2m.in
fanos.1: src/fanos$(EXEEXT) $(srcdir)/doc/fanos.h2m.in
	$(AM_V_GEN){ echo '[COMMANDS IN DETAIL]'; \
	  for c in $$(./src/fanos$(EXEEXT) --help | \
	              awk '/^Commands:/ {on = 1; next} on && !NF {exit} on {print $$1}') \
	           'bench steps'; do \
	    h=$$(./src/fanos$(EXEEXT) $$c --help) || exit 1; \
	    printf '.SS "fanos %s"\n.nf\n' "$$c"; \
	    printf '%s\n' "$$h" | \
	      sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; \
	    printf '.fi\n'; \
	  done; \
	  sed -e 's|%docdir%|$(docdir)|g' -e 's|%experimentsdir%|$(experimentsdir)|g' \
	      -e 's|%drawsdir%|$(drawsdir)|g' $(srcdir)/doc/fanos.h2m.in; \
	  } > fanos.h2m.tmp && mv fanos.h2m.tmp fanos.h2m
	$(AM_V_at)$(HELP2MAN) --no-info --name='FANoS reproduction package command' \
	  --include=fanos.h2m --output=$@.tmp ./src/fanos$(EXEEXT) && mv $@.tmp $@

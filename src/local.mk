# src/local.mk - libfanos and the fanos command; each folder adds its files.
lib_LTLIBRARIES += src/libfanos.la
include_HEADERS += src/fanos.h
src_libfanos_la_SOURCES = src/core/internal.h
src_libfanos_la_LDFLAGS = -version-info $(FANOS_LT_VERSION) -no-undefined
src_libfanos_la_LIBADD = $(GSL_LIBS) $(LBFGS_LIBS) $(CSV_LIBS) $(INIH_LIBS) $(LIBS) $(OPENMP_CFLAGS)
src_libfanos_la_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS)

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
# text (backslashes and leading dots or quotes escaped for roff).
man_MANS += fanos.1
CLEANFILES += fanos.1 fanos.h2m
fanos.1: src/fanos$(EXEEXT)
	$(AM_V_GEN){ echo '[COMMANDS IN DETAIL]'; \
	  for c in $$(./src/fanos$(EXEEXT) --help | \
	              awk '/^Commands:/ {on = 1; next} on && !NF {exit} on {print $$1}') \
	           'bench steps'; do \
	    h=$$(./src/fanos$(EXEEXT) $$c --help) || exit 1; \
	    printf '.SS "fanos %s"\n.nf\n' "$$c"; \
	    printf '%s\n' "$$h" | \
	      sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; \
	    printf '.fi\n'; \
	  done; } > fanos.h2m.tmp && mv fanos.h2m.tmp fanos.h2m
	$(AM_V_at)$(HELP2MAN) --no-info --name='FANoS reproduction package command' \
	  --include=fanos.h2m --output=$@.tmp ./src/fanos$(EXEEXT) && mv $@.tmp $@

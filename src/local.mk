# src/local.mk - libfanos and the fanos command.
lib_LTLIBRARIES += src/libfanos.la
include_HEADERS += src/fanos.h
src_libfanos_la_SOURCES = \
	src/core/errors.c \
	src/core/params.c \
	src/core/optimizer.c \
	src/core/internal.h \
	src/core/vector_io.c \
	src/optim/registry.c \
	src/optim/fanos.c \
	src/problems/rosenbrock.c \
	src/run/runner.c
src_libfanos_la_LDFLAGS = -version-info $(FANOS_LT_VERSION) -no-undefined
src_libfanos_la_LIBADD = $(GSL_LIBS) $(LBFGS_LIBS) $(CSV_LIBS) $(INIH_LIBS) $(LIBS) $(OPENMP_CFLAGS)
src_libfanos_la_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS)

bin_PROGRAMS += src/fanos
src_fanos_SOURCES = \
	src/cli/main.c \
	src/cli/cli.h \
	src/cli/util.c \
	src/cli/cmd_run.c \
	src/cli/cmd_params.c
src_fanos_LDADD = src/libfanos.la $(GSL_LIBS) $(LIBS)

# The man page is generated from --help.
man_MANS += fanos.1
CLEANFILES += fanos.1
fanos.1: src/fanos$(EXEEXT)
	$(AM_V_GEN)$(HELP2MAN) --no-info --name='FANoS reproduction package command' \
	  --output=$@.tmp ./src/fanos$(EXEEXT) && mv $@.tmp $@

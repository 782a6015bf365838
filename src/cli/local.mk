# src/cli/local.mk - the fanos command.
src_fanos_SOURCES += \
	src/cli/main.c \
	src/cli/util.c \
	src/cli/cmd_run.c \
	src/cli/cmd_params.c \
	src/cli/cmd_stability.c \
	src/cli/problem.c \
	src/cli/names.c \
	src/cli/bench_steps.c
# The installed reference draws (experiments/local.mk), the default of
# --draws-dir.
AM_CPPFLAGS += -DFANOS_DRAWS_DIR='"$(pkgdatadir)/draws"'

# Sweeps and statistics: experiment files (inih), raw CSVs (libcsv), OpenMP.
src_fanos_SOURCES += \
	src/cli/experiment.h \
	src/cli/experiment.c \
	src/cli/rawcsv.c \
	src/cli/journal.c \
	src/cli/cmd_sweep.c \
	src/cli/cmd_merge.c \
	src/cli/cmd_stats.c
src_fanos_CPPFLAGS = $(AM_CPPFLAGS) $(INIH_CFLAGS) -DFANOS_PKGDATADIR='"$(pkgdatadir)"'
src_fanos_LDADD += $(INIH_LIBS) $(CSV_LIBS)
src_fanos_LDFLAGS = $(OPENMP_CFLAGS)
# PINN runs and speed probes
src_fanos_SOURCES += src/cli/cmd_pinn.c src/cli/cmd_bench.c src/cli/blas.c
# The thermostat question (doc/spec.md section 14).
src_fanos_SOURCES += src/cli/cmd_thermostat.c

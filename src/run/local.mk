# src/run/local.mk - runners.
src_libfanos_internal_la_SOURCES += \
	src/run/runner.c \
	src/run/stats.c
src_libfanos_internal_la_SOURCES += \
	src/run/lbfgs.c
src_libfanos_internal_la_SOURCES += \
	src/run/warmstart.c \
	src/run/experiment.c \
	src/run/tuning.c \
	src/run/bench.c \
	src/run/stability.c \
	src/run/resume.c \
	src/run/rows.c \
	src/run/progress.c \
	src/run/evallog.c
# The thermostat question (doc/spec.md section 14).
src_libfanos_internal_la_SOURCES += src/run/thermostat.c

# src/run/local.mk - runners.
src_libfanos_la_SOURCES += \
	src/run/runner.c
src_libfanos_la_SOURCES += \
	src/run/warmstart.c
src_libfanos_la_SOURCES += src/run/lbfgs_pending.c

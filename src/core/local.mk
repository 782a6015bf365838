# src/core/local.mk - the generic library core.
src_libfanos_internal_la_SOURCES += \
	src/core/errors.c \
	src/core/params.c \
	src/core/optimizer.c \
	src/core/problem.c \
	src/core/vector_io.c \
	src/core/suggest.c \
	src/core/rng.c

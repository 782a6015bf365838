# src/data/local.mk - readers of the real data sets (Fashion-MNIST, a text
# corpus); zlib inflates the IDX files.
src_libfanos_internal_la_SOURCES += \
	src/data/data.h \
	src/data/error.c \
	src/data/idx.c \
	src/data/mnist.c \
	src/data/corpus.c
src_libfanos_internal_la_LIBADD += $(ZLIB_LIBS)
src_libfanos_internal_la_CFLAGS += $(ZLIB_CFLAGS)

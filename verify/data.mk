# verify/data.mk - the data-set readers: IDX files and Fashion-MNIST, the
# text corpus (synthetic files written with zlib, and the Debian files).
check_PROGRAMS += verify/check_data
TESTS += verify/check_data
verify_check_data_SOURCES = verify/check_data.c
verify_check_data_CFLAGS = $(VERIFY_CFLAGS) $(ZLIB_CFLAGS)
verify_check_data_LDADD = verify/libtestutil.la $(VERIFY_LDADD) $(ZLIB_LIBS)

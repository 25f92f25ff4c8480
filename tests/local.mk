## tests/local.mk - included by the top Makefile.am; paths from the top.
##
## One Check runner, tests/check_isrlab, runs one suite per module.  To add a
## suite: write tests/test_MODULE.c defining `Suite *suite_MODULE(void)`, add
## the file below, and add ISRLAB_SUITE(MODULE) to the list in tests/tests.h.
##
## The runner links src/libisrcore.a and Check ONLY: core code that calls
## curses, libevent or pthreads fails to link here, by design.
##
## Debugging: CK_FORK=no gdb tests/check_isrlab; CK_RUN_SUITE=util or
## CK_RUN_CASE=murmur2 run a part; CK_VERBOSITY=verbose lists every test.

check_PROGRAMS += tests/check_isrlab
TESTS += tests/check_isrlab

tests_check_isrlab_SOURCES += \
	tests/check_main.c \
	tests/tests.h \
	tests/test_util.c \
	tests/test_console.c
tests_check_isrlab_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_isrlab_LDADD = src/libisrcore.a $(CHECK_LIBS)

## Environment of every test.  CK_DEFAULT_TIMEOUT is Check's per-test limit
## in seconds (its own default is 4); a test case with real threads sets
## its own with tcase_set_timeout.  Sanitizer builds multiply it with
## CK_TIMEOUT_MULTIPLIER from the environment if they need to.
AM_TESTS_ENVIRONMENT = \
	ISRLAB_SRCDIR='$(abs_top_srcdir)'; export ISRLAB_SRCDIR; \
	ISRLAB_BIN='$(abs_top_builddir)/src/isrlab'; export ISRLAB_BIN; \
	CK_DEFAULT_TIMEOUT="$${CK_DEFAULT_TIMEOUT:-10}"; export CK_DEFAULT_TIMEOUT; \
	UBSAN_OPTIONS="$${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"; export UBSAN_OPTIONS;

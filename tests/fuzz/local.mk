## tests/fuzz/local.mk - included by the top Makefile.am; paths from the top.
##
## Six fuzz targets (tests/fuzz/fuzz-TARGET.c), each a libFuzzer entry
## point.  make check links each with tests/fuzz/driver.c and runs it over
## its seed corpus in tests/fuzz/corpus/TARGET/ (a regression test, with
## the build's own compiler and sanitizers).  `make fuzz` builds them with
## clang's libFuzzer (configure finds it: FUZZ_CC) and fuzzes each for
## FUZZ_SECONDS (default 60) in tests/fuzz/run/, leaving new inputs in
## tests/fuzz/run/TARGET/corpus and crashes in tests/fuzz/run/TARGET/.

FUZZ_TARGETS = lab console cond jsonl replay request
FUZZ_SECONDS = 60

FUZZ_COMMON = tests/fuzz/fuzz.h tests/fuzz/fuzz-common.c tests/fuzz/driver.c
FUZZ_JSON_LIBS = src/libisrjournal.a src/libisrlab.a src/libisrcore.a \
	src/libisrmodel.a $(JANSSON_LIBS) $(CMARK_LIBS)
FUZZ_JSON_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(CMARK_CFLAGS)

check_PROGRAMS += tests/fuzz/fuzz-lab tests/fuzz/fuzz-console \
	tests/fuzz/fuzz-cond tests/fuzz/fuzz-jsonl tests/fuzz/fuzz-replay \
	tests/fuzz/fuzz-request
TESTS += tests/fuzz/fuzz-lab tests/fuzz/fuzz-console \
	tests/fuzz/fuzz-cond tests/fuzz/fuzz-jsonl tests/fuzz/fuzz-replay \
	tests/fuzz/fuzz-request

tests_fuzz_fuzz_lab_SOURCES = tests/fuzz/fuzz-lab.c $(FUZZ_COMMON)
tests_fuzz_fuzz_lab_CPPFLAGS = $(AM_CPPFLAGS) $(CMARK_CFLAGS) \
	-DFUZZ_TARGET='"lab"'
tests_fuzz_fuzz_lab_LDADD = src/libisrlab.a src/libisrcore.a \
	src/libisrmodel.a $(CMARK_LIBS)

tests_fuzz_fuzz_console_SOURCES = tests/fuzz/fuzz-console.c $(FUZZ_COMMON)
tests_fuzz_fuzz_console_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"console"'
tests_fuzz_fuzz_console_LDADD = src/libisrcore.a src/libisrmodel.a

tests_fuzz_fuzz_cond_SOURCES = tests/fuzz/fuzz-cond.c $(FUZZ_COMMON)
tests_fuzz_fuzz_cond_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"cond"'
tests_fuzz_fuzz_cond_LDADD = src/libisrcore.a src/libisrmodel.a

tests_fuzz_fuzz_jsonl_SOURCES = tests/fuzz/fuzz-jsonl.c $(FUZZ_COMMON)
tests_fuzz_fuzz_jsonl_CPPFLAGS = $(FUZZ_JSON_CPPFLAGS) -DFUZZ_TARGET='"jsonl"'
tests_fuzz_fuzz_jsonl_LDADD = $(FUZZ_JSON_LIBS)

tests_fuzz_fuzz_replay_SOURCES = tests/fuzz/fuzz-replay.c $(FUZZ_COMMON)
tests_fuzz_fuzz_replay_CPPFLAGS = $(FUZZ_JSON_CPPFLAGS) \
	-DFUZZ_TARGET='"replay"'
tests_fuzz_fuzz_replay_LDADD = $(FUZZ_JSON_LIBS)

tests_fuzz_fuzz_request_SOURCES = tests/fuzz/fuzz-request.c $(FUZZ_COMMON)
tests_fuzz_fuzz_request_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_TARGET='"request"'
tests_fuzz_fuzz_request_LDADD = src/libisrcore.a src/libisrmodel.a

EXTRA_DIST += tests/fuzz/fuzz.sh tests/fuzz/corpus

## fuzz.sh instruments every .c of the four libraries.
.PHONY: fuzz
fuzz:
	@FUZZ_CC='$(FUZZ_CC)' FUZZ_SECONDS='$(FUZZ_SECONDS)' \
	FUZZ_TARGETS='$(FUZZ_TARGETS)' \
	FUZZ_CPPFLAGS='-I$(abs_top_builddir) -I$(abs_top_srcdir)/src $(CPPFLAGS) $(JANSSON_CFLAGS) $(CMARK_CFLAGS)' \
	FUZZ_LIBS='$(JANSSON_LIBS) $(CMARK_LIBS) $(LIBS)' \
	FUZZ_SOURCES='$(src_libisrmodel_a_SOURCES) $(src_libisrcore_a_SOURCES) $(src_libisrlab_a_SOURCES) $(src_libisrjournal_a_SOURCES)' \
	$(SHELL) $(srcdir)/tests/fuzz/fuzz.sh '$(abs_top_srcdir)' \
	    '$(abs_top_builddir)/tests/fuzz/run'

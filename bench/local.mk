## bench/local.mk - included by the top Makefile.am; paths from the top.
##
## Benchmarks print figures; they never pass or fail and are not part of
## `make` or `make check`.  `make bench` builds every program in
## BENCHMARKS and runs each in turn.  To add one:
##
##   BENCHMARKS += bench/bench_model
##   bench_bench_model_SOURCES = bench/bench_model.c
##   bench_bench_model_LDADD = src/libisrmodel.a

EXTRA_PROGRAMS += $(BENCHMARKS)
CLEANFILES += $(BENCHMARKS)
EXTRA_DIST += bench/bench.h

.PHONY: bench
bench: $(BENCHMARKS) src/isrlab$(EXEEXT)
	@list='$(BENCHMARKS)'; \
	if test -z "$$list"; then echo "bench: no benchmark programs yet"; exit 0; fi; \
	for p in $$list; do \
	  echo "== $$p"; \
	  ./$$p || exit 1; \
	done
if HAVE_RDKAFKA
	@$(MAKE) $(AM_MAKEFLAGS) bench/bench_mock src/isrlab && \
	echo "== bench/bench-kcat.sh" && \
	$(SHELL) $(srcdir)/bench/bench-kcat.sh ./src/isrlab ./bench/bench_mock
endif

## kcat into isrlab and into librdkafka's mock cluster (issue 16):
## bench/bench_mock serves the mock, bench/bench-kcat.sh times both.
if HAVE_RDKAFKA
EXTRA_PROGRAMS += bench/bench_mock
bench_bench_mock_SOURCES = bench/bench_mock.c
bench_bench_mock_CFLAGS = $(AM_CFLAGS) $(RDKAFKA_CFLAGS)
bench_bench_mock_LDADD = $(RDKAFKA_LIBS)
endif
CLEANFILES += bench/bench_mock
EXTRA_DIST += bench/bench-kcat.sh

BENCHMARKS += bench/bench_model
bench_bench_model_SOURCES = bench/bench_model.c
bench_bench_model_LDADD = src/libisrmodel.a

## Threaded runtime: records/s through client_run with snapshots taken
## meanwhile, failover latency in lab time, idle CPU.
BENCHMARKS += bench/bench_runtime
bench_bench_runtime_SOURCES = bench/bench_runtime.c
bench_bench_runtime_CPPFLAGS = $(AM_CPPFLAGS) $(LIBEVENT_CFLAGS)
bench_bench_runtime_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
bench_bench_runtime_LDADD = src/libisrrt.a src/libisrcore.a \
	src/libisrmodel.a $(LIBEVENT_LIBS) $(PTHREAD_LIBS)

## TUI frame time: snapshot + rows + draw + refresh on a /dev/null screen.
BENCHMARKS += bench/bench_tui
bench_bench_tui_SOURCES = bench/bench_tui.c
bench_bench_tui_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
bench_bench_tui_LDADD = src/libisrtui.a src/libisrclass.a \
	src/libisrjournal.a src/libisrlab.a src/libisrcore.a src/libisrmodel.a \
	$(NCURSESW_LIBS) $(LIBEVENT_LIBS) $(CMARK_LIBS) $(JANSSON_LIBS) \
	$(LIBCRYPTO_LIBS) $(PTHREAD_LIBS)

## Scaling with partitions: messages/s, idle CPU, frame, describe, RSS
## for 1 to 10,000 partitions and each column's growth exponent.
BENCHMARKS += bench/bench_scale
bench_bench_scale_SOURCES = bench/bench_scale.c
bench_bench_scale_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
bench_bench_scale_LDADD = $(bench_bench_tui_LDADD) -lm

## The live screen's first frame and its brokers coming up, on the real
## binary in a pseudo-terminal (issue 17).
BENCHMARKS += bench/bench_first_frame
bench_bench_first_frame_SOURCES = bench/bench_first_frame.c
bench_bench_first_frame_LDADD = -lutil

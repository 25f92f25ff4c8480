## bench/local.mk - included by the top Makefile.am; paths from the top.
##
## Benchmarks print figures; they never pass or fail and are not part of
## `make` or `make check`.  `make bench` builds every program in
## BENCHMARKS and runs each in turn.  To add one:
##
##   BENCHMARKS += bench/bench_model
##   bench_bench_model_SOURCES = bench/bench_model.c
##   bench_bench_model_LDADD = src/libisrcore.a

EXTRA_PROGRAMS += $(BENCHMARKS)
CLEANFILES += $(BENCHMARKS)

.PHONY: bench
bench: $(BENCHMARKS)
	@list='$(BENCHMARKS)'; \
	if test -z "$$list"; then echo "bench: no benchmark programs yet"; exit 0; fi; \
	for p in $$list; do \
	  echo "== $$p"; \
	  ./$$p || exit 1; \
	done

## tests/coverage.mk - `make coverage`: line coverage of `make check`.
##
## Builds a copy of the distributed sources (make distdir) in
## build-coverage/isrlab with --coverage -O0 (counters updated atomically:
## the brokers run on threads), runs make check there with Check's
## timeouts 5 times longer (the instrumented build is slow), and prints
## the line coverage of each module (src/<folder>; src/main.c is "main")
## and overall with gcovr (tests/coverage-table.sh).  The copy keeps the
## build in this tree untouched; it is remade on every run.  Not part of
## `make check` or of CI.

coverage_dir = build-coverage

.PHONY: coverage
coverage:
	rm -rf $(coverage_dir)
	mkdir $(coverage_dir)
	$(MAKE) $(AM_MAKEFLAGS) distdir distdir=$(coverage_dir)/isrlab
	cd $(coverage_dir)/isrlab && ./configure --quiet \
	    CFLAGS='--coverage -fprofile-update=atomic -O0 -g' \
	    LDFLAGS='--coverage' && \
	    $(MAKE) && CK_TIMEOUT_MULTIPLIER=5 $(MAKE) check
	$(SHELL) $(srcdir)/tests/coverage-table.sh $(coverage_dir)/isrlab

clean-local: coverage-clean
.PHONY: coverage-clean
coverage-clean:
	rm -rf $(coverage_dir)

EXTRA_DIST += tests/coverage.mk tests/coverage-table.sh

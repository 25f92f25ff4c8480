## tests/local.mk - included by the top Makefile.am; paths from the top.
##
## Two Check runners built from one tests/check_main.c run one suite per
## module.  To add a suite: write tests/test_MODULE.c defining
## `Suite *suite_MODULE(void)`, add the file below, and add
## ISRLAB_SUITE(MODULE) (ISRLAB_MODEL_SUITE for util or model) to the list
## in tests/tests.h.
##
## tests/check_model links src/libisrmodel.a (util + model) and Check ONLY;
## tests/check_isrlab adds src/libisrcore.a (engine, sim, console, ...).
## Code in them that calls curses, libevent or pthreads fails to link here,
## by design; tests/pure-symbols.sh also checks the symbols that the model
## library's objects reference, whether a test calls them or not.
##
## Debugging: CK_FORK=no gdb tests/check_isrlab; CK_RUN_SUITE=console or
## CK_RUN_CASE=e2e run a part; CK_VERBOSITY=verbose lists every test.

check_PROGRAMS += tests/check_model
TESTS += tests/check_model
tests_check_model_SOURCES = \
	tests/check_main.c \
	tests/tests.h \
	tests/test_util.c \
	tests/test_model.c
tests_check_model_CPPFLAGS = $(AM_CPPFLAGS) -DISRLAB_CHECK_MODEL
tests_check_model_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_model_LDADD = src/libisrmodel.a $(CHECK_LIBS)

check_PROGRAMS += tests/check_isrlab
TESTS += tests/check_isrlab

tests_check_isrlab_SOURCES += \
	tests/check_main.c \
	tests/tests.h \
	tests/test_engine.c \
	tests/test_e2e.c \
	tests/test_chaos.c \
	tests/harness.c tests/harness.h \
	tests/test_console.c \
	tests/test_commands.c \
	tests/test_profiles.c \
	tests/test_zk.c \
	tests/test_groups.c \
	tests/test_journal.c \
	tests/test_memory.c \
	tests/test_tui_layout.c \
	tests/test_attach.c
tests_check_isrlab_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_isrlab_LDADD = src/libisrcore.a src/libisrmodel.a $(CHECK_LIBS)

## tests/check_runtime: the real-thread tests of src/runtime, apart from
## the unit tests (which stay libc-only), in their own runner with one
## suite.  Each case sets its own timeout; outcomes are deterministic,
## timings are not.  Under valgrind: CK_FORK=no valgrind tests/check_runtime.

check_PROGRAMS += tests/check_runtime
TESTS += tests/check_runtime
tests_check_runtime_SOURCES = tests/check_runtime.c
tests_check_runtime_CPPFLAGS = $(AM_CPPFLAGS) $(LIBEVENT_CFLAGS)
tests_check_runtime_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
tests_check_runtime_LDADD = src/libisrrt.a src/libisrcore.a \
	src/libisrmodel.a $(LIBEVENT_LIBS) $(CHECK_LIBS) $(PTHREAD_LIBS)

## Environment of every test.  CK_DEFAULT_TIMEOUT is Check's per-test limit
## in seconds (its own default is 4); a test case with real threads sets
## its own with tcase_set_timeout.  Sanitizer builds multiply every limit
## by 10 (CK_TIMEOUT_MULTIPLIER, set by configure unless the caller sets
## it): a timeout catches a hang, never a slow machine.  The tests
## run in C.UTF-8, as a student's screen does, whatever the caller's
## locale is (text widths do not depend on it; programs' messages do).
AM_TESTS_ENVIRONMENT = \
	LC_ALL=C.UTF-8; export LC_ALL; \
	ISRLAB_SRCDIR='$(abs_top_srcdir)'; export ISRLAB_SRCDIR; \
	NM='$(NM)'; export NM; \
	ISRLAB_BIN='$(abs_top_builddir)/src/isrlab'; export ISRLAB_BIN; \
	ISRLAB_NODE_MODULES='$(ISRLAB_NODE_MODULES)'; export ISRLAB_NODE_MODULES; \
	XDG_STATE_HOME='$(abs_top_builddir)/tests/state'; export XDG_STATE_HOME; \
	XDG_CONFIG_HOME='$(abs_top_builddir)/tests/config'; export XDG_CONFIG_HOME; \
	ISRLAB_LOCALEDIR='$(abs_top_builddir)/tests/locale'; export ISRLAB_LOCALEDIR; \
	LANGUAGE=; export LANGUAGE; \
	CK_DEFAULT_TIMEOUT="$${CK_DEFAULT_TIMEOUT:-10}"; export CK_DEFAULT_TIMEOUT; \
	CK_TIMEOUT_MULTIPLIER="$${CK_TIMEOUT_MULTIPLIER:-@CHECK_TIMEOUT_MULTIPLIER@}"; export CK_TIMEOUT_MULTIPLIER; \
	UBSAN_OPTIONS="$${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"; export UBSAN_OPTIONS;

## Where tests/net-kafkajs.sh finds kafkajs: the npm packages `npm ci`
## installed in the source tree's tests/clients.  The tarball has none, so
## distcheck's make (run with AM_MAKEFLAGS) gets the tree's path from the
## make that started it.
ISRLAB_NODE_MODULES = $(abs_top_srcdir)/tests/clients/node_modules
AM_MAKEFLAGS = ISRLAB_NODE_MODULES='$(ISRLAB_NODE_MODULES)'

## tests/tui-labs-play.sh: every lab played on the screen by keys alone
## in Korean, and labs 01, 04 and 11 in English, typing each step's
## `lab solution` lines (skips, 77, without tmux or msgcat).  The
## longest test, so listed first: `make -j2 check` starts it first.
TESTS += tests/tui-labs-play.sh
EXTRA_DIST += tests/tui-labs-play.sh

## isrlab's command line outside the screen: options, bad values, the
## lab list, headless scripts (src/main.c).
TESTS += tests/cli.sh
EXTRA_DIST += tests/cli.sh

## Real Kafka clients against isrlab's listeners on loopback (issue 16):
## kcat, kafka-python, confluent-kafka and kafkajs (the last three run
## tests/net-client-lib.sh's scenario through tests/clients/driver.*;
## net-admin.sh their admin clients);
## each skips, 77, when its client is not installed.
TESTS += tests/net-kcat.sh tests/net-kcat-produce.sh tests/net-kcat-failover.sh \
	tests/net-kcat-zk.sh tests/net-kcat-group.sh tests/net-garbage.sh \
	tests/net-kafka-python.sh tests/net-confluent-kafka.sh tests/net-kafkajs.sh \
	tests/net-admin.sh
EXTRA_DIST += tests/net-kcat.sh tests/net-kcat-produce.sh \
	tests/net-kcat-failover.sh tests/net-kcat-zk.sh tests/net-kcat-group.sh \
	tests/net-garbage.sh tests/net-lib.sh tests/poll-lib.sh \
	tests/net-client-lib.sh tests/net-kafka-python.sh \
	tests/net-confluent-kafka.sh tests/net-kafkajs.sh tests/net-admin.sh \
	tests/clients/driver.py tests/clients/driver.js

## isrlab --attach (issue 18) on a second isrlab serving the wire
## protocol; each skips, 77, when isrlab was built without librdkafka.
TESTS += tests/attach-observe.sh tests/tui-attach.sh tests/attach-lab.sh \
	tests/attach-lab02.sh tests/attach-lab04.sh tests/attach-lab09.sh \
	tests/attach-groups.sh
## The docker partition script of examples/seeds-docker.attach, on a
## stand-in docker.
TESTS += tests/docker-net.sh
EXTRA_DIST += tests/docker-net.sh
EXTRA_DIST += tests/attach-observe.sh tests/attach-lib.sh tests/tui-attach.sh \
	tests/attach-lab.sh tests/attach-lab02.sh tests/attach-lab04.sh \
	tests/attach-lab09.sh tests/attach-groups.sh

## The live screen end to end through tmux (skips, 77, without tmux).
TESTS += tests/tui-e2e.sh
EXTRA_DIST += tests/tui-e2e.sh tests/tmux-lib.sh tests/poll-lib.sh

## tests/soak-check.sh is not a test of its own: run by hand, it builds a
## fresh clone and runs `make check` 20 times and `make -j2 check` 5
## times, printing how many passed.
EXTRA_DIST += tests/soak-check.sh

## Every key of the live screen and what it visibly does, in free play
## and in a lab (tests/fixtures/lab-keys.md); skips, 77, without tmux.
TESTS += tests/tui-keys-e2e.sh
EXTRA_DIST += tests/tui-keys-e2e.sh tests/fixtures/lab-keys.md

## Lab 01 played in the live screen by keys, from the lab picker to the
## finish summary and back (skips, 77, without tmux).
TESTS += tests/tui-lab-e2e.sh
EXTRA_DIST += tests/tui-lab-e2e.sh

## Issue 12's screen by keys: Ctrl-C in prompts and on the screen, the
## console closing on Enter, the export's full paths (skips without tmux).
TESTS += tests/tui-screen.sh
EXTRA_DIST += tests/tui-screen.sh tests/fixtures/lab-quiz.md

## Issue 12's live screen (skips without tmux): the clock moves while an
## acks=all produce waits, wide output opens in the pager, the header
## keeps its alarm.
TESTS += tests/tui-alive.sh
EXTRA_DIST += tests/tui-alive.sh

## tests/check_lab: the lab module (src/libisrlab.a: parser, runner, solve)
## and console/keys, in a runner of its own because it links libcmark.
## tests/labs-solve.sh solves every shipped lab headless (and prints the
## wall time each took); tests/labs-check.sh runs --check-lab on the broken
## fixtures in tests/fixtures/ and on every shipped lab.

check_PROGRAMS += tests/check_lab
TESTS += tests/check_lab tests/labs-check.sh tests/labs-solve.sh
tests_check_lab_SOURCES = tests/check_lab.c tests/test_labticks.c \
	tests/labticks.h
tests_check_lab_CPPFLAGS = $(AM_CPPFLAGS) $(CMARK_CFLAGS)
tests_check_lab_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_lab_LDADD = src/libisrlab.a src/libisrcore.a \
	src/libisrmodel.a $(CMARK_LIBS) $(CHECK_LIBS)
EXTRA_DIST += \
	tests/labs-check.sh \
	tests/labs-solve.sh \
	tests/fixtures/lab-bad-front-matter.md \
	tests/fixtures/lab-unknown-command.md \
	tests/fixtures/lab-unknown-topic.md \
	tests/fixtures/lab-unclosed-block.md \
	tests/fixtures/lab-bad-condition.md \
	tests/fixtures/lab-vacuous-step.md \
	tests/fixtures/lab-no-english.md

## tests/check_journal: the JSON side of src/journal (export, replay,
## --summarize, the per-user state file) and the Markdown report, against
## the golden files in
## tests/golden/ (ISRLAB_REGEN_GOLDEN=1 rewrites them); in its own runner
## because it links jansson and src/lab.  tests/journal-cli.sh drives
## isrlab's --student/--export-dir, --verify-log, --replay and --summarize;
## tests/journal-ident.sh a session's seed, TopicIds and id, and --solve's
## mark; tests/summarize-class.sh a class of 30 students' logs (solved,
## copied, edited) through --summarize --format csv, read back with
## Python's csv module; tests/summarize-html.sh the HTML page, rendered in
## headless Chromium (SKIP without it).

check_PROGRAMS += tests/check_journal
TESTS += tests/check_journal tests/journal-cli.sh tests/hostile-cli.sh \
	tests/journal-ident.sh tests/summarize-class.sh tests/summarize-html.sh
tests_check_journal_SOURCES = tests/check_journal.c
tests_check_journal_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(CMARK_CFLAGS)
tests_check_journal_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_journal_LDADD = src/libisrjournal.a src/libisrlab.a \
	src/libisrcore.a src/libisrmodel.a $(JANSSON_LIBS) $(CMARK_LIBS) \
	$(CHECK_LIBS)
EXTRA_DIST += \
	tests/journal-cli.sh \
	tests/journal-ident.sh \
	tests/summarize-class.sh \
	tests/summarize-html.sh \
	tests/hostile-cli.sh \
	tests/golden/journal-session.md \
	tests/golden/journal-session.jsonl

## tests/layers.sh: the folders under src/ include only downwards, in the
## order util, model, engine, sim | runtime, console, lab, journal, class, tui
## (the order is data in the script).  tests/pure-symbols.sh: nm on
## src/libisrmodel.a finds no clock, random, thread, curses or libevent
## symbol.
TESTS += tests/layers.sh tests/pure-symbols.sh
EXTRA_DIST += tests/layers.sh tests/pure-symbols.sh

## tests/tui-resume.sh: kill -9 of a lab on the screen, the resume offer,
## r and e; kill -9 of a headless run, then --recover (skips, 77, without
## tmux).  The state file's unit tests are in tests/check_journal.

TESTS += tests/tui-resume.sh
EXTRA_DIST += tests/tui-resume.sh

## tests/tui-i18n.sh: LANG=ko_KR.UTF-8 and --lang en on the picker, a
## lab, the help and the quit flow, checked against po/ko.po (skips, 77,
## without tmux or msgcat).
TESTS += tests/tui-i18n.sh
EXTRA_DIST += tests/tui-i18n.sh tests/catalog-lib.sh


## The message catalogs where the uninstalled program finds them in a
## test (ISRLAB_LOCALEDIR above): compiled from po/ here, so a test never
## depends on what is installed under $(localedir).
test_catalogs = tests/locale/ko/LC_MESSAGES/$(PACKAGE).mo \
	tests/locale/en/LC_MESSAGES/$(PACKAGE).mo
check_DATA = $(test_catalogs)
tests/locale/ko/LC_MESSAGES/$(PACKAGE).mo: $(srcdir)/po/ko.po
	$(AM_V_GEN)$(MKDIR_P) tests/locale/ko/LC_MESSAGES && \
	$(GMSGFMT) -c -o $@ $(srcdir)/po/ko.po
tests/locale/en/LC_MESSAGES/$(PACKAGE).mo: $(srcdir)/po/en.po
	$(AM_V_GEN)$(MKDIR_P) tests/locale/en/LC_MESSAGES && \
	$(GMSGFMT) -c -o $@ $(srcdir)/po/en.po

## tests/tui-rewind-e2e.sh: lab 01 off its path (a crash the step does not
## ask for, a failed describe) and `u`, the step's start again (skips, 77,
## without tmux).

TESTS += tests/tui-rewind-e2e.sh
EXTRA_DIST += tests/tui-rewind-e2e.sh

## Where the tests' sessions keep their state files (XDG_STATE_HOME above).
clean-local: clean-local-state
clean-local-state:
	-rm -rf tests/state tests/locale
.PHONY: clean-local-state

## The memory soak (tests/soak-memory.sh): minutes long, so not in `make
## check`; run it by hand.
EXTRA_DIST += tests/soak-memory.sh

## tests/check_class: the class link (src/libisrclass.a): codes, keys and
## frames, the dashboard's rows, and a class server on 127.0.0.1 fed good
## and bad connections (real threads and sockets, each wait a poll with a
## deadline; its own runner since it links libevent and libcrypto).
## tests/class-cli.sh: a headless class server and students solving labs
## over loopback, a connection cut mid-lab, the server restarted; the
## server's copies against the students' own exports, byte for byte.
## tests/tui-class.sh: the teacher's dashboard through tmux.

check_PROGRAMS += tests/check_class
TESTS += tests/check_class tests/class-cli.sh tests/tui-class.sh
tests_check_class_SOURCES = tests/check_class.c
tests_check_class_CPPFLAGS = $(AM_CPPFLAGS) $(LIBEVENT_CFLAGS) \
	$(LIBCRYPTO_CFLAGS) $(JANSSON_CFLAGS)
tests_check_class_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(PTHREAD_CFLAGS)
tests_check_class_LDADD = src/libisrclass.a src/libisrjournal.a \
	src/libisrlab.a src/libisrcore.a src/libisrmodel.a $(LIBEVENT_LIBS) \
	$(LIBCRYPTO_LIBS) $(JANSSON_LIBS) $(CMARK_LIBS) $(CHECK_LIBS) \
	$(PTHREAD_LIBS)
EXTRA_DIST += tests/class-cli.sh tests/tui-class.sh

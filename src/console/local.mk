## src/console/local.mk - included by the top Makefile.am; paths from the top.
## The command console: words, conditions, the command table and one file
## per command (family), scripts.  libc only: it goes into src/libisrcore.a,
## which tests/check_isrlab links without curses or libevent.

src_libisrcore_a_SOURCES += \
	src/console/words.c src/console/words.h \
	src/console/servers.c src/console/servers.h \
	src/console/describe.c src/console/describe.h \
	src/console/args.c src/console/args.h \
	src/console/cond.c src/console/cond.h \
	src/console/console.c src/console/console.h \
	src/console/clients.c src/console/clients.h \
	src/console/script.c src/console/script.h \
	src/console/compare.c src/console/compare.h \
	src/console/keys.c src/console/keys.h \
	src/console/cmd.c src/console/cmd.h \
	src/console/cmd-kafka-topics.c \
	src/console/cmd-console-producer.c \
	src/console/cmd-console-consumer.c \
	src/console/cmd-consumer-groups.c \
	src/console/cmd-leader-election.c \
	src/console/cmd-kafka-configs.c \
	src/console/cmd-server.c \
	src/console/cmd-docker.c \
	src/console/cmd-faults.c \
	src/console/cmd-produce.c \
	src/console/cmd-consume.c \
	src/console/cmd-group.c \
	src/console/cmd-describe.c \
	src/console/cmd-metrics.c \
	src/console/cmd-events.c \
	src/console/cmd-set.c \
	src/console/cmd-wait.c \
	src/console/cmd-chaos.c \
	src/console/cmd-clock.c \
	src/console/cmd-export.c \
	src/console/cmd-help.c

## src/net/local.mk - included by the top Makefile.am; paths from the top.
## The Kafka wire protocol on loopback.  The codec and the request
## decoders are libc only and go into src/libisrcore.a (the fuzz target
## links them alone); listeners, connections and handlers need libevent
## and the runtime, so they are a library of their own that the program
## links before src/libisrrt.a.

src_libisrcore_a_SOURCES += \
	src/net/codec.c src/net/codec.h \
	src/net/request.c src/net/request.h \
	src/net/request-group.c src/net/request-int.h \
	src/net/request-admin.c \
	src/net/batch.c src/net/batch.h

noinst_LIBRARIES += src/libisrnet.a
src_libisrnet_a_SOURCES = \
	src/net/net.c src/net/net.h src/net/net-int.h \
	src/net/conn.c \
	src/net/api.c src/net/api.h \
	src/net/api-metadata.c \
	src/net/api-produce.c \
	src/net/api-fetch.c \
	src/net/api-list-offsets.c \
	src/net/api-offset-for-leader-epoch.c \
	src/net/api-init-producer-id.c \
	src/net/api-group.c \
	src/net/api-find-coordinator.c \
	src/net/api-join-group.c \
	src/net/api-sync-group.c \
	src/net/api-heartbeat.c \
	src/net/api-leave-group.c \
	src/net/api-offset-commit.c \
	src/net/api-offset-fetch.c \
	src/net/api-describe-groups.c \
	src/net/api-list-groups.c \
	src/net/api-admin.c src/net/api-admin.h \
	src/net/api-create-topics.c \
	src/net/api-delete-topics.c \
	src/net/api-describe-configs.c \
	src/net/api-alter-configs.c \
	src/net/api-create-partitions.c \
	src/net/api-elect-leaders.c
src_libisrnet_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBEVENT_CFLAGS)
src_libisrnet_a_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)

## src/model/local.mk - included by the top Makefile.am; paths from the top.
## The pure replication model (libc only, no I/O): with src/util it makes
## src/libisrmodel.a, which tests/check_model links alone.

src_libisrmodel_a_SOURCES += \
	src/model/alarms.c src/model/alarms.h \
	src/model/assign.c src/model/assign.h \
	src/model/broker.c src/model/broker.h \
	src/model/client.c src/model/client.h \
	src/model/controller.c src/model/controller.h \
	src/model/cproto.c src/model/cproto.h \
	src/model/event.c src/model/event.h \
	src/model/group.c src/model/group.h \
	src/model/ids.h \
	src/model/image.c src/model/image.h \
	src/model/invariants.c src/model/invariants.h \
	src/model/journal.c src/model/journal.h \
	src/model/kerr.c src/model/kerr.h \
	src/model/ledger.c src/model/ledger.h \
	src/model/links.c src/model/links.h \
	src/model/msg.c src/model/msg.h \
	src/model/placer-striped.c src/model/placer-striped.h \
	src/model/plog.c src/model/plog.h \
	src/model/profile.c src/model/profile.h \
	src/model/pstate.c src/model/pstate.h \
	src/model/rset.c src/model/rset.h \
	src/model/settings.c src/model/settings.h \
	src/model/snapshot.c src/model/snapshot.h

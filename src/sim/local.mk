## src/sim/local.mk - included by the top Makefile.am; paths from the top.
## The deterministic simulator and the chaos driver (libc only), in
## src/libisrcore.a.

src_libisrcore_a_SOURCES += \
	src/sim/chaos.c src/sim/chaos.h \
	src/sim/sim.c src/sim/sim.h

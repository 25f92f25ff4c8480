/*
 * tests.h - shared by every unit test file, and the list of suites.
 *
 * One Check runner (check_main.c) runs one suite per module.  Each suite
 * lives in tests/test_MODULE.c and is made by `Suite *suite_MODULE(void)`.
 * check_main.c is built twice: as tests/check_model, which links only
 * src/libisrmodel.a (util + model) and runs the ISRLAB_MODEL_SUITE lines,
 * and as tests/check_isrlab, which links src/libisrcore.a too and runs the
 * ISRLAB_SUITE lines.
 *
 * To add a suite, add one ISRLAB_SUITE(MODULE) line (ISRLAB_MODEL_SUITE for
 * a test of util or model alone) to the list at the bottom of this file,
 * and the .c file to tests/local.mk.  That one line both declares
 * suite_MODULE() and puts it in the runner's table: check_main.c includes
 * this file a second time with the macros defined to make table entries,
 * which is why the list sits outside the include guard.
 *
 * Debugging: CK_FORK=no runs tests in one process (for gdb); CK_RUN_SUITE
 * and CK_RUN_CASE pick a suite or test case by name; CK_VERBOSITY=verbose
 * prints every test.
 */

#ifndef ISRLAB_TESTS_H
#define ISRLAB_TESTS_H

#include <check.h>

/*
 * Returns the top source directory (ISRLAB_SRCDIR from `make check`, else
 * "."), for tests that read files from the tree.
 */
const char *tests_srcdir(void);

/* Asserts that the broker ids ids[0..n) print (ids_format) as want,
 * e.g. "1,2,3". */
void tests_assert_ids(const int *ids, int n, const char *want);

/*
 * A simulator seed (sim_new, run_start_seeded) under which the KRaft
 * profiles' StripedReplicaPlacer (src/model/placer-striped.c) draws
 * offset 0 for the first topic made on three brokers: its partitions are
 * placed 1,2,3 / 2,3,1 / 3,1,2, as AdminUtils' fixed start index placed
 * them, the layout the tests that pin it read ("kill the leader, 1").
 * The draws are the same under 3.7 and 4.x.  A test about a behaviour,
 * not about placement, pins it rather than depending on seed 1's
 * 2,3,1 / 3,1,2 / 1,2,3.
 */
#define TESTS_SEED_IN_ORDER	4

#endif /* ISRLAB_TESTS_H */

#ifndef ISRLAB_SUITE
#define ISRLAB_SUITE(name) Suite *suite_##name(void);
#define ISRLAB_MODEL_SUITE(name) Suite *suite_##name(void);
#define ISRLAB_SUITE_DECLARING
#endif

/* The suites, one line each, in the order they run.  tests/check_model: */
ISRLAB_MODEL_SUITE(util)
ISRLAB_MODEL_SUITE(model)
/* tests/check_isrlab: */
ISRLAB_SUITE(engine)
ISRLAB_SUITE(e2e)
ISRLAB_SUITE(console)
ISRLAB_SUITE(commands)
ISRLAB_SUITE(profiles)
ISRLAB_SUITE(zk)
ISRLAB_SUITE(groups)
ISRLAB_SUITE(tui_layout)
ISRLAB_SUITE(chaos)
ISRLAB_SUITE(journal)
ISRLAB_SUITE(memory)
ISRLAB_SUITE(attach)

#ifdef ISRLAB_SUITE_DECLARING
#undef ISRLAB_SUITE
#undef ISRLAB_MODEL_SUITE
#undef ISRLAB_SUITE_DECLARING
#endif

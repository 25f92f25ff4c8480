/*
 * tests.h - shared by every unit test file, and the list of suites.
 *
 * One Check runner (check_main.c) runs one suite per module.  Each suite
 * lives in tests/test_MODULE.c and is made by `Suite *suite_MODULE(void)`.
 *
 * To add a suite, add one ISRLAB_SUITE(MODULE) line to the list at the
 * bottom of this file (and the .c file to tests/local.mk).  That one line
 * both declares suite_MODULE() and puts it in the runner's table:
 * check_main.c includes this file a second time with ISRLAB_SUITE defined
 * to make a table entry, which is why the list sits outside the include
 * guard.
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

#endif /* ISRLAB_TESTS_H */

#ifndef ISRLAB_SUITE
#define ISRLAB_SUITE(name) Suite *suite_##name(void);
#define ISRLAB_SUITE_DECLARING
#endif

/* The suites, one line each, in the order they run. */
ISRLAB_SUITE(util)
ISRLAB_SUITE(model)
ISRLAB_SUITE(console)
ISRLAB_SUITE(commands)
ISRLAB_SUITE(groups)
ISRLAB_SUITE(tui_layout)
ISRLAB_SUITE(chaos)
ISRLAB_SUITE(journal)

#ifdef ISRLAB_SUITE_DECLARING
#undef ISRLAB_SUITE
#undef ISRLAB_SUITE_DECLARING
#endif

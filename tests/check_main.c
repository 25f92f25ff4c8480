/*
 * check_main.c - the one Check runner for every unit test suite.
 *
 * The suites come from the list in tests.h, so adding a module's tests
 * never touches this file.  The exit status is what `make check` reads:
 * 0 when every test passed.
 */

#include "config.h"

#include <stdlib.h>

#include "tests.h"

typedef Suite *(*tests_suite_fn)(void);

/* The table: tests.h's list again, each entry expanded to its function. */
static const tests_suite_fn tests_suites[] = {
#define ISRLAB_SUITE(name) suite_##name,
#include "tests.h"
#undef ISRLAB_SUITE
};

const char *
tests_srcdir(void)
{
	const char	*dir = getenv("ISRLAB_SRCDIR");

	return dir != NULL && *dir != '\0' ? dir : ".";
}

int
main(void)
{
	SRunner	*sr;
	size_t	 i;
	int	 failed;

	sr = srunner_create(NULL);
	for (i = 0; i < sizeof tests_suites / sizeof tests_suites[0]; i++)
		srunner_add_suite(sr, tests_suites[i]());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

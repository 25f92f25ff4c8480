/*
 * check_main.c - the Check runner for the unit test suites, built twice:
 * tests/check_model (with ISRLAB_CHECK_MODEL defined: the util and model
 * suites, linked with src/libisrmodel.a alone) and tests/check_isrlab
 * (every other suite of src/libisrcore.a).
 *
 * The suites come from the list in tests.h, so adding a module's tests
 * never touches this file.  The exit status is what `make check` reads:
 * 0 when every test passed.
 */

#include "config.h"

#include <stdlib.h>

#include "model/image.h"
#include "tests.h"

typedef Suite *(*tests_suite_fn)(void);

/* The table: tests.h's list again, this runner's entries expanded to
 * their functions, the other runner's to nothing. */
static const tests_suite_fn tests_suites[] = {
#ifdef ISRLAB_CHECK_MODEL
#define ISRLAB_MODEL_SUITE(name) suite_##name,
#define ISRLAB_SUITE(name)
#else
#define ISRLAB_MODEL_SUITE(name)
#define ISRLAB_SUITE(name) suite_##name,
#endif
#include "model/image.h"
#include "tests.h"
#undef ISRLAB_SUITE
#undef ISRLAB_MODEL_SUITE
};

const char *
tests_srcdir(void)
{
	const char	*dir = getenv("ISRLAB_SRCDIR");

	return dir != NULL && *dir != '\0' ? dir : ".";
}

void
tests_assert_ids(const int *ids, int n, const char *want)
{
	char	buf[64];

	ids_format(ids, n, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
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

/*
 * driver.c - runs a fuzz target once over each file of its seed corpus,
 * without libFuzzer: the corpus as a regression test in make check.
 *
 * With arguments, each is a file or a folder of files; without, the
 * folder is $ISRLAB_SRCDIR/tests/fuzz/corpus/FUZZ_TARGET.  Exits 0 when
 * every file ran (a crash or a sanitizer report ends the process), 1
 * when no file was found.
 */

#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "util/readfile.h"
#include "util/xmalloc.h"

static int	driver_runs;

static void
driver_file(const char *path)
{
	char	*data, err[1024];
	size_t	 len;

	if (readfile_load(path, &readfile_log_limits, &data, &len, err,
	    sizeof err) != 0) {
		fprintf(stderr, "fuzz-%s: %s\n", FUZZ_TARGET, err);
		exit(1);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	driver_runs++;
}

static void
driver_path(const char *path)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		*file;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		driver_file(path);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "fuzz-%s: cannot open %s\n", FUZZ_TARGET, path);
		exit(1);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		file = xasprintf("%s/%s", path, de->d_name);
		driver_file(file);
		free(file);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	const char	*srcdir = getenv("ISRLAB_SRCDIR");
	char		*dir;
	int		 i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			driver_path(argv[i]);
	} else {
		dir = xasprintf("%s/tests/fuzz/corpus/%s", srcdir != NULL ?
		    srcdir : ".", FUZZ_TARGET);
		driver_path(dir);
		free(dir);
	}
	if (driver_runs == 0) {
		fprintf(stderr, "fuzz-%s: no corpus files\n", FUZZ_TARGET);
		return 1;
	}
	printf("fuzz-%s: %d corpus files ran\n", FUZZ_TARGET, driver_runs);
	return 0;
}

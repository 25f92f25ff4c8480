/*
 * fuzz-lab.c - the lab loader: front matter, cmark walk, lab blocks,
 * conditions and quizzes, from any bytes.
 */

#include "config.h"

#include "fuzz.h"
#include "lab/lab.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf	 errs = STRBUF_INIT;
	struct lab	*lab;

	if (lab_parse("fuzz.md", (const char *)data, size, &lab, &errs) == 0)
		lab_free(lab);
	strbuf_free(&errs);
	return 0;
}

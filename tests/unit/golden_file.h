/*
 * golden_file.h: read a golden file of tests/vty/ whole, for the vty
 * tests (the directory comes from OKAPI_SRCDIR, set by make check).
 * Include after <cmocka.h>.
 */
#ifndef OKAPI_TEST_GOLDEN_FILE_H
#define OKAPI_TEST_GOLDEN_FILE_H

#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *name)
{
	const char *dir = getenv("OKAPI_SRCDIR");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/vty/%s", dir ? dir : ".", name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

#endif

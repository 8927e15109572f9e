/*
 * fuzz_config.c: libFuzzer target for the configuration parser
 * (config_*.c) and its round trip.  Build and run: tests/fuzz/README
 * (use -dict=tests/fuzz/config.dict: the keywords matter more than the
 * bytes).
 *
 * The input is a configuration file.  Without a NUL byte it goes through
 * config_parse_string; with one (the parser must take binary bytes too,
 * config.h) it is written to a file and read by config_parse_file.
 * Whatever parses must print and parse back to an equal configuration
 * (config.h: "Print in the canonical form that parses back to an equal
 * config"), and printing that one again must give the very same text.
 * Any failure prints both texts to stderr before aborting.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *t1, const char *t2)
{
	fprintf(stderr, "fuzz_config: %s\n--- printed:\n%s--- again:\n%s", what,
		t1, t2 ? t2 : "");
	abort();
}

static char *print(const struct config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		abort();
	config_print(c, m);
	fclose(m);
	return buf;
}

static char path[64];

static void unlink_file(void)
{
	unlink(path);
}

/* Parse input with a NUL through a file, as bgpd reads its config. */
static int parse_file(const uint8_t *data, size_t size, struct config **c,
		      struct config_diag *d)
{
	FILE *f;

	if (!path[0]) {
		snprintf(path, sizeof(path), "/dev/shm/okapi-fuzz-config.%d",
			 (int)getpid());
		atexit(unlink_file);
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	return config_parse_file(path, c, d);
}

static int parse_input(const uint8_t *data, size_t size, struct config **c,
		       struct config_diag *d)
{
	char *text;
	int rc;

	if (memchr(data, 0, size))
		return parse_file(data, size, c, d);
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0;
	rc = config_parse_string(text, "fuzz", c, d);
	free(text);
	return rc;
}

static void round_trip(const struct config *c)
{
	struct config_diag d;
	struct config *c2;
	char *t1 = print(c), *t2;

	config_diag_init(&d);
	if (config_parse_string(t1, "printed", &c2, &d) != 0) {
		config_diag_print(&d, stderr);
		die("the printed config does not parse", t1, NULL);
	}
	if (!config_equal(c, c2))
		die("the printed config parses to a different one", t1, NULL);
	t2 = print(c2);
	if (strcmp(t1, t2) != 0)
		die("printing is not stable", t1, t2);
	free(t2);
	free(t1);
	config_free(c2);
	config_diag_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_diag d;
	struct config *c;

	config_diag_init(&d);
	if (parse_input(data, size, &c, &d) == 0) {
		if (!c)
			abort();
		round_trip(c);
		config_free(c);
	} else if (c) {
		abort(); /* config.h: *out NULL on error */
	}
	config_diag_free(&d);
	return 0;
}

/*
 * json_check.h: a minimal JSON syntax check (RFC 8259 grammar) for the
 * vty tests: assert_json(text) fails unless text is exactly one JSON
 * document.  Include after <cmocka.h>.
 */
#ifndef OKAPI_TEST_JSON_CHECK_H
#define OKAPI_TEST_JSON_CHECK_H

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

static const char *j_value(const char *p);

static const char *j_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *j_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p && *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\' && !*++p)
			return NULL;
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *j_list(const char *p, char close, bool keys)
{
	p = j_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (keys) {
			p = j_string(j_ws(p));
			if (!p || *(p = j_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = j_value(p);
		if (!p)
			return NULL;
		p = j_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *j_value(const char *p)
{
	p = j_ws(p);
	if (*p == '{')
		return j_list(p, '}', true);
	if (*p == '[')
		return j_list(p, ']', false);
	if (*p == '"')
		return j_string(p);
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	if (*p == '-' || isdigit((unsigned char)*p)) {
		p += *p == '-';
		while (isdigit((unsigned char)*p))
			p++;
		return p;
	}
	return NULL;
}

static void assert_json(const char *text)
{
	const char *end = j_value(text);

	if (!end || *j_ws(end) != '\0')
		fail_msg("not one JSON document: %s", text);
}

#endif

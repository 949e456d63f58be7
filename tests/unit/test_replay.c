/*
 * Unit tests of replay.c: what a replay request may say (protocol.h), its
 * defaults, and the error a malformed one gets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "raqib/protocol.h"
#include "replay.h"

static int
parse(const char *json, struct replay_req *r, char **cause)
{
	*cause = NULL;
	return replay_parse(json, strlen(json), r, cause);
}

static void
refused(const char *json, const char *want)
{
	struct replay_req r;
	char	*cause;

	if (parse(json, &r, &cause) != -1)
		fail_msg("%s: accepted", json);
	if (cause == NULL || strcmp(cause, want) != 0)
		fail_msg("%s: cause \"%s\", want \"%s\"", json, cause, want);
	/* a refused request leaves nothing to free */
	assert_null(r.id);
	assert_null(r.prefixes);
	assert_null(r.since);
	free(cause);
}

static void
test_full_request(void **state)
{
	struct replay_req r;
	char	*cause;

	assert_int_equal(parse("{\"id\":\"q1\",\"after\":10,\"until\":20,"
	    "\"prefixes\":[\"ev.ml.\",\"ev.bf.centre-nord.\"],\"limit\":50,"
	    "\"since\":\"2024-07-27T10:00:00.250Z\"}", &r, &cause), 0);
	assert_string_equal(r.id, "q1");
	assert_int_equal(r.after, 10);
	assert_int_equal(r.until, 20);
	assert_int_equal(r.nprefixes, 2);
	assert_string_equal(r.prefixes[0], "ev.ml.");
	assert_string_equal(r.prefixes[1], "ev.bf.centre-nord.");
	assert_null(r.prefixes[2]);
	assert_int_equal(r.limit, 50);
	assert_string_equal(r.since, "2024-07-27T10:00:00.250Z");
	replay_clear(&r);
}

static void
test_defaults(void **state)
{
	struct replay_req r;
	char	*cause;

	assert_int_equal(parse("{\"after\":0}", &r, &cause), 0);
	assert_null(r.id);
	assert_int_equal(r.after, 0);
	assert_int_equal(r.until, 0);
	assert_int_equal(r.nprefixes, 0);
	assert_int_equal(r.limit, RAQIB_REPLAY_DEFAULT_LIMIT);
	assert_null(r.since);
	replay_clear(&r);
	/* the bounds themselves */
	assert_int_equal(parse("{\"after\":5,\"until\":5,\"limit\":1000,"
	    "\"since\":\"2024-07-27T10:00:00Z\"}", &r, &cause), 0);
	assert_int_equal(r.limit, RAQIB_REPLAY_MAX_LIMIT);
	replay_clear(&r);
}

static void
test_malformed(void **state)
{
	refused("after=1", "request is not valid JSON");
	refused("[1]", "request must be a JSON object");
	refused("{\"after\":1,\"after\":2}", "request is not valid JSON");
	refused("{\"after\":1,\"from\":2}", "unknown key in request");
	refused("{}", "after must be an integer >= 0");
	refused("{\"after\":-1}", "after must be an integer >= 0");
	refused("{\"after\":\"1\"}", "after must be an integer >= 0");
	refused("{\"after\":5,\"until\":4}", "until must be an integer >= after");
	refused("{\"after\":1,\"limit\":0}",
	    "limit must be an integer from 1 to 1000");
	refused("{\"after\":1,\"limit\":1001}",
	    "limit must be an integer from 1 to 1000");
	refused("{\"id\":7,\"after\":1}",
	    "id must be a string of at most 64 bytes");
	refused("{\"after\":1,\"since\":\"2024-07-27\"}",
	    "since must be a UTC time, YYYY-MM-DDTHH:MM:SS[.mmm]Z");
	refused("{\"after\":1,\"since\":\"2024-07-27T10:00Z\"}",
	    "since must be a UTC time, YYYY-MM-DDTHH:MM:SS[.mmm]Z");
	refused("{\"after\":1,\"prefixes\":\"ev.\"}",
	    "prefixes must be an array of at most 64 strings");
	refused("{\"after\":1,\"prefixes\":[\"ev.ml.\",\"ev ml\"]}",
	    "a prefix must be a printable string of 1 to 128 bytes");
	refused("{\"after\":1,\"prefixes\":[\"\"]}",
	    "a prefix must be a printable string of 1 to 128 bytes");
}

static void
test_sizes(void **state)
{
	char	buf[RAQIB_REPLAY_MAX_REQUEST + 64], id[80];
	size_t	i, n;

	memset(id, 'x', 65);
	id[65] = '\0';
	snprintf(buf, sizeof buf, "{\"id\":\"%s\",\"after\":1}", id);
	refused(buf, "id must be a string of at most 64 bytes");
	n = (size_t)snprintf(buf, sizeof buf, "{\"after\":1,\"prefixes\":[");
	for (i = 0; i < RAQIB_REPLAY_MAX_PREFIXES + 1; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\"ev.%zu.\"",
		    i ? "," : "", i);
	snprintf(buf + n, sizeof buf - n, "]}");
	refused(buf, "prefixes must be an array of at most 64 strings");
	memset(buf, ' ', sizeof buf);
	memcpy(buf, "{\"after\":1}", 11);
	buf[RAQIB_REPLAY_MAX_REQUEST + 1] = '\0';
	refused(buf, "request too large");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_request),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of config.c: defaults, paths relative to the file, errors as
 * "file:line: message", the dump read back, and which keys SIGHUP may
 * change (config_keep_fixed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "raqib/config.h"
#include "raqib/log.h"
#include "raqib/protocol.h"

static char	dir[] = "/tmp/raqib-test-config.XXXXXX";

/* Writes text to dir/name; returns the path (static). */
static const char *
conf(const char *name, const char *text)
{
	static char	 path[512];
	FILE		*f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("cannot write %s", path);
	fputs(text, f);
	fclose(f);
	return path;
}

static struct config *
load_ok(const char *text)
{
	struct config	*c;
	char		*cause = NULL;

	c = config_load(conf("ok.conf", text), &cause);
	if (c == NULL)
		fail_msg("config_load: %s", cause);
	return c;
}

/* The error for text, which must start with "file:line: " and contain
 * want. */
static void
load_fails(const char *text, int line, const char *want)
{
	char	*cause = NULL, prefix[600];
	const char *path = conf("bad.conf", text);

	assert_null(config_load(path, &cause));
	assert_non_null(cause);
	snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
	if (strncmp(cause, prefix, strlen(prefix)) != 0 ||
	    strstr(cause, want) == NULL)
		fail_msg("cause \"%s\", want \"%s...%s\"", cause, prefix, want);
	free(cause);
}

static void
test_defaults(void **state)
{
	struct config *c = load_ok("");

	assert_string_equal(c->endpoint, RAQIB_DEFAULT_ENDPOINT);
	assert_string_equal(c->replay_endpoint, RAQIB_DEFAULT_REPLAY);
	assert_string_equal(c->http_listen, RAQIB_DEFAULT_HTTP);
	assert_int_equal(c->heartbeat_seconds, 5);
	assert_int_equal(c->max_file_bytes, 4194304);
	assert_int_equal(c->timeout_ms, 10000);
	assert_int_equal(c->allow_insecure, 0);
	assert_string_equal(c->curve_secret_key, "");
	assert_true(c->workers >= 1);
	assert_int_equal(c->log_level, LOG_LVL_INFO);
	config_free(c);
}

/* Relative paths are the config folder's, whatever the working folder. */
static void
test_relative_paths(void **state)
{
	struct config	*c;
	char		 want[600];

	assert_int_equal(chdir("/"), 0);
	c = load_ok("[watch]\ndir = inbox\n[store]\npath = var/./x/../s.db\n"
	    "[publish]\ncurve_secret_key = /etc/k.key\n");
	snprintf(want, sizeof want, "%s/inbox", dir);
	assert_string_equal(c->watch_dir, want);
	snprintf(want, sizeof want, "%s/var/s.db", dir);
	assert_string_equal(c->store_path, want);
	assert_string_equal(c->curve_secret_key, "/etc/k.key");
	config_free(c);
}

static void
test_values(void **state)
{
	struct config *c = load_ok("[publish]\nheartbeat_seconds = 30\n"
	    "allow_insecure = yes\n[extract]\nworkers = 3\n[log]\n"
	    "level = debug\n");

	assert_int_equal(c->heartbeat_seconds, 30);
	assert_int_equal(c->allow_insecure, 1);
	assert_int_equal(c->workers, 3);
	assert_int_equal(c->log_level, LOG_LVL_DEBUG);
	config_free(c);
}

static void
test_errors(void **state)
{
	load_fails("[watch]\nbogus = 1\n", 2, "unknown key \"bogus\" in [watch]");
	load_fails("\n\n[nowhere]\nx = 1\n", 4, "unknown section [nowhere]");
	load_fails("[publish]\nhwm = 200\nhwm = 300\n", 3, "publish.hwm: set twice");
	load_fails("[publish]\nheartbeat_seconds = 0\n", 2,
	    "heartbeat_seconds: \"0\" is not a number from 1 to 3600");
	load_fails("[publish]\nhwm = 10k\n", 2, "is not a number");
	load_fails("[publish]\nallow_insecure = maybe\n", 2, "is not yes or no");
	load_fails("[log]\nlevel = loud\n", 2, "is not error, warn, info or debug");
	load_fails("[watch\n", 1, "syntax error");
}

static void
test_missing_file(void **state)
{
	char	*cause = NULL, path[600];

	snprintf(path, sizeof path, "%s/none.conf", dir);
	assert_null(config_load(path, &cause));
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
}

/* What raqibd -n prints is a config that reads back the same. */
static void
test_dump_reads_back(void **state)
{
	struct config	*a, *b;
	char		*text, *cause = NULL;
	size_t		 len;
	FILE		*f;

	a = load_ok("[watch]\ndir = in\nmax_file_bytes = 1000\n[publish]\n"
	    "hwm = 500\n[extract]\ntimeout_ms = 2000\n[log]\nlevel = warn\n");
	f = open_memstream(&text, &len);
	config_dump(a, f);
	fclose(f);
	b = config_load(conf("dump.conf", text), &cause);
	if (b == NULL)
		fail_msg("the dump does not load: %s\n%s", cause, text);
	assert_string_equal(b->watch_dir, a->watch_dir);
	assert_int_equal(b->max_file_bytes, 1000);
	assert_int_equal(b->hwm, 500);
	assert_int_equal(b->timeout_ms, 2000);
	assert_int_equal(b->log_level, LOG_LVL_WARN);
	assert_string_equal(b->lexicon, a->lexicon);
	free(text);
	config_free(a);
	config_free(b);
}

/* SIGHUP: sockets and the store keep their running values and are named;
 * the reloadable keys take the new ones. */
static void
test_keep_fixed(void **state)
{
	struct config	*old, *new;
	char		*cause = NULL;
	char		 oldstore[600];

	old = load_ok("[store]\npath = a.db\n[publish]\nhwm = 500\n"
	    "heartbeat_seconds = 5\n");
	snprintf(oldstore, sizeof oldstore, "%s", old->store_path);
	new = load_ok("[store]\npath = b.db\n[publish]\nhwm = 600\n"
	    "heartbeat_seconds = 9\n[extract]\ntimeout_ms = 500\n");
	assert_int_equal(config_keep_fixed(new, old, &cause), 2);
	assert_string_equal(cause, "[store] path, [publish] hwm");
	assert_string_equal(new->store_path, oldstore);
	assert_int_equal(new->hwm, 500);
	assert_int_equal(new->heartbeat_seconds, 9);
	assert_int_equal(new->timeout_ms, 500);
	free(cause);
	config_free(new);

	new = load_ok("[store]\npath = a.db\n[publish]\nhwm = 500\n");
	assert_int_equal(config_keep_fixed(new, old, &cause), 0);
	assert_null(cause);
	config_free(new);
	config_free(old);
}

static int
setup(void **state)
{
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_dump_reads_back),
		cmocka_unit_test(test_keep_fixed),
	};

	log_init("test_config", LOG_LVL_WARN);
	return cmocka_run_group_tests(tests, setup, teardown);
}

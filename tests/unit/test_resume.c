/*
 * Unit tests of the client's resume.c: the resume file keeps the last seq,
 * the store's id and the daemon's generation, reads a seq alone as an
 * unknown store, refuses what is not one, and says at once when it cannot
 * be written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "resume.h"

static char	dir[] = "/tmp/raqib-test-resume.XXXXXX";
static char	path[600];

static void
write_file(const char *text)
{
	FILE	*f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int
save(const char *p, long long seq, const char *store, const char *gen,
    char **cause)
{
	struct resume_pos pos;

	memset(&pos, 0, sizeof pos);
	pos.seq = seq;
	snprintf(pos.store, sizeof pos.store, "%s", store);
	snprintf(pos.generation, sizeof pos.generation, "%s", gen);
	return resume_save(p, &pos, cause);
}

static void
test_round_trip(void **state)
{
	struct resume_pos pos;
	char		*cause = NULL;
	struct stat	 sb;

	unlink(path);
	assert_int_equal(resume_load(path, &pos, &cause), 0);
	assert_int_equal(save(path, 1234, "9f0c00112233445566778899aabbccdd",
	    "5e1a00112233aabb", &cause), 0);
	assert_int_equal(resume_load(path, &pos, &cause), 1);
	assert_int_equal(pos.seq, 1234);
	assert_string_equal(pos.store, "9f0c00112233445566778899aabbccdd");
	assert_string_equal(pos.generation, "5e1a00112233aabb");
	/* replaced whole, and no temporary file left beside it */
	assert_int_equal(save(path, 1235, "ab", "cd", &cause), 0);
	assert_int_equal(resume_load(path, &pos, &cause), 1);
	assert_int_equal(pos.seq, 1235);
	assert_string_equal(pos.store, "ab");
	assert_string_equal(pos.generation, "cd");
	{
		char	tmp[640];

		snprintf(tmp, sizeof tmp, "%s.tmp", path);
		assert_int_equal(stat(tmp, &sb), -1);
	}
}

/* A seq alone (by hand, or an older raqib) has no store; a seq and a
 * store (a raqib before generations) no generation. */
static void
test_seq_alone(void **state)
{
	struct resume_pos pos;
	char		*cause = NULL;

	memset(&pos, 'x', sizeof pos);
	write_file("42\n");
	assert_int_equal(resume_load(path, &pos, &cause), 1);
	assert_int_equal(pos.seq, 42);
	assert_string_equal(pos.store, "");
	assert_string_equal(pos.generation, "");
	assert_int_equal(save(path, 43, "", "", &cause), 0);
	assert_int_equal(resume_load(path, &pos, &cause), 1);
	assert_int_equal(pos.seq, 43);
	write_file("44 ab\n");
	assert_int_equal(resume_load(path, &pos, &cause), 1);
	assert_int_equal(pos.seq, 44);
	assert_string_equal(pos.store, "ab");
	assert_string_equal(pos.generation, "");
}

static void
test_not_a_resume_file(void **state)
{
	static const char *bad[] = { "", "abc\n", "-5\n", "12 NOT-HEX\n",
	    "12x\n", "12 ab cd ef\n", "12 ab  cd\n", "12 ab c-d\n" };
	struct resume_pos pos;
	char		*cause;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file(bad[i]);
		cause = NULL;
		if (resume_load(path, &pos, &cause) != -1)
			fail_msg("\"%s\" was read as a resume file", bad[i]);
		assert_non_null(strstr(cause, "not a resume file"));
		free(cause);
	}
}

static void
test_unwritable(void **state)
{
	char	 p[640], *cause = NULL;

	snprintf(p, sizeof p, "%s/no/such/folder/resume", dir);
	assert_int_equal(resume_check(p, &cause), -1);
	assert_non_null(strstr(cause, "cannot write the resume file"));
	free(cause);
	cause = NULL;
	assert_int_equal(save(p, 1, "ab", "cd", &cause), -1);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(resume_check(path, &cause), 0);
}

static int
setup(void **state)
{
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/resume", dir);
	return 0;
}

static int
teardown(void **state)
{
	char	cmd[700];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_seq_alone),
		cmocka_unit_test(test_not_a_resume_file),
		cmocka_unit_test(test_unwritable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * Unit tests of the client's resume.c: the resume file keeps the last seq
 * and the store's id, reads a seq alone as an unknown store, refuses what
 * is not one, and says at once when it cannot be written.
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

static void
test_round_trip(void **state)
{
	char		 store[RESUME_STORE_MAX], *cause = NULL;
	long long	 seq = -1;
	struct stat	 sb;

	unlink(path);
	assert_int_equal(resume_load(path, &seq, store, sizeof store, &cause),
	    0);
	assert_int_equal(resume_save(path, 1234,
	    "9f0c00112233445566778899aabbccdd", &cause), 0);
	assert_int_equal(resume_load(path, &seq, store, sizeof store, &cause),
	    1);
	assert_int_equal(seq, 1234);
	assert_string_equal(store, "9f0c00112233445566778899aabbccdd");
	/* replaced whole, and no temporary file left beside it */
	assert_int_equal(resume_save(path, 1235, "ab", &cause), 0);
	assert_int_equal(resume_load(path, &seq, store, sizeof store, &cause),
	    1);
	assert_int_equal(seq, 1235);
	assert_string_equal(store, "ab");
	{
		char	tmp[640];

		snprintf(tmp, sizeof tmp, "%s.tmp", path);
		assert_int_equal(stat(tmp, &sb), -1);
	}
}

/* A seq alone (by hand, or an older raqib) has no store. */
static void
test_seq_alone(void **state)
{
	char		 store[RESUME_STORE_MAX] = "x", *cause = NULL;
	long long	 seq = -1;

	write_file("42\n");
	assert_int_equal(resume_load(path, &seq, store, sizeof store, &cause),
	    1);
	assert_int_equal(seq, 42);
	assert_string_equal(store, "");
	assert_int_equal(resume_save(path, 43, NULL, &cause), 0);
	assert_int_equal(resume_load(path, &seq, store, sizeof store, &cause),
	    1);
	assert_int_equal(seq, 43);
}

static void
test_not_a_resume_file(void **state)
{
	static const char *bad[] = { "", "abc\n", "-5\n", "12 NOT-HEX\n",
	    "12x\n", "12 ab cd\n" };
	char		 store[RESUME_STORE_MAX], *cause;
	long long	 seq;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file(bad[i]);
		cause = NULL;
		if (resume_load(path, &seq, store, sizeof store, &cause) != -1)
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
	assert_int_equal(resume_save(p, 1, "ab", &cause), -1);
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

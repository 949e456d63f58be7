/*
 * Unit tests of decode.c's reading of a file, which raqibd's ingest and
 * raqib extract share: what it refuses before reading, what fstat said of
 * the file (the store remembers files by it), and the limit.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "raqib/decode.h"
#include "raqib/reasons.h"

struct dir {
	char	 path[64];
	char	 file[96];
};

static int
dir_setup(void **state)
{
	struct dir *d = calloc(1, sizeof *d);

	if (d == NULL)
		return -1;
	strcpy(d->path, "/tmp/raqib-test-decode.XXXXXX");
	if (mkdtemp(d->path) == NULL)
		return -1;
	*state = d;
	return 0;
}

static int
dir_teardown(void **state)
{
	struct dir *d = *state;
	char	 cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
	if (system(cmd) != 0)
		return -1;
	free(d);
	return 0;
}

static const char *
dir_file(struct dir *d, const char *name, const char *content)
{
	FILE	*f;

	snprintf(d->file, sizeof d->file, "%s/%s", d->path, name);
	if (content != NULL) {
		assert_non_null(f = fopen(d->file, "w"));
		fputs(content, f);
		fclose(f);
	}
	return d->file;
}

/* A regular file is read whole, with what fstat said of it. */
static void
decode_test_regular(void **state)
{
	struct dir *d = *state;
	struct decode_file df;
	struct decode_result r;
	struct stat sb;
	const char *path = dir_file(d, "a.txt", "قتل 5 جنود\n");
	char	*buf;
	size_t	 len;

	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(decode_open(path, &df, &r), 0);
	assert_int_equal(df.size, (long long)sb.st_size);
	assert_int_equal(df.ino, (long long)sb.st_ino);
	assert_int_equal(df.mtime_ns, (long long)sb.st_mtim.tv_sec *
	    1000000000LL + sb.st_mtim.tv_nsec);
	assert_int_equal(decode_read_fd(&df, DECODE_MAX_BYTES, &buf, &len, &r),
	    0);
	assert_int_equal(df.fd, -1);
	assert_int_equal(len, (size_t)sb.st_size);
	assert_memory_equal(buf, "قتل 5 جنود\n", len);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

/* Refused before reading: no file, a link, a folder, a pipe; a pipe keeps
 * its inode but no size, a missing file neither. */
static void
decode_test_refused(void **state)
{
	struct dir *d = *state;
	struct decode_file df;
	struct decode_result r;
	char	 link[128], *buf;
	size_t	 len;

	assert_int_equal(decode_open(dir_file(d, "none.txt", NULL), &df, &r),
	    -1);
	assert_string_equal(r.reason, REASON_VANISHED);
	assert_int_equal(df.size, -1);
	assert_int_equal(df.ino, 0);
	decode_clear(&r);

	snprintf(link, sizeof link, "%s/link.txt", d->path);
	assert_int_equal(symlink(dir_file(d, "target.txt", "x\n"), link), 0);
	assert_int_equal(decode_read(link, DECODE_MAX_BYTES, &buf, &len, &r),
	    -1);
	assert_string_equal(r.reason, REASON_SYMLINK);
	assert_null(buf);
	decode_clear(&r);

	assert_int_equal(decode_open(d->path, &df, &r), -1);
	assert_string_equal(r.reason, REASON_NOT_REGULAR);
	assert_string_equal(r.detail, "a directory");
	decode_clear(&r);

	assert_int_equal(mkfifo(dir_file(d, "pipe.txt", NULL), 0600), 0);
	assert_int_equal(decode_open(d->file, &df, &r), -1);
	assert_string_equal(r.reason, REASON_NOT_REGULAR);
	assert_string_equal(r.detail, "a fifo");
	assert_int_equal(df.size, -1);
	assert_true(df.ino != 0);
	assert_int_equal(df.fd, -1);
	decode_clear(&r);
}

/* Empty, or over the limit the caller gives. */
static void
decode_test_limits(void **state)
{
	struct dir *d = *state;
	struct decode_result r;
	char	*buf;
	size_t	 len;

	assert_int_equal(decode_read(dir_file(d, "empty.txt", ""),
	    DECODE_MAX_BYTES, &buf, &len, &r), -1);
	assert_string_equal(r.reason, REASON_EMPTY);
	decode_clear(&r);

	assert_int_equal(decode_read(dir_file(d, "big.txt", "0123456789"), 9,
	    &buf, &len, &r), -1);
	assert_string_equal(r.reason, REASON_TOO_LARGE);
	assert_string_equal(r.detail, "over 9 bytes");
	assert_null(buf);
	decode_clear(&r);

	assert_int_equal(decode_read(d->file, 10, &buf, &len, &r), 0);
	assert_int_equal(len, 10);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(decode_test_regular,
		    dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(decode_test_refused,
		    dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(decode_test_limits,
		    dir_setup, dir_teardown),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "raqib/xmalloc.h"
#include "resume.h"

/* A word of lowercase hex digits at *p into buf (len with its NUL), then
 * past the space after it; -1 if it is not one. */
static int
resume_word(char **p, char *buf, size_t len)
{
	size_t	n = strspn(*p, "0123456789abcdef");

	if (((*p)[n] != '\0' && (*p)[n] != ' ') || n >= len || (n == 0 &&
	    (*p)[n] == ' '))
		return -1;
	memcpy(buf, *p, n);
	buf[n] = '\0';
	*p += n + ((*p)[n] == ' ');
	return 0;
}

/*
 * One line: the last seq handled, the id of the store those seqs count
 * in, and the run of raqibd (generation) the position was last checked
 * against ("1234 9f0c... 5e1a...\n"). A file of the seq alone (written by
 * hand, or by an older raqib), or without the generation, is read with
 * what it lacks unknown.
 * Returns 1 with *pos if the file holds one, 0 if there is no file yet.
 */
int
resume_load(const char *path, struct resume_pos *pos, char **cause)
{
	FILE	*f;
	char	 line[160], *end;
	long long v;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	errno = 0;
	v = strtoll(line, &end, 10);
	if (end == line || errno != 0 || v < 0 || (*end != '\0' && *end != ' '))
		goto bad;
	if (*end == ' ')
		end++;
	if (resume_word(&end, pos->store, sizeof pos->store) == -1 ||
	    resume_word(&end, pos->generation, sizeof pos->generation) == -1 ||
	    *end != '\0')
		goto bad;
	pos->seq = v;
	return 1;
bad:
	xasprintf(cause, "%s: not a resume file (one line: the last seq, the "
	    "store's id, the daemon's generation)", path);
	return -1;
}

/* Writes a temporary file, syncs it, then renames it over the old one, so
 * a crash leaves either the old seq or the new one. */
int
resume_save(const char *path, const struct resume_pos *pos, char **cause)
{
	char	*tmp, buf[160];
	int	 fd, n;

	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		goto fail;
	if (*pos->store != '\0' && *pos->generation != '\0')
		n = snprintf(buf, sizeof buf, "%lld %s %s\n", pos->seq,
		    pos->store, pos->generation);
	else if (*pos->store != '\0')
		n = snprintf(buf, sizeof buf, "%lld %s\n", pos->seq, pos->store);
	else
		n = snprintf(buf, sizeof buf, "%lld\n", pos->seq);
	if (write(fd, buf, (size_t)n) != n || fsync(fd) == -1) {
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	return 0;
fail:
	xasprintf(cause, "%s: %s", path, strerror(errno));
	unlink(tmp);
	free(tmp);
	return -1;
}

/* Whether the file can be written where it is (its folder exists and is
 * ours to write), before any event depends on it. */
int
resume_check(const char *path, char **cause)
{
	char	*tmp;
	int	 fd;

	xasprintf(&tmp, "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		xasprintf(cause, "%s: cannot write the resume file: %s", path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	unlink(tmp);
	free(tmp);
	return 0;
}

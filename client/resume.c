#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "raqib/xmalloc.h"
#include "resume.h"

/*
 * One line: the last seq handled, then the id of the store those seqs
 * count in ("1234 9f0c...\n"). A file of the seq alone (written by hand,
 * or by an older raqib) is read with the store unknown.
 * Returns 1 with *seq (and store, "" if unknown) if the file holds one, 0
 * if there is no file yet.
 */
int
resume_load(const char *path, long long *seq, char *store, size_t storelen,
    char **cause)
{
	FILE	*f;
	char	 line[128], *end;
	size_t	 n;
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
	n = strspn(end, "0123456789abcdef");
	if (end[n] != '\0' || n >= storelen)
		goto bad;
	memcpy(store, end, n + 1);
	*seq = v;
	return 1;
bad:
	xasprintf(cause, "%s: not a resume file (one line: the last seq, then "
	    "the store's id)", path);
	return -1;
}

/* Writes a temporary file, syncs it, then renames it over the old one, so
 * a crash leaves either the old seq or the new one. */
int
resume_save(const char *path, long long seq, const char *store, char **cause)
{
	char	*tmp, buf[128];
	int	 fd, n;

	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		goto fail;
	if (store != NULL && *store != '\0')
		n = snprintf(buf, sizeof buf, "%lld %s\n", seq, store);
	else
		n = snprintf(buf, sizeof buf, "%lld\n", seq);
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

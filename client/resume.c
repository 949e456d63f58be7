#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "resume.h"
#include "xmalloc.h"

/* Returns 1 with *seq if the file holds one, 0 if there is no file yet. */
int
resume_load(const char *path, long long *seq, char **cause)
{
	FILE	*f;
	char	 line[64], *end;
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
	errno = 0;
	v = strtoll(line, &end, 10);
	if (end == line || (*end != '\n' && *end != '\0') || errno != 0 || v < 0) {
		xasprintf(cause, "%s: not a resume file (one line: the last "
		    "seq)", path);
		return -1;
	}
	*seq = v;
	return 1;
}

/* Writes a temporary file, syncs it, then renames it over the old one, so
 * a crash leaves either the old seq or the new one. */
int
resume_save(const char *path, long long seq, char **cause)
{
	char	*tmp, buf[32];
	int	 fd, n;

	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		goto fail;
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

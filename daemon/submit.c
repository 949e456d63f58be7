/*
 * Articles handed in over the replay socket (raqib submit): written into
 * the watched folder as any writer should (a dotfile, synced, renamed), so
 * the watcher takes them in with the same checks as any file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "raqib/log.h"
#include "raqib/sha256.h"
#include "raqib/xmalloc.h"
#include "submit.h"

/* A plain file name from what the client calls it: its last component,
 * letters, digits, '.', '-' and '_' only, never a dotfile. */
static void
submit_name(const char *given, char *out, size_t len)
{
	const char	*base = strrchr(given, '/') ? strrchr(given, '/') + 1 :
			    given;
	size_t		 o = 0;

	for (; *base != '\0' && o + 1 < len && o < 64; base++) {
		unsigned char c = (unsigned char)*base;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && o > 0))
			out[o++] = (char)c;
	}
	out[o] = '\0';
	/* *.tmp, *.part and *~ are names the watcher ignores */
	if (o == 0 || (o >= 4 && strcmp(out + o - 4, ".tmp") == 0) ||
	    (o >= 5 && strcmp(out + o - 5, ".part") == 0))
		snprintf(out, len, "article.txt");
}

/*
 * Writes data into dir; on success returns the path and sets sha (65
 * bytes), else NULL with *cause. Over-size and empty articles are refused
 * here, before they take room on disk.
 */
char *
submit_write(const char *dir, long max_bytes, const char *given,
    const void *data, size_t len, char *sha, char **cause)
{
	char		 name[80], *tmp = NULL, *path = NULL;
	int		 fd = -1;

	if (len == 0) {
		xasprintf(cause, "empty: nothing to take in");
		return NULL;
	}
	if ((long long)len > max_bytes) {
		xasprintf(cause, "too large: %zu bytes, max_file_bytes is %ld",
		    len, max_bytes);
		return NULL;
	}
	sha256_hex(data, len, sha);
	submit_name(given, name, sizeof name);
	xasprintf(&tmp, "%s/.submit-%.16s.part", dir, sha);
	xasprintf(&path, "%s/%.16s-%s", dir, sha, name);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) ==
	    -1)
		goto syserr;
	if (write(fd, data, len) != (ssize_t)len || fsync(fd) == -1) {
		close(fd);
		goto syserr;
	}
	if (close(fd) == -1)
		goto syserr;
	if (rename(tmp, path) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(tmp);
	log_info("submit: %s (%zu bytes) written", path, len);
	return path;
syserr:
	xasprintf(cause, "%s: %s", tmp, strerror(errno));
fail:
	unlink(tmp);
	free(tmp);
	free(path);
	return NULL;
}

/*
 * Frames over a socketpair, blocking: the worker's side. The parent reads
 * and writes the same format through libevent buffers (pool.c).
 */
#include <sys/uio.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "raqib/xmalloc.h"
#include "frame.h"

void
frame_header(unsigned char *h, size_t len)
{
	h[0] = (unsigned char)(len >> 24);
	h[1] = (unsigned char)(len >> 16);
	h[2] = (unsigned char)(len >> 8);
	h[3] = (unsigned char)len;
}

size_t
frame_length(const unsigned char *h)
{
	return (size_t)h[0] << 24 | (size_t)h[1] << 16 | (size_t)h[2] << 8 |
	    h[3];
}

static int
frame_full_write(int fd, struct iovec *iov, int n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = writev(fd, iov, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* Writes one frame: the kind byte, then data. Returns 0 or -1. */
int
frame_write(int fd, char kind, const void *data, size_t len)
{
	return frame_write2(fd, kind, data, len, NULL, 0);
}

/* The same, with data in two parts. */
int
frame_write2(int fd, char kind, const void *a, size_t alen, const void *b,
    size_t blen)
{
	unsigned char	 h[FRAME_HEADER];
	struct iovec	 iov[4];

	if (alen + blen + 1 > FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	frame_header(h, alen + blen + 1);
	iov[0].iov_base = h;
	iov[0].iov_len = sizeof h;
	iov[1].iov_base = &kind;
	iov[1].iov_len = 1;
	iov[2].iov_base = (void *)a;
	iov[2].iov_len = alen;
	iov[3].iov_base = (void *)b;
	iov[3].iov_len = blen;
	return frame_full_write(fd, iov, 4);
}

static int
frame_full_read(int fd, void *buf, size_t len)
{
	size_t	 n = 0;
	ssize_t	 r;

	while (n < len) {
		if ((r = read(fd, (char *)buf + n, len - n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return n == 0 ? 0 : -1;
		n += (size_t)r;
	}
	return 1;
}

/* Reads one frame into *buf (allocated, NUL-terminated). Returns 1, 0 at
 * end of file before a frame, -1 on error or a truncated frame. */
int
frame_read(int fd, char **buf, size_t *len)
{
	unsigned char	 h[FRAME_HEADER];
	int		 rc;

	*buf = NULL;
	if ((rc = frame_full_read(fd, h, sizeof h)) <= 0)
		return rc;
	if ((*len = frame_length(h)) > FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	*buf = xmalloc(*len + 1);
	if (frame_full_read(fd, *buf, *len) != 1 && *len > 0) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	(*buf)[*len] = '\0';
	return 1;
}

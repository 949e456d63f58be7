/* Decoding article files to UTF-8, or saying why they cannot be. */
#ifndef RAQIB_DECODE_H
#define RAQIB_DECODE_H

#include <stddef.h>

struct decode_result {
	char		*text;		/* UTF-8, NUL-terminated; NULL if rejected */
	size_t		 len;
	const char	*encoding;	/* UTF-8, UTF-16LE, windows-1256, … */
	const char	*reason;	/* when rejected: empty, binary, … */
	char		*detail;
};

/* A file decode_open opened, and what fstat said of it. */
struct decode_file {
	int		 fd;		/* -1 once closed */
	long long	 size;		/* -1 unless a regular file */
	long long	 mtime_ns;
	long long	 ino;
};

/* The daemon's default [watch] max_file_bytes, and the client's limit. */
#define DECODE_MAX_BYTES	4194304

int	decode_text(const char *, size_t, struct decode_result *);
int	decode_open(const char *, struct decode_file *,
	    struct decode_result *);
int	decode_read_fd(struct decode_file *, size_t, char **, size_t *,
	    struct decode_result *);
void	decode_close(struct decode_file *);
int	decode_read(const char *, size_t, char **, size_t *,
	    struct decode_result *);
void	decode_clear(struct decode_result *);

#endif

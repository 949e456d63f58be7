#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "raqib/decode.h"
#include "raqib/log.h"
#include "raqib/norm.h"
#include "raqib/readfile.h"
#include "raqib/reasons.h"
#include "raqib/xmalloc.h"

void
decode_clear(struct decode_result *r)
{
	free(r->text);
	free(r->detail);
	memset(r, 0, sizeof *r);
}

static int __attribute__((format(printf, 3, 4)))
decode_reject(struct decode_result *r, const char *reason, const char *fmt, ...)
{
	va_list	ap;

	r->reason = reason;
	va_start(ap, fmt);
	if (vasprintf(&r->detail, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	return -1;
}

/* Converts from a named charset to UTF-8, failing on any invalid byte. */
static char *
decode_convert(const char *from, const char *buf, size_t len, size_t *out)
{
	UErrorCode	 err = U_ZERO_ERROR;
	UConverter	*cnv;
	UChar		*u;
	char		*utf8;
	int32_t		 n, m;

	if (len > 0x7fffffff / 4)
		return NULL;
	if ((cnv = ucnv_open(from, &err)) == NULL || U_FAILURE(err))
		return NULL;
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
	u = xreallocarray(NULL, len + 1, sizeof *u);
	n = ucnv_toUChars(cnv, u, (int32_t)len + 1, buf, (int32_t)len, &err);
	ucnv_close(cnv);
	if (U_FAILURE(err)) {
		free(u);
		return NULL;
	}
	err = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &m, u, n, &err);
	err = U_ZERO_ERROR;
	utf8 = xmalloc((size_t)m + 1);
	u_strToUTF8(utf8, m + 1, &m, u, n, &err);
	free(u);
	if (U_FAILURE(err)) {
		free(utf8);
		return NULL;
	}
	*out = (size_t)m;
	return utf8;
}

/* A copy of len bytes, NUL-terminated. */
static char *
decode_copy(const char *buf, size_t len)
{
	char	*s = xmalloc(len + 1);

	memcpy(s, buf, len);
	s[len] = '\0';
	return s;
}

/*
 * Text is text if almost nothing in it is a control character and it has
 * letters. Catches binary that happens to convert.
 */
static int
decode_plausible(const char *s, size_t len)
{
	size_t	 i = 0, ctl = 0, letters = 0, n = 0;
	uint32_t c;

	while (i < len) {
		c = norm_utf8_next(s, len, &i);
		n++;
		if (c == 0)
			return 0;	/* no text holds a NUL */
		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
		    c != '\f') || (c >= 0x7f && c < 0xa0) || c == 0xfffd)
			ctl++;
		else if (u_isalpha((UChar32)c))
			letters++;
	}
	return n > 0 && ctl * 100 <= n && letters * 8 >= n;
}

/* Keeps converted text if it is plausible text; frees it if not. */
static int
decode_take(struct decode_result *r, char *text, size_t n, const char *enc)
{
	if (text == NULL || !decode_plausible(text, n)) {
		free(text);
		return -1;
	}
	r->text = text;
	r->len = n;
	r->encoding = enc;
	return 0;
}

/* UTF-16 without a BOM: one byte of each pair is nearly always 0x00 (Latin)
 * or 0x06 (Arabic). Returns the encoding name or NULL. */
static const char *
decode_utf16_guess(const unsigned char *b, size_t len)
{
	size_t	i, even = 0, odd = 0, pairs = len / 2;

	if (len < 4 || len % 2 != 0)
		return NULL;
	for (i = 0; i + 1 < len; i += 2) {
		if (b[i] == 0x00 || b[i] == 0x06)
			even++;
		if (b[i + 1] == 0x00 || b[i + 1] == 0x06)
			odd++;
	}
	if (odd * 10 >= pairs * 9 && even * 10 < pairs * 5)
		return "UTF-16LE";
	if (even * 10 >= pairs * 9 && odd * 10 < pairs * 5)
		return "UTF-16BE";
	return NULL;
}

/*
 * Whether bytes that are not valid UTF-8 are still mostly UTF-8: many
 * well-formed multi-byte sequences and few stray bytes. That is damaged
 * UTF-8, not a legacy charset, whose Arabic letters seldom happen to form
 * UTF-8 sequences. Sets *bad to the offset of the first stray byte.
 */
static int
decode_damaged_utf8(const char *s, size_t len, size_t *bad)
{
	size_t	i = 0, at, multi = 0, stray = 0;

	*bad = 0;
	while (i < len) {
		at = i;
		norm_utf8_next(s, len, &i);
		if (i - at >= 2)
			multi++;
		else if ((unsigned char)s[at] >= 0x80 && stray++ == 0)
			*bad = at;
	}
	return stray > 0 && multi >= stray * 8;
}

/* The legacy charset ICU's detector finds best among those Arabic news
 * use; NULL if none is credible. Only for data without NUL bytes, which
 * cannot be UTF-16 text (its spaces and digits have a zero byte): the
 * detector's UTF-16 guess on such data turns Latin-1 into CJK. */
static const char *
decode_detect(const char *buf, size_t len)
{
	static const char *allowed[] = { "windows-1256", "ISO-8859-6", NULL };
	UErrorCode	 err = U_ZERO_ERROR;
	UCharsetDetector *det;
	const UCharsetMatch **m;
	const char	*name, *found = NULL;
	int32_t		 n, i, k;

	if ((det = ucsdet_open(&err)) == NULL || U_FAILURE(err))
		return NULL;
	ucsdet_setText(det, buf, (int32_t)(len > 65536 ? 65536 : len), &err);
	m = ucsdet_detectAll(det, &n, &err);
	for (i = 0; U_SUCCESS(err) && i < n && found == NULL; i++) {
		name = ucsdet_getName(m[i], &err);
		if (ucsdet_getConfidence(m[i], &err) < 10)
			break;
		for (k = 0; allowed[k] != NULL; k++)
			if (strcmp(name, allowed[k]) == 0)
				found = allowed[k];
	}
	ucsdet_close(det);
	return found;
}

/*
 * Decodes an article's bytes: UTF-8 (a BOM is dropped), UTF-16 with or
 * without a BOM, windows-1256 or ISO-8859-6. Returns 0 with r->text set, or
 * -1 with r->reason: empty, binary or undecodable.
 */
int
decode_text(const char *buf, size_t len, struct decode_result *r)
{
	const unsigned char *b = (const unsigned char *)buf;
	const char	*enc;
	char		*text;
	size_t		 n = 0, i, zeros = 0, bad;

	memset(r, 0, sizeof *r);
	if (len == 0)
		return decode_reject(r, REASON_EMPTY, "the file is empty");
	if (len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		buf += 3;
		len -= 3;
		if (!norm_utf8_valid(buf, len) || decode_take(r,
		    decode_copy(buf, len), len, "UTF-8") == -1)
			return decode_reject(r, REASON_UNDECODABLE, "a UTF-8 "
			    "byte order mark, then invalid or binary data");
		return 0;
	}
	if (len >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff))) {
		enc = b[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
		text = decode_convert(enc, buf + 2, len - 2, &n);
		if (decode_take(r, text, n, enc) == -1)
			return decode_reject(r, REASON_UNDECODABLE, "%s byte "
			    "order mark, then invalid data", enc);
		return 0;
	}
	for (i = 0; i < len; i++)
		zeros += b[i] == 0;
	if (zeros == 0 && norm_utf8_valid(buf, len)) {
		if (decode_take(r, decode_copy(buf, len), len, "UTF-8") == -1)
			return decode_reject(r, REASON_BINARY, "valid UTF-8 "
			    "but mostly control characters");
		return 0;
	}
	if (zeros == 0 && decode_damaged_utf8(buf, len, &bad))
		return decode_reject(r, REASON_UNDECODABLE, "UTF-8 with an "
		    "invalid byte at offset %zu", bad);
	if ((enc = decode_utf16_guess(b, len)) == NULL && zeros == 0)
		enc = decode_detect(buf, len);
	if (enc == NULL)
		return decode_reject(r, zeros ? REASON_BINARY :
		    REASON_UNDECODABLE, zeros ? "contains NUL bytes and is not "
		    "UTF-16" : "not UTF-8, and not a known Arabic encoding "
		    "(windows-1256, ISO-8859-6, UTF-16)");
	text = decode_convert(enc, buf, len, &n);
	if (decode_take(r, text, n, enc) == -1)
		return decode_reject(r, zeros ? REASON_BINARY : REASON_UNDECODABLE,
		    "looks like %s but does not convert to text", enc);
	return 0;
}

/*
 * Opens an article file as raqibd does before reading it: a symlink is not
 * followed, and only a regular file stays open. Returns 0 with df->fd open
 * (for decode_read_fd, or decode_close), or -1 with r->reason: vanished,
 * symlink, unreadable, not_regular. Either way df holds what fstat said, if
 * it could: the size (-1 unless a regular file), mtime and inode.
 */
int
decode_open(const char *path, struct decode_file *df, struct decode_result *r)
{
	struct stat	 sb;

	memset(r, 0, sizeof *r);
	memset(df, 0, sizeof *df);
	df->size = -1;
	if ((df->fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return decode_reject(r, REASON_VANISHED,
			    "no such file");
		if (errno == ELOOP)
			return decode_reject(r, REASON_SYMLINK, "symbolic "
			    "links are not followed");
		return decode_reject(r, REASON_UNREADABLE, "%s",
		    strerror(errno));
	}
	if (fstat(df->fd, &sb) == -1) {
		decode_reject(r, REASON_UNREADABLE, "%s", strerror(errno));
		goto fail;
	}
	df->size = sb.st_size;
	df->mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL +
	    sb.st_mtim.tv_nsec;
	df->ino = (long long)sb.st_ino;
	if (!S_ISREG(sb.st_mode)) {
		df->size = -1;	/* nothing to remember a fifo by */
		decode_reject(r, REASON_NOT_REGULAR, "%s", S_ISDIR(sb.st_mode) ?
		    "a directory" : S_ISFIFO(sb.st_mode) ? "a fifo" :
		    "not a regular file");
		goto fail;
	}
	return 0;
fail:
	decode_close(df);
	return -1;
}

void
decode_close(struct decode_file *df)
{
	if (df->fd != -1)
		close(df->fd);
	df->fd = -1;
}

/*
 * Reads the file decode_open opened, if it is at most max bytes, and closes
 * it. Returns 0 with *buf (NUL-terminated, for the caller to free) and
 * *len, or -1 with r->reason: unreadable, too_large, empty.
 */
int
decode_read_fd(struct decode_file *df, size_t max, char **buf, size_t *len,
    struct decode_result *r)
{
	size_t		 got = 0;
	int		 big, rc = -1;

	memset(r, 0, sizeof *r);
	*buf = NULL;
	if ((size_t)df->size > max) {
		decode_reject(r, REASON_TOO_LARGE, "over %zu bytes", max);
		goto out;
	}
	if ((*buf = readfile_fd(df->fd, max, &got, &big)) == NULL) {
		decode_reject(r, REASON_UNREADABLE, "%s", strerror(errno));
		goto out;
	}
	if (big) {
		decode_reject(r, REASON_TOO_LARGE, "grew over %zu bytes "
		    "while being read", max);
		goto out;
	}
	if (got == 0) {
		decode_reject(r, REASON_EMPTY, "the file is empty");
		goto out;
	}
	*len = got;
	rc = 0;
out:
	if (rc == -1) {
		free(*buf);
		*buf = NULL;
	}
	decode_close(df);
	return rc;
}

/*
 * Reads an article file as raqibd does before decoding it (decode_open,
 * then decode_read_fd). Returns 0 with *buf and *len, or -1 with r->reason.
 */
int
decode_read(const char *path, size_t max, char **buf, size_t *len,
    struct decode_result *r)
{
	struct decode_file df;

	*buf = NULL;
	if (decode_open(path, &df, r) == -1)
		return -1;
	return decode_read_fd(&df, max, buf, len, r);
}

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/jsonload.h"
#include "raqib/xmalloc.h"

/*
 * jansson's loader reads its input a byte at a time through a stream that
 * checks each byte's UTF-8 on the way: on an export (raqib query --format
 * csv) it was most of the client's CPU, about 20 µs of a 2 KB event. This
 * one scans the text by pointer and builds the tree with jansson's own
 * constructors, in the same order, so that the tree is the one jansson
 * would build. What it does not take (\u escapes, an escaped key, a number
 * over 63 characters, nesting past JSONLOAD_DEPTH) and anything that is
 * not JSON go to json_loadb itself: what it refuses and how is jansson's.
 */

#define JSONLOAD_DEPTH	64
#define JSONLOAD_NUMBER	64

struct jsonload {
	const char	*p, *end;
	char		*buf;		/* a string with escapes, decoded */
	size_t		 cap;
	int		 depth;
};

static pthread_once_t	 jsonload_once = PTHREAD_ONCE_INIT;
static locale_t		 jsonload_c;	/* numbers as JSON writes them */
/* What a byte starts in a string: 1 a character as it is (printable ASCII
 * but " and \), 2 to 4 the lead of a UTF-8 sequence, 0 anything else */
static unsigned char	 jsonload_len[256];

static json_t	*jsonload_value(struct jsonload *);

static void
jsonload_init(void)
{
	int	c;

	jsonload_c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	for (c = 0x20; c < 0x80; c++)
		jsonload_len[c] = c != '"' && c != '\\';
	for (c = 0xc2; c <= 0xf4; c++)
		jsonload_len[c] = c <= 0xdf ? 2 : c <= 0xef ? 3 : 4;
}

static void
jsonload_space(struct jsonload *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
jsonload_digit(struct jsonload *j, const char *p)
{
	return p < j->end && *p >= '0' && *p <= '9';
}

/* The length of the UTF-8 sequence at p as jansson takes it (no overlong
 * form, surrogate or code point past U+10FFFF), else 0. */
static size_t
jsonload_utf8(const unsigned char *p, const unsigned char *end)
{
	unsigned	 v;
	size_t		 n, i;

	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2, v = *p & 0x1f;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3, v = *p & 0x0f;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4, v = *p & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ||
	    (n == 3 && v < 0x800) || (n == 4 && v < 0x10000))
		return 0;
	return n;
}

/* Escapes other than \u, decoded into j->buf. */
static void
jsonload_unescape(struct jsonload *j, const char *s, size_t n, size_t *len)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char	*o;
	size_t	 i;

	if (n > j->cap) {
		j->cap = n < 256 ? 256 : n;
		free(j->buf);
		j->buf = xmalloc(j->cap);
	}
	for (o = j->buf, i = 0; i < n; i++)
		*o++ = s[i] == '\\' ? to[strchr(from, s[++i]) - from] : s[i];
	*len = (size_t)(o - j->buf);
}

/*
 * The string at the opening quote: in place when it has no escape, else
 * decoded (not for a key: j->buf is the next value's). -1: not one this
 * reader takes.
 */
static int
jsonload_string(struct jsonload *j, const char **s, size_t *len, int key)
{
	const unsigned char *p = (const unsigned char *)j->p + 1;
	const unsigned char *end = (const unsigned char *)j->end;
	size_t		 k;
	int		 escaped = 0;

	for (;;) {
		while (p < end && jsonload_len[*p] == 1)
			p++;
		if (p >= end)
			return -1;
		/* two bytes from C2: always a valid code point */
		if (jsonload_len[*p] == 2 && end - p >= 2 &&
		    (p[1] & 0xc0) == 0x80) {
			p += 2;
			continue;
		}
		if (*p == '"')
			break;
		if (*p == '\\') {
			if (key || p + 1 >= end || p[1] == '\0' ||
			    strchr("\"\\/bfnrt", p[1]) == NULL)
				return -1;
			escaped = 1;
			p += 2;
		} else if (jsonload_len[*p] == 0 ||
		    (k = jsonload_utf8(p, end)) == 0)
			return -1;
		else
			p += k;
	}
	*s = j->p + 1;
	*len = (size_t)((const char *)p - *s);
	if (escaped) {
		jsonload_unescape(j, *s, *len, len);
		*s = j->buf;
	}
	j->p = (const char *)p + 1;
	return 0;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? as jansson reads it:
 * an integer unless it has a fraction or exponent. */
static json_t *
jsonload_number(struct jsonload *j)
{
	const char	*p = j->p;
	char		 t[JSONLOAD_NUMBER], *e;
	long long	 n;
	double		 d;
	int		 real = 0;

	if (p < j->end && *p == '-')
		p++;
	if (!jsonload_digit(j, p))
		return NULL;
	if (*p++ == '0' && jsonload_digit(j, p))
		return NULL;
	while (jsonload_digit(j, p))
		p++;
	if (p < j->end && *p == '.') {
		real = 1;
		if (!jsonload_digit(j, ++p))
			return NULL;
		while (jsonload_digit(j, p))
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		real = 1;
		if (++p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (!jsonload_digit(j, p))
			return NULL;
		while (jsonload_digit(j, p))
			p++;
	}
	if ((size_t)(p - j->p) >= sizeof t)
		return NULL;
	memcpy(t, j->p, (size_t)(p - j->p));
	t[p - j->p] = '\0';
	j->p = p;
	errno = 0;
	if (!real) {
		n = strtoll(t, &e, 10);
		return errno == ERANGE ? NULL : json_integer(n);
	}
	d = strtod_l(t, &e, jsonload_c);
	if ((d == HUGE_VAL || d == -HUGE_VAL) && errno == ERANGE)
		return NULL;
	return json_real(d);
}

static json_t *
jsonload_word(struct jsonload *j, const char *w, json_t *v)
{
	size_t	n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return NULL;
	j->p += n;
	return v;
}

/* After a member or element: 1 on a comma, 0 on the closer, -1 else. */
static int
jsonload_next(struct jsonload *j, char close)
{
	char	c;

	jsonload_space(j);
	if (j->p >= j->end || (*j->p != ',' && *j->p != close))
		return -1;
	c = *j->p++;
	jsonload_space(j);
	return c == ',';
}

static json_t *
jsonload_object(struct jsonload *j)
{
	json_t		*o = json_object();
	const char	*k;
	size_t		 kl;
	int		 more = 1;

	j->p++;
	jsonload_space(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return o;
	}
	while (o != NULL && more == 1) {
		if (j->p >= j->end || *j->p != '"' ||
		    jsonload_string(j, &k, &kl, 1) == -1)
			break;
		jsonload_space(j);
		if (j->p >= j->end || *j->p != ':')
			break;
		j->p++;
		jsonload_space(j);
		if (json_object_setn_new_nocheck(o, k, kl,
		    jsonload_value(j)) == -1)
			break;
		if ((more = jsonload_next(j, '}')) == 0)
			return o;
	}
	json_decref(o);
	return NULL;
}

static json_t *
jsonload_array(struct jsonload *j)
{
	json_t	*a = json_array();
	int	 more = 1;

	j->p++;
	jsonload_space(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return a;
	}
	while (a != NULL && more == 1) {
		if (json_array_append_new(a, jsonload_value(j)) == -1)
			break;
		if ((more = jsonload_next(j, ']')) == 0)
			return a;
	}
	json_decref(a);
	return NULL;
}

static json_t *
jsonload_value(struct jsonload *j)
{
	const char	*s;
	size_t		 n;
	json_t		*v;

	if (j->p >= j->end)
		return NULL;
	switch (*j->p) {
	case '{':
	case '[':
		if (++j->depth > JSONLOAD_DEPTH)
			return NULL;
		v = *j->p == '{' ? jsonload_object(j) : jsonload_array(j);
		j->depth--;
		return v;
	case '"':
		if (jsonload_string(j, &s, &n, 0) == -1)
			return NULL;
		return json_stringn_nocheck(s, n);
	case 't':
		return jsonload_word(j, "true", json_true());
	case 'f':
		return jsonload_word(j, "false", json_false());
	case 'n':
		return jsonload_word(j, "null", json_null());
	default:
		return jsonload_number(j);
	}
}

json_t *
jsonload_own(const char *s, size_t len)
{
	struct jsonload	 j = { s, s + len, NULL, 0, 0 };
	json_t		*v = NULL;

	pthread_once(&jsonload_once, jsonload_init);
	jsonload_space(&j);
	/* like json_loadb without JSON_DECODE_ANY: an object or array */
	if (jsonload_c != (locale_t)0 && j.p < j.end && (*j.p == '{' ||
	    *j.p == '['))
		v = jsonload_value(&j);
	jsonload_space(&j);
	if (v != NULL && j.p != j.end) {
		json_decref(v);
		v = NULL;
	}
	free(j.buf);
	return v;
}

json_t *
jsonload(const char *s, size_t len)
{
	json_t	*v = jsonload_own(s, len);

	return v != NULL ? v : json_loadb(s, len, 0, NULL);
}

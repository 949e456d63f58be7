#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "raqib/norm.h"

/* Letters as UTF-8 byte pairs, for the proclitic and skeleton rules. */
#define AR_ALEF		"\xd8\xa7"
#define AR_WAW		"\xd9\x88"
#define AR_FA		"\xd9\x81"
#define AR_BA		"\xd8\xa8"
#define AR_KAF		"\xd9\x83"
#define AR_LAM		"\xd9\x84"

size_t
norm_utf8_put(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Decodes one code point; invalid sequences give U+FFFD and advance one byte. */
uint32_t
norm_utf8_next(const char *s, size_t len, size_t *i)
{
	const unsigned char	*p = (const unsigned char *)s + *i;
	size_t			 left = len - *i;
	uint32_t		 c;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf && left >= 2 && (p[1] & 0xc0) == 0x80) {
		*i += 2;
		return ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
	}
	if (p[0] >= 0xe0 && p[0] <= 0xef && left >= 3 &&
	    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		c = ((uint32_t)(p[0] & 0x0f) << 12) |
		    ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
			*i += 3;
			return c;
		}
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4 && left >= 4 &&
	    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
	    (p[3] & 0xc0) == 0x80) {
		c = ((uint32_t)(p[0] & 0x07) << 18) |
		    ((uint32_t)(p[1] & 0x3f) << 12) |
		    ((uint32_t)(p[2] & 0x3f) << 6) | (p[3] & 0x3f);
		if (c >= 0x10000 && c <= 0x10ffff) {
			*i += 4;
			return c;
		}
	}
	(*i)++;
	return 0xfffd;
}

/* norm_utf8_next with ASCII and two-byte sequences (Arabic) inline. */
static inline uint32_t
norm_next(const char *s, size_t len, size_t *i)
{
	const unsigned char	*p = (const unsigned char *)s + *i;

	if (p[0] < 0x80) {
		(*i)++;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf && *i + 1 < len &&
	    (p[1] & 0xc0) == 0x80) {
		*i += 2;
		return ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
	}
	return norm_utf8_next(s, len, i);
}

int
norm_utf8_valid(const char *s, size_t len)
{
	size_t	i = 0, before;

	while (i < len) {
		before = i;
		if (norm_next(s, len, &i) == 0xfffd &&
		    !(i - before == 3 && memcmp(s + before, "\xef\xbf\xbd", 3) == 0))
			return 0;
	}
	return 1;
}

/* Maps one code point to its matching form; returns 0 for code points dropped. */
static uint32_t
norm_map(uint32_t c)
{
	if ((c >= 0x064b && c <= 0x065f) || c == 0x0670 || c == 0x0640 ||
	    (c >= 0x06d6 && c <= 0x06ed) || c == 0x200c || c == 0x200d ||
	    c == 0x200e || c == 0x200f || c == 0xfeff || c == 0x00ad ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return 0;
	if (c >= 0x0660 && c <= 0x0669)
		return '0' + (c - 0x0660);
	if (c >= 0x06f0 && c <= 0x06f9)
		return '0' + (c - 0x06f0);
	switch (c) {
	case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672:
	case 0x0673:
		return 0x0627;			/* alef variants */
	case 0x0649: case 0x06cc: case 0x0626:
		return 0x064a;			/* ya, alef maqsura, ya hamza */
	case 0x0629:
		return 0x0647;			/* ta marbuta */
	case 0x0624:
		return 0x0648;			/* waw hamza */
	case 0x06a9:
		return 0x0643;			/* keheh */
	case 0x06a4:
		return 0x0641;			/* veh */
	case 0x067e:
		return 0x0628;			/* peh */
	case 0x0686:
		return 0x062c;			/* tcheh */
	case 0x06af: case 0x06a8:
		return 0x0642;			/* gaf, Maghreb qaf: a foreign g */
	case 0x066b:
		return '.';
	case 0x066c:
		return ',';
	}
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return c + 32;
		return c;
	}
	if (c >= 0xc0 && c < 0x250) {
		/* Latin with accents: keep the base letter. */
		UErrorCode	 err = U_ZERO_ERROR;
		const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
		UChar		 buf[8];
		int32_t		 n;

		if (U_SUCCESS(err)) {
			n = unorm2_getDecomposition(nfd, (UChar32)c, buf, 8, &err);
			if (U_SUCCESS(err) && n > 0 && buf[0] < 0x80)
				c = buf[0];
		}
		return (uint32_t)u_tolower((UChar32)c);
	}
	return c;
}

/* norm_map for the letters of most text without its chain of tests:
 * ASCII, and the Arabic letters that are their own matching form. */
static inline uint32_t
norm_map_fast(uint32_t c)
{
	/* 0x0622-0x0626, 0x0629 (bits from 0x0620) map to other letters */
	const uint32_t	 ar_mapped = 0x27c;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0x0621 && c <= 0x063a && !(ar_mapped >> (c - 0x0620) & 1))
		return c;
	if (c >= 0x0641 && c <= 0x064a && c != 0x0649)
		return c;
	return norm_map(c);
}

size_t
norm_utf16(const UChar *s, int32_t n, char *out, size_t outsz)
{
	size_t	o = 0;
	int32_t	i = 0;
	UChar32	c;
	uint32_t m;

	while (i < n) {
		U16_NEXT(s, i, n, c);
		if ((m = norm_map_fast((uint32_t)c)) == 0)
			continue;
		if (o + 4 >= outsz)
			break;
		if (m < 0x80)
			out[o++] = (char)m;
		else if (m < 0x800) {
			out[o++] = (char)(0xc0 | (m >> 6));
			out[o++] = (char)(0x80 | (m & 0x3f));
		} else
			o += norm_utf8_put(m, out + o);
	}
	out[o] = '\0';
	return o;
}

/* Lexicon strings go through NFKC first so presentation forms match. */
size_t
norm_utf8(const char *in, size_t len, char *out, size_t outsz)
{
	UChar		 src[NORM_MAX * 2], dst[NORM_MAX * 2];
	UErrorCode	 err = U_ZERO_ERROR;
	const UNormalizer2 *nfkc;
	int32_t		 n, m;

	/* longer forms are cut, at a character boundary */
	if (len > NORM_MAX * 2) {
		len = NORM_MAX * 2;
		while (len > 0 && ((unsigned char)in[len] & 0xc0) == 0x80)
			len--;
	}
	u_strFromUTF8Lenient(src, NORM_MAX * 2, &n, in, (int32_t)len, &err);
	if (U_FAILURE(err) || n > NORM_MAX * 2) {
		out[0] = '\0';
		return 0;
	}
	err = U_ZERO_ERROR;
	nfkc = unorm2_getNFKCInstance(&err);
	m = unorm2_normalize(nfkc, src, n, dst, NORM_MAX * 2, &err);
	if (U_FAILURE(err))
		return norm_utf16(src, n, out, outsz);
	return norm_utf16(dst, m, out, outsz);
}

/* Whether the two bytes at s + o (one Arabic letter) are l. */
static inline int
norm_letter_at(const char *s, size_t len, size_t o, const char *l)
{
	return len >= o + 2 && s[o] == l[0] && s[o + 1] == l[1];
}

/* One reading: the stem at o3, unless too short or already read. */
static void
norm_stem_add(const char *s, size_t len, size_t o3, int c, int p, int a,
    struct norm_stem *out, int *n, int max)
{
	int	k;

	/* The bare token is always a reading; a stem needs two letters or
	 * to start with a digit. */
	if (o3 > 0 && len - o3 < 4 && !(len - o3 >= 1 &&
	    (unsigned char)s[o3] < 0x80))
		return;
	if (len == 0 || (o3 > 0 && len - o3 < 1))
		return;
	for (k = 0; k < *n; k++)
		if (out[k].s == s + o3)
			return;
	if (*n == max)
		return;
	out[*n].s = s + o3;
	out[*n].len = (uint8_t)(len - o3);
	out[*n].conj = c != 0;
	out[*n].prep = (uint8_t)p;
	out[*n].art = a != 0;
	(*n)++;
}

/* The proclitic at s + o: 1 for و, 2 for ف (conj); 1 for ب, 2 for ك,
 * 3 for ل (prep); 0 for none. */
static inline int
norm_conj_at(const char *s, size_t len, size_t o)
{
	if (len < o + 2 || (unsigned char)s[o] != 0xd9)
		return 0;
	return s[o + 1] == AR_WAW[1] ? 1 : s[o + 1] == AR_FA[1] ? 2 : 0;
}

static inline int
norm_prep_at(const char *s, size_t len, size_t o)
{
	if (len < o + 2)
		return 0;
	if (s[o] == AR_BA[0])
		return s[o + 1] == AR_BA[1] ? 1 : 0;
	if (s[o] == AR_KAF[0])
		return s[o + 1] == AR_KAF[1] ? 2 : s[o + 1] == AR_LAM[1] ? 3 : 0;
	return 0;
}

/*
 * Every reading of a token as [و|ف][ب|ك|ل][ال] + stem, the bare token first
 * (no proclitic before each proclitic, و before ف, ب before ك before ل).
 * Stems shorter than two letters are not readings.  Every proclitic is one
 * two-byte letter, so they are compared as such, and only one of each
 * kind can be there.
 */
int
norm_stems(const char *s, size_t len, struct norm_stem *out, int max)
{
	int	 n = 0, c, p, cl[2], pl[2], i, j;
	size_t	 o1, o2;

	/* no proclitic: the bare token is the one reading */
	if (len < 2 || ((unsigned char)s[0] != 0xd8 &&
	    (unsigned char)s[0] != 0xd9)) {
		norm_stem_add(s, len, 0, 0, 0, 0, out, &n, max);
		return n;
	}
	cl[0] = 0;
	cl[1] = norm_conj_at(s, len, 0);
	for (i = 0; i < 2; i++) {
		if (i > 0 && cl[i] == 0)
			break;
		c = cl[i];
		o1 = c > 0 ? 2 : 0;
		pl[0] = 0;
		pl[1] = norm_prep_at(s, len, o1);
		for (j = 0; j < 2; j++) {
			if (j > 0 && pl[j] == 0)
				break;
			p = pl[j];
			o2 = o1 + (p > 0 ? 2 : 0);
			norm_stem_add(s, len, o2, c, p, 0, out, &n, max);
			/* ل + ال is written لل */
			if (p == 3) {
				if (norm_letter_at(s, len, o1 + 2, AR_LAM))
					norm_stem_add(s, len, o1 + 4, c, p, 1,
					    out, &n, max);
			} else if (norm_letter_at(s, len, o2, AR_ALEF) &&
			    norm_letter_at(s, len, o2 + 2, AR_LAM))
				norm_stem_add(s, len, o2 + 4, c, p, 1, out, &n,
				    max);
		}
	}
	return n;
}

size_t
norm_letters(const char *s, size_t len)
{
	size_t	i = 0, n = 0;

	while (i < len) {
		norm_next(s, len, &i);
		n++;
	}
	return n;
}

/*
 * The consonant skeleton of a transliterated name: long vowels dropped,
 * the letters a foreign sound is written with unified, spaces and doubled
 * letters removed. تينزاواتن, تين زاوتين and تينزاوتين share one skeleton.
 */
size_t
norm_skeleton(const char *s, size_t len, char *out, size_t outsz)
{
	size_t	 i = 0, o = 0, n = 0;
	uint32_t c, prev = 0, next;

	while (i < len) {
		c = norm_next(s, len, &i);
		n++;
		switch (c) {
		case ' ':
			continue;
		case 0x0627: case 0x0648: case 0x064a: case 0x0621:
			if (n > 1)
				continue;	/* long vowels inside a word */
			c = 0x0627;		/* a word-initial vowel is kept */
			break;
		case 0x062c: case 0x063a: case 0x0642:
			c = 'g';
			break;
		case 0x0637:
			c = 0x062a;
			break;
		case 0x0636:
			c = 0x062f;
			break;
		case 0x0635: case 0x062b:
			c = 0x0633;
			break;
		case 0x0630: case 0x0638:
			c = 0x0632;
			break;
		case 0x0647:
			if (i >= len)
				continue;	/* final ه / ة */
			break;
		case 0x0646:
			/* ن before ب is said م: تنبكتو = تمبكتو */
			if (i < len) {
				size_t	j = i;

				next = norm_next(s, len, &j);
				if (next == 0x0628)
					c = 0x0645;
			}
			break;
		}
		if (c == prev)
			continue;
		if (o + 4 >= outsz)
			break;
		o += norm_utf8_put(c, out + o);
		prev = c;
	}
	out[o] = '\0';
	return o;
}

/* Levenshtein distance over code points, for scoring spelling variants. */
int
norm_edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	uint32_t ca[64], cb[64];
	int	 d[65], prev, tmp, na = 0, nb = 0, i, j, cost;
	size_t	 k;

	for (k = 0; k < alen && na < 64;)
		ca[na++] = norm_next(a, alen, &k);
	for (k = 0; k < blen && nb < 64;)
		cb[nb++] = norm_next(b, blen, &k);
	for (j = 0; j <= nb; j++)
		d[j] = j;
	for (i = 1; i <= na; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= nb; j++) {
			tmp = d[j];
			cost = ca[i - 1] == cb[j - 1] ? 0 : 1;
			d[j] = d[j] + 1;
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (prev + cost < d[j])
				d[j] = prev + cost;
			prev = tmp;
		}
	}
	return d[nb];
}

/* Lower-case ASCII with accents and punctuation removed, as the scorer folds. */
size_t
norm_fold_ascii(const char *s, char *out, size_t outsz)
{
	size_t	 i = 0, o = 0, len = strlen(s);
	uint32_t c;

	while (i < len && o + 1 < outsz) {
		c = norm_map(norm_utf8_next(s, len, &i));
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[o++] = (char)c;
	}
	out[o] = '\0';
	return o;
}

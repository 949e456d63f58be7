#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "raqib/norm.h"
#include "raqib/sha256.h"
#include "raqib/xmalloc.h"
#include "raqib/fingerprint.h"

/*
 * A near-copy: shingle sets that overlap this much (estimated Jaccard), or
 * the smaller one mostly inside the larger (a reprint cut short or with a
 * paragraph added). Independent reports of one incident share a few
 * shingles (names, a quoted statement), nowhere near these.
 */
#define FINGERPRINT_JACCARD	0.5
#define FINGERPRINT_CONTAINED	0.8
#define FINGERPRINT_MIN_JACCARD	0.2	/* below it containment is noise */
#define FINGERPRINT_MIN_SHINGLES 8	/* shorter texts are copies only if equal */

static uint64_t
fingerprint_mix(uint64_t x)
{
	/* splitmix64's finaliser: every input bit moves every output bit */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t
fingerprint_word(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	size_t	 i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return fingerprint_mix(h);
}

static int
fingerprint_cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Hashes the words of normalised text t into w (room for n words) and the
 * words, one space apart, into the SHA-256 state. Returns the count. */
static size_t
fingerprint_words(const char *t, size_t len, uint64_t *w,
    crypto_hash_sha256_state *sha)
{
	size_t	 i = 0, at, start = 0, n = 0;
	uint32_t c;
	int	 in = 0;

	while (i <= len) {
		at = i;
		c = i < len ? norm_utf8_next(t, len, &i) : 0;
		if (i == at)
			i++;
		if (at < len && u_isalnum((UChar32)c)) {
			if (!in)
				start = at;
			in = 1;
			continue;
		}
		if (in) {
			if (n > 0)
				crypto_hash_sha256_update(sha,
				    (const unsigned char *)" ", 1);
			crypto_hash_sha256_update(sha, (const unsigned char *)t +
			    start, at - start);
			w[n++] = fingerprint_word(t + start, at - start);
		}
		in = 0;
	}
	return n;
}

/* The whole text in NFKC and the extractor's matching forms (norm_utf8
 * does one word of at most NORM_MAX bytes). */
static char *
fingerprint_norm(const char *text, size_t len, size_t *outlen)
{
	UErrorCode	 err = U_ZERO_ERROR;
	const UNormalizer2 *nfkc;
	UChar		*u, *k = NULL;
	int32_t		 n = 0, m;
	char		*out;
	size_t		 cap = len * 2 + 16;

	out = xmalloc(cap);
	*outlen = 0;
	out[0] = '\0';
	u = xcalloc(len + 1, sizeof *u);
	u_strFromUTF8Lenient(u, (int32_t)len + 1, &n, text, (int32_t)len, &err);
	if (U_FAILURE(err))
		goto out;
	nfkc = unorm2_getNFKCInstance(&err);
	/* NFKC may expand (ligatures): ask for the size first */
	m = U_SUCCESS(err) ? unorm2_normalize(nfkc, u, n, NULL, 0, &err) : 0;
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		err = U_ZERO_ERROR;
		k = xcalloc((size_t)m + 1, sizeof *k);
		m = unorm2_normalize(nfkc, u, n, k, m + 1, &err);
	}
	if (k == NULL || U_FAILURE(err)) {
		*outlen = norm_utf16(u, n, out, cap);
		goto out;
	}
	if ((size_t)m * 2 + 16 > cap) {
		cap = (size_t)m * 2 + 16;
		out = xreallocarray(out, cap, 1);
	}
	*outlen = norm_utf16(k, m, out, cap);
out:
	free(u);
	free(k);
	return out;
}

/*
 * Normalises the text as the extractor matches words (diacritics, tatweel
 * and invisible marks dropped, letter variants unified, digits in ASCII),
 * so that its encoding, line ends, spacing and punctuation do not count.
 */
void
fingerprint_make(const char *text, size_t len, struct fingerprint *fp)
{
	crypto_hash_sha256_state sha;
	unsigned char	 h[crypto_hash_sha256_BYTES];
	uint64_t	*w, *sh, s;
	char		*t;
	size_t		 tn, n, ns, i, k;

	memset(fp, 0, sizeof *fp);
	t = fingerprint_norm(text, len, &tn);
	w = xcalloc(tn / 2 + 2, sizeof *w);
	crypto_hash_sha256_init(&sha);
	n = fingerprint_words(t, tn, w, &sha);
	crypto_hash_sha256_final(&sha, h);
	sha256_digest_hex(h, fp->text_sha256);
	fp->words = (uint32_t)n;
	ns = n >= FINGERPRINT_SHINGLE ? n - FINGERPRINT_SHINGLE + 1 : n > 0;
	sh = xcalloc(ns + 1, sizeof *sh);
	for (i = 0; i < ns; i++) {
		s = 0;
		for (k = 0; k < FINGERPRINT_SHINGLE && i + k < n; k++)
			s = fingerprint_mix(s * 31 + w[i + k]);
		sh[i] = s;
	}
	qsort(sh, ns, sizeof *sh, fingerprint_cmp64);
	for (k = 0; k < FINGERPRINT_HASHES; k++)
		fp->minhash[k] = UINT64_MAX;
	for (i = 0; i < ns; i++) {
		if (i > 0 && sh[i] == sh[i - 1])
			continue;
		fp->shingles++;
		/* one hash function per slot: the shingle's hash re-mixed
		 * with the slot's own constant */
		for (k = 0; k < FINGERPRINT_HASHES; k++) {
			s = fingerprint_mix(sh[i] ^ (0x9e3779b97f4a7c15ULL *
			    (k + 1)));
			if (s < fp->minhash[k])
				fp->minhash[k] = s;
		}
	}
	free(sh);
	free(w);
	free(t);
}

void
fingerprint_compare(const struct fingerprint *a, const struct fingerprint *b,
    struct fingerprint_match *m)
{
	double	 inter;
	uint32_t small;
	size_t	 k, same = 0;

	memset(m, 0, sizeof *m);
	m->same_text = strcmp(a->text_sha256, b->text_sha256) == 0;
	if (m->same_text) {
		m->jaccard = m->containment = 1.0;
		m->copy = 1;
		return;
	}
	if (a->shingles == 0 || b->shingles == 0)
		return;
	for (k = 0; k < FINGERPRINT_HASHES; k++)
		same += a->minhash[k] == b->minhash[k];
	m->jaccard = (double)same / FINGERPRINT_HASHES;
	/* |A ∩ B| = J (|A| + |B|) / (1 + J) */
	inter = m->jaccard * (a->shingles + b->shingles) / (1 + m->jaccard);
	small = a->shingles < b->shingles ? a->shingles : b->shingles;
	m->containment = inter / small > 1.0 ? 1.0 : inter / small;
	if (small < FINGERPRINT_MIN_SHINGLES)
		return;
	m->copy = m->jaccard >= FINGERPRINT_JACCARD ||
	    (m->jaccard >= FINGERPRINT_MIN_JACCARD &&
	    m->containment >= FINGERPRINT_CONTAINED);
}

/* Locality-sensitive keys: documents that share one are candidates. */
void
fingerprint_bands(const struct fingerprint *fp, int64_t keys[FINGERPRINT_BANDS])
{
	uint64_t h;
	size_t	 b, r;

	for (b = 0; b < FINGERPRINT_BANDS; b++) {
		h = b + 1;
		for (r = 0; r < FINGERPRINT_ROWS; r++)
			h = fingerprint_mix(h ^ fp->minhash[b * FINGERPRINT_ROWS +
			    r]);
		keys[b] = (int64_t)(h >> 1);	/* SQLite integers are signed */
	}
}

static void
fingerprint_put(unsigned char *p, uint64_t v, int n)
{
	while (n-- > 0) {
		p[n] = (unsigned char)v;
		v >>= 8;
	}
}

static uint64_t
fingerprint_get(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int	 i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* The fingerprint as bytes: made by an extraction worker, read by raqibd. */
void
fingerprint_pack(const struct fingerprint *fp,
    unsigned char out[FINGERPRINT_PACKED])
{
	size_t	k;

	memcpy(out, fp->text_sha256, 64);
	fingerprint_put(out + 64, fp->words, 4);
	fingerprint_put(out + 68, fp->shingles, 4);
	for (k = 0; k < FINGERPRINT_HASHES; k++)
		fingerprint_put(out + 72 + k * 8, fp->minhash[k], 8);
}

/* Reads fingerprint_pack's bytes; -1 unless they are one (they come from a
 * process that parses untrusted text). */
int
fingerprint_unpack(const unsigned char *in, size_t len, struct fingerprint *fp)
{
	size_t	k;

	memset(fp, 0, sizeof *fp);
	if (len != FINGERPRINT_PACKED)
		return -1;
	for (k = 0; k < 64; k++)
		if (!((in[k] >= '0' && in[k] <= '9') ||
		    (in[k] >= 'a' && in[k] <= 'f')))
			return -1;
	memcpy(fp->text_sha256, in, 64);
	fp->words = (uint32_t)fingerprint_get(in + 64, 4);
	fp->shingles = (uint32_t)fingerprint_get(in + 68, 4);
	if (fp->shingles > fp->words)
		return -1;
	for (k = 0; k < FINGERPRINT_HASHES; k++)
		fp->minhash[k] = fingerprint_get(in + 72 + k * 8, 8);
	return 0;
}

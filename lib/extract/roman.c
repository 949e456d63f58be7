/*
 * Latin spellings of Arabic place names in the region's French-based
 * conventions (غ g, ق g, و ou, ج dj, ش ch, final يه é), and a rough
 * phonetic key to compare such a spelling with a gazetteer's Latin names.
 */
#include <stdint.h>
#include <string.h>

#include "raqib/norm.h"
#include "roman.h"

struct roman_unit {
	const char	*s;
	int		 vowel;
};

/* The Latin of one letter of a normalised form; NULL: none. */
static const char *
roman_letter(uint32_t c, int first, uint32_t next, int *vowel)
{
	*vowel = 0;
	switch (c) {
	case 0x0627: case 0x0622: case 0x0623: case 0x0625: case 0x0649:
		*vowel = 1;
		if (c == 0x0649)
			return "a";
		/* an initial alef before و or ي only carries it */
		return first && (next == 0x064A || next == 0x0648) ? "" : "a";
	case 0x0648:
		*vowel = 1;
		return "ou";
	case 0x064A:
		if (first) {
			*vowel = 0;
			return "y";
		}
		*vowel = 1;
		return "i";
	case 0x0628: return "b";
	case 0x062A: case 0x0637: return "t";
	case 0x062B: return "th";
	case 0x062C: return "dj";
	case 0x062D: return "h";
	case 0x062E: return "kh";
	case 0x062F: case 0x0636: return "d";
	case 0x0630: return "dh";
	case 0x0631: return "r";
	case 0x0632: case 0x0638: return "z";
	case 0x0633: case 0x0635: return "s";
	case 0x0634: return "ch";
	case 0x063A: case 0x0642: return "g";
	case 0x0641: return "f";
	case 0x0643: return "k";
	case 0x0644: return "l";
	case 0x0645: return "m";
	case 0x0646: return "n";
	case 0x0647: case 0x0629: return "h";
	default:
		return NULL;	/* ع ء and anything else: no letter */
	}
}

static size_t
roman_put(char *out, size_t o, size_t outsz, const char *s)
{
	size_t	l = strlen(s);

	if (o + l + 1 >= outsz)
		return o;
	memcpy(out + o, s, l);
	return o + l;
}

/* One word; returns the bytes written. */
static size_t
roman_word(const char *s, size_t len, char *out, size_t outsz)
{
	struct roman_unit u[64];
	uint32_t cps[64];
	size_t	 i = 0, n = 0, k, o = 0;
	int	 v;

	while (i < len && n < 64)
		cps[n++] = norm_utf8_next(s, len, &i);
	for (k = 0, i = 0; k < n && i < 64; k++) {
		const char *l = roman_letter(cps[k], i == 0,
		    k + 1 < n ? cps[k + 1] : 0, &v);

		if (l == NULL || *l == '\0')
			continue;
		/* a final ه: é after ي (زاغريه), a after a consonant (ta
		 * marbuta: بوكومة), nothing after another vowel */
		if ((cps[k] == 0x0647 || cps[k] == 0x0629) && k + 1 == n &&
		    i > 0) {
			if (cps[k - 1] == 0x064A) {
				u[i - 1].s = "é";
				continue;
			}
			if (u[i - 1].vowel)
				continue;
			l = "a";
			v = 1;
		}
		u[i].s = l;
		u[i].vowel = v;
		i++;
	}
	n = i;
	/* a vowel the script leaves unwritten in a final cluster: before the
	 * last two of three consonants (أوجفت Oudjeft), else before the last
	 * of two (تراغن Tragen) */
	i = n;
	if (n >= 4 && !u[n - 1].vowel && !u[n - 2].vowel && !u[n - 3].vowel)
		i = n - 2;
	else if (n >= 3 && !u[n - 1].vowel && !u[n - 2].vowel &&
	    strcmp(u[n - 2].s, "n") != 0)
		i = n - 1;
	for (k = 0; k < n; k++) {
		if (k == i)
			o = roman_put(out, o, outsz, "e");
		o = roman_put(out, o, outsz, u[k].s);
	}
	if (o > 0 && out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	out[o] = '\0';
	return o;
}

size_t
roman_ar(const char *s, size_t len, char *out, size_t outsz)
{
	size_t	 o = 0, w0 = 0, i;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != ' ')
			continue;
		if (i > w0) {
			if (o > 0 && o + 2 < outsz)
				out[o++] = ' ';
			o += roman_word(s + w0, i - w0, out + o, outsz - o);
		}
		w0 = i + 1;
	}
	out[o] = '\0';
	return o;
}

/*
 * The key: ASCII letters with the distinctions Arabic spelling loses
 * merged: o/ou/u/w, e/i/y, g/k/q/c, dj/j/g before e or i, ch/sh, h dropped,
 * doubled letters once.
 */
size_t
roman_key(const char *latin, char *out, size_t outsz)
{
	char	 a[128];
	size_t	 n, i, o = 0;
	char	 c, prev = 0, k;

	n = norm_fold_ascii(latin, a, sizeof a);
	for (i = 0; i < n && o + 1 < outsz; i++) {
		c = a[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z')
			continue;
		k = c;
		if (c == 'd' && a[i + 1] == 'j') {
			k = 'j';
			i++;
		} else if ((c == 'c' || c == 's') && a[i + 1] == 'h') {
			k = 'x';
			i++;
		} else if (c == 't' && a[i + 1] == 'c' && a[i + 2] == 'h') {
			k = 'x';
			i += 2;
		} else if (c == 'o' && a[i + 1] == 'u') {
			k = 'u';
			i++;
		} else if (c == 'g' && (a[i + 1] == 'e' || a[i + 1] == 'i'))
			k = 'j';
		else if (c == 'c' && (a[i + 1] == 'e' || a[i + 1] == 'i'))
			k = 's';
		else if (c == 'g' || c == 'q' || c == 'c')
			k = 'k';
		else if (c == 'o' || c == 'w')
			k = 'u';
		else if (c == 'e' || c == 'y')
			k = 'i';
		else if (c == 'p')
			k = 'b';
		else if (c == 'v')
			k = 'f';
		else if (c == 'h')
			continue;
		if (k == prev)
			continue;
		out[o++] = k;
		prev = k;
	}
	out[o] = '\0';
	return o;
}

/* Two keys near enough: equal below seven letters, an edit for every seven. */
int
roman_near(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), lim;

	if (la < 4 || lb < 4)
		return 0;
	lim = (la < lb ? la : lb) / 7;
	if ((la > lb ? la - lb : lb - la) > lim)
		return 0;
	return (size_t)norm_edit_distance(a, la, b, lb) <= lim;
}

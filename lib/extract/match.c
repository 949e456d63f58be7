#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "raqib/norm.h"
#include "raqib/strmap.h"
#include "raqib/xmalloc.h"

#define MATCH_DEPTH	16
#define MATCH_WORDS	16

/*
 * The token before t with the same matching form, whose readings t shares
 * (the readings depend on the form alone and common words recur), or t
 * itself, entered in the table seen (mask + 1 slots of token + 1).
 */
static uint32_t
match_same_form(const struct text *tx, uint32_t t, uint32_t *seen,
    size_t mask)
{
	const char	*nf = text_nf(tx, t);
	size_t		 n = tx->tok[t].nflen;
	size_t		 i = strmap_hash(nf, n) & mask;
	uint32_t	 u;

	for (; seen[i] != 0; i = (i + 1) & mask) {
		u = seen[i] - 1;
		if (tx->tok[u].nflen == n && memcmp(text_nf(tx, u), nf, n) == 0)
			return u;
	}
	seen[i] = t + 1;
	return t;
}

/* Every token's clitic readings and lexicon readings, computed once per
 * form and document. */
static void
match_words(struct doc *d)
{
	struct text	*tx = d->tx;
	struct lx_word	 w[MATCH_WORDS];
	const struct norm_stem *st;
	uint32_t	*seen, t, u;
	size_t		 mask;
	int		 n, ns;

	d->ntw = 0;
	doc_stems_size(d);
	seen = doc_slots(d, tx->ntok, &mask);
	for (t = 0; t < tx->ntok; t++) {
		d->tw0[t] = (uint32_t)d->ntw;
		d->twn[t] = 0;
		if (tx->tok[t].kind == TK_PUNCT) {
			doc_stems_compute(d, t);
			continue;
		}
		if ((u = match_same_form(tx, t, seen, mask)) != t) {
			d->tw0[t] = d->tw0[u];
			d->twn[t] = d->twn[u];
			doc_stems_share(d, t, u);
			continue;
		}
		doc_stems_compute(d, t);
		st = doc_stems(d, t, &ns);
		n = lexicon_words(d->lx, st, ns, w, MATCH_WORDS);
		if (n == 0)
			continue;
		if (d->ntw + (size_t)n > d->captw) {
			while (d->ntw + (size_t)n > d->captw)
				d->captw = d->captw ? d->captw * 2 : 4096;
			d->tw = xreallocarray(d->tw, d->captw, sizeof *d->tw);
		}
		memcpy(d->tw + d->ntw, w, (size_t)n * sizeof *w);
		d->ntw += (size_t)n;
		d->twn[t] = (uint8_t)n;
	}
}

static void
match_record(struct doc *d, uint32_t node, uint32_t t0, uint32_t t1,
    const struct lx_word *first)
{
	struct lx_hit	 h[32];
	size_t		 n, k;

	n = lexicon_hits(d->lx, node, h, 32);
	for (k = 0; k < n; k++) {
		struct mention	*m = doc_mention_add(d);

		m->t0 = t0;
		m->t1 = t1;
		m->art = first->art;
		m->prep = first->prep;
		m->conj = first->conj;
		m->form = first->form;
		m->hit = h[k];
	}
}

/* Inside a name, quote marks, clitics written apart and hyphens are skipped. */
static uint32_t
match_skip(const struct doc *d, uint32_t j, uint32_t end)
{
	const struct token *tk;

	while (j < end) {
		tk = &d->tx->tok[j];
		if (tk->flags & (TF_QUOTE | TF_CLITIC))
			j++;
		else if (tk->kind == TK_PUNCT && tk->nflen == 1 &&
		    text_nf(d->tx, j)[0] == '-')
			j++;
		else
			break;
	}
	return j;
}

static void
match_walk(struct doc *d, uint32_t t0, uint32_t node, uint32_t j,
    uint32_t end, int depth, const struct lx_word *first)
{
	const struct lx_word *w;
	uint32_t	 child, k, nj;

	if (depth > 0)
		j = match_skip(d, j, end);
	if (j >= end || depth >= MATCH_DEPTH ||
	    d->tx->tok[j].kind == TK_PUNCT)
		return;
	for (k = 0; k < d->twn[j]; k++) {
		w = &d->tw[d->tw0[j] + k];
		if ((child = lexicon_next(d->lx, node, w->word)) == LX_NONE)
			continue;
		nj = j + 1;
		match_record(d, child, t0, nj, depth == 0 ? w : first);
		match_walk(d, t0, child, nj, end, depth + 1,
		    depth == 0 ? w : first);
	}
	if (depth > 0 && (child = lexicon_wild(d->lx, node)) != LX_NONE) {
		match_record(d, child, t0, j + 1, first);
		match_walk(d, t0, child, j + 1, end, depth + 1, first);
	}
}

static int
match_is_name_cat(int cat)
{
	return cat == LX_PLACE || cat == LX_ADMIN1 || cat == LX_COUNTRY ||
	    cat == LX_PERSON || cat == LX_ACTOR || cat == LX_NISBA ||
	    cat == LX_REGION || cat == LX_SOURCE;
}

static int
match_known(const struct doc *d, uint32_t t)
{
	return d->twn[t] > 0;
}

/* The closest lexicon name a word (or words joined) is a spelling of. */
struct match_best {
	uint32_t	 n;		/* words it spans, 0 none */
	int		 dist;		/* its edit distance */
	struct lx_hit	 hit;
	struct norm_stem st;		/* the reading of the first word */
};

/* The lexicon names whose skeleton equals that of buf (n words joined, cl
 * letters): one within a quarter of its letters and closer (or as close
 * and longer) than the best so far replaces it. */
static void
match_fuzzy_try(const struct doc *d, const char *buf, size_t len, size_t cl,
    uint32_t n, const struct norm_stem *st, struct match_best *best)
{
	struct lx_hit	 hits[16];
	const char	*joined[16];
	size_t		 lexl;
	uint32_t	 k;
	int		 dist, lim;

	k = (uint32_t)lexicon_fuzzy(d->lx, buf, len, hits, joined, 16);
	while (k-- > 0) {
		lexl = norm_letters(joined[k], strlen(joined[k]));
		lim = (int)(lexl / 4);
		if (lim < 1)
			lim = 1;
		dist = norm_edit_distance(buf, len, joined[k],
		    strlen(joined[k]));
		if (dist > lim || (cl > lexl + 2) || (lexl > cl + 2))
			continue;
		if (dist < best->dist || (dist == best->dist && n > best->n)) {
			best->dist = dist;
			best->n = n;
			best->hit = hits[k];
			best->st = *st;
		}
	}
}

/* An unknown Arabic word: a candidate for a spelling variant. */
static int
match_unknown(const struct doc *d, uint32_t t)
{
	const struct text *tx = d->tx;

	return tx->tok[t].kind == TK_WORD && (tx->tok[t].flags & TF_ARABIC) &&
	    !match_known(d, t);
}

/* The best spelling variant starting at t (of letters letters): each
 * reading of t's word, alone or joined with the next one or two unknown
 * words. */
static void
match_fuzzy_at(const struct doc *d, uint32_t t, uint32_t end, size_t letters,
    struct match_best *best)
{
	const struct text *tx = d->tx;
	const struct norm_stem *st;
	char		 buf[NORM_MAX * 3];
	uint32_t	 n, u;
	size_t		 len, nf, cl;
	int		 ns, s;

	memset(best, 0, sizeof *best);
	best->dist = 1000;
	st = doc_stems(d, t, &ns);
	for (s = 0; s < ns; s++) {
		len = st[s].len;
		if (len >= sizeof buf)
			continue;
		memcpy(buf, st[s].s, len);
		/* letters add up: the forms joined are whole UTF-8, and a
		 * reading is the word less proclitics of one 2-byte letter */
		cl = letters - (tx->tok[t].nflen - len) / 2;
		for (n = 1; n <= 3 && t + n <= end; n++) {
			if (n > 1) {
				u = t + n - 1;
				if (!match_unknown(d, u))
					break;
				nf = tx->tok[u].nflen;
				if (len + nf >= sizeof buf)
					break;
				memcpy(buf + len, text_nf(tx, u), nf);
				cl += norm_letters(buf + len, nf);
				len += nf;
			}
			buf[len] = '\0';
			if (cl >= 5)
				match_fuzzy_try(d, buf, len, cl, n, &st[s], best);
		}
	}
}

/*
 * A spelling variant of a place or a person at t: an unknown word, or two
 * or three joined, whose consonant skeleton equals a lexicon name's and
 * whose spelling is within a quarter of its letters.  Returns the tokens
 * it spans, 0 if none.
 */
static uint32_t
match_fuzzy(struct doc *d, uint32_t t, uint32_t end)
{
	struct text	*tx = d->tx;
	struct match_best best;
	struct mention	*m;
	size_t		 letters;

	if (!match_unknown(d, t) || (letters = norm_letters(text_nf(tx, t),
	    tx->tok[t].nflen)) < 3)
		return 0;
	match_fuzzy_at(d, t, end, letters, &best);
	if (best.n == 0)
		return 0;
	m = doc_mention_add(d);
	m->t0 = t;
	m->t1 = t + best.n;
	m->hit = best.hit;
	m->fuzzy = 1;
	m->art = best.st.art;
	m->prep = best.st.prep;
	m->conj = best.st.conj;
	return best.n;
}

/* The mentions from index from on, all starting at one token, in the order
 * doc_index sorts them (longest first, then by category), keeping the
 * order of equals as its merge sort does. */
static void
match_sort_group(struct doc *d, size_t from)
{
	struct mention	 m;
	size_t		 i, j;

	for (i = from + 1; i < d->nm; i++) {
		m = d->m[i];
		for (j = i; j > from && (d->m[j - 1].t1 < m.t1 ||
		    (d->m[j - 1].t1 == m.t1 && d->m[j - 1].hit.cat > m.hit.cat));
		    j--)
			d->m[j] = d->m[j - 1];
		d->m[j] = m;
	}
}

/* The trie's names starting at token t of sentence s. */
static void
match_names_at(struct doc *d, size_t s, uint32_t t)
{
	struct text	*tx = d->tx;
	uint32_t	 k, child;
	size_t		 from = d->nm;

	for (k = 0; k < d->twn[t]; k++) {
		const struct lx_word *w = &d->tw[d->tw0[t] + k];

		child = lexicon_next(d->lx, LX_ROOT, w->word);
		if (child == LX_NONE)
			continue;
		match_record(d, child, t, t + 1, w);
		match_walk(d, t, child, t + 1, tx->sent[s].t1, 1, w);
	}
	match_sort_group(d, from);
}

/*
 * The mentions of the lexicon's names and of their spelling variants, made
 * token by token, so that they come in doc_index's order: a variant starts
 * at an unknown word, where no name does.
 */
void
match_run(struct doc *d)
{
	struct text	*tx = d->tx;
	size_t		 s;
	uint32_t	 t, fz;

	match_words(d);
	for (s = 0; s < tx->nsent; s++) {
		fz = tx->sent[s].t0;	/* variants start from here on */
		for (t = tx->sent[s].t0; t < tx->sent[s].t1; t++) {
			if (tx->tok[t].kind == TK_PUNCT)
				continue;
			match_names_at(d, s, t);
			if (t >= fz)
				fz = t + match_fuzzy(d, t, tx->sent[s].t1);
		}
	}
	doc_index(d);
}

/*
 * Names do not overlap: a longer name wins, except that a country, place
 * or nisba inside an actor's name stays a mention of its own (جيش مالي).
 */
static void
match_resolve_one(struct doc *d, const struct mention *a)
{
	uint32_t j, s, len = a->t1 - a->t0;

	/* a shorter mention overlapping a starts less than len before it */
	for (s = a->t0 >= len ? a->t0 - len + 1 : 0; s < a->t1; s++) {
		for (j = d->tokm[s]; j != DOC_NONE; j = d->mnext[j]) {
			struct mention *b = &d->m[j];

			if (b == a || b->dead || !match_is_name_cat(b->hit.cat) ||
			    b->t1 <= a->t0 || b->t1 - b->t0 >= len)
				continue;
			if (a->hit.cat == LX_ACTOR && b->t0 >= a->t0 &&
			    b->t1 <= a->t1 && (b->hit.cat == LX_COUNTRY ||
			    b->hit.cat == LX_PLACE || b->hit.cat == LX_NISBA ||
			    b->hit.cat == LX_ADMIN1)) {
				b->nested = 1;
				continue;
			}
			b->dead = 1;
		}
	}
}

void
match_resolve(struct doc *d)
{
	size_t	 i;

	for (i = 0; i < d->nm; i++)
		if (!d->m[i].dead && match_is_name_cat(d->m[i].hit.cat))
			match_resolve_one(d, &d->m[i]);
}

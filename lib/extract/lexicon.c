#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "lexicon.h"
#include "raqib/norm.h"
#include "raqib/strmap.h"
#include "topic.h"
#include "raqib/xmalloc.h"

#define LX_WILD		0	/* word id of the * token */
#define NODE_WORD	0x1	/* a word leads on from this node */
#define NODE_WILD	0x2	/* so does the * token */
#define LX_FUZZ_MAX	16
#define AR_AL		"\xd8\xa7\xd9\x84"	/* ال */
#define AR_HA		"\xd9\x87"		/* ه (and ة) */
#define AR_YA		"\xd9\x8a"
#define AR_ALEF		"\xd8\xa7"

struct lx_fuzzy {
	struct lx_hit	 hit;
	char		*joined;
	uint32_t	 next;
};

struct lexicon {
	struct lx_tables t;

	struct strmap	*words;		/* class+form key -> word id */
	uint8_t		*need_art;
	size_t		 nwords, capwords;

	struct strmap	*forms;		/* surface form -> first link */
	uint32_t	*fl_word, *fl_next;
	uint8_t		*fl_form;
	size_t		 nfl, capfl;

	struct strmap	*edges;		/* (node, word) -> child */
	uint32_t	*node_hit;
	uint8_t		*node_kids;	/* NODE_*: which edges leave a node */
	size_t		 nnodes, capnodes;
	struct lx_hit	*hits;
	uint32_t	*hit_next;
	size_t		 nhits, caphits;

	struct strmap	*skel;		/* skeleton -> first fuzzy */
	struct lx_fuzzy	*fz;
	size_t		 nfz, capfz;

	struct strmap	*actor_ids, *evtype_ids, *country_ids, *admin1_ids;

	/* while loading */
	const char	*dir;
	const char	*file;
	char		 ctx[160];
	char		***nisba;	/* per country, NULL-terminated */
	char		***cname;	/* per country: Arabic name forms */
	int		 expanding_form;	/* FORM_* of forms being added */
};

#define GROW(p, n, cap, init) do {					\
	if ((n) >= (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : (init);			\
		(p) = xreallocarray((p), (cap), sizeof *(p));		\
	}								\
} while (0)

static int lx_error(struct lexicon *, char **, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static int
lx_error(struct lexicon *lx, char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (lx->ctx[0] != '\0')
		xasprintf(cause, "%s/%s: %s: %s", lx->dir, lx->file, lx->ctx,
		    msg);
	else
		xasprintf(cause, "%s/%s: %s", lx->dir, lx->file, msg);
	free(msg);
	return -1;
}

/* Words, their forms, and the trie over word ids. */

static uint32_t
lx_node_new(struct lexicon *lx)
{
	if (lx->nnodes >= lx->capnodes) {
		lx->capnodes = lx->capnodes ? lx->capnodes * 2 : 8192;
		lx->node_hit = xreallocarray(lx->node_hit, lx->capnodes,
		    sizeof *lx->node_hit);
		lx->node_kids = xreallocarray(lx->node_kids, lx->capnodes,
		    sizeof *lx->node_kids);
	}
	lx->node_hit[lx->nnodes] = LX_NONE;
	lx->node_kids[lx->nnodes] = 0;
	return (uint32_t)lx->nnodes++;
}

static uint32_t
lx_edge(struct lexicon *lx, uint32_t node, uint32_t word)
{
	uint32_t key[2] = { node, word }, *v;
	int	 added;

	v = strmap_put(lx->edges, (const char *)key, sizeof key, LX_NONE,
	    &added);
	if (added) {
		uint32_t child = lx_node_new(lx);

		/* lx_node_new does not touch edges, so v stays valid */
		*v = child;
		lx->node_kids[node] |= word == LX_WILD ? NODE_WILD : NODE_WORD;
	}
	return *v;
}

static void
lx_form(struct lexicon *lx, const char *form, size_t len, uint32_t word,
    int how)
{
	uint32_t *head, i;
	int	  added;

	if (len == 0)
		return;
	head = strmap_put(lx->forms, form, len, LX_NONE, &added);
	for (i = *head; i != LX_NONE; i = lx->fl_next[i])
		if (lx->fl_word[i] == word)
			return;
	if (lx->nfl >= lx->capfl) {
		lx->capfl = lx->capfl ? lx->capfl * 2 : 8192;
		lx->fl_word = xreallocarray(lx->fl_word, lx->capfl,
		    sizeof *lx->fl_word);
		lx->fl_next = xreallocarray(lx->fl_next, lx->capfl,
		    sizeof *lx->fl_next);
		lx->fl_form = xreallocarray(lx->fl_form, lx->capfl,
		    sizeof *lx->fl_form);
	}
	lx->fl_word[lx->nfl] = word;
	lx->fl_form[lx->nfl] = (uint8_t)how;
	lx->fl_next[lx->nfl] = *head;
	*head = (uint32_t)lx->nfl++;
}

static void
lx_form3(struct lexicon *lx, uint32_t word, const char *a, const char *b,
    const char *c)
{
	char	buf[NORM_MAX * 2];
	int	n, how = lx->expanding_form;

	/* of the imperfect's prefixes, س marks the future */
	if (how == FORM_IMPERFECT && strncmp(a, "\xd8\xb3", 2) == 0)
		how = FORM_FUTURE;
	n = snprintf(buf, sizeof buf, "%s%s%s", a, b, c);
	if (n > 0 && (size_t)n < sizeof buf)
		lx_form(lx, buf, (size_t)n, word, how);
}

static int
lx_ends(const char *s, const char *suf)
{
	size_t	a = strlen(s), b = strlen(suf);

	return a >= b && memcmp(s + a - b, suf, b) == 0;
}

/* The inflected forms a lexicon word matches, by its class. */
static void
lx_expand(struct lexicon *lx, uint32_t w, char cls, const char *nf,
    const char *impf)
{
	static const char *pron[] = { AR_HA, "\xd9\x87\xd8\xa7",
	    "\xd9\x87\xd9\x85", "\xd9\x87\xd9\x85\xd8\xa7", "\xd9\x87\xd9\x86",
	    "\xd9\x83\xd9\x85", "\xd9\x86\xd8\xa7", AR_YA, NULL };
	static const char *nsuf[] = { AR_ALEF, "\xd8\xa7\xd8\xaa",
	    "\xd9\x8a\xd9\x86", "\xd9\x88\xd9\x86", "\xd8\xa7\xd9\x86",
	    AR_YA, AR_HA, "\xd8\xaa\xd9\x8a\xd9\x86", "\xd8\xaa\xd8\xa7\xd9\x86",
	    NULL };
	static const char *asuf[] = { AR_HA, AR_ALEF, "\xd9\x8a\xd9\x86",
	    "\xd9\x88\xd9\x86", "\xd8\xa7\xd8\xaa", "\xd8\xa7\xd9\x86",
	    "\xd8\xaa\xd9\x8a\xd9\x86", "\xd8\xaa\xd8\xa7\xd9\x86", NULL };
	/* past: - ت ا وا و تا ن نا تم تن */
	static const char *past[] = { "", "\xd8\xaa", AR_ALEF,
	    "\xd9\x88\xd8\xa7", "\xd9\x88", "\xd8\xaa\xd8\xa7", "\xd9\x86",
	    "\xd9\x86\xd8\xa7", "\xd8\xaa\xd9\x85", "\xd8\xaa\xd9\x86", NULL };
	/* imperfect prefixes: ي ت ن ا سي ست سن */
	static const char *ipre[] = { AR_YA, "\xd8\xaa", "\xd9\x86", AR_ALEF,
	    "\xd8\xb3\xd9\x8a", "\xd8\xb3\xd8\xaa", "\xd8\xb3\xd9\x86", NULL };
	/* imperfect suffixes: - ون ان ن وا ين و */
	static const char *isuf[] = { "", "\xd9\x88\xd9\x86",
	    "\xd8\xa7\xd9\x86", "\xd9\x86", "\xd9\x88\xd8\xa7",
	    "\xd9\x8a\xd9\x86", "\xd9\x88", NULL };
	static const char *vobj[] = { AR_HA, "\xd9\x87\xd8\xa7",
	    "\xd9\x87\xd9\x85", "\xd9\x87\xd9\x85\xd8\xa7", "\xd9\x86\xd9\x8a",
	    "\xd9\x86\xd8\xa7", NULL };
	char	 base[NORM_MAX], istem[NORM_MAX];
	size_t	 len = strlen(nf);
	int	 i, j;

	lx_form(lx, nf, len, w, FORM_BASE);
	switch (cls) {
	case 'n':
		if (lx_ends(nf, AR_HA) && len > 2) {
			memcpy(base, nf, len - 2);
			base[len - 2] = '\0';
			lx_form3(lx, w, base, "\xd8\xa7\xd8\xaa", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd9\x8a\xd9\x86", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd8\xa7\xd9\x86", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd9\x8a", "");
			for (i = 0; pron[i] != NULL; i++)
				lx_form3(lx, w, base, "\xd8\xaa", pron[i]);
			break;
		}
		for (i = 0; nsuf[i] != NULL; i++)
			lx_form3(lx, w, nf, nsuf[i], "");
		for (i = 0; pron[i] != NULL; i++)
			lx_form3(lx, w, nf, pron[i], "");
		break;
	case 'a':
		for (i = 0; asuf[i] != NULL; i++)
			lx_form3(lx, w, nf, asuf[i], "");
		break;
	case 'v':
		for (i = 0; past[i] != NULL; i++)
			lx_form3(lx, w, nf, past[i], "");
		for (i = 0; vobj[i] != NULL; i++) {
			lx_form3(lx, w, nf, vobj[i], "");
			lx_form3(lx, w, nf, "\xd8\xaa", vobj[i]);
			lx_form3(lx, w, nf, "\xd9\x88", vobj[i]);
		}
		if (lx_ends(nf, AR_YA) && len > 4) {
			/* defective: نفى نفت نفوا */
			memcpy(base, nf, len - 2);
			base[len - 2] = '\0';
			lx_form3(lx, w, base, "\xd8\xaa", "");
			lx_form3(lx, w, base, "\xd9\x88\xd8\xa7", "");
			lx_form3(lx, w, base, "\xd8\xaa\xd8\xa7", "");
		}
		if (impf != NULL && *impf != '\0')
			snprintf(istem, sizeof istem, "%s", impf);
		else if (strncmp(nf, AR_ALEF, 2) == 0 && norm_letters(nf, len) >= 4)
			snprintf(istem, sizeof istem, "%s", nf + 2);
		else
			snprintf(istem, sizeof istem, "%s", nf);
		lx->expanding_form = FORM_IMPERFECT;
		for (i = 0; ipre[i] != NULL; i++) {
			for (j = 0; isuf[j] != NULL; j++)
				lx_form3(lx, w, ipre[i], istem, isuf[j]);
			for (j = 0; vobj[j] != NULL; j++) {
				char	tail[32];

				lx_form3(lx, w, ipre[i], istem, vobj[j]);
				snprintf(tail, sizeof tail, "\xd9\x88\xd9\x86%s",
				    vobj[j]);
				lx_form3(lx, w, ipre[i], istem, tail);
			}
			if (lx_ends(istem, AR_YA)) {
				size_t	l = strlen(istem);

				memcpy(base, istem, l - 2);
				base[l - 2] = '\0';
				lx_form3(lx, w, ipre[i], base,
				    "\xd9\x88\xd9\x86");
				lx_form3(lx, w, ipre[i], base,
				    "\xd9\x88\xd8\xa7");
			}
		}
		lx->expanding_form = FORM_BASE;
		break;
	}
}

/* One pattern token: [^]text[~n|~a|~v[=imperfect]|~x], or *. */
static int
lx_word(struct lexicon *lx, const char *tok, uint32_t *out, char **cause)
{
	char	 text[NORM_MAX], nf[NORM_MAX], impf[NORM_MAX], key[NORM_MAX * 3];
	char	 cls = 'x';
	const char *t = tok, *tilde;
	size_t	 n, tl;
	uint32_t *v;
	int	 art = 0, added;

	impf[0] = '\0';
	if (strcmp(tok, "*") == 0) {
		*out = LX_WILD;
		return 0;
	}
	if (*t == '^') {
		art = 1;
		t++;
	} else if (*t == '!') {
		art = 2;	/* never with the article */
		t++;
	}
	tl = strlen(t);
	if ((tilde = strchr(t, '~')) != NULL) {
		tl = (size_t)(tilde - t);
		cls = tilde[1];
		if (cls != 'n' && cls != 'a' && cls != 'v' && cls != 'x')
			return lx_error(lx, cause, "\"%s\": unknown marker ~%c",
			    tok, cls);
		if (tilde[2] == '=' && cls == 'v')
			norm_utf8(tilde + 3, strlen(tilde + 3), impf, sizeof impf);
		else if (tilde[2] != '\0')
			return lx_error(lx, cause, "\"%s\": bad marker", tok);
	}
	if (tl == 0 || tl >= sizeof text)
		return lx_error(lx, cause, "\"%s\": empty or too long", tok);
	memcpy(text, t, tl);
	text[tl] = '\0';
	n = norm_utf8(text, tl, nf, sizeof nf);
	if (n == 0)
		return lx_error(lx, cause, "\"%s\": nothing left after "
		    "normalisation", tok);
	/* The article is a clitic: the text side strips it too. */
	if (cls != 'v' && strncmp(nf, AR_AL, 4) == 0 && norm_letters(nf, n) >= 4) {
		memmove(nf, nf + 4, n - 3);
		n -= 4;
	}
	snprintf(key, sizeof key, "%c%s%s=%s", cls, art == 1 ? "^" : art == 2 ?
	    "!" : "", nf, impf);
	v = strmap_put(lx->words, key, strlen(key), (uint32_t)lx->nwords,
	    &added);
	*out = *v;
	if (added) {
		GROW(lx->need_art, lx->nwords, lx->capwords, 4096);
		lx->need_art[lx->nwords++] = (uint8_t)art;
		lx_expand(lx, *out, cls, nf, impf);
	}
	return 0;
}

static void
lx_hit_add(struct lexicon *lx, uint32_t node, struct lx_hit hit)
{
	uint32_t i;

	for (i = lx->node_hit[node]; i != LX_NONE; i = lx->hit_next[i])
		if (memcmp(&lx->hits[i], &hit, sizeof hit) == 0)
			return;
	if (lx->nhits >= lx->caphits) {
		lx->caphits = lx->caphits ? lx->caphits * 2 : 8192;
		lx->hits = xreallocarray(lx->hits, lx->caphits, sizeof *lx->hits);
		lx->hit_next = xreallocarray(lx->hit_next, lx->caphits,
		    sizeof *lx->hit_next);
	}
	lx->hits[lx->nhits] = hit;
	lx->hit_next[lx->nhits] = lx->node_hit[node];
	lx->node_hit[node] = (uint32_t)lx->nhits++;
}

static void
lx_fuzzy_add(struct lexicon *lx, const char *pattern, struct lx_hit hit)
{
	char	 joined[NORM_MAX], nf[NORM_MAX], sk[NORM_MAX];
	char	*copy = xstrdup(pattern), *tok, *save = NULL;
	size_t	 jl = 0, n;
	uint32_t *head;

	for (tok = strtok_r(copy, " -", &save); tok != NULL;
	    tok = strtok_r(NULL, " -", &save)) {
		if (strchr(tok, '~') != NULL || *tok == '^' || *tok == '*')
			goto out;
		n = norm_utf8(tok, strlen(tok), nf, sizeof nf);
		if (jl == 0 && strncmp(nf, AR_AL, 4) == 0 &&
		    norm_letters(nf, n) >= 4) {
			memmove(nf, nf + 4, n - 3);
			n -= 4;
		}
		if (jl + n + 1 >= sizeof joined)
			goto out;
		memcpy(joined + jl, nf, n);
		jl += n;
	}
	joined[jl] = '\0';
	if (jl == 0 || (unsigned char)joined[0] < 0x80 ||
	    norm_letters(joined, jl) < 5)
		goto out;
	n = norm_skeleton(joined, jl, sk, sizeof sk);
	if (norm_letters(sk, n) < 3)
		goto out;
	GROW(lx->fz, lx->nfz, lx->capfz, 1024);
	head = strmap_put(lx->skel, sk, n, LX_NONE, NULL);
	lx->fz[lx->nfz].hit = hit;
	lx->fz[lx->nfz].joined = xstrdup(joined);
	lx->fz[lx->nfz].next = *head;
	*head = (uint32_t)lx->nfz++;
out:
	free(copy);
}

/* Adds one pattern with its payload. */
static int
lx_add(struct lexicon *lx, const char *pattern, struct lx_hit hit,
    char **cause)
{
	char	*copy = xstrdup(pattern), *tok, *save = NULL;
	const char *sp = strchr(pattern, ' '), *v = strstr(pattern, "~v");
	uint32_t node = LX_ROOT, w;
	int	 ntok = 0, rc = -1;

	/* a trigger that starts with a verb reports an act: قتل~v */
	if (hit.cat == LX_TRIGGER && v != NULL && (sp == NULL || v < sp))
		hit.flags |= TRF_VERB;

	for (tok = strtok_r(copy, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		/* Latin compounds (CSP-PSD) are split as the text is. */
		char	*part, *save2 = NULL;

		if ((unsigned char)tok[0] < 0x80 && strchr(tok, '-') != NULL &&
		    tok[0] != '-') {
			for (part = strtok_r(tok, "-", &save2); part != NULL;
			    part = strtok_r(NULL, "-", &save2)) {
				if (lx_word(lx, part, &w, cause) == -1)
					goto out;
				node = lx_edge(lx, node, w);
				ntok++;
			}
			continue;
		}
		if (lx_word(lx, tok, &w, cause) == -1)
			goto out;
		node = lx_edge(lx, node, w);
		ntok++;
	}
	if (ntok == 0) {
		lx_error(lx, cause, "empty pattern");
		goto out;
	}
	lx_hit_add(lx, node, hit);
	rc = 0;
out:
	free(copy);
	return rc;
}

static struct lx_hit
lx_hit(int cat, int arg, int flags, uint32_t id)
{
	struct lx_hit h;

	memset(&h, 0, sizeof h);
	h.cat = (uint8_t)cat;
	h.arg = (uint8_t)arg;
	h.flags = (uint16_t)flags;
	h.id = id;
	return h;
}

/* JSON helpers: every loader checks its keys and names the entry. */

static json_t *
lx_open(struct lexicon *lx, const char *file, const char *schema,
    char **cause)
{
	json_error_t	 err;
	json_t		*root, *s;
	char		*path;

	lx->file = file;
	lx->ctx[0] = '\0';
	xasprintf(&path, "%s/%s", lx->dir, file);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	free(path);
	if (root == NULL) {
		if (err.line > 0)
			lx_error(lx, cause, "line %d column %d: %s", err.line,
			    err.column, err.text);
		else
			lx_error(lx, cause, "%s", err.text);
		return NULL;
	}
	s = json_object_get(root, "schema");
	if (!json_is_object(root) || !json_is_string(s) ||
	    strcmp(json_string_value(s), schema) != 0) {
		lx_error(lx, cause, "schema must be \"%s\"", schema);
		json_decref(root);
		return NULL;
	}
	return root;
}

static int
lx_keys(struct lexicon *lx, json_t *obj, const char *allowed, char **cause)
{
	const char	*key, *p;
	json_t		*v;
	size_t		 kl;

	if (!json_is_object(obj))
		return lx_error(lx, cause, "must be an object");
	json_object_foreach(obj, key, v) {
		/* "" is found everywhere and never advances the search */
		if ((kl = strlen(key)) == 0)
			return lx_error(lx, cause, "empty key");
		for (p = allowed; (p = strstr(p, key)) != NULL; p += kl)
			if ((p == allowed || p[-1] == ' ') &&
			    (p[kl] == ' ' || p[kl] == '\0'))
				break;
		if (p == NULL)
			return lx_error(lx, cause, "unknown key \"%s\"", key);
	}
	return 0;
}

static int
lx_str(struct lexicon *lx, json_t *obj, const char *key, int required,
    const char **out, char **cause)
{
	json_t	*v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return lx_error(lx, cause, "\"%s\" is required", key);
		return 0;
	}
	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return lx_error(lx, cause, "\"%s\" must be a non-empty string",
		    key);
	*out = json_string_value(v);
	return 0;
}

static int
lx_num(struct lexicon *lx, json_t *obj, const char *key, int required,
    double lo, double hi, double *out, char **cause)
{
	json_t	*v = json_object_get(obj, key);

	*out = NAN;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return lx_error(lx, cause, "\"%s\" is required", key);
		return 0;
	}
	if (!json_is_number(v))
		return lx_error(lx, cause, "\"%s\" must be a number", key);
	*out = json_number_value(v);
	if (*out < lo || *out > hi)
		return lx_error(lx, cause, "\"%s\" out of range [%g, %g]", key,
		    lo, hi);
	return 0;
}

static int
lx_bool(struct lexicon *lx, json_t *obj, const char *key, int *out,
    char **cause)
{
	json_t	*v = json_object_get(obj, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return lx_error(lx, cause, "\"%s\" must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

/* The array under key, which must hold objects (or strings if strs). */
static int
lx_array(struct lexicon *lx, json_t *obj, const char *key, int strs,
    json_t **out, char **cause)
{
	json_t	*v = json_object_get(obj, key), *e;
	size_t	 i;

	*out = v;
	if (v == NULL)
		return lx_error(lx, cause, "\"%s\" is required", key);
	if (!json_is_array(v))
		return lx_error(lx, cause, "\"%s\" must be an array", key);
	json_array_foreach(v, i, e) {
		if (strs && (!json_is_string(e) || *json_string_value(e) == '\0'))
			return lx_error(lx, cause, "\"%s\"[%zu] must be a "
			    "non-empty string", key, i);
		if (!strs && !json_is_object(e))
			return lx_error(lx, cause, "\"%s\"[%zu] must be an "
			    "object", key, i);
	}
	return 0;
}

/* Adds every string of the array under key as a pattern for hit. */
static int
lx_patterns(struct lexicon *lx, json_t *obj, const char *key, int required,
    struct lx_hit hit, int fuzzy, char **cause)
{
	json_t	*arr = json_object_get(obj, key), *e;
	size_t	 i;

	if (arr == NULL && !required)
		return 0;
	if (lx_array(lx, obj, key, 1, &arr, cause) == -1)
		return -1;
	if (required && json_array_size(arr) == 0)
		return lx_error(lx, cause, "\"%s\" must not be empty", key);
	json_array_foreach(arr, i, e) {
		if (lx_add(lx, json_string_value(e), hit, cause) == -1)
			return -1;
		if (fuzzy)
			lx_fuzzy_add(lx, json_string_value(e), hit);
	}
	return 0;
}

static char *
lx_first(json_t *obj, const char *key)
{
	json_t	*arr = json_object_get(obj, key);

	if (json_is_array(arr) && json_is_string(json_array_get(arr, 0)))
		return xstrdup(json_string_value(json_array_get(arr, 0)));
	return xstrdup("");
}

static int
lx_enum(const char *s, const char *const *names)
{
	int	i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static void
lx_ctx(struct lexicon *lx, const char *arr, size_t i, const char *name)
{
	if (name != NULL)
		snprintf(lx->ctx, sizeof lx->ctx, "%s[%zu] \"%s\"", arr, i,
		    name);
	else
		snprintf(lx->ctx, sizeof lx->ctx, "%s[%zu]", arr, i);
}

/* event_types.json: the controlled vocabulary of event types. */
static int
lx_load_evtypes(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e;
	const char	*id, *t, *sub;
	size_t		 i;

	if (lx_array(lx, root, "event_types", 0, &arr, cause) == -1)
		return -1;
	lx->t.evtype = xcalloc(json_array_size(arr), sizeof *lx->t.evtype);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "event_types", i, NULL);
		if (lx_keys(lx, e, "id acled_event_type acled_sub_event_type",
		    cause) == -1 || lx_str(lx, e, "id", 1, &id, cause) == -1 ||
		    lx_str(lx, e, "acled_event_type", 0, &t, cause) == -1 ||
		    lx_str(lx, e, "acled_sub_event_type", 0, &sub, cause) == -1)
			return -1;
		lx->t.evtype[i].id = xstrdup(id);
		lx->t.evtype[i].acled_type = t ? xstrdup(t) : NULL;
		lx->t.evtype[i].acled_sub = sub ? xstrdup(sub) : NULL;
		*strmap_put(lx->evtype_ids, id, strlen(id), 0, NULL) =
		    (uint32_t)i;
		lx->t.nevtype++;
	}
	return 0;
}

static char *
lx_icu_name(const char *cc, const char *lang)
{
	UChar		 u[128];
	char		 buf[512], loc[8];
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 n, o;

	snprintf(loc, sizeof loc, "_%s", cc);
	n = uloc_getDisplayCountry(loc, lang, u, 128, &err);
	if (U_FAILURE(err) || n <= 0)
		return NULL;
	err = U_ZERO_ERROR;
	u_strToUTF8(buf, sizeof buf, &o, u, n, &err);
	if (U_FAILURE(err))
		return NULL;
	return xstrdup(buf);
}

static void
lx_strlist_add(char ***list, const char *s)
{
	size_t	n = 0;

	if (*list != NULL)
		while ((*list)[n] != NULL)
			n++;
	*list = xreallocarray(*list, n + 2, sizeof **list);
	(*list)[n] = xstrdup(s);
	(*list)[n + 1] = NULL;
}

/* The nisba of a one-word country name: روسيا → روسي, الجزائر → جزائري. */
static int
lx_nisba_rule(const char *name, char *out, size_t outsz)
{
	char	nf[NORM_MAX];
	size_t	n;

	if (strchr(name, ' ') != NULL || strchr(name, '(') != NULL)
		return -1;
	n = norm_utf8(name, strlen(name), nf, sizeof nf);
	if (strncmp(nf, AR_AL, 4) == 0 && norm_letters(nf, n) >= 5) {
		memmove(nf, nf + 4, n - 3);
		n -= 4;
	}
	if (n < 4 || (unsigned char)nf[0] < 0x80)
		return -1;
	if (lx_ends(nf, AR_YA AR_ALEF) && n > 6)
		nf[n - 4] = '\0';
	else if (lx_ends(nf, AR_ALEF) || lx_ends(nf, AR_HA))
		nf[n - 2] = '\0';
	else if (lx_ends(nf, AR_YA)) {
		snprintf(out, outsz, "%s", nf);
		return 0;
	}
	snprintf(out, outsz, "%s" AR_YA, nf);
	return 0;
}

/*
 * Countries: every ISO 3166 code ICU knows, named in Arabic and English by
 * ICU's locale data; countries.json adds aliases, nisba overrides,
 * coordinates and the ambiguity flag.
 */
static int
lx_load_countries(struct lexicon *lx, json_t *root, char **cause)
{
	const char * const *codes = uloc_getISOCountries();
	json_t		*arr, *e, *v;
	struct lx_country *c;
	const char	*cc, *name;
	char		*ar, *p, nis[NORM_MAX];
	size_t		 n = 0, i, k;
	int		 amb, ci;
	double		 lat, lon;

	while (codes[n] != NULL)
		n++;
	lx->t.country = xcalloc(n, sizeof *lx->t.country);
	lx->nisba = xcalloc(n, sizeof *lx->nisba);
	lx->cname = xcalloc(n, sizeof *lx->cname);
	for (i = 0; i < n; i++) {
		c = &lx->t.country[lx->t.ncountry];
		if ((ar = lx_icu_name(codes[i], "ar")) == NULL)
			continue;
		snprintf(c->cc, sizeof c->cc, "%s", codes[i]);
		c->name_ar = ar;
		if ((c->name = lx_icu_name(codes[i], "en")) == NULL)
			c->name = xstrdup(codes[i]);
		c->lat = c->lon = NAN;
		c->army = c->gov = -1;
		*strmap_put(lx->country_ids, c->cc, 2, 0, NULL) =
		    (uint32_t)lx->t.ncountry;
		lx->t.ncountry++;
	}
	if (lx_array(lx, root, "countries", 0, &arr, cause) == -1)
		return -1;
	/* Overrides first, so their nisba lists replace the rule. */
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "countries", i, NULL);
		if (lx_keys(lx, e, "cc name aliases nisba ambiguous lat lon",
		    cause) == -1 || lx_str(lx, e, "cc", 1, &cc, cause) == -1)
			return -1;
		lx_ctx(lx, "countries", i, cc);
		if ((ci = lexicon_country_find(lx, cc)) == -1) {
			lx_error(lx, cause, "not an ISO 3166 code ICU knows");
			return -1;
		}
		c = &lx->t.country[ci];
		if (lx_str(lx, e, "name", 0, &name, cause) == -1 ||
		    lx_bool(lx, e, "ambiguous", &amb, cause) == -1 ||
		    lx_num(lx, e, "lat", 0, -90, 90, &lat, cause) == -1 ||
		    lx_num(lx, e, "lon", 0, -180, 180, &lon, cause) == -1)
			return -1;
		if (name != NULL) {
			free(c->name);
			c->name = xstrdup(name);
		}
		c->ambiguous = (uint8_t)amb;
		c->lat = lat;
		c->lon = lon;
		if ((v = json_object_get(e, "aliases")) != NULL) {
			if (lx_array(lx, e, "aliases", 1, &v, cause) == -1)
				return -1;
			for (k = 0; k < json_array_size(v); k++)
				lx_strlist_add(&lx->cname[ci],
				    json_string_value(json_array_get(v, k)));
		}
		if ((v = json_object_get(e, "nisba")) != NULL) {
			if (lx_array(lx, e, "nisba", 1, &v, cause) == -1)
				return -1;
			for (k = 0; k < json_array_size(v); k++)
				lx_strlist_add(&lx->nisba[ci],
				    json_string_value(json_array_get(v, k)));
			if (json_array_size(v) == 0)
				lx_strlist_add(&lx->nisba[ci], "");
		}
	}
	lx->ctx[0] = '\0';
	for (i = 0; i < lx->t.ncountry; i++) {
		c = &lx->t.country[i];
		/* ICU writes some names with a qualifier: ميانمار (بورما) */
		ar = xstrdup(c->name_ar);
		if ((p = strstr(ar, " (")) != NULL || (p = strstr(ar, " - ")) != NULL)
			*p = '\0';
		lx_strlist_add(&lx->cname[i], ar);
		free(ar);
		if (lx->nisba[i] == NULL &&
		    lx_nisba_rule(lx->cname[i][0] ? c->name_ar : c->name_ar, nis,
		    sizeof nis) == 0)
			lx_strlist_add(&lx->nisba[i], nis);
		for (k = 0; lx->cname[i][k] != NULL; k++) {
			char	pat[NORM_MAX + 4];

			/* مالي, not المالي (the adjective); الجزائر always with
			 * its article */
			snprintf(pat, sizeof pat, "%s%s",
			    strncmp(lx->cname[i][k], AR_AL, 4) == 0 ||
			    strncmp(lx->cname[i][k], "\xd8\xa7\xd9\x84", 4) == 0 ?
			    "^" : "!", lx->cname[i][k]);
			if (lx_add(lx, pat, lx_hit(LX_COUNTRY, 0, 0, (uint32_t)i),
			    cause) == -1)
				return -1;
		}
		for (k = 0; lx->nisba[i] != NULL && lx->nisba[i][k] != NULL; k++) {
			char	pat[NORM_MAX + 4];

			if (*lx->nisba[i][k] == '\0')
				continue;
			snprintf(pat, sizeof pat, "%s~a", lx->nisba[i][k]);
			if (lx_add(lx, pat, lx_hit(LX_NISBA, 0, 0, (uint32_t)i),
			    cause) == -1)
				return -1;
		}
	}
	return 0;
}

static int
lx_load_admin1(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e;
	const char	*code, *name;
	struct lx_admin1 *a;
	char		 cc[3], slug[128];
	double		 lat, lon;
	size_t		 i;
	int		 ci, amb;

	if (lx_array(lx, root, "admin1", 0, &arr, cause) == -1)
		return -1;
	lx->t.admin1 = xcalloc(json_array_size(arr), sizeof *lx->t.admin1);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "admin1", i, json_string_value(json_object_get(e,
		    "code")));
		if (lx_keys(lx, e, "code name ar lat lon ambiguous", cause) == -1 ||
		    lx_str(lx, e, "code", 1, &code, cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		snprintf(cc, sizeof cc, "%.2s", code);
		if (strlen(code) < 4 || code[2] != '-' ||
		    (ci = lexicon_country_find(lx, cc)) == -1) {
			lx_error(lx, cause, "code must be an ISO 3166-2 code");
			return -1;
		}
		if (lx_num(lx, e, "lat", 1, -90, 90, &lat, cause) == -1 ||
		    lx_num(lx, e, "lon", 1, -180, 180, &lon, cause) == -1 ||
		    lx_bool(lx, e, "ambiguous", &amb, cause) == -1)
			return -1;
		a = &lx->t.admin1[lx->t.nadmin1];
		a->ambiguous = (uint8_t)amb;
		a->code = xstrdup(code);
		a->name = xstrdup(name);
		topic_slug(name, slug, sizeof slug);
		a->slug = xstrdup(slug);
		a->country = ci;
		a->lat = lat;
		a->lon = lon;
		a->name_ar = lx_first(e, "ar");
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_ADMIN1, 0, 0,
		    (uint32_t)lx->t.nadmin1), !amb, cause) == -1)
			return -1;
		*strmap_put(lx->admin1_ids, code, strlen(code), 0, NULL) =
		    (uint32_t)lx->t.nadmin1;
		lx->t.nadmin1++;
	}
	return 0;
}

/*
 * One place of places.json (hand-checked) or gazetteer.json (made by
 * tools/make-gazetteer.py from public sources; its places may lack
 * coordinates, and "ar_from" says whether their Arabic is a source's own).
 */
static int
lx_load_place(struct lexicon *lx, json_t *e, int gaz, char **cause)
{
	static const char *const kinds[] = { "", "capital", "city",
	    "cercle_seat", "province_seat", "department_seat", "town",
	    "village", "border_post", "camp", "base", "mine", NULL };
	const char	*name, *cc, *a1, *kind, *from;
	struct lx_place	*p;
	double		 lat, lon;
	uint32_t	 ai;
	int		 ci, k, amb;

	if (lx_keys(lx, e, gaz ? "name ar ar_from cc admin1 lat lon kind "
	    "ambiguous alt src" : "name ar cc admin1 lat lon kind ambiguous alt",
	    cause) == -1 || lx_str(lx, e, "name", 1, &name, cause) == -1)
		return -1;
	if (lx_str(lx, e, "cc", 1, &cc, cause) == -1 ||
	    lx_str(lx, e, "admin1", 0, &a1, cause) == -1 ||
	    lx_str(lx, e, "kind", 1, &kind, cause) == -1 ||
	    lx_num(lx, e, "lat", !gaz, -90, 90, &lat, cause) == -1 ||
	    lx_num(lx, e, "lon", !gaz, -180, 180, &lon, cause) == -1 ||
	    lx_bool(lx, e, "ambiguous", &amb, cause) == -1 ||
	    lx_str(lx, e, "ar_from", gaz, &from, cause) == -1)
		return -1;
	if (isnan(lat) != isnan(lon))
		return lx_error(lx, cause, "lat and lon go together");
	if (from != NULL && strcmp(from, "source") != 0 &&
	    strcmp(from, "rule") != 0)
		return lx_error(lx, cause, "ar_from must be source or rule");
	if ((ci = lexicon_country_find(lx, cc)) == -1)
		return lx_error(lx, cause, "unknown country \"%s\"", cc);
	if ((k = lx_enum(kind, kinds)) <= 0)
		return lx_error(lx, cause, "unknown kind \"%s\"", kind);
	p = &lx->t.place[lx->t.nplace];
	p->admin1 = -1;
	if (a1 != NULL) {
		if (!strmap_get(lx->admin1_ids, a1, strlen(a1), &ai) ||
		    strncmp(a1, cc, 2) != 0)
			return lx_error(lx, cause, "unknown admin1 \"%s\"", a1);
		p->admin1 = (int)ai;
	}
	p->name = xstrdup(name);
	p->name_ar = lx_first(e, "ar");
	p->country = ci;
	p->lat = lat;
	p->lon = lon;
	p->kind = (uint8_t)k;
	p->ambiguous = (uint8_t)amb;
	p->gazetteer = (uint8_t)gaz;
	p->rule = from != NULL && strcmp(from, "rule") == 0;
	lx->t.nplace++;		/* owns its strings from here on */
	/* no spelling variants of gazetteer names: a near miss of a name
	 * nobody checked is more often a person's or a word */
	if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_PLACE, 0, 0,
	    (uint32_t)lx->t.nplace - 1), !amb && !gaz, cause) == -1)
		return -1;
	if (json_object_get(e, "alt") != NULL &&
	    lx_patterns(lx, e, "alt", 0, lx_hit(LX_PLACE, 0, 0,
	    (uint32_t)lx->t.nplace - 1), 0, cause) == -1)
		return -1;
	return 0;
}

static int
lx_load_places(struct lexicon *lx, json_t *root, char **cause)
{
	json_t	*gaz = NULL, *arr, *garr = NULL, *e;
	size_t	 i, n;
	int	 rc = -1;

	if (lx_array(lx, root, "places", 0, &arr, cause) == -1)
		goto out;
	n = json_array_size(arr);
	if ((gaz = lx_open(lx, "gazetteer.json", "raqib.gazetteer/1",
	    cause)) == NULL)
		goto out;
	lx->file = "gazetteer.json";
	if (lx_keys(lx, gaz, "schema sources not_names places", cause) == -1 ||
	    lx_array(lx, gaz, "places", 0, &garr, cause) == -1 ||
	    lx_patterns(lx, gaz, "not_names", 1, lx_hit(LX_STOP, 0, 0, 0), 0,
	    cause) == -1)
		goto out;
	lx->t.place = xcalloc(n + json_array_size(garr), sizeof *lx->t.place);
	lx->file = "places.json";
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "places", i, json_string_value(json_object_get(e,
		    "name")));
		if (lx_load_place(lx, e, 0, cause) == -1)
			goto out;
	}
	lx->file = "gazetteer.json";
	json_array_foreach(garr, i, e) {
		lx_ctx(lx, "places", i, json_string_value(json_object_get(e,
		    "name")));
		if (lx_load_place(lx, e, 1, cause) == -1)
			goto out;
	}
	rc = 0;
out:
	json_decref(gaz);
	return rc;
}

static int
lx_load_regions(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e, *cs;
	const char	*name;
	size_t		 i, k;

	if (lx_array(lx, root, "regions", 0, &arr, cause) == -1)
		return -1;
	lx->t.region = xcalloc(json_array_size(arr), sizeof *lx->t.region);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "regions", i, NULL);
		if (lx_keys(lx, e, "name ar countries", cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		lx_ctx(lx, "regions", i, name);
		if ((cs = json_object_get(e, "countries")) != NULL) {
			if (lx_array(lx, e, "countries", 1, &cs, cause) == -1)
				return -1;
			for (k = 0; k < json_array_size(cs); k++)
				if (lexicon_country_find(lx, json_string_value(
				    json_array_get(cs, k))) == -1) {
					lx_error(lx, cause, "unknown country");
					return -1;
				}
		}
		lx->t.region[i].name = xstrdup(name);
		lx->t.region[i].name_ar = lx_first(e, "ar");
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_REGION, 0, 0,
		    (uint32_t)i), 0, cause) == -1)
			return -1;
		lx->t.nregion++;
	}
	return 0;
}

/* Expands an actor template for one country: {nisba} and {country}. */
static int
lx_template(struct lexicon *lx, const char *tpl, int ci, uint32_t actor,
    char **cause)
{
	char	 pat[NORM_MAX * 2];
	const char *hole;
	char	**fill;
	size_t	 k, pre;
	int	 nisba;

	if ((hole = strstr(tpl, "{nisba}")) != NULL)
		nisba = 1;
	else if ((hole = strstr(tpl, "{country}")) != NULL)
		nisba = 0;
	else
		return lx_error(lx, cause, "template \"%s\" has no {nisba} "
		    "or {country}", tpl);
	fill = nisba ? lx->nisba[ci] : lx->cname[ci];
	pre = (size_t)(hole - tpl);
	for (k = 0; fill != NULL && fill[k] != NULL; k++) {
		if (*fill[k] == '\0')
			continue;
		snprintf(pat, sizeof pat, "%.*s%s%s%s", (int)pre, tpl, fill[k],
		    nisba ? "~a" : "", hole + (nisba ? 7 : 9));
		if (lx_add(lx, pat, lx_hit(LX_ACTOR, ACT_TEMPLATE, 0, actor),
		    cause) == -1)
			return -1;
	}
	return 0;
}

static int
lx_load_actors(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e, *m, *v, *tp;
	const char	*id, *name, *kind, *cc, *key;
	struct lx_actor	*a;
	uint32_t	 ai;
	size_t		 i, k;
	int		 ci, which;

	if (lx_array(lx, root, "actors", 0, &arr, cause) == -1)
		return -1;
	lx->t.actor = xcalloc(json_array_size(arr), sizeof *lx->t.actor);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "actors", i, json_string_value(json_object_get(e, "id")));
		if (lx_keys(lx, e, "id name kind country ar ar_weak latin",
		    cause) == -1 ||
		    lx_str(lx, e, "id", 1, &id, cause) == -1)
			return -1;
		if (lx_str(lx, e, "name", 1, &name, cause) == -1 ||
		    lx_str(lx, e, "kind", 1, &kind, cause) == -1 ||
		    lx_str(lx, e, "country", 0, &cc, cause) == -1)
			return -1;
		a = &lx->t.actor[i];
		a->id = xstrdup(id);
		a->name = xstrdup(name);
		a->kind = xstrdup(kind);
		a->name_ar = lx_first(e, "ar");
		a->generic = strcmp(kind, "generic") == 0;
		a->country = -1;
		if (cc != NULL && (a->country = lexicon_country_find(lx, cc)) == -1) {
			lx_error(lx, cause, "unknown country \"%s\"", cc);
			return -1;
		}
		*strmap_put(lx->actor_ids, id, strlen(id), 0, NULL) = (uint32_t)i;
		lx->t.nactor++;
		if (lx_patterns(lx, e, "ar", 0, lx_hit(LX_ACTOR, ACT_NAME, 0,
		    (uint32_t)i), 0, cause) == -1 ||
		    lx_patterns(lx, e, "ar_weak", 0, lx_hit(LX_ACTOR, ACT_NAME,
		    AF_WEAK, (uint32_t)i), 0, cause) == -1)
			return -1;
		if ((v = json_object_get(e, "latin")) != NULL) {
			if (lx_patterns(lx, e, "latin", 0, lx_hit(LX_ACTOR,
			    ACT_NAME, 0, (uint32_t)i), 0, cause) == -1)
				return -1;
			a->nlatin = json_array_size(v);
			a->latin = xcalloc(a->nlatin + 1, sizeof *a->latin);
			for (k = 0; k < a->nlatin; k++)
				a->latin[k] = xstrdup(json_string_value(
				    json_array_get(v, k)));
		}
	}
	for (which = 0; which < 2; which++) {
		const char *section = which ? "governments" : "armies";

		lx->ctx[0] = '\0';
		m = json_object_get(root, section);
		if (m == NULL)
			continue;
		if (!json_is_object(m)) {
			lx_error(lx, cause, "\"%s\" must be an object", section);
			return -1;
		}
		json_object_foreach(m, key, v) {
			snprintf(lx->ctx, sizeof lx->ctx, "%s.%s", section, key);
			if ((ci = lexicon_country_find(lx, key)) == -1 ||
			    !json_is_string(v) || !strmap_get(lx->actor_ids,
			    json_string_value(v), strlen(json_string_value(v)),
			    &ai)) {
				lx_error(lx, cause, "needs a country code and "
				    "an actor id");
				return -1;
			}
			if (which)
				lx->t.country[ci].gov = (int)ai;
			else
				lx->t.country[ci].army = (int)ai;
			tp = json_object_get(json_object_get(root, "templates"),
			    which ? "government" : "army");
			for (k = 0; k < json_array_size(tp); k++)
				if (!json_is_string(json_array_get(tp, k)) ||
				    lx_template(lx, json_string_value(
				    json_array_get(tp, k)), ci, ai, cause) == -1)
					return -1;
		}
	}
	lx->ctx[0] = '\0';
	if ((m = json_object_get(root, "context")) != NULL) {
		if (lx_keys(lx, m, "army government", cause) == -1)
			return -1;
		if (lx_patterns(lx, m, "army", 0, lx_hit(LX_ACTOR,
		    ACT_CONTEXT_ARMY, 0, LX_NONE), 0, cause) == -1 ||
		    lx_patterns(lx, m, "government", 0, lx_hit(LX_ACTOR,
		    ACT_CONTEXT_GOV, 0, LX_NONE), 0, cause) == -1)
			return -1;
	}
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "introducers", 0, lx_hit(LX_INTRO, 0, 0, 0),
	    0, cause) == -1)
		return -1;
	return 0;
}

static int
lx_load_people(struct lexicon *lx, json_t *root, char **cause)
{
	json_t		*arr, *e;
	const char	*name, *cc, *role;
	size_t		 i;

	if (lx_array(lx, root, "people", 0, &arr, cause) == -1)
		return -1;
	lx->t.person = xcalloc(json_array_size(arr), sizeof *lx->t.person);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "people", i, json_string_value(json_object_get(e,
		    "name")));
		if (lx_keys(lx, e, "name ar country role", cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		if (lx_str(lx, e, "country", 0, &cc, cause) == -1 ||
		    lx_str(lx, e, "role", 0, &role, cause) == -1)
			return -1;
		lx->t.person[i].name = xstrdup(name);
		lx->t.person[i].name_ar = lx_first(e, "ar");
		lx->t.person[i].country = cc ? lexicon_country_find(lx, cc) : -1;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_PERSON, 0, 0,
		    (uint32_t)i), 1, cause) == -1)
			return -1;
		lx->t.nperson++;
	}
	return 0;
}

/* A list of {<field>: <enum>, "ar": [...]} entries giving one category. */
static int
lx_load_enum_list(struct lexicon *lx, json_t *root, const char *section,
    const char *field, const char *const *names, int cat, const char *extra,
    char **cause)
{
	json_t		*arr, *e;
	const char	*v;
	char		 keys[128];
	size_t		 i;
	int		 k, after;

	if (lx_array(lx, root, section, 0, &arr, cause) == -1)
		return -1;
	snprintf(keys, sizeof keys, "%s ar %s", field, extra ? extra : "");
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, section, i, NULL);
		if (lx_keys(lx, e, keys, cause) == -1 ||
		    lx_str(lx, e, field, 1, &v, cause) == -1)
			return -1;
		if ((k = lx_enum(v, names)) < 0)
			return lx_error(lx, cause, "unknown %s \"%s\"", field, v);
		if (lx_bool(lx, e, "after", &after, cause) == -1)
			return -1;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(cat, k,
		    after ? QF_AFTER : 0, 0), 0, cause) == -1)
			return -1;
	}
	return 0;
}

static int
lx_load_numbers(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const kinds[] = { "unit", "teen", "tens",
	    "hundred", "mult", NULL };
	static const char *const quals[] = { "exact", "at_least", "about",
	    "at_most", NULL };
	json_t		*arr, *e;
	const char	*kind, *word;
	double		 value;
	size_t		 i;
	int		 k;

	if (lx_array(lx, root, "numbers", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "numbers", i, NULL);
		if (lx_keys(lx, e, "value kind ar", cause) == -1 ||
		    lx_num(lx, e, "value", 1, 0, 1e9, &value, cause) == -1 ||
		    lx_str(lx, e, "kind", 1, &kind, cause) == -1)
			return -1;
		if ((k = lx_enum(kind, kinds)) < 0) {
			lx_error(lx, cause, "unknown kind \"%s\"", kind);
			return -1;
		}
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_NUMBER, k, 0,
		    (uint32_t)value), 0, cause) == -1)
			return -1;
	}
	if (lx_array(lx, root, "vague", 0, &arr, cause) == -1)
		return -1;
	lx->t.vague = xcalloc(json_array_size(arr), sizeof *lx->t.vague);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "vague", i, NULL);
		if (lx_keys(lx, e, "word ar", cause) == -1 ||
		    lx_str(lx, e, "word", 1, &word, cause) == -1)
			return -1;
		lx->t.vague[i].name = xstrdup(word);
		lx->t.nvague++;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_NUMBER, NUM_VAGUE, 0,
		    (uint32_t)i), 0, cause) == -1)
			return -1;
	}
	if (lx_load_enum_list(lx, root, "qualifiers", "qualifier", quals,
	    LX_QUAL, "after", cause) == -1)
		return -1;
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "units", 1, lx_hit(LX_NUMBER, NUM_MEASURE, 0,
	    0), 0, cause) == -1)
		return -1;
	return 0;
}

static int
lx_load_dates(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const rels[] = { "today", "yesterday",
	    "day_before", "tomorrow", "last", "next", "daypart", NULL };
	json_t		*arr, *e;
	double		 v;
	size_t		 i;

	if (lx_array(lx, root, "months", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "months", i, NULL);
		if (lx_keys(lx, e, "month ar", cause) == -1 ||
		    lx_num(lx, e, "month", 1, 1, 12, &v, cause) == -1 ||
		    lx_patterns(lx, e, "ar", 1, lx_hit(LX_MONTH, (int)v, 0, 0), 0,
		    cause) == -1)
			return -1;
	}
	if (lx_array(lx, root, "weekdays", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "weekdays", i, NULL);
		if (lx_keys(lx, e, "day ar", cause) == -1 ||
		    lx_num(lx, e, "day", 1, 0, 6, &v, cause) == -1 ||
		    lx_patterns(lx, e, "ar", 1, lx_hit(LX_WEEKDAY, (int)v, 0, 0),
		    0, cause) == -1)
			return -1;
	}
	if (lx_load_enum_list(lx, root, "relative", "rel", rels, LX_DATEREL,
	    NULL, cause) == -1)
		return -1;
	return 0;
}


/* "absorbs": {"suicide_bombing": ["ied_explosion", ...]}: a type that,
 * found in one sentence with another, names the same incident better. */
static int
lx_load_absorbs(struct lexicon *lx, json_t *o, char **cause)
{
	const char	*key;
	json_t		*arr, *v;
	uint32_t	 a, b;
	size_t		 i;

	lx->ctx[0] = '\0';
	if (o == NULL)
		return 0;
	if (!json_is_object(o))
		return lx_error(lx, cause, "absorbs: must be an object");
	if (lx->t.nevtype > 32)
		return lx_error(lx, cause, "absorbs: at most 32 event types");
	json_object_foreach(o, key, arr) {
		if (!strmap_get(lx->evtype_ids, key, strlen(key), &a))
			return lx_error(lx, cause, "absorbs: unknown type \"%s\"",
			    key);
		if (!json_is_array(arr))
			return lx_error(lx, cause, "absorbs.%s: must be an array "
			    "of types", key);
		json_array_foreach(arr, i, v) {
			const char *id = json_string_value(v);

			if (id == NULL || !strmap_get(lx->evtype_ids, id,
			    strlen(id), &b) || b == a)
				return lx_error(lx, cause, "absorbs.%s[%zu]: not "
				    "another event type", key, i);
			lx->t.evtype[a].absorbs |= 1U << b;
		}
	}
	return 0;
}
static int
lx_load_events(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const cues[] = { "", "negation", "threat",
	    "hypothetical", "question", "metaphor", "memory", "generic",
	    "future", "weapon", "target_civil", "target_military",
	    "background", "denial", "condemn", "air", "anaphor", "judicial",
	    "disaster", "exercise", "seizure", "occur", "subordinate",
	    "relative", "release", "stop", "demand", "venue", "action",
	    "repression", "target_convoy", "head_of_state", NULL };
	static const char *const strengths[] = { "normal", "weak", "strong",
	    NULL };
	json_t		*arr, *e, *vl;
	const char	*type, *strength;
	uint32_t	 ti;
	size_t		 i;
	int		 attack, verb, s, flags, who;

	if (lx_array(lx, root, "violent", 1, &vl, cause) == -1)
		return -1;
	for (i = 0; i < json_array_size(vl); i++) {
		const char *id = json_string_value(json_array_get(vl, i));

		if (!strmap_get(lx->evtype_ids, id, strlen(id), &ti)) {
			lx_error(lx, cause, "violent: unknown type \"%s\"", id);
			return -1;
		}
		lx->t.evtype[ti].violent = 1;
	}
	if (lx_load_absorbs(lx, json_object_get(root, "absorbs"), cause) == -1 ||
	    lx_array(lx, root, "triggers", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "triggers", i, NULL);
		if (lx_keys(lx, e, "type ar strength attack verb participant",
		    cause) == -1 ||
		    lx_str(lx, e, "type", 1, &type, cause) == -1)
			return -1;
		lx_ctx(lx, "triggers", i, type);
		if (!strmap_get(lx->evtype_ids, type, strlen(type), &ti)) {
			lx_error(lx, cause, "unknown event type");
			return -1;
		}
		if (lx_str(lx, e, "strength", 0, &strength, cause) == -1 ||
		    lx_bool(lx, e, "attack", &attack, cause) == -1 ||
		    lx_bool(lx, e, "verb", &verb, cause) == -1 ||
		    lx_bool(lx, e, "participant", &who, cause) == -1)
			return -1;
		s = strength ? lx_enum(strength, strengths) : 0;
		if (s < 0) {
			lx_error(lx, cause, "strength must be normal, weak or "
			    "strong");
			return -1;
		}
		flags = (s == 1 ? TRF_WEAK : 0) | (s == 2 ? TRF_STRONG : 0) |
		    (attack ? TRF_ATTACK : 0) | (verb ? TRF_VERB : 0) |
		    (who ? TRF_PARTICIPANT : 0);
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_TRIGGER, 0, flags, ti),
		    0, cause) == -1)
			return -1;
	}
	if (lx_load_enum_list(lx, root, "cues", "cue", cues, LX_CUE, NULL,
	    cause) == -1)
		return -1;
	{
		json_t	*th = json_object_get(root, "thresholds");
		double	 v[4];
		const char *k[4] = { "violent", "violent_with_figure", "protest",
		    "other" };
		int	 q;

		lx->ctx[0] = '\0';
		if (th == NULL || lx_keys(lx, th, "violent violent_with_figure "
		    "protest other", cause) == -1) {
			if (th == NULL)
				lx_error(lx, cause, "\"thresholds\" is required");
			return -1;
		}
		for (q = 0; q < 4; q++)
			if (lx_num(lx, th, k[q], 1, -20, 20, &v[q], cause) == -1)
				return -1;
		lx->t.min_violent = (int)v[0];
		lx->t.min_violent_figure = (int)v[1];
		lx->t.min_protest = (int)v[2];
		lx->t.min_other = (int)v[3];
	}
	/* every type needs an English and an Arabic label */
	lx->ctx[0] = '\0';
	for (i = 0; i < lx->t.nevtype; i++) {
		json_t *l = json_object_get(json_object_get(root, "labels"),
		    lx->t.evtype[i].id);

		if (!json_is_array(l) || json_array_size(l) != 2 ||
		    !json_is_string(json_array_get(l, 0)) ||
		    !json_is_string(json_array_get(l, 1))) {
			lx_error(lx, cause, "labels.%s: needs [English, Arabic]",
			    lx->t.evtype[i].id);
			return -1;
		}
		lx->t.evtype[i].label = xstrdup(json_string_value(
		    json_array_get(l, 0)));
		lx->t.evtype[i].label_ar = xstrdup(json_string_value(
		    json_array_get(l, 1)));
	}
	return 0;
}

static int
lx_load_casualties(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const kinds[] = { "killed", "wounded", "captured",
	    "kidnapped", "missing", "combined", NULL };
	static const char *const forms[] = { "verb", "nominal", "counted",
	    "none", "unquantified", "after", "dual", NULL };
	static const int form_flags[] = { CF_VERB, CF_NOMINAL, CF_COUNTED,
	    CF_NEG, CF_UNQUANT, CF_AFTER, CF_COUNTED | CF_DUAL };
	static const char *const classes[] = { "person", "civilian",
	    "military", "armed", "official", NULL };
	json_t		*arr, *e, *pl;
	const char	*kind, *form, *name, *cls;
	char		 pat[NORM_MAX * 2], nf[NORM_MAX];
	size_t		 i, k, n;
	int		 ki, fi, dual, c;

	if (lx_array(lx, root, "kinds", 0, &arr, cause) == -1)
		return -1;
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "kinds", i, NULL);
		if (lx_keys(lx, e, "kind form ar", cause) == -1 ||
		    lx_str(lx, e, "kind", 1, &kind, cause) == -1 ||
		    lx_str(lx, e, "form", 1, &form, cause) == -1)
			return -1;
		if ((ki = lx_enum(kind, kinds)) < 0 ||
		    (fi = lx_enum(form, forms)) < 0) {
			lx_error(lx, cause, "unknown kind or form");
			return -1;
		}
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_CASUALTY, ki,
		    form_flags[fi], 0), 0, cause) == -1)
			return -1;
	}
	if (lx_array(lx, root, "victims", 0, &arr, cause) == -1)
		return -1;
	lx->t.victim = xcalloc(json_array_size(arr), sizeof *lx->t.victim);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "victims", i, NULL);
		if (lx_keys(lx, e, "name class ar plural dual", cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1 ||
		    lx_str(lx, e, "class", 1, &cls, cause) == -1 ||
		    lx_bool(lx, e, "dual", &dual, cause) == -1)
			return -1;
		lx_ctx(lx, "victims", i, name);
		if ((c = lx_enum(cls, classes)) < 0) {
			lx_error(lx, cause, "unknown class \"%s\"", cls);
			return -1;
		}
		lx->t.victim[i].name = xstrdup(name);
		lx->t.victim[i].cls = (uint8_t)c;
		lx->t.nvictim++;
		/* singular: as written, and accusative -ا */
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_VICTIM, 0, 0,
		    (uint32_t)i), 0, cause) == -1)
			return -1;
		for (k = 0; k < json_array_size(json_object_get(e, "ar")); k++) {
			const char *s = json_string_value(json_array_get(
			    json_object_get(e, "ar"), k));

			n = norm_utf8(s, strlen(s), nf, sizeof nf);
			if (strchr(s, ' ') != NULL || n < 2)
				continue;
			snprintf(pat, sizeof pat, "%s" AR_ALEF, s);
			if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, 0, (uint32_t)i),
			    cause) == -1)
				return -1;
			if (!dual)
				continue;
			/* the dual, which the number parser reads as 2 */
			snprintf(pat, sizeof pat, "%s\xd9\x8a\xd9\x86", s);
			if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, VF_DUAL,
			    (uint32_t)i), cause) == -1)
				return -1;
			snprintf(pat, sizeof pat, "%s\xd8\xa7\xd9\x86", s);
			if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, VF_DUAL,
			    (uint32_t)i), cause) == -1)
				return -1;
		}
		if ((pl = json_object_get(e, "plural")) != NULL &&
		    lx_patterns(lx, e, "plural", 0, lx_hit(LX_VICTIM, 0,
		    VF_PLURAL, (uint32_t)i), 0, cause) == -1)
			return -1;
		/* and with a possessive: جنوده، عناصرها */
		for (k = 0; pl != NULL && k < json_array_size(pl); k++) {
			const char *ps = json_string_value(json_array_get(pl, k));
			static const char *poss[] = { "\xd9\x87",
			    "\xd9\x87\xd8\xa7", "\xd9\x87\xd9\x85", NULL };
			int	 q;

			if (strchr(ps, ' ') != NULL || strchr(ps, '~') != NULL)
				continue;
			for (q = 0; poss[q] != NULL; q++) {
				snprintf(pat, sizeof pat, "%s%s", ps, poss[q]);
				if (lx_add(lx, pat, lx_hit(LX_VICTIM, 0, VF_PLURAL,
				    (uint32_t)i), cause) == -1)
					return -1;
			}
		}
	}
	return 0;
}

static int
lx_load_titles(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const kinds[] = { "", "pre", "role", "both", NULL };

	if (lx_load_enum_list(lx, root, "titles", "kind", kinds, LX_TITLE, NULL,
	    cause) == -1)
		return -1;
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "given", 1, lx_hit(LX_GIVEN, 0, 0, 0), 0,
	    cause) == -1 ||
	    lx_patterns(lx, root, "particles", 1, lx_hit(LX_GIVEN, 1, 0, 0), 0,
	    cause) == -1 ||
	    lx_patterns(lx, root, "stop", 1, lx_hit(LX_STOP, 0, 0, 0), 0,
	    cause) == -1)
		return -1;
	return 0;
}

static int
lx_load_context(struct lexicon *lx, json_t *root, char **cause)
{
	static const char *const pn[] = { "settlement", "area", "facility",
	    NULL };
	static const char *const gh[] = { "other", "border", "direction",
	    "near", "locative", NULL };
	static const char *const sp[] = { "say", "claim", "deny", "report",
	    NULL };
	json_t		*arr, *e;
	const char	*name;
	size_t		 i;

	if (lx_load_enum_list(lx, root, "place_nouns", "kind", pn, LX_PLACENOUN,
	    NULL, cause) == -1 ||
	    lx_load_enum_list(lx, root, "geo_heads", "kind", gh, LX_GEOHEAD,
	    NULL, cause) == -1 ||
	    lx_load_enum_list(lx, root, "speech", "kind", sp, LX_SPEECH, NULL,
	    cause) == -1)
		return -1;
	lx->ctx[0] = '\0';
	if (lx_patterns(lx, root, "attribution", 1, lx_hit(LX_ATTRIB, 0, 0, 0),
	    0, cause) == -1 ||
	    lx_patterns(lx, root, "boilerplate", 1, lx_hit(LX_BOILER, 0, 0, 0),
	    0, cause) == -1 ||
	    lx_array(lx, root, "sources", 0, &arr, cause) == -1)
		return -1;
	lx->t.source = xcalloc(json_array_size(arr), sizeof *lx->t.source);
	json_array_foreach(arr, i, e) {
		lx_ctx(lx, "sources", i, NULL);
		if (lx_keys(lx, e, "name ar", cause) == -1 ||
		    lx_str(lx, e, "name", 1, &name, cause) == -1)
			return -1;
		lx->t.source[i].name = xstrdup(name);
		lx->t.source[i].name_ar = lx_first(e, "ar");
		lx->t.nsource++;
		if (lx_patterns(lx, e, "ar", 1, lx_hit(LX_SOURCE, 0, 0,
		    (uint32_t)i), 0, cause) == -1)
			return -1;
	}
	return 0;
}

/*
 * The lexicon's files in the order they load: a later one may name what
 * an earlier one defined (actors name countries, events name types). Each
 * file's schema and top-level keys are checked here, its entries by its
 * loader.
 */
static const struct lx_file {
	const char	*file;
	const char	*schema;
	const char	*keys;		/* allowed top-level keys, or NULL */
	int		(*load)(struct lexicon *, json_t *, char **);
} lx_files[] = {
	/* event_types.json has never had its top-level keys checked */
	{ "event_types.json", "raqib.event_types/1", NULL, lx_load_evtypes },
	{ "countries.json", "raqib.countries/1", "schema countries",
	    lx_load_countries },
	{ "admin1.json", "raqib.admin1/1", "schema admin1", lx_load_admin1 },
	{ "places.json", "raqib.places/1", "schema places", lx_load_places },
	{ "regions.json", "raqib.regions/1", "schema regions",
	    lx_load_regions },
	{ "actors.json", "raqib.actors/1", "schema actors armies governments "
	    "templates context introducers", lx_load_actors },
	{ "people.json", "raqib.people/1", "schema people", lx_load_people },
	{ "numbers.json", "raqib.numbers/1", "schema numbers vague qualifiers "
	    "units", lx_load_numbers },
	{ "dates.json", "raqib.dates/1", "schema months weekdays relative",
	    lx_load_dates },
	{ "events.json", "raqib.events/1", "schema violent absorbs triggers "
	    "cues labels thresholds", lx_load_events },
	{ "casualties.json", "raqib.casualties/1", "schema kinds victims",
	    lx_load_casualties },
	{ "titles.json", "raqib.titles/1", "schema titles given particles stop",
	    lx_load_titles },
	{ "context.json", "raqib.context/1", "schema place_nouns geo_heads "
	    "speech attribution sources boilerplate", lx_load_context },
};

static int
lx_load_all(struct lexicon *lx, char **cause)
{
	const struct lx_file *f;
	json_t		*root;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof lx_files / sizeof lx_files[0]; i++) {
		f = &lx_files[i];
		if ((root = lx_open(lx, f->file, f->schema, cause)) == NULL)
			return -1;
		rc = f->keys != NULL ? lx_keys(lx, root, f->keys, cause) : 0;
		if (rc == 0)
			rc = f->load(lx, root, cause);
		json_decref(root);
		if (rc == -1)
			return -1;
	}
	return 0;
}

struct lexicon *
lexicon_load(const char *dir, char **cause)
{
	struct lexicon	*lx = xcalloc(1, sizeof *lx);
	size_t		 i, k;
	int		 ok;

	lx->dir = dir;
	lx->words = strmap_new();
	lx->forms = strmap_new();
	lx->edges = strmap_new();
	lx->skel = strmap_new();
	lx->actor_ids = strmap_new();
	lx->evtype_ids = strmap_new();
	lx->country_ids = strmap_new();
	lx->admin1_ids = strmap_new();
	lx_node_new(lx);			/* the root */
	GROW(lx->need_art, lx->nwords, lx->capwords, 4096);
	lx->need_art[lx->nwords++] = 0;		/* the wildcard */
	ok = lx_load_all(lx, cause) == 0;
	if (lx->nisba != NULL) {
		for (i = 0; i < lx->t.ncountry; i++) {
			for (k = 0; lx->nisba[i] && lx->nisba[i][k]; k++)
				free(lx->nisba[i][k]);
			for (k = 0; lx->cname[i] && lx->cname[i][k]; k++)
				free(lx->cname[i][k]);
			free(lx->nisba[i]);
			free(lx->cname[i]);
		}
		free(lx->nisba);
		free(lx->cname);
		lx->nisba = lx->cname = NULL;
	}
	lx->dir = NULL;
	lx->file = NULL;
	if (!ok) {
		lexicon_free(lx);
		return NULL;
	}
	return lx;
}

void
lexicon_free(struct lexicon *lx)
{
	struct lx_tables *t;
	size_t		  i, k;

	if (lx == NULL)
		return;
	t = &lx->t;
	for (i = 0; i < t->ncountry; i++) {
		free(t->country[i].name);
		free(t->country[i].name_ar);
	}
	for (i = 0; i < t->nadmin1; i++) {
		free(t->admin1[i].code);
		free(t->admin1[i].name);
		free(t->admin1[i].slug);
		free(t->admin1[i].name_ar);
	}
	for (i = 0; i < t->nplace; i++) {
		free(t->place[i].name);
		free(t->place[i].name_ar);
	}
	for (i = 0; i < t->nregion; i++) {
		free(t->region[i].name);
		free(t->region[i].name_ar);
	}
	for (i = 0; i < t->nactor; i++) {
		free(t->actor[i].id);
		free(t->actor[i].name);
		free(t->actor[i].kind);
		free(t->actor[i].name_ar);
		for (k = 0; k < t->actor[i].nlatin; k++)
			free(t->actor[i].latin[k]);
		free(t->actor[i].latin);
	}
	for (i = 0; i < t->nperson; i++) {
		free(t->person[i].name);
		free(t->person[i].name_ar);
	}
	for (i = 0; i < t->nsource; i++) {
		free(t->source[i].name);
		free(t->source[i].name_ar);
	}
	for (i = 0; i < t->nevtype; i++) {
		free(t->evtype[i].id);
		free(t->evtype[i].acled_type);
		free(t->evtype[i].acled_sub);
		free(t->evtype[i].label);
		free(t->evtype[i].label_ar);
	}
	for (i = 0; i < t->nvictim; i++)
		free(t->victim[i].name);
	for (i = 0; i < t->nvague; i++)
		free(t->vague[i].name);
	free(t->country);
	free(t->admin1);
	free(t->place);
	free(t->region);
	free(t->actor);
	free(t->person);
	free(t->source);
	free(t->evtype);
	free(t->victim);
	free(t->vague);
	for (i = 0; i < lx->nfz; i++)
		free(lx->fz[i].joined);
	free(lx->fz);
	strmap_free(lx->words);
	strmap_free(lx->forms);
	strmap_free(lx->edges);
	strmap_free(lx->skel);
	strmap_free(lx->actor_ids);
	strmap_free(lx->evtype_ids);
	strmap_free(lx->country_ids);
	strmap_free(lx->admin1_ids);
	free(lx->need_art);
	free(lx->fl_word);
	free(lx->fl_next);
	free(lx->fl_form);
	free(lx->node_hit);
	free(lx->node_kids);
	free(lx->hits);
	free(lx->hit_next);
	free(lx);
}

const struct lx_tables *
lexicon_tables(const struct lexicon *lx)
{
	return &lx->t;
}

/* The words a token can be, through each of its proclitic readings. */
int
lexicon_words(const struct lexicon *lx, const struct norm_stem *st, int ns,
    struct lx_word *out, int max)
{
	uint32_t	 head, i;
	int		 s, n = 0, k;

	for (s = 0; s < ns; s++) {
		if (!strmap_get(lx->forms, st[s].s, st[s].len, &head))
			continue;
		for (i = head; i != LX_NONE; i = lx->fl_next[i]) {
			uint32_t w = lx->fl_word[i];

			if ((lx->need_art[w] == 1 && !st[s].art) ||
			    (lx->need_art[w] == 2 && st[s].art))
				continue;
			for (k = 0; k < n; k++)
				if (out[k].word == w)
					break;
			if (k < n || n == max)
				continue;
			out[n].word = w;
			out[n].form = lx->fl_form[i];
			out[n].art = st[s].art;
			out[n].prep = st[s].prep;
			out[n].conj = st[s].conj;
			n++;
		}
	}
	return n;
}

uint32_t
lexicon_next(const struct lexicon *lx, uint32_t node, uint32_t word)
{
	uint32_t key[2] = { node, word }, v;

	/* most nodes end a name: skip the lookup */
	if (!(lx->node_kids[node] & (word == LX_WILD ? NODE_WILD : NODE_WORD)))
		return LX_NONE;
	if (strmap_get(lx->edges, (const char *)key, sizeof key, &v))
		return v;
	return LX_NONE;
}

uint32_t
lexicon_wild(const struct lexicon *lx, uint32_t node)
{
	return lexicon_next(lx, node, LX_WILD);
}

/* The payloads of a trie node, copied into out. */
size_t
lexicon_hits(const struct lexicon *lx, uint32_t node, struct lx_hit *out,
    size_t max)
{
	uint32_t i;
	size_t	 n = 0;

	for (i = lx->node_hit[node]; i != LX_NONE && n < max; i = lx->hit_next[i])
		out[n++] = lx->hits[i];
	return n;
}

/* Lexicon names whose spelling skeleton equals that of s. */
size_t
lexicon_fuzzy(const struct lexicon *lx, const char *s, size_t len,
    struct lx_hit *hits, const char **joined, size_t max)
{
	char		 sk[NORM_MAX];
	size_t		 n, k = 0;
	uint32_t	 i;

	n = norm_skeleton(s, len, sk, sizeof sk);
	if (n == 0 || !strmap_get(lx->skel, sk, n, &i))
		return 0;
	for (; i != LX_NONE && k < max; i = lx->fz[i].next) {
		hits[k] = lx->fz[i].hit;
		joined[k] = lx->fz[i].joined;
		k++;
	}
	return k;
}

int
lexicon_country_find(const struct lexicon *lx, const char *cc)
{
	uint32_t v;
	char	 up[3];

	if (cc == NULL || strlen(cc) != 2)
		return -1;
	up[0] = (char)(cc[0] >= 'a' && cc[0] <= 'z' ? cc[0] - 32 : cc[0]);
	up[1] = (char)(cc[1] >= 'a' && cc[1] <= 'z' ? cc[1] - 32 : cc[1]);
	up[2] = '\0';
	return strmap_get(lx->country_ids, up, 2, &v) ? (int)v : -1;
}

int
lexicon_evtype_find(const struct lexicon *lx, const char *id)
{
	uint32_t v;

	return strmap_get(lx->evtype_ids, id, strlen(id), &v) ? (int)v : -1;
}

int
lexicon_actor_find(const struct lexicon *lx, const char *id)
{
	uint32_t v;

	return strmap_get(lx->actor_ids, id, strlen(id), &v) ? (int)v : -1;
}

size_t
lexicon_size(const struct lexicon *lx, size_t *forms, size_t *nodes)
{
	*forms = strmap_count(lx->forms);
	*nodes = lx->nnodes;
	return lx->nwords;
}

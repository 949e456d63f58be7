/*
 * The lexicon's words and the trie over them: a pattern's tokens become
 * word ids, the pattern a path of trie edges, its payload hits at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/norm.h"
#include "raqib/strmap.h"
#include "raqib/xmalloc.h"
#include "lexicon.h"
#include "lx.h"

/* Words, their forms, and the trie over word ids. */

uint32_t
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

/* Doubles the edge table, at most half full so misses stay short. */
static void
lx_edge_grow(struct lexicon *lx)
{
	struct lx_edge	*old = lx->edge, *sl;
	size_t		 oldcap = lx->capedge, i;

	lx->capedge = oldcap ? oldcap * 2 : 8192;
	lx->edge = xreallocarray(NULL, lx->capedge, sizeof *lx->edge);
	memset(lx->edge, 0xff, lx->capedge * sizeof *lx->edge);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == LX_EDGE_FREE)
			continue;
		sl = lx_edge_slot(lx, (uint32_t)(old[i].key >> 32),
		    (uint32_t)old[i].key);
		*sl = old[i];
	}
	free(old);
}

static uint32_t
lx_edge(struct lexicon *lx, uint32_t node, uint32_t word)
{
	struct lx_edge	*sl;

	if ((lx->nedge + 1) * 2 > lx->capedge)
		lx_edge_grow(lx);
	sl = lx_edge_slot(lx, node, word);
	if (sl->key == LX_EDGE_FREE) {
		sl->key = (uint64_t)node << 32 | word;
		/* lx_node_new does not touch the edges, so sl stays valid */
		sl->child = lx_node_new(lx);
		lx->nedge++;
		lx->node_kids[node] |= word == LX_WILD ? NODE_WILD : NODE_WORD;
	}
	return sl->child;
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
	if (cls != 'v' && strncmp(nf, AR_AL, 4) == 0 && norm_letters(nf, n) >= 4)
		memmove(nf, nf + 4, n - 3);
	snprintf(key, sizeof key, "%c%s%s=%s", cls, art == 1 ? "^" : art == 2 ?
	    "!" : "", nf, impf);
	v = strmap_put(lx->words, key, strlen(key), (uint32_t)lx->nwords,
	    &added);
	*out = *v;
	if (added) {
		XGROW(lx->need_art, lx->nwords, lx->capwords, 4096);
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

void
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
	XGROW(lx->fz, lx->nfz, lx->capfz, 1024);
	head = strmap_put(lx->skel, sk, n, LX_NONE, NULL);
	lx->fz[lx->nfz].hit = hit;
	lx->fz[lx->nfz].joined = xstrdup(joined);
	lx->fz[lx->nfz].next = *head;
	*head = (uint32_t)lx->nfz++;
out:
	free(copy);
}

/* Adds one pattern with its payload. */
int
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

struct lx_hit
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

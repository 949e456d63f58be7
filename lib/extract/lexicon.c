/*
 * The lexicon: its files loaded in order into one trie (lx-*.c do the
 * work, lx.h is what they share), freed, and looked up by the engine.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/norm.h"
#include "raqib/strmap.h"
#include "raqib/xmalloc.h"
#include "lexicon.h"
#include "lx.h"

#define LX_JCACHE	1024

/* Direct-mapped by address: the strings the outputs of a document name. */
struct lx_jcache {
	const char	*key[LX_JCACHE];
	json_t		*val[LX_JCACHE];
};

/*
 * The lexicon's files in the order they load: a later one may name what
 * an earlier one defined (actors name countries, events name types). Each
 * file's schema and top-level keys are checked here, its entries by its
 * loader.
 */
static const struct lx_file {
	const char	*file;
	const char	*schema;
	const char	*keys;		/* allowed top-level keys */
	int		(*load)(struct lexicon *, json_t *, char **);
} lx_files[] = {
	{ "event_types.json", "raqib.event_types/1", "schema event_types",
	    lx_load_evtypes },
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
	{ "casualties.json", "raqib.casualties/1", "schema kinds victims "
	    "possessive_endings as_many among", lx_load_casualties },
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
		if ((rc = lx_keys(lx, root, f->keys, cause)) == 0)
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
	lx->skel = strmap_new();
	lx->actor_ids = strmap_new();
	lx->evtype_ids = strmap_new();
	lx->country_ids = strmap_new();
	lx->admin1_ids = strmap_new();
	lx->jc = xcalloc(1, sizeof *lx->jc);
	lx_node_new(lx);			/* the root */
	XGROW(lx->need_art, lx->nwords, lx->capwords, 4096);
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

/* The strings the tables own. */
static void
lexicon_free_words(struct lx_wordlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->w[i]);
	free(l->w);
}

static void
lexicon_free_tables(struct lx_tables *t)
{
	size_t	i, k;

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
	lexicon_free_words(&t->possessive);
	lexicon_free_words(&t->as_many);
	lexicon_free_words(&t->among);
}

void
lexicon_free(struct lexicon *lx)
{
	struct lx_tables *t;
	size_t		  i;

	if (lx == NULL)
		return;
	for (i = 0; lx->jc != NULL && i < LX_JCACHE; i++)
		json_decref(lx->jc->val[i]);
	free(lx->jc);
	t = &lx->t;
	lexicon_free_tables(t);
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
	free(lx->edge);
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

/*
 * A string of the tables (or a constant) as a JSON string, made once and
 * then shared by every output that names it: jansson's reference counts
 * are atomic and nothing changes a string's value.  s must live as long
 * as the lexicon.  NULL, as json_string gives, if s is NULL or not UTF-8.
 */
json_t *
lexicon_json(const struct lexicon *lx, const char *s)
{
	struct lx_jcache *jc = lx->jc;
	size_t	 i;

	if (s == NULL)
		return NULL;
	i = (size_t)(((uintptr_t)s * 0x9e3779b97f4a7c15ULL) >> 54);
	if (jc->key[i] != s) {
		json_decref(jc->val[i]);
		jc->key[i] = NULL;
		if ((jc->val[i] = json_string(s)) == NULL)
			return NULL;
		jc->key[i] = s;
	}
	return json_incref(jc->val[i]);
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
	const struct lx_edge *sl;

	/* most nodes end a name: skip the lookup */
	if (!(lx->node_kids[node] & (word == LX_WILD ? NODE_WILD : NODE_WORD)))
		return LX_NONE;
	sl = lx_edge_slot(lx, node, word);
	return sl->key != LX_EDGE_FREE ? sl->child : LX_NONE;
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

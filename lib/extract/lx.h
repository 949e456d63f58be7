/*
 * The lexicon module's insides, shared by its files (lexicon.c and
 * lx-*.c) and by nothing else: the compiled lexicon, and the functions
 * one file of it lends another. Everything else uses lexicon.h.
 */
#ifndef RAQIB_LX_H
#define RAQIB_LX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "lexicon.h"

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

/* A trie edge: its key is node << 32 | word; an unused slot has key
 * LX_EDGE_FREE, which no edge has (there is no node UINT32_MAX). */
#define LX_EDGE_FREE	UINT64_MAX
struct lx_edge {
	uint64_t	 key;
	uint32_t	 child;
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

	struct lx_edge	*edge;		/* (node, word) -> child, open addressing */
	size_t		 nedge, capedge;	/* capedge: a power of two */
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

	struct lx_jcache *jc;		/* lexicon_json's strings */

	/* while loading */
	const char	*dir;
	const char	*file;
	char		 ctx[160];
	char		***nisba;	/* per country, NULL-terminated */
	char		***cname;	/* per country: Arabic name forms */
	int		 expanding_form;	/* FORM_* of forms being added */
};

/* Whether s ends with suf. */
static inline int
lx_ends(const char *s, const char *suf)
{
	size_t	a = strlen(s), b = strlen(suf);

	return a >= b && memcmp(s + a - b, suf, b) == 0;
}

/* The slot of an edge: its own or the empty one where it would go.  The
 * edges are looked up for every reading of every token, so one probe into
 * a flat table, keys inline, instead of a string map. */
static inline struct lx_edge *
lx_edge_slot(const struct lexicon *lx, uint32_t node, uint32_t word)
{
	uint64_t key = (uint64_t)node << 32 | word;
	size_t	 mask = lx->capedge - 1;
	size_t	 i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & mask;

	while (lx->edge[i].key != LX_EDGE_FREE && lx->edge[i].key != key)
		i = (i + 1) & mask;
	return &lx->edge[i];
}

/* lx-json.c: reading the files, errors naming file and entry */
int		 lx_error(struct lexicon *, char **, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
json_t		*lx_open(struct lexicon *, const char *, const char *, char **);
int		 lx_keys(struct lexicon *, json_t *, const char *, char **);
int		 lx_str(struct lexicon *, json_t *, const char *, int,
		    const char **, char **);
int		 lx_num(struct lexicon *, json_t *, const char *, int, double,
		    double, double *, char **);
int		 lx_bool(struct lexicon *, json_t *, const char *, int *,
		    char **);
int		 lx_array(struct lexicon *, json_t *, const char *, int,
		    json_t **, char **);
int		 lx_patterns(struct lexicon *, json_t *, const char *, int,
		    struct lx_hit, int, char **);
char		*lx_first(json_t *, const char *);
int		 lx_enum(const char *, const char *const *);
void		 lx_ctx(struct lexicon *, const char *, size_t, const char *);

/* lx-trie.c: patterns into the trie */
uint32_t	 lx_node_new(struct lexicon *);
int		 lx_add(struct lexicon *, const char *, struct lx_hit, char **);
void		 lx_fuzzy_add(struct lexicon *, const char *, struct lx_hit);
struct lx_hit	 lx_hit(int, int, int, uint32_t);

/* lx-morph.c: a word's inflected forms */
void		 lx_expand(struct lexicon *, uint32_t, char, const char *,
		    const char *);

/* The loaders, one per file, run in order by lexicon.c. */
int		 lx_load_evtypes(struct lexicon *, json_t *, char **);
int		 lx_load_countries(struct lexicon *, json_t *, char **);
int		 lx_load_admin1(struct lexicon *, json_t *, char **);
int		 lx_load_places(struct lexicon *, json_t *, char **);
int		 lx_load_regions(struct lexicon *, json_t *, char **);
int		 lx_load_actors(struct lexicon *, json_t *, char **);
int		 lx_load_people(struct lexicon *, json_t *, char **);
int		 lx_load_numbers(struct lexicon *, json_t *, char **);
int		 lx_load_dates(struct lexicon *, json_t *, char **);
int		 lx_load_events(struct lexicon *, json_t *, char **);
int		 lx_load_casualties(struct lexicon *, json_t *, char **);
int		 lx_load_titles(struct lexicon *, json_t *, char **);
int		 lx_load_context(struct lexicon *, json_t *, char **);

#endif

/* The lexicon: gazetteer, vocabularies and rule words loaded from
 * config/lexicon/, compiled into one trie over interned word ids. */
#ifndef RAQIB_LEXICON_H
#define RAQIB_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct norm_stem;

enum lx_cat {
	LX_COUNTRY = 1,	/* id: country */
	LX_NISBA,	/* id: country; the adjective (المالي) */
	LX_ADMIN1,	/* id: admin1 */
	LX_PLACE,	/* id: place */
	LX_REGION,	/* id: region */
	LX_ACTOR,	/* id: actor; arg: ACT_* how it was named */
	LX_PERSON,	/* id: person */
	LX_TITLE,	/* arg: TITLE_* */
	LX_GIVEN,	/* a given name or name particle; arg 1: particle */
	LX_STOP,	/* cannot be part of a name */
	LX_NUMBER,	/* id: value; arg: NUM_* */
	LX_QUAL,	/* arg: QUAL_*; flags: QF_AFTER */
	LX_MONTH,	/* arg: 1..12 */
	LX_WEEKDAY,	/* arg: 0 Sunday .. 6 */
	LX_DATEREL,	/* arg: REL_* */
	LX_TRIGGER,	/* id: event type; arg: trigger index */
	LX_CASUALTY,	/* arg: CAS_*; flags: CF_* */
	LX_VICTIM,	/* id: victim; flags: VF_* */
	LX_CUE,		/* arg: CUE_* */
	LX_PLACENOUN,	/* arg: PN_* */
	LX_GEOHEAD,	/* arg: GH_* */
	LX_SOURCE,	/* id: source */
	LX_SPEECH,	/* arg: SP_* */
	LX_ATTRIB,	/* وفق، حسب، نقلا عن */
	LX_BOILER,	/* boilerplate phrase */
	LX_INTRO,	/* a noun that introduces a group's name: تنظيم */
	LX_CAT_MAX
};

enum { ACT_NAME, ACT_TEMPLATE, ACT_CONTEXT_ARMY, ACT_CONTEXT_GOV };
#define AF_WEAK		0x01	/* a common word too: needs quotes or an introducer */
enum { TITLE_PRE = 1, TITLE_ROLE = 2, TITLE_BOTH = 3 };
enum { NUM_UNIT, NUM_TEEN, NUM_TENS, NUM_HUNDRED, NUM_MULT, NUM_VAGUE,
	NUM_MEASURE };	/* NUM_MEASURE: a unit counted (عاما، كلم): not people */
/*
 * Lists of names, each kept once: X(enum, name, ...) gives the enum
 * (LX_ENUM) and the names the lexicon's files and the output use
 * (LX_NAME). A third column says whether a lexicon file may name it.
 */
#define LX_ENUM(e, ...)		e,
#define LX_NAME(e, n, ...)	n,
#define LX_LEX_NAME(e, n, lex)	(lex) ? n : NULL,

/* A figure's qualifier: numbers.json's, then vague, which the engine gives
 * a vague number (عشرات) itself. */
#define LX_QUALS(X)							\
	X(QUAL_EXACT, "exact", 1) X(QUAL_AT_LEAST, "at_least", 1)	\
	X(QUAL_ABOUT, "about", 1) X(QUAL_AT_MOST, "at_most", 1)		\
	X(QUAL_VAGUE, "vague", 0)
enum { LX_QUALS(LX_ENUM) };
#define QF_AFTER	0x01	/* stands after the number: على الأقل */
enum { REL_TODAY, REL_YESTERDAY, REL_DAY_BEFORE, REL_TOMORROW, REL_LAST,
	REL_NEXT, REL_DAYPART };
/* Casualty kinds: casualties.json's "kind" and the output's. */
#define LX_CASUALTY_KINDS(X)						\
	X(CAS_KILLED, "killed") X(CAS_WOUNDED, "wounded")		\
	X(CAS_CAPTURED, "captured") X(CAS_KIDNAPPED, "kidnapped")	\
	X(CAS_MISSING, "missing") X(CAS_COMBINED, "combined")
enum { LX_CASUALTY_KINDS(LX_ENUM) };
#define CF_VERB		0x01	/* قتل: figure before or after */
#define CF_NOMINAL	0x02	/* مقتل: figure after */
#define CF_COUNTED	0x04	/* قتيلا، قتلى: the counted noun */
#define CF_NEG		0x08	/* لم يسقط قتلى: none */
#define CF_UNQUANT	0x10	/* أسفر عن سقوط ضحايا: some, uncounted */
#define CF_AFTER	0x20	/* (لقي خمسة) حتفهم: figure before */
#define CF_DUAL		0x40	/* قتيلين: counted, two when no number */
#define VF_DUAL		0x01	/* the matched form is a dual: جنديين */
#define VF_PLURAL	0x02
enum { VC_PERSON, VC_CIVILIAN, VC_MILITARY, VC_ARMED, VC_OFFICIAL };
/*
 * Cues: events.json's "cue" names. The third column says the rules test
 * it (c->first[CUE_*] in cue.c, event.c...), so events.json must list it
 * with a word (contract.c); denial and condemn are only read.
 */
#define LX_CUES(X)							\
	X(CUE_NEGATION, "negation", 1) X(CUE_THREAT, "threat", 1)	\
	X(CUE_HYPOTHETICAL, "hypothetical", 1)				\
	X(CUE_QUESTION, "question", 1) X(CUE_METAPHOR, "metaphor", 1)	\
	X(CUE_MEMORY, "memory", 1) X(CUE_GENERIC, "generic", 1)		\
	X(CUE_FUTURE, "future", 1) X(CUE_WEAPON, "weapon", 1)		\
	X(CUE_TARGET_CIVIL, "target_civil", 1)				\
	X(CUE_TARGET_MILITARY, "target_military", 1)			\
	X(CUE_BACKGROUND, "background", 1) X(CUE_DENIAL, "denial", 0)	\
	X(CUE_CONDEMN, "condemn", 0) X(CUE_AIR, "air", 1)		\
	X(CUE_ANAPHOR, "anaphor", 1) X(CUE_JUDICIAL, "judicial", 1)	\
	X(CUE_DISASTER, "disaster", 1) X(CUE_EXERCISE, "exercise", 1)	\
	X(CUE_SEIZURE, "seizure", 1) X(CUE_OCCUR, "occur", 1)		\
	X(CUE_SUBORDINATE, "subordinate", 1)				\
	X(CUE_RELATIVE, "relative", 1) X(CUE_RELEASE, "release", 1)	\
	X(CUE_STOP, "stop", 1) X(CUE_DEMAND, "demand", 1)		\
	X(CUE_VENUE, "venue", 1) X(CUE_ACTION, "action", 1)		\
	X(CUE_REPRESSION, "repression", 1)				\
	X(CUE_TARGET_CONVOY, "target_convoy", 1)			\
	X(CUE_HEAD_OF_STATE, "head_of_state", 1)		\
	X(CUE_ANOTHER, "another", 1) X(CUE_RECORD, "record", 1)
enum { CUE_NONE, LX_CUES(LX_ENUM) CUE_MAX };
enum { PN_SETTLEMENT, PN_AREA, PN_FACILITY };
enum { GH_OTHER, GH_BORDER, GH_DIRECTION, GH_NEAR, GH_LOCATIVE };
enum { SP_SAY, SP_CLAIM, SP_DENY, SP_REPORT };

#define TRF_WEAK	0x01	/* needs violent context */
#define TRF_ATTACK	0x02	/* generic attack: type from the target */
#define TRF_VERB	0x04
#define TRF_STRONG	0x08	/* enough on its own even beside cues */
#define TRF_PARTICIPANT	0x10	/* names the people who act: المتظاهرون */

struct lx_hit {
	uint8_t		 cat;
	uint8_t		 arg;
	uint16_t	 flags;
	uint32_t	 id;
};

/* Place kinds: places.json's and gazetteer.json's "kind", from the most
 * important (place.c ranks by this order). */
#define LX_PLACE_KINDS(X)						\
	X(PK_CAPITAL, "capital") X(PK_CITY, "city")			\
	X(PK_CERCLE_SEAT, "cercle_seat")				\
	X(PK_PROVINCE_SEAT, "province_seat")				\
	X(PK_DEPARTMENT_SEAT, "department_seat") X(PK_TOWN, "town")	\
	X(PK_VILLAGE, "village") X(PK_BORDER_POST, "border_post")	\
	X(PK_CAMP, "camp") X(PK_BASE, "base") X(PK_MINE, "mine")
enum { PK_NONE, LX_PLACE_KINDS(LX_ENUM) };

struct lx_country {
	char		 cc[3];
	char		*name;
	char		*name_ar;
	double		 lat, lon;	/* NAN when unknown */
	int		 army, gov;	/* actor index or -1 */
	uint8_t		 ambiguous;	/* name or nisba is also a common word */
	int		 nisba_also;	/* a country this one's nisba is also
					   written for, or -1 */
};

struct lx_admin1 {
	char		*code;
	char		*name;
	char		*slug;
	char		*name_ar;
	int		 country;
	double		 lat, lon;
	uint8_t		 ambiguous;
};

struct lx_place {
	char		*name;
	char		*name_ar;
	int		 country;
	int		 admin1;	/* -1 outside the covered countries */
	double		 lat, lon;
	uint8_t		 kind;
	uint8_t		 ambiguous;
	uint8_t		 gazetteer;	/* from gazetteer.json, not hand-checked */
	uint8_t		 rule;		/* its Arabic made by rule, not a source's */
};

struct lx_region {
	char		*name;
	char		*name_ar;
};

struct lx_actor {
	char		*id;
	char		*name;
	char		*kind;
	char		*name_ar;
	char		**latin;
	size_t		 nlatin;
	int		 country;
	uint8_t		 generic;
};

struct lx_person {
	char		*name;
	char		*name_ar;
	int		 country;
};

struct lx_named {
	char		*name;
	char		*name_ar;
};

struct lx_evtype {
	char		*id;
	char		*acled_type;
	char		*acled_sub;
	char		*label;		/* English, for people */
	char		*label_ar;
	uint8_t		 violent;
	uint8_t		 imperfect;	/* told in the imperfect, still news */
	uint8_t		 merge_same;	/* merges only with its own type */
	uint32_t	 absorbs;	/* 1 << type: told in one sentence with
					 * this one, the same incident */
};

struct lx_victim {
	char		*name;
	uint8_t		 cls;
};

/* Words the rules compare with a token's whole normal form (or, for
 * endings, with its end), normalised at load. */
struct lx_wordlist {
	char		**w;
	size_t		  n;
};

/* Read-only tables; indices are the ids in hits. */
struct lx_tables {
	struct lx_country *country;	size_t ncountry;
	struct lx_admin1  *admin1;	size_t nadmin1;
	struct lx_place   *place;	size_t nplace;
	struct lx_region  *region;	size_t nregion;
	struct lx_actor   *actor;	size_t nactor;
	struct lx_person  *person;	size_t nperson;
	struct lx_named   *source;	size_t nsource;
	struct lx_evtype  *evtype;	size_t nevtype;
	struct lx_victim  *victim;	size_t nvictim;
	struct lx_named   *vague;	size_t nvague;
	/* how much evidence an event needs (events.json "thresholds") */
	int		   min_violent, min_violent_figure, min_protest, min_other;
	/* casualties.json's words of the figure rules */
	struct lx_wordlist possessive;	/* ـه ـها ـهم */
	struct lx_wordlist as_many;	/* مثلهم */
	struct lx_wordlist among;	/* بينهم، منهم */
};

/* Which inflection of a verb a surface form is. */
enum { FORM_BASE, FORM_IMPERFECT, FORM_FUTURE };

/* A candidate reading of one text token: a word id and how it was read. */
struct lx_word {
	uint32_t	 word;
	uint8_t		 art;		/* the token carried ال */
	uint8_t		 prep;		/* the token carried ب ك ل */
	uint8_t		 conj;		/* the token carried و ف */
	uint8_t		 form;		/* FORM_* */
};

#define LX_ROOT		0
#define LX_NONE		UINT32_MAX

struct lexicon;

struct lexicon	*lexicon_load(const char *, char **);
void		 lexicon_free(struct lexicon *);
const struct lx_tables *lexicon_tables(const struct lexicon *);
json_t		*lexicon_json(const struct lexicon *, const char *);
int		 lexicon_words(const struct lexicon *, const struct norm_stem *,
		    int, struct lx_word *, int);
uint32_t	 lexicon_next(const struct lexicon *, uint32_t, uint32_t);
uint32_t	 lexicon_wild(const struct lexicon *, uint32_t);
size_t		 lexicon_hits(const struct lexicon *, uint32_t, struct lx_hit *,
		    size_t);
size_t		 lexicon_fuzzy(const struct lexicon *, const char *, size_t,
		    struct lx_hit *, const char **, size_t);
int		 lexicon_country_find(const struct lexicon *, const char *);
int		 lexicon_evtype_find(const struct lexicon *, const char *);
int		 lexicon_actor_find(const struct lexicon *, const char *);

#endif

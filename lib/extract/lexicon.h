/* The lexicon: gazetteer, vocabularies and rule words loaded from
 * config/lexicon/, compiled into one trie over interned word ids. */
#ifndef RAQIB_LEXICON_H
#define RAQIB_LEXICON_H

#include <stddef.h>
#include <stdint.h>

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
enum { QUAL_EXACT, QUAL_AT_LEAST, QUAL_ABOUT, QUAL_AT_MOST, QUAL_VAGUE };
#define QF_AFTER	0x01	/* stands after the number: على الأقل */
enum { REL_TODAY, REL_YESTERDAY, REL_DAY_BEFORE, REL_TOMORROW, REL_LAST,
	REL_NEXT, REL_DAYPART };
enum { CAS_KILLED, CAS_WOUNDED, CAS_CAPTURED, CAS_KIDNAPPED, CAS_MISSING,
	CAS_COMBINED };
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
enum { CUE_NEGATION = 1, CUE_THREAT, CUE_HYPOTHETICAL, CUE_QUESTION,
	CUE_METAPHOR, CUE_MEMORY, CUE_GENERIC, CUE_FUTURE, CUE_WEAPON,
	CUE_TARGET_CIVIL, CUE_TARGET_MILITARY, CUE_BACKGROUND, CUE_DENIAL,
	CUE_CONDEMN, CUE_AIR, CUE_ANAPHOR, CUE_JUDICIAL, CUE_DISASTER,
	CUE_EXERCISE, CUE_SEIZURE, CUE_OCCUR, CUE_SUBORDINATE, CUE_RELATIVE,
	CUE_RELEASE, CUE_STOP, CUE_DEMAND, CUE_VENUE, CUE_ACTION,
	CUE_REPRESSION, CUE_TARGET_CONVOY, CUE_HEAD_OF_STATE, CUE_MAX };
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

enum { PK_CAPITAL = 1, PK_CITY, PK_CERCLE_SEAT, PK_PROVINCE_SEAT,
	PK_DEPARTMENT_SEAT, PK_TOWN, PK_VILLAGE, PK_BORDER_POST, PK_CAMP,
	PK_BASE, PK_MINE };

struct lx_country {
	char		 cc[3];
	char		*name;
	char		*name_ar;
	double		 lat, lon;	/* NAN when unknown */
	int		 army, gov;	/* actor index or -1 */
	uint8_t		 ambiguous;	/* name or nisba is also a common word */
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
	uint32_t	 absorbs;	/* 1 << type: told in one sentence with
					 * this one, the same incident */
};

struct lx_victim {
	char		*name;
	uint8_t		 cls;
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
size_t		 lexicon_size(const struct lexicon *, size_t *, size_t *);

#endif

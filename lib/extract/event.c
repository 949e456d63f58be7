#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cue.h"
#include "doc.h"
#include "protest.h"
#include "raqib/norm.h"

/* What the sentence adds to its cues: the figures found in it. */
struct ev_ctx {
	struct cue_ctx	 c;
	int		 violent_cas;	/* killed, wounded or kidnapped */
	int		 civil_victims;
};

static int
ev_type(const struct doc *d, const char *id)
{
	return lexicon_evtype_find(d->lx, id);
}

static int
ev_is(const struct doc *d, int type, const char *id)
{
	return type >= 0 && strcmp(d->tb->evtype[type].id, id) == 0;
}

static void
ev_scan(struct doc *d, uint32_t s, struct ev_ctx *e)
{
	size_t	 i;

	memset(e, 0, sizeof *e);
	cue_scan(d, s, &e->c);
	for (i = 0; i < d->ncas; i++) {
		const struct cas *ca = &d->cas[i];

		if (ca->sent != s || ca->late)
			continue;
		if ((ca->kind == CAS_KILLED || ca->kind == CAS_WOUNDED ||
		    ca->kind == CAS_KIDNAPPED || ca->kind == CAS_COMBINED) &&
		    ca->value != 0)
			e->violent_cas = 1;
		if (ca->cls == VC_CIVILIAN)
			e->civil_victims = 1;
	}
}

/* A weapon named outside the trigger's own words. */
static int
ev_weapon(const struct doc *d, const struct cue_ctx *c, const struct mention *m)
{
	uint32_t t;

	for (t = c->t0; t < c->t1; t++)
		if ((t < m->t0 || t >= m->t1) && doc_at(d, t, LX_CUE, CUE_WEAPON))
			return 1;
	return 0;
}

/* A past-tense verb trigger, or an occurrence verb, right before or after
 * m. */
static int
ev_verb_beside(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m)
{
	const struct mention *v;
	uint32_t p = doc_prev(d, m->t0, c->t0), k;

	if (p != DOC_NONE) {
		/* up to five words back, within the clause: أطلقت صباح أمس
		 * خمسة صواريخ */
		for (k = p + 1; k-- > c->t0 && p - k < 6;) {
			if (d->tx->tok[k].kind == TK_PUNCT &&
			    (d->tx->tok[k].flags & TF_STOP))
				break;
			if (((v = doc_at(d, k, LX_TRIGGER, -1)) != NULL ||
			    (v = doc_at(d, k, LX_CUE, CUE_OCCUR)) != NULL ||
			    (v = doc_at(d, k, LX_CUE, CUE_ACTION)) != NULL) &&
			    v->t1 <= m->t0 && !v->art && v->form == FORM_BASE &&
			    (v->hit.cat == LX_CUE || (v->hit.flags & TRF_VERB)))
				return 1;
		}
	}
	if (m->t1 < c->t1 && (v = doc_at(d, m->t1, LX_TRIGGER, -1)) != NULL &&
	    (v->hit.flags & TRF_VERB) && !v->art && v->form == FORM_BASE)
		return 1;
	/* people doing something: المتظاهرون رفعوا، المحتجون أحرقوا */
	if ((m->hit.flags & TRF_PARTICIPANT) && m->t1 < c->t1) {
		for (k = m->t1; k < c->t1 && k < m->t1 + 2; k++) {
			const char *nf = text_nf(d->tx, k);
			size_t	 n = d->tx->tok[k].nflen;

			if (doc_at(d, k, LX_CUE, CUE_ACTION) != NULL ||
			    (n > 6 && memcmp(nf + n - 4, "\xd9\x88\xd8\xa7", 4) ==
			    0 && d->tx->tok[k].kind == TK_WORD))
				return 1;
		}
	}
	return 0;
}

/* How a trigger is told in its sentence. */
struct ev_told {
	int	 verb;		/* as an act: a verb, or a noun a verb tells */
	int	 definite;	/* as a known event: الهجوم */
	int	 form;		/* FORM_*: the trigger's inflection */
	int	 weapon;	/* a weapon named beside it */
};

/* A trigger's own strength: 2 strong, 0 weak, else 1. */
static int
ev_strength(const struct mention *m)
{
	return (m->hit.flags & TRF_STRONG) ? 2 : (m->hit.flags & TRF_WEAK) ?
	    0 : 1;
}

/* Whether m is told as an act or as a known event (how it is told). */
static void
ev_telling(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m, struct ev_told *tl)
{
	/* a word with the article is a noun: التعذيب، الهجوم; told with the
	 * article it refers back or speaks in general */
	tl->verb = (m->hit.flags & TRF_VERB) && !m->art;
	/* the article marks a known event (الهجوم), not known people
	 * (المتظاهرون) */
	tl->definite = !tl->verb && m->art && !(m->hit.flags & TRF_PARTICIPANT);
	/* a noun told by a verb beside it: انفجرت عبوة ناسفة، وقع هجوم */
	if (!tl->verb && (ev_verb_beside(d, c, m) || protest_told(d, c, m)))
		tl->verb = 1, tl->definite = 0;
	tl->form = doc_form_at(d, m->t0, LX_TRIGGER);
	tl->weapon = ev_weapon(d, c, m);
}

/* Whether a protest word is not a protest report (before the imperfect
 * rule: a protest told in the imperfect is still told as an act). */
static int
ev_protest_untold(const struct ev_ctx *e, const struct ev_told *tl)
{
	const struct cue_ctx *c = &e->c;

	/* protesters shot or dispersed: "protest" is ACLED's peaceful
	 * protest, and the news is the intervention (an arrest or violence is
	 * reported as its own event); unless told with what it demanded:
	 * deaths "in protest against" the rulers' decision */
	if ((e->violent_cas && !c->first[CUE_DEMAND]) ||
	    c->first[CUE_REPRESSION])
		return 1;
	/* a protest is told by what people did, not by the word alone */
	return !tl->verb && !(c->day && !tl->definite);
}

/* Whether something says trigger m did not happen here and now: history, a
 * threat or a hypothesis, a metaphor, a generic or anaphoric mention, hostages
 * freed, a seizure without blood, a disaster. */
static int
ev_unreal(const struct doc *d, const struct ev_ctx *e,
    const struct mention *m, const struct ev_told *tl)
{
	const struct cue_ctx *c = &e->c;
	const struct lx_evtype *ty = &d->tb->evtype[m->hit.id];
	int	 strong = m->hit.flags & TRF_STRONG;

	/* history is not news, unless told as an act on a named day */
	if (c->background && !(tl->verb && c->day))
		return 1;
	if (ty == &d->tb->evtype[ev_type(d, "kidnapping")] &&
	    cue_before(d, c, m->t0, CUE_RELEASE, 4) && !e->violent_cas)
		return 1;	/* hostages freed */

	if (cue_irrealis(d, c, m->t0) || tl->form == FORM_FUTURE)
		return 1;
	/* a word war, a trade war: the adjective right after the word */
	if (!strong && cue_after(d, c, m->t1, CUE_METAPHOR, 2))
		return 1;
	if (!strong && cue_before(d, c, m->t0, CUE_GENERIC, 3))
		return 1;
	if (cue_before(d, c, m->t0, CUE_ANAPHOR, 2) && !e->violent_cas &&
	    !c->time)
		return 1;
	if (ty->violent && c->first[CUE_SEIZURE] && !e->violent_cas)
		return 1;
	if (c->first[CUE_DISASTER] && !c->armed && !tl->weapon && !strong)
		return 1;
	return 0;
}

/* A protest's own evidence: told as an act, its demands, where and how
 * many, its other words, its day. */
static int
ev_protest_score(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m, const struct ev_told *tl)
{
	int	 score;

	score = ev_strength(m) + 2 * tl->verb - tl->definite +
	    protest_evidence(d, c, m) + c->day + c->place - (c->words > 60);
	if (getenv("RAQIB_TRACE") != NULL)
		fprintf(stderr, "trace: protest %s = %d\n",
		    text_nf(d->tx, m->t0), score);
	return score;
}

/* An incident's anchors: a figure, a time, a place, victims, a weapon, an
 * act told by a verb, what it hit; less when told in passing. */
static int
ev_incident_score(const struct doc *d, const struct ev_ctx *e,
    const struct mention *m, const struct ev_told *tl)
{
	const struct cue_ctx *c = &e->c;
	const struct lx_evtype *ty = &d->tb->evtype[m->hit.id];
	int	 verb = tl->verb, score;

	score = ev_strength(m) + verb - tl->definite +
	    (e->violent_cas ? 2 : 0) + c->time + c->day + c->place + c->victim +
	    tl->weapon + (c->first[CUE_OCCUR] != 0) +
	    /* what an attack hit anchors it (مواقع للجيش، قافلة), the more
	     * as the object of the verb: هاجمت أربعة مواقع للجيش */
	    ((m->hit.flags & TRF_ATTACK) && (c->first[CUE_TARGET_MILITARY] ||
	    c->first[CUE_TARGET_CONVOY])) +
	    ((m->hit.flags & (TRF_ATTACK | TRF_VERB)) == (TRF_ATTACK |
	    TRF_VERB) && !m->art && cue_after(d, c, m->t1,
	    CUE_TARGET_MILITARY, 4)) +
	    /* an armed group named taking or besieging a town is itself an
	     * anchor */
	    ((ev_is(d, m->hit.id, "territory_change") ||
	    ev_is(d, m->hit.id, "siege")) && c->armed) -
	    (c->first[CUE_GENERIC] != 0 && !verb) -
	    2 * (!verb && cue_before(d, c, m->t0, CUE_SUBORDINATE, 2)) -
	    cue_before(d, c, m->t0, CUE_RELATIVE, 3) -
	    (!ty->violent ? 0 : c->words > 50 ? 2 : c->words > 35 ? 1 : 0);
	if (getenv("RAQIB_TRACE") != NULL)
		fprintf(stderr, "trace: %s %s base %d verb %d def %d cas %d "
		    "time %d place %d victim %d weapon %d occur %d = %d\n",
		    ty->id, text_nf(d->tx, m->t0), ev_strength(m), verb,
		    tl->definite, e->violent_cas, c->time + c->day, c->place,
		    c->victim, tl->weapon, c->first[CUE_OCCUR] != 0, score);
	return score;
}

/*
 * Whether trigger m reports an incident: nothing says it did not happen
 * (a threat, a hypothesis, a question, a trial, a drill, a metaphor, a
 * mention of "this attack" or of history), and the sentence anchors it
 * (a figure, a time, a place, victims, a weapon, an act told by a verb).
 */
static int
ev_reported(const struct doc *d, const struct ev_ctx *e, const struct mention *m)
{
	const struct cue_ctx *c = &e->c;
	const struct lx_evtype *ty = &d->tb->evtype[m->hit.id];
	int	 protest = ty == &d->tb->evtype[ev_type(d, "protest")];
	struct ev_told tl;

	ev_telling(d, c, m, &tl);
	if (protest && ev_protest_untold(e, &tl))
		return 0;
	/* the imperfect tells what goes on, not what happened (يقاتلون);
	 * but a blockade is what goes on (يحاصرون المدينة): types marked
	 * reported_in_imperfect */
	if (tl.verb && tl.form == FORM_IMPERFECT && !ty->imperfect) {
		tl.verb = 0;
		tl.definite = !c->time;
	}
	if (ev_unreal(d, e, m, &tl))
		return 0;
	if (protest)
		return ev_protest_score(d, c, m, &tl) >= d->tb->min_protest;
	/* without a figure an incident needs more anchoring */
	if (e->violent_cas)
		return ev_incident_score(d, e, m, &tl) >=
		    d->tb->min_violent_figure;
	return ev_incident_score(d, e, m, &tl) >= (ty->violent ?
	    d->tb->min_violent : d->tb->min_other);
}

/* A place that opens a line before a colon or dash: the dateline (نيامي:)
 * or a headline's topic (تينزاواتن: ...), where it happened only if the
 * sentence names no other place. */
static int
ev_dateline(const struct doc *d, const struct mention *m)
{
	const char *nf;

	if (m->t0 != 0 && !(d->tx->tok[m->t0].flags & TF_NL))
		return 0;
	if (m->t1 >= d->tx->ntok || d->tx->tok[m->t1].kind != TK_PUNCT)
		return 0;
	nf = text_nf(d->tx, m->t1);
	return nf[0] == ':' || nf[0] == '-';
}

/* The event place in a sentence: the most precise place, the nearest to the
 * trigger; a neighbour named only as a border (قرب الحدود الجزائرية) is not
 * where it happened, nor one it happened near (قرب مالي). */
/* Where a source was told (قال لفرانس برس في باماكو): a place right after
 * an agency and في is the reporter's, not the incident's. */
static int
ev_source_place(const struct doc *d, const struct cue_ctx *c, uint32_t t)
{
	const struct mention *s;

	return t >= c->t0 + 2 && doc_tok_is(d, t - 1, "\xd9\x81\xd9\x8a") &&
	    (s = doc_cover(d, t - 2, LX_SOURCE)) != NULL && s->t1 == t - 1;
}

static int
ev_place(const struct doc *d, const struct cue_ctx *c, uint32_t trig)
{
	int	 best = -1, bestscore = -1000, score, prec;
	uint32_t t;
	size_t	 i;

	for (t = c->t0; t < c->t1; t++)
		for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i]) {
			const struct mention *m = &d->m[i];
			const struct mention *g;
			uint32_t p;

			if (m->ent < 0 || d->ent[m->ent].kind != ENT_PLACE ||
			    m->nested)
				continue;
			prec = d->ent[m->ent].prec;
			if (prec == PREC_REGION)
				continue;
			p = doc_prev(d, m->t0, c->t0);
			if (prec == PREC_COUNTRY && p != DOC_NONE &&
			    (g = doc_cover(d, p, LX_GEOHEAD)) != NULL &&
			    (g->hit.arg == GH_BORDER || g->hit.arg == GH_NEAR))
				continue;
			if (prec == PREC_COUNTRY && p != DOC_NONE && p > c->t0 &&
			    doc_cover(d, p - 1, LX_GEOHEAD) != NULL &&
			    doc_cover(d, p - 1, LX_GEOHEAD)->hit.arg == GH_BORDER)
				continue;	/* الحدود مع الجزائر */
			score = prec == PREC_TOWN ? 30 : prec == PREC_ADMIN1 ? 20 :
			    10;
			score -= (int)(m->t0 > trig ? m->t0 - trig : trig - m->t0) / 4;
			if (ev_source_place(d, c, m->t0))
				continue;
			if (ev_dateline(d, m))
				score -= 100;
			if (score > bestscore) {
				bestscore = score;
				best = m->ent;
			}
		}
	return best;
}

/* Actors of the sentence: victims are targets, the claimant the
 * perpetrator, an actor after من جانب / على يد / شنه the perpetrator. */
static void
ev_actors(struct doc *d, const struct cue_ctx *c, struct evt *e)
{
	uint32_t t;
	size_t	 i;

	for (i = 0; i < d->ncas; i++) {
		const struct cas *ca = &d->cas[i];

		if (ca->sent != c->s)
			continue;
		doc_ev_cas(e, ca->dup ? ca->dupof : (int)i);
		if (ca->who >= 0)
			doc_ev_actor(e, ca->who, ROLE_TARGET);
		if (ca->claimant >= 0 && d->ent[ca->claimant].kind == ENT_ACTOR) {
			doc_ev_actor(e, ca->claimant, ROLE_PERPETRATOR);
			if (e->claimant < 0)
				e->claimant = ca->claimant;
		} else if (ca->claimant >= 0 && e->claimant < 0)
			e->claimant = ca->claimant;
		if (ca->source >= 0)
			doc_ev_src(e, ca->source);
	}
	for (t = c->t0; t < c->t1; t++)
		for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i]) {
			const struct mention *m = &d->m[i];

			if (m->hit.cat == LX_SOURCE)
				doc_ev_src(e, (int)m->hit.id);
			if (m->ent < 0 || d->ent[m->ent].kind != ENT_ACTOR)
				continue;
			/* VSO: the actor right after a verb trigger acts */
			if (m->t0 >= e->t1 && m->t0 <= e->t1 + 2 &&
			    doc_at(d, e->t0, LX_TRIGGER, -1) != NULL &&
			    (doc_at(d, e->t0, LX_TRIGGER, -1)->hit.flags & TRF_VERB))
				doc_ev_actor(e, m->ent, ROLE_PERPETRATOR);
			else
				doc_ev_actor(e, m->ent, ROLE_UNKNOWN);
		}
}

static struct evt *
ev_new(struct doc *d, const struct cue_ctx *c, int type, uint32_t t0,
    uint32_t t1, int *last_place)
{
	struct evt *e = doc_ev_add(d);

	e->type = type;
	e->sent = c->s;
	e->t0 = t0;
	e->t1 = t1;
	e->place = ev_place(d, c, t0);
	e->own_place = e->place >= 0;
	e->own_day = c->day;
	if (e->place < 0)
		e->place = *last_place;	/* else the main country, on output */
	*last_place = e->place;
	e->anaphor = cue_after(d, c, t1, CUE_ANAPHOR, 1) ||
	    cue_before(d, c, t0, CUE_ANAPHOR, 1);
	date_in(d, c->t0, c->t1, &e->date);
	ev_actors(d, c, e);
	return e;
}

/* Protesters named as the doers right before or after an attack word. */
static int
ev_crowd_beside(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m)
{
	const struct mention *p;
	uint32_t k;

	for (k = m->t0 > c->t0 + 3 ? m->t0 - 3 : c->t0; k < c->t1 &&
	    k < m->t1 + 2; k++)
		if ((p = doc_at(d, k, LX_TRIGGER, -1)) != NULL &&
		    (p->hit.flags & TRF_PARTICIPANT) &&
		    ev_is(d, (int)p->hit.id, "protest"))
			return 1;
	return 0;
}

/* Soldiers named within a few words before t: جنود متمردون احتجزوا. */
static int
ev_soldiers_before(const struct doc *d, const struct cue_ctx *c, uint32_t t)
{
	const struct mention *v;
	uint32_t k;

	for (k = t > c->t0 + 6 ? t - 6 : c->t0; k < t; k++)
		if ((v = doc_at(d, k, LX_VICTIM, -1)) != NULL &&
		    d->tb->victim[v->hit.id].cls == VC_MILITARY)
			return 1;
	return 0;
}

/* A head of state named within a few words after t: الرئيس، رئيس الدولة,
 * or the bare رئيس of a country (رئيس بوركينا فاسو). */
static int
ev_head_of_state(const struct doc *d, const struct cue_ctx *c, uint32_t t)
{
	const struct mention *h;
	uint32_t k;

	for (k = t; k < c->t1 && k < t + 6; k++) {
		if ((h = doc_at(d, k, LX_CUE, CUE_HEAD_OF_STATE)) == NULL)
			continue;
		if (h->t1 > k + 1 || doc_tok_is(d, k, "\xd8\xa7\xd9\x84\xd8\xb1"
		    "\xd9\x8a\xd9\x8a\xd8\xb3"))		/* الرئيس */
			return 1;
		if (h->t1 < c->t1 && doc_at(d, h->t1, LX_COUNTRY, -1) != NULL)
			return 1;
	}
	return 0;
}

/* A convoy, a patrol, a motorcade within a few words after t, as what was
 * hit: not the attackers' own (اقتحموا المدرسة بقافلة من العربات). */
static int
ev_convoy_hit(const struct doc *d, const struct cue_ctx *c, uint32_t t)
{
	uint32_t k;

	for (k = t; k < c->t1 && k < t + 4; k++)
		if (doc_at(d, k, LX_CUE, CUE_TARGET_CONVOY) != NULL &&
		    !doc_tok_starts(d, k, "\xd8\xa8"))	/* ب */
			return 1;
	return 0;
}

/* A generic attack takes its type from what it hit. */
static int
ev_refine(struct doc *d, const struct ev_ctx *e, const struct mention *m)
{
	const struct cue_ctx *c = &e->c;
	int	type = (int)m->hit.id;

	if (m->hit.flags & TRF_ATTACK) {
		/* هاجم متظاهرون السفارة: a crowd's attack is not armed;
		 * the protest is told by its own words */
		if (ev_crowd_beside(d, c, m))
			return -1;
		if (c->first[CUE_TARGET_MILITARY])
			return ev_type(d, "attack_on_base");
		/* an attack on a convoy, a patrol, a motorcade lies in wait
		 * (not columns destroyed in a battle) */
		if (ev_convoy_hit(d, c, m->t1))
			return ev_type(d, "ambush");
		if (e->civil_victims || (c->first[CUE_TARGET_CIVIL] &&
		    !c->armed))
			return ev_type(d, "violence_against_civilians");
		if (c->first[CUE_AIR] && cue_after(d, c, m->t0, CUE_AIR, 6))
			return ev_type(d, "air_or_drone_strike");
		return type;
	}
	/* clashes "in protest against" a decision, with no armed group
	 * named, are the protest's */
	if (ev_is(d, type, "armed_clash") && c->first[CUE_DEMAND] &&
	    !c->armed)
		return ev_type(d, "protest");
	if (ev_is(d, type, "shelling") && c->first[CUE_AIR])
		return ev_type(d, "air_or_drone_strike");
	/* a force that leaves its camp or base hands the ground over */
	if (ev_is(d, type, "troop_movement") && cue_after(d, c, m->t1,
	    CUE_TARGET_MILITARY, 3))
		return ev_type(d, "territory_change");
	/* soldiers who detain their head of state make a coup */
	if (ev_is(d, type, "arrest") && ev_head_of_state(d, c, m->t1) &&
	    ev_soldiers_before(d, c, m->t0))
		return ev_type(d, "coup");
	return type;
}

static int
ev_has_nonstate(const struct doc *d, const struct cue_ctx *c)
{
	uint32_t t;
	size_t	 i;

	for (t = c->t0; t < c->t1; t++)
		for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i]) {
			const struct mention *m = &d->m[i];
			const char *k;

			if (m->ent < 0 || d->ent[m->ent].kind != ENT_ACTOR)
				continue;
			k = d->tb->actor[d->ent[m->ent].id].kind;
			if (strcmp(k, "jihadist") == 0 ||
			    strcmp(k, "separatist") == 0 ||
			    strcmp(k, "militia") == 0)
				return 1;
		}
	return 0;
}

static int
ev_town_after(const struct doc *d, const struct cue_ctx *c, uint32_t t)
{
	size_t	i;

	for (; t < c->t1 && t < c->t1; t++)
		for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i])
			if (d->m[i].ent >= 0 && d->ent[d->m[i].ent].kind ==
			    ENT_PLACE && (d->ent[d->m[i].ent].prec == PREC_TOWN ||
			    d->ent[d->m[i].ent].prec == PREC_ADMIN1))
				return 1;
	return 0;
}

/* The event types a sentence's triggers report, each once, in order. */
struct ev_found {
	int	 n;
	int	 violent;	/* one of them is violent */
	int	 specific;	/* one is violent and not "an attack" */
	int	 coup;		/* one is a coup */
	struct {
		int	 type, t0, t1;
		int	 generic;	/* "an attack" read as a clash or by
					   its victims */
		int	 another;	/* "another attack" */
	}	 f[32];
};

/* Whether a type read from a trigger is one to report in this sentence. */
static int
ev_kept(const struct doc *d, const struct cue_ctx *c, const struct mention *m,
    int type)
{
	if (type < 0 || ev_is(d, type, "statement") || ev_is(d, type, "other"))
		return 0;
	if (ev_is(d, type, "aircraft_crash") && !c->first[CUE_AIR])
		return 0;
	if (ev_is(d, type, "territory_change") && !ev_town_after(d, c,
	    m->t1) && !cue_after(d, c, m->t1, CUE_TARGET_MILITARY, 3))
		return 0;
	if (ev_is(d, type, "negotiation_or_agreement") &&
	    !(m->hit.flags & TRF_STRONG) && !ev_has_nonstate(d, c))
		return 0;
	return 1;
}

/* The types the sentence's triggers report, each once. */
static void
ev_collect(struct doc *d, const struct ev_ctx *e, struct ev_found *f)
{
	const struct cue_ctx *c = &e->c;
	const struct mention *m;
	uint32_t t;
	int	 type, k, n, another, told_another;

	f->n = f->violent = f->specific = f->coup = 0;
	/* "in a separate attack" makes every incident of the sentence
	 * another: وخطف المهاجمون زعيما ... في هجوم منفصل */
	for (t = c->t0, told_another = 0; t < c->t1 && !told_another; t++)
		told_another = (m = doc_at(d, t, LX_TRIGGER, -1)) != NULL &&
		    (m->hit.flags & TRF_ATTACK) &&
		    cue_after(d, c, m->t1, CUE_ANOTHER, 2);
	for (t = c->t0; t < c->t1; t++) {
		if ((m = doc_at(d, t, LX_TRIGGER, -1)) == NULL ||
		    !ev_reported(d, e, m))
			continue;
		type = ev_refine(d, e, m);
		if (!ev_kept(d, c, m, type))
			continue;
		/* one event a type, but "another attack" is another */
		another = told_another || cue_after(d, c, m->t1, CUE_ANOTHER,
		    2);
		for (k = 0, n = f->n; k < n; k++)
			if (f->f[k].type == type && f->f[k].another == another)
				break;
		if (k < n || n == 32)
			continue;
		f->f[n].type = type;
		f->f[n].t0 = (int)m->t0;
		f->f[n].t1 = (int)m->t1;
		f->f[n].another = another;
		f->f[n].generic = (m->hit.flags & TRF_ATTACK) && (ev_is(d, type,
		    "armed_clash") || ev_is(d, type, "violence_against_civilians"));
		if (d->tb->evtype[type].violent)
			f->violent = 1;
		if (d->tb->evtype[type].violent && !ev_is(d, type,
		    "armed_clash") && !f->f[n].generic)
			f->specific = 1;
		f->n++;
		f->coup |= ev_is(d, type, "coup");
	}
}

/* An event for each type found that no other one found includes. */
static void
ev_emit(struct doc *d, const struct cue_ctx *c, const struct ev_found *f,
    int *last_place)
{
	struct evt	*e;
	int		 type, k, i;

	for (k = 0; k < f->n; k++) {
		type = f->f[k].type;
		/* a suicide car bomb is not also a bombing and a base attack */
		for (i = 0; i < f->n; i++)
			if (d->tb->evtype[f->f[i].type].absorbs & (1U << type))
				break;
		if (i < f->n)
			continue;
		/* a withdrawal or capture in a battle is part of the battle;
		 * the arrests after a coup attempt are not */
		if (f->violent && (ev_is(d, type, "troop_movement") ||
		    ev_is(d, type, "territory_change") ||
		    (ev_is(d, type, "arrest") && !f->coup)))
			continue;
		/* "killed in an ambush" is the ambush, not a clash as well;
		 * civilians killed "in a bombardment" are the bombardment */
		if (f->specific && f->f[k].generic)
			continue;
		e = ev_new(d, c, type, (uint32_t)f->f[k].t0,
		    (uint32_t)f->f[k].t1, last_place);
		e->generic = (uint8_t)f->f[k].generic;
		e->another = (uint8_t)f->f[k].another;
	}
}

/* Victims named as a group's members (30 of Boko Haram's men): fighters. */
static int
ev_group_victims(const struct doc *d, const struct cas *ca)
{
	return ca->who >= 0 && strcmp(d->tb->actor[d->ent[ca->who].id].id,
	    "civilians") != 0;
}

/* Casualties without a trigger word: who died says what happened. */
static void
ev_from_figures(struct doc *d, const struct cue_ctx *c, int *last_place)
{
	size_t	 i;
	int	 type;

	for (i = 0; i < d->ncas; i++) {
		const struct cas *ca = &d->cas[i];

		if (ca->sent != c->s || ca->value == 0 || ca->late)
			continue;
		if (ca->kind == CAS_KIDNAPPED)
			type = ev_type(d, "kidnapping");
		else if (ca->cls == VC_CIVILIAN)
			type = ev_type(d, "violence_against_civilians");
		else if (ca->kind == CAS_KILLED || ca->kind == CAS_WOUNDED ||
		    ca->kind == CAS_COMBINED)
			type = ev_type(d, ca->cls == VC_PERSON &&
			    !ev_group_victims(d, ca) ?
			    "violence_against_civilians" : "armed_clash");
		else
			continue;
		ev_new(d, c, type, ca->t0, ca->t1, last_place)->generic = 1;
		break;
	}
}

static void
ev_sentence(struct doc *d, uint32_t s, int *last_place)
{
	struct ev_ctx	 e;
	struct ev_found	 f;
	size_t		 i;

	if (d->tx->sent[s].flags & SF_CAPTION)
		return;
	/* nothing to report without a trigger or a figure */
	for (i = 0; i < d->ncas && d->cas[i].sent != s; i++)
		;
	if (i == d->ncas && !doc_sent_has(d, s, LX_TRIGGER))
		return;
	ev_scan(d, s, &e);
	ev_collect(d, &e, &f);
	ev_emit(d, &e.c, &f, last_place);
	if (f.violent || !e.violent_cas || e.c.background)
		return;
	ev_from_figures(d, &e.c, last_place);
}

void
event_run(struct doc *d)
{
	uint32_t s;
	int	 last_place = -1;
	uint32_t line = UINT32_MAX;

	for (s = 0; s < d->tx->nsent; s++) {
		if (!doc_sent_usable(d, s))
			continue;
		if (d->tx->sent[s].line != line) {
			line = d->tx->sent[s].line;
			last_place = -1;
		}
		ev_sentence(d, s, &last_place);
	}
}

/* Reports of one incident in several sentences become one event: the
 * pass after event.c, which finds the events sentence by sentence. */
#include <string.h>

#include "doc.h"

static int
merge_is(const struct doc *d, int type, const char *id)
{
	return type >= 0 && strcmp(d->tb->evtype[type].id, id) == 0;
}

/* Places are compatible when one contains the other. */
static int
merge_place_compat(const struct doc *d, int a, int b, int *better)
{
	const struct ent *x, *y;
	const struct lx_tables *tb = d->tb;
	int	 cx, cy, ax, ay;

	*better = a;
	if (a == b)
		return 1;
	if (a < 0 || b < 0) {
		*better = a < 0 ? b : a;
		return 1;
	}
	x = &d->ent[a];
	y = &d->ent[b];
	cx = x->prec == PREC_COUNTRY ? (int)x->id : x->prec == PREC_ADMIN1 ?
	    tb->admin1[x->id].country : tb->place[x->id].country;
	cy = y->prec == PREC_COUNTRY ? (int)y->id : y->prec == PREC_ADMIN1 ?
	    tb->admin1[y->id].country : tb->place[y->id].country;
	if (cx != cy)
		return 0;
	if (x->prec == PREC_COUNTRY) {
		*better = b;
		return 1;
	}
	if (y->prec == PREC_COUNTRY)
		return 1;
	ax = x->prec == PREC_ADMIN1 ? (int)x->id : tb->place[x->id].admin1;
	ay = y->prec == PREC_ADMIN1 ? (int)y->id : tb->place[y->id].admin1;
	if (x->prec == PREC_ADMIN1 && y->prec == PREC_TOWN && ax == ay) {
		*better = b;
		return 1;
	}
	if (y->prec == PREC_ADMIN1 && x->prec == PREC_TOWN && ax == ay)
		return 1;
	return 0;
}

static int
merge_date_compat(const struct date *a, const struct date *b)
{
	if (!a->set || !b->set || a->open || b->open)
		return 1;	/* a period since a day runs to the report:
				   without years, its months cannot be ordered */
	if (a->m != b->m && a->m != 0 && b->m != 0 &&
	    !(b->m2 == a->m || a->m2 == b->m))
		return 0;
	return 1;
}

/* Whether two figures can count the same people: not 20 fighters of a named
 * group and 20 civilians. */
static int
merge_victims_compat(const struct cas *x, const struct cas *y)
{
	int	 cx = x->cls, cy = y->cls;

	if (cx == VC_PERSON && x->who >= 0)
		cx = VC_ARMED;
	if (cy == VC_PERSON && y->who >= 0)
		cy = VC_ARMED;
	if (x->who >= 0 && y->who >= 0 && x->who != y->who)
		return 0;
	return cx == cy || cx == VC_PERSON || cy == VC_PERSON;
}

/* Whether the killed (or wounded) figures of a and b have nothing in common
 * (the same number of the same kind of victims): two tolls, two incidents.
 * One figure in common (the same 60 wounded beside 37 and 38 dead) is one
 * incident counted twice. */
static int
merge_figures_differ(const struct doc *d, const struct evt *a,
    const struct evt *b)
{
	static const int kinds[] = { CAS_KILLED, CAS_WOUNDED };
	size_t	 i, j, k;
	int	 na, nb, same, differ = 0;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		na = nb = same = 0;
		for (i = 0; i < a->ncas; i++) {
			const struct cas *x = &d->cas[a->cas[i]];

			if (x->kind != kinds[k] || x->value <= 0)
				continue;
			na++;
			for (j = 0; j < b->ncas; j++) {
				const struct cas *y = &d->cas[b->cas[j]];

				if (y->kind == kinds[k] && y->value > 0) {
					nb++;
					same += y->value == x->value &&
					    merge_victims_compat(x, y);
				}
			}
		}
		if (same)
			return 0;
		if (na && nb)
			differ = 1;
	}
	return differ;
}

/*
 * A later sentence that tells the incident again without a place or a time
 * of its own ("ten were killed at the site", "a soldier died in the attack")
 * is the same incident even when its toll is another source's: one
 * account's figure does not make a second event; nor does "this attack" or
 * "the latest attack", whatever else its sentence tells. "Another attack" is
 * another.
 */
static int
merge_told_again(const struct evt *b)
{
	return !b->another && (b->anaphor || (!b->own_place && !b->own_day &&
	    !b->date.set));
}

static int
merge_follow_up(const struct evt *b)
{
	return b->generic && merge_told_again(b);
}

/*
 * Whether a and b can be one incident's reports by type: the same type, or,
 * in other sentences, an incident told there only as "an attack" or by its
 * dead and here by what it was (an ambush, a bombing). Sets *type to the
 * type the incident keeps.
 */
static int
merge_type_compat(const struct doc *d, const struct evt *a, const struct evt *b,
    int *type)
{
	int	 av, bv;

	*type = a->type;
	if (b->another)
		return 0;
	if (a->type == b->type)
		return 1;
	/* a toll is not told as a kidnapping: merge_same_type_only */
	if (a->sent == b->sent || !d->tb->evtype[a->type].violent ||
	    !d->tb->evtype[b->type].violent || a->date.set != b->date.set ||
	    d->tb->evtype[a->type].merge_same ||
	    d->tb->evtype[b->type].merge_same ||
	    (merge_figures_differ(d, a, b) && !merge_follow_up(b)))
		return 0;
	av = merge_is(d, a->type, "violence_against_civilians");
	bv = merge_is(d, b->type, "violence_against_civilians");
	if (b->generic && (!a->generic || av))
		return 1;
	if (a->generic && (!b->generic || bv)) {
		*type = b->type;
		return 1;
	}
	/* the bombardment, then the air strike that it was, told again
	 * without a place or a day of its own: what one sentence tells as one
	 * incident, two do too (a strike on the attackers somewhere else is
	 * the army's answer, another event) */
	if (!merge_told_again(b))
		return 0;
	if (d->tb->evtype[a->type].absorbs & (1U << b->type))
		return 1;
	if (d->tb->evtype[b->type].absorbs & (1U << a->type)) {
		*type = b->type;
		return 1;
	}
	return 0;
}

/* Reports of one incident in several sentences become one event. */
void
merge_run(struct doc *d)
{
	size_t	 i, j, k;
	int	 better, type;

	for (i = 0; i < d->nev; i++) {
		struct evt *b = &d->ev[i];

		for (j = 0; j < i; j++) {
			struct evt *a = &d->ev[j];

			if (a->dead || !merge_type_compat(d, a, b, &type) ||
			    !merge_place_compat(d, a->place, b->place,
			    &better) || !merge_date_compat(&a->date, &b->date))
				continue;
			if (type != a->type)
				a->generic = b->generic;
			a->type = type;
			a->place = better;
			if (!a->date.set && b->date.set)
				a->date = b->date;
			for (k = 0; k < b->nact; k++)
				doc_ev_actor(a, b->act[k].ent, b->act[k].role);
			for (k = 0; k < b->ncas; k++)
				doc_ev_cas(a, b->cas[k]);
			for (k = 0; k < b->nsrc; k++)
				doc_ev_src(a, b->src[k]);
			if (a->claimant < 0)
				a->claimant = b->claimant;
			b->dead = 1;
			break;
		}
	}
}

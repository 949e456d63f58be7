/*
 * Parsed story states by story id, at most `max` of them: the least
 * recently used goes first. Open addressing with linear probing; ids are
 * seqs, so 0 marks an empty slot. The caller keeps the cache in step with
 * the store (storydb.c: every state it writes is put, a rollback clears).
 */
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "raqib/xmalloc.h"
#include "storycache.h"

struct storycache_slot {
	long long	 id;
	json_t		*state;
	uint64_t	 used;
};

struct storycache {
	struct storycache_slot *slot;
	size_t		 mask;		/* slots - 1, a power of two less one */
	size_t		 n, max;
	uint64_t	 tick;
};

struct storycache *
storycache_new(size_t max)
{
	struct storycache *c = xcalloc(1, sizeof *c);
	size_t		 slots = 16;

	/* at most half full: probes stay short */
	while (slots < 2 * max)
		slots *= 2;
	c->slot = xcalloc(slots, sizeof *c->slot);
	c->mask = slots - 1;
	c->max = max;
	return c;
}

static size_t
storycache_home(const struct storycache *c, long long id)
{
	return (size_t)(((uint64_t)id * 0x9e3779b97f4a7c15ULL) >> 32) & c->mask;
}

static size_t
storycache_find(const struct storycache *c, long long id)
{
	size_t	i = storycache_home(c, id);

	while (c->slot[i].id != 0 && c->slot[i].id != id)
		i = (i + 1) & c->mask;
	return i;
}

/* Empties slot i and moves back the entries that probed past it. */
static void
storycache_remove(struct storycache *c, size_t i)
{
	size_t	j = i, home;

	json_decref(c->slot[i].state);
	c->slot[i].id = 0;
	c->slot[i].state = NULL;
	c->n--;
	for (;;) {
		j = (j + 1) & c->mask;
		if (c->slot[j].id == 0)
			return;
		home = storycache_home(c, c->slot[j].id);
		/* j stays if its home lies cyclically in (i, j] */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		c->slot[i] = c->slot[j];
		c->slot[j].id = 0;
		c->slot[j].state = NULL;
		i = j;
	}
}

/* A new reference to the state of story id, or NULL if not kept. */
json_t *
storycache_get(struct storycache *c, long long id)
{
	size_t	i = storycache_find(c, id);

	if (c->slot[i].id == 0)
		return NULL;
	c->slot[i].used = ++c->tick;
	return json_incref(c->slot[i].state);
}

/* Keeps state (a reference of its own) as story id's. */
void
storycache_put(struct storycache *c, long long id, json_t *state)
{
	size_t	i = storycache_find(c, id), k, old = 0;

	if (id == 0 || state == NULL)
		return;
	if (c->slot[i].id == 0 && c->n == c->max) {
		for (k = 0; k <= c->mask; k++)
			if (c->slot[k].id != 0 && (c->slot[old].id == 0 ||
			    c->slot[k].used < c->slot[old].used))
				old = k;
		storycache_remove(c, old);
		i = storycache_find(c, id);
	}
	if (c->slot[i].id == 0) {
		c->slot[i].id = id;
		c->n++;
	}
	json_incref(state);
	json_decref(c->slot[i].state);
	c->slot[i].state = state;
	c->slot[i].used = ++c->tick;
}

void
storycache_clear(struct storycache *c)
{
	size_t	i;

	for (i = 0; i <= c->mask; i++) {
		json_decref(c->slot[i].state);
		c->slot[i].id = 0;
		c->slot[i].state = NULL;
	}
	c->n = 0;
}

void
storycache_free(struct storycache *c)
{
	if (c == NULL)
		return;
	storycache_clear(c);
	free(c->slot);
	free(c);
}

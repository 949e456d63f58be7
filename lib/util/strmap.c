#include <stdlib.h>
#include <string.h>

#include "raqib/strmap.h"
#include "raqib/xmalloc.h"

struct strmap_slot {
	uint64_t	 hash;
	char		*key;		/* NULL: empty */
	uint32_t	 len;
	uint32_t	 value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t		 cap;		/* power of two */
	size_t		 count;
};

/* Eight bytes at a time, each word multiplied in and its high half folded
 * down (the low bits pick the slot); byte by byte, hashing was most of the
 * cost of a lookup. */
uint64_t
strmap_hash(const char *s, size_t len)
{
	const uint64_t	 k = 0x9e3779b97f4a7c15ULL;
	uint64_t	 h = 1469598103934665603ULL ^ (len * k), w;
	size_t		 i = 0, j;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, sizeof w);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	if (i < len) {
		for (w = 0, j = 0; i + j < len; j++)
			w |= (uint64_t)(unsigned char)s[i + j] << (8 * j);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	return h ^ (h >> 29);
}

struct strmap *
strmap_new(void)
{
	struct strmap	*m = xcalloc(1, sizeof *m);

	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	return m;
}

void
strmap_free(struct strmap *m)
{
	size_t	i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

static struct strmap_slot *
strmap_find(const struct strmap *m, uint64_t h, const char *s, size_t len)
{
	size_t			 i = h & (m->cap - 1);
	struct strmap_slot	*sl;

	for (;;) {
		sl = &m->slots[i];
		if (sl->key == NULL || (sl->hash == h && sl->len == len &&
		    memcmp(sl->key, s, len) == 0))
			return sl;
		i = (i + 1) & (m->cap - 1);
	}
}

static void
strmap_grow(struct strmap *m)
{
	struct strmap_slot	*old = m->slots, *sl;
	size_t			 oldcap = m->cap, i;

	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		sl = strmap_find(m, old[i].hash, old[i].key, old[i].len);
		*sl = old[i];
	}
	free(old);
}

uint32_t *
strmap_put(struct strmap *m, const char *s, size_t len, uint32_t dflt, int *added)
{
	uint64_t		 h = strmap_hash(s, len);
	struct strmap_slot	*sl;

	/* at most half full: misses, the common lookup, stay short */
	if ((m->count + 1) * 2 > m->cap)
		strmap_grow(m);
	sl = strmap_find(m, h, s, len);
	if (sl->key != NULL) {
		if (added != NULL)
			*added = 0;
		return &sl->value;
	}
	/* keys may be binary: copy by length, not as a string */
	sl->key = xmalloc(len + 1);
	memcpy(sl->key, s, len);
	sl->key[len] = '\0';
	sl->len = (uint32_t)len;
	sl->hash = h;
	sl->value = dflt;
	m->count++;
	if (added != NULL)
		*added = 1;
	return &sl->value;
}

int
strmap_get(const struct strmap *m, const char *s, size_t len, uint32_t *value)
{
	struct strmap_slot	*sl = strmap_find(m, strmap_hash(s, len), s, len);

	if (sl->key == NULL)
		return 0;
	*value = sl->value;
	return 1;
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}

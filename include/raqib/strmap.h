/* String to integer map with open addressing; keys are copied. */
#ifndef RAQIB_STRMAP_H
#define RAQIB_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap;

struct strmap	*strmap_new(void);
void		 strmap_free(struct strmap *);
/* The value slot for key, inserted as dflt if new (*added tells); the
 * pointer is valid until the next insertion. */
uint32_t	*strmap_put(struct strmap *, const char *, size_t, uint32_t, int *);
int		 strmap_get(const struct strmap *, const char *, size_t, uint32_t *);
size_t		 strmap_count(const struct strmap *);
uint64_t	 strmap_hash(const char *, size_t);

#endif

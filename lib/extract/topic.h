/* Topic grammar ev.<cc>.<admin1>.<type>: building and slugs. */
#ifndef RAQIB_TOPIC_H
#define RAQIB_TOPIC_H

#include <stddef.h>

size_t	topic_slug(const char *, char *, size_t);
int	topic_make(char *, size_t, const char *, const char *, const char *);

#endif

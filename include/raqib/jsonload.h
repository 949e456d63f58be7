/* json_loadb(buf, len, 0, NULL), faster on the JSON raqib writes: the same
 * tree, or NULL exactly when jansson would refuse the text. */
#ifndef RAQIB_JSONLOAD_H
#define RAQIB_JSONLOAD_H

#include <stddef.h>

#include <jansson.h>

json_t	*jsonload(const char *, size_t);
/* This reader alone: NULL where it hands the text to jansson (tests). */
json_t	*jsonload_own(const char *, size_t);

#endif

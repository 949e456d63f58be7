/* Latin spellings of Arabic place names, and keys to compare Latin names. */
#ifndef RAQIB_ROMAN_H
#define RAQIB_ROMAN_H

#include <stddef.h>

size_t	 roman_ar(const char *, size_t, char *, size_t);
size_t	 roman_key(const char *, char *, size_t);
int	 roman_near(const char *, const char *);

#endif

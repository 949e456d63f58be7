/* SHA-256 as the 64 lowercase hex digits every document is known by. */
#ifndef RAQIB_SHA256_H
#define RAQIB_SHA256_H

#include <stddef.h>

#define SHA256_HEX	65	/* 64 digits and the NUL */

void	sha256_hex(const void *, size_t, char [SHA256_HEX]);
void	sha256_digest_hex(const unsigned char [32], char [SHA256_HEX]);

#endif

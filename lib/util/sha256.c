#include <sodium.h>

#include "raqib/sha256.h"

void
sha256_hex(const void *data, size_t len, char out[SHA256_HEX])
{
	unsigned char	h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sha256_digest_hex(h, out);
}

void
sha256_digest_hex(const unsigned char h[32], char out[SHA256_HEX])
{
	sodium_bin2hex(out, SHA256_HEX, h, crypto_hash_sha256_BYTES);
}

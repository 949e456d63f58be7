/*
 * What a document is, whatever its bytes: the SHA-256 of its decoded,
 * normalised words, and a MinHash signature of its word shingles that
 * recognises near-copies (a wire story reprinted with small edits).
 */
#ifndef RAQIB_FINGERPRINT_H
#define RAQIB_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#define FINGERPRINT_HASHES	64	/* MinHash signature length */
#define FINGERPRINT_ROWS	3	/* rows per LSH band */
#define FINGERPRINT_BANDS	(FINGERPRINT_HASHES / FINGERPRINT_ROWS)
#define FINGERPRINT_SHINGLE	3	/* words per shingle */
/* fingerprint_pack's size: the hex SHA-256, words and shingles (4 bytes
 * each), the MinHash values (8 bytes each), all big-endian */
#define FINGERPRINT_PACKED	(64 + 4 + 4 + FINGERPRINT_HASHES * 8)

struct fingerprint {
	char		 text_sha256[65];	/* of the normalised words */
	uint32_t	 words;
	uint32_t	 shingles;		/* distinct shingles hashed */
	uint64_t	 minhash[FINGERPRINT_HASHES];
};

/* What two fingerprints say about their documents. */
struct fingerprint_match {
	double		 jaccard;	/* estimated, of the shingle sets */
	double		 containment;	/* of the smaller in the larger */
	int		 same_text;
	int		 copy;		/* one is a (near-)copy of the other */
};

void	 fingerprint_make(const char *, size_t, struct fingerprint *);
void	 fingerprint_compare(const struct fingerprint *,
	    const struct fingerprint *, struct fingerprint_match *);
void	 fingerprint_pack(const struct fingerprint *,
	    unsigned char[FINGERPRINT_PACKED]);
int	 fingerprint_unpack(const unsigned char *, size_t,
	    struct fingerprint *);
void	 fingerprint_bands(const struct fingerprint *,
	    int64_t[FINGERPRINT_BANDS]);

#endif

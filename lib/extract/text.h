/* Text analysis: UTF-8 in, ICU word and sentence segments out, each token
 * with its matching form and its byte span in the original text. */
#ifndef RAQIB_TEXT_H
#define RAQIB_TEXT_H

#include <stddef.h>
#include <stdint.h>

enum tok_kind { TK_WORD = 1, TK_NUM, TK_PUNCT };

#define TF_ARABIC	0x01	/* has Arabic letters */
#define TF_LATIN	0x02	/* has Latin letters */
#define TF_QUOTE	0x04	/* quote mark: transparent inside names */
#define TF_STOP		0x08	/* punctuation that ends a phrase */
#define TF_NL		0x10	/* first token of a line */
#define TF_CLITIC	0x20	/* a proclitic written apart: بـ”…” */
#define TF_PAREN	0x40	/* ( or ) */

struct token {
	uint32_t	 b0, b1;	/* byte span in the original text */
	uint32_t	 nf;		/* matching form, offset into text nf */
	uint16_t	 nflen;
	uint8_t		 kind;
	uint8_t		 flags;
	uint32_t	 sent;
	uint32_t	 line;
};

#define SF_BOILER	0x01	/* boilerplate: yields nothing */
#define SF_DUP		0x02	/* repeats an earlier sentence */
#define SF_QUESTION	0x04	/* ends with ? or ؟ */
#define SF_TITLE	0x08	/* a line without final punctuation */
#define SF_CAPTION	0x10	/* a photo caption ending in a credit: (رويترز) */

struct sentence {
	uint32_t	 t0, t1;	/* token range */
	uint32_t	 b0, b1;	/* byte range */
	uint32_t	 line;
	uint8_t		 flags;
};

struct text {
	const char	*src;
	size_t		 len;
	int		 utf8;		/* src is valid UTF-8 throughout */
	struct token	*tok;
	size_t		 ntok;
	struct sentence	*sent;
	size_t		 nsent;
	char		*nfbuf;
	size_t		 nflen;
	struct text_icu	*icu;		/* break iterators and buffers, reused */
};

struct text	*text_new(char **);
void		 text_free(struct text *);
int		 text_analyze(struct text *, const char *, size_t);
void		 text_set_fast(struct text *, int);

/* Token i's matching form; inline, as every pass reads it. */
static inline const char *
text_nf(const struct text *t, size_t i)
{
	return t->nfbuf + t->tok[i].nf;
}

#endif

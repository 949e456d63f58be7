/* What the C rules name in the lexicon, checked when it is loaded. */
#ifndef RAQIB_CONTRACT_H
#define RAQIB_CONTRACT_H

struct lexicon;

int	contract_check(const struct lexicon *, const char *, char **);

#endif

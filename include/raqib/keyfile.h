/* CURVE key files: one line of a 40-character Z85 key. */
#ifndef RAQIB_KEYFILE_H
#define RAQIB_KEYFILE_H

#define KEYFILE_Z85	40

int	keyfile_read(const char *, char [KEYFILE_Z85 + 1], char **);

#endif

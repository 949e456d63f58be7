#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "raqib/keyfile.h"
#include "raqib/xmalloc.h"

/* Reads the key in path into z85; -1 with *cause when the file cannot be
 * read or is not one line of 40 characters. */
int
keyfile_read(const char *path, char z85[KEYFILE_Z85 + 1], char **cause)
{
	FILE	*f;
	char	 line[256];
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n != KEYFILE_Z85) {
		xasprintf(cause, "%s: not a Z85 CURVE key (one line of 40 "
		    "characters)", path);
		return -1;
	}
	memcpy(z85, line, KEYFILE_Z85 + 1);
	return 0;
}

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "raqib/norm.h"
#include "topic.h"

/* A region's slug: its name in lower-case ASCII, words joined by '-'. */
size_t
topic_slug(const char *name, char *out, size_t outsz)
{
	char	 folded[256];
	size_t	 i = 0, o = 0, len = strlen(name);
	uint32_t c;
	int	 dash = 0;

	(void)folded;
	while (i < len && o + 2 < outsz) {
		char	buf[8];
		size_t	n;

		c = norm_utf8_next(name, len, &i);
		/* fold one code point through the ASCII folder */
		n = norm_utf8_put(c, buf);
		buf[n] = '\0';
		n = norm_fold_ascii(buf, folded, sizeof folded);
		if (n > 0) {
			if (dash && o > 0)
				out[o++] = '-';
			dash = 0;
			if (o + n + 1 >= outsz)
				break;
			memcpy(out + o, folded, n);
			o += n;
		} else if (c == ' ' || c == '-' || c == '\'' || c == 0x2019 ||
		    c == '_' || c == '/')
			dash = 1;
	}
	out[o] = '\0';
	return o;
}

int
topic_make(char *out, size_t outsz, const char *cc, const char *admin1,
    const char *type)
{
	char	lcc[3] = "xx";
	int	n;

	if (cc != NULL && strlen(cc) == 2) {
		lcc[0] = (char)tolower((unsigned char)cc[0]);
		lcc[1] = (char)tolower((unsigned char)cc[1]);
	}
	n = snprintf(out, outsz, "ev.%s.%s.%s", lcc,
	    admin1 != NULL && *admin1 != '\0' ? admin1 : "_", type);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

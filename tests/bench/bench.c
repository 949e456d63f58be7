#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

char *
bench_slurp(const char *path, size_t *len)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		err(1, "%s", path);
	if (fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) == -1)
		err(1, "%s", path);
	rewind(f);
	if ((buf = malloc(n + 1)) == NULL)
		err(1, NULL);
	if (fread(buf, 1, n, f) != (size_t)n)
		errx(1, "%s: short read", path);
	buf[n] = '\0';
	fclose(f);
	*len = n;
	return buf;
}

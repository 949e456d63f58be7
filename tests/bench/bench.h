/* What the benchmarks share. */
#ifndef RAQIB_BENCH_H
#define RAQIB_BENCH_H

#include <stddef.h>

/* A whole file, NUL-terminated; exits on error. */
char	*bench_slurp(const char *, size_t *);

#endif

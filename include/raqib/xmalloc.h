/* Allocation wrappers that never return NULL: out of memory is fatal. */
#ifndef RAQIB_XMALLOC_H
#define RAQIB_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

/* Makes room in array p (n used of cap) for one more: doubles, from init. */
#define XGROW(p, n, cap, init) do {					\
	if ((n) >= (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : (init);			\
		(p) = xreallocarray((p), (cap), sizeof *(p));		\
	}								\
} while (0)

#endif

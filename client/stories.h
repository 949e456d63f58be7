/* Stored events gathered into their stories, for `raqib query --stories`
 * and `raqib eval --stories`. */
#ifndef RAQIB_STORIES_H
#define RAQIB_STORIES_H

#include <stdio.h>
#include <jansson.h>

struct extract;
struct stories;

struct stories	*stories_new(void);
void		 stories_free(struct stories *);
void		 stories_add(struct stories *, json_t *);
void		 stories_print(struct stories *, struct extract *, FILE *, int);

#endif

/* Turning events into text for people: terminals and chat. */
#ifndef RAQIB_RENDER_H
#define RAQIB_RENDER_H

#include <stdio.h>
#include <jansson.h>

struct extract;

#define RENDER_FSI	"\xe2\x81\xa8"	/* U+2068 first strong isolate */
#define RENDER_RLI	"\xe2\x81\xa7"	/* U+2067 right-to-left isolate */
#define RENDER_PDI	"\xe2\x81\xa9"	/* U+2069 pop directional isolate */

const char *render_str(json_t *, const char *);
void	 render_topic_place(json_t *, char *, size_t, char *, size_t);
char	*render_summary(struct extract *, json_t *, int);
void	 render_when(json_t *, char *, size_t);
const char *render_claimant(json_t *);
/* How an alert is printed for a person. */
struct render_opts {
	int	 isolate;	/* Unicode isolates around Arabic runs */
	int	 oneline;	/* one line per alert */
	int	 width;		/* columns to wrap the sentence at */
};

void	 render_print(struct extract *, json_t *, FILE *,
	    const struct render_opts *);
void	 render_opts_stdout(struct render_opts *, int, int);
char	*render_changes(json_t *);
char	*render_update(struct extract *, json_t *);

#endif

/* Seconds on the monotonic clock, for timeouts and intervals. */
#ifndef RAQIB_MONOTIME_H
#define RAQIB_MONOTIME_H

double	monotime_now(void);

#endif

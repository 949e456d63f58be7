/* An extraction worker: raqibd -X, started by the pool on a socketpair. */
#ifndef RAQIB_WORKER_H
#define RAQIB_WORKER_H

#define WORKER_FD	3	/* the socket to the parent */

int	worker_main(int, const char *, int);

#endif

/* The extraction worker's confinement: resource limits and seccomp. */
#ifndef RAQIB_SANDBOX_H
#define RAQIB_SANDBOX_H

int	sandbox_enter(char **);

#endif

/* data.h - private helpers of the data-set readers (src/data/). */
#ifndef FANOS_DATA_H
#define FANOS_DATA_H

#include "fanos.h"

/* Clear err (may be NULL) at the start of a call. */
void fanos_data_error_clear(fanos_data_error *err);

/* Record a failure: the file at fault and errno (for FANOS_EIO); returns
 * status, so that `return fanos_data_fail(...)` reads as one step. */
int fanos_data_fail(fanos_data_error *err, int status, const char *file,
                    int errnum);

#endif

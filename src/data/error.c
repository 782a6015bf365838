/* error.c - what a data reader found wrong, as one line of text. */
#include <config.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "data/data.h"

void fanos_data_error_clear(fanos_data_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

int fanos_data_fail(fanos_data_error *err, int status, const char *file,
                    int errnum)
{
    if (err) {
        /* a longer path is cut: the message still says what is wrong */
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        err->errnum = errnum;
    }
    return status;
}

/* The part after "FILE: " for the data codes, which carry numbers. */
static void data_detail(int status, const fanos_data_error *e, char *buf,
                        size_t len)
{
    switch (status) {
    case FANOS_EMAGIC:
        snprintf(buf, len, "magic number 0x%08" PRIx64 ", expected 0x%08"
                 PRIx64 " (not an IDX file of this kind)", e->value,
                 e->expected);
        break;
    case FANOS_ESHAPE:
        if (e->expected)
            snprintf(buf, len, "size %" PRIu64 " where %" PRIu64
                     " is expected", e->value, e->expected);
        else
            snprintf(buf, len, "a size of zero, or sizes too large");
        break;
    case FANOS_ETRUNCATED:
        if (e->expected == 0)
            snprintf(buf, len, "truncated inside the IDX header");
        else if (e->value >= e->expected)   /* the gzip trailer is cut */
            snprintf(buf, len, "truncated: the file ends inside its gzip"
                     " stream, after the content");
        else
            snprintf(buf, len, "truncated: %" PRIu64 " bytes of content"
                     " where the header announces %" PRIu64, e->value,
                     e->expected);
        break;
    case FANOS_ETRAILING:
        snprintf(buf, len, "bytes after the %" PRIu64 " bytes of content"
                 " the header announces", e->expected);
        break;
    case FANOS_ECOUNT:
        snprintf(buf, len, "%" PRIu64 " labels for %" PRIu64 " images",
                 e->value, e->expected);
        break;
    case FANOS_ELABEL:
        snprintf(buf, len, "label %" PRIu64 " of example %zu is above %"
                 PRIu64, e->value, e->index, e->expected);
        break;
    case FANOS_EIO:
        snprintf(buf, len, "%s", e->errnum ? strerror(e->errnum)
                                           : fanos_strerror(status));
        break;
    default:
        snprintf(buf, len, "%s", fanos_strerror(status));
    }
}

int fanos_data_error_message(int status, const fanos_data_error *err,
                             char *buf, size_t len)
{
    if (!err || !buf)
        return FANOS_ENULL;
    if (len == 0)
        return FANOS_EDIM;
    char detail[256];
    data_detail(status, err, detail, sizeof detail);
    if (err->file[0])   /* %.*s: a file field the caller filled by hand
                           need not end in NUL */
        snprintf(buf, len, "%.*s: %s", (int)sizeof err->file, err->file,
                 detail);
    else
        snprintf(buf, len, "%s", detail);
    return FANOS_OK;
}

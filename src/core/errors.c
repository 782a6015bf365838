/* errors.c - status codes and version. */
#include <config.h>
#include "fanos.h"

const char *fanos_strerror(int status)
{
    switch (status) {
    case FANOS_OK: return "success";
    case FANOS_SKIPPED: return "step skipped (non-finite gradient)";
    case FANOS_ENULL: return "a required pointer is NULL";
    case FANOS_EDIM: return "invalid or mismatched dimension";
    case FANOS_ERANGE: return "value out of range";
    case FANOS_EUNKNOWN: return "unknown name";
    case FANOS_ENOMEM: return "out of memory";
    case FANOS_EPARSE: return "not a valid value";
    case FANOS_ENONFINITE: return "non-finite value (diverged)";
    case FANOS_EIO: return "input/output error";
    case FANOS_ECONFLICT: return "parameters conflict";
    case FANOS_EREADONLY: return "field is read-only";
    case FANOS_EBUDGET: return "invalid evaluation budget";
    case FANOS_EDOMAIN: return "problem precondition violated";
    case FANOS_EMAGIC: return "wrong magic number (not an IDX file of this kind)";
    case FANOS_ESHAPE: return "wrong or impossible sizes in a file header";
    case FANOS_ETRUNCATED: return "file ends before the content its header announces";
    case FANOS_ETRAILING: return "bytes after the content the header announces";
    case FANOS_ECORRUPT: return "not a valid gzip stream (header, data, CRC-32 or length)";
    case FANOS_ECOUNT: return "images and labels files of different counts";
    case FANOS_ELABEL: return "label out of range";
    default: return "unknown status code";
    }
}

const char *fanos_version(void)
{
    return PACKAGE_VERSION;
}

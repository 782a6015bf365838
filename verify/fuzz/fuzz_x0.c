/* fuzz_x0.c - libFuzzer harness of the x0 reader, fanos_parse_vector().
 *
 * Input: one byte choosing n (0..15), then the text, exactly as many bytes
 * as the fuzzer gives (no terminating NUL: the parser must respect len).
 * Besides memory errors (ASan) and undefined behaviour (UBSan), the
 * documented contract is checked: FANOS_OK means count == n and n finite
 * values; FANOS_EDIM means count != n; FANOS_EPARSE gives a line in
 * [1, lines of the text]; FANOS_ENOMEM only when memory runs out. */
#include <config.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "fanos.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const size_t n = data[0] % 16;
    const char *text = (const char *)data + 1;
    const size_t len = size - 1;
    double x[16];
    size_t count = SIZE_MAX, line = SIZE_MAX;
    int rc = fanos_parse_vector(text, len, x, n, &count, &line);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    if (rc == FANOS_OK) {
        if (count != n)
            abort();
        for (size_t i = 0; i < n; i++)
            if (!isfinite(x[i]))
                abort();
    } else if (rc == FANOS_EDIM) {
        if (count == n)
            abort();
    } else if (rc == FANOS_EPARSE) {
        if (line < 1 || line > lines || count == SIZE_MAX)
            abort();
    } else if (rc != FANOS_ENOMEM) { /* a long token's copy */
        abort(); /* no other code for valid arguments */
    }
    return 0;
}

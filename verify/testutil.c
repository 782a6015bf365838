/* testutil.c - helpers shared by the Check suites. */
#include <config.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

const double test_golden_x0[10] = {-1.2, 1.0, -0.5, 0.8, 1.5,
                                   -1.8, 0.3, 0.0, 2.0, -0.9};

double test_reldev(double a, double b)
{
    double scale = fabs(b) > 1.0 ? fabs(b) : 1.0;
    return fabs(a - b) / scale;
}

static size_t split(char *line, char **out, size_t max)
{
    size_t k = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, ",\n\r", &save); t && k < max;
         t = strtok_r(NULL, ",\n\r", &save))
        out[k++] = t;
    return k;
}

int test_csv_load(const char *path, test_csv *csv)
{
    memset(csv, 0, sizeof *csv);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    char *fields[4096];
    size_t rowcap = 0;
    while (getline(&line, &cap, fp) > 0) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        size_t k = split(line, fields, 4096);
        if (!csv->names) {
            csv->ncols = k;
            csv->names = calloc(k, sizeof *csv->names);
            for (size_t i = 0; i < k; i++)
                csv->names[i] = strdup(fields[i]);
            continue;
        }
        if (k != csv->ncols)
            goto fail;
        if (csv->nrows == rowcap) {
            rowcap = rowcap ? 2 * rowcap : 512;
            csv->data = realloc(csv->data, rowcap * csv->ncols * sizeof(double));
        }
        for (size_t i = 0; i < k; i++)
            csv->data[csv->nrows * csv->ncols + i] = strtod(fields[i], NULL);
        csv->nrows++;
    }
    free(line);
    fclose(fp);
    return csv->names ? 0 : -1;
fail:
    free(line);
    fclose(fp);
    test_csv_free(csv);
    return -1;
}

void test_csv_free(test_csv *csv)
{
    for (size_t i = 0; csv->names && i < csv->ncols; i++)
        free(csv->names[i]);
    free(csv->names);
    free(csv->data);
    memset(csv, 0, sizeof *csv);
}

int test_csv_col(const test_csv *csv, const char *name)
{
    for (size_t i = 0; i < csv->ncols; i++)
        if (!strcmp(csv->names[i], name))
            return (int)i;
    return -1;
}

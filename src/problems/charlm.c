/* charlm.c - a character-level language model of the fortunes corpus
 * (doc/spec.md section 13): the embeddings of a fixed window of preceding
 * bytes, concatenated, one or two tanh layers and a softmax over the
 * vocabulary, trained in mini-batches of positions (the engine is net.c).
 * The held-out split is the corpus's validation part, reported in bits
 * per character. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "problems/net.h"

enum { CP_DATA, CP_CONTEXT, CP_EMBED, CP_HIDDEN, CP_NTRAIN, CP_NVALID,
       CP_BATCH, CP_COUNT };

/* The input of a window: context * embed values, at most this many. */
#define CHARLM_INPUT_MAX 16384

/* [LM5] charlm takes data (the fortunes folder, "" for the one configure found), context $c = 16$,
 * embed $e = 16$, hidden (one or two widths, default 256), ntrain and nvalid (the first N training
 * and validation positions, 0 for all) and batch (default 128), with $c e \le 16384$. */
static const fanos_param_info charlm_params[CP_COUNT] = {
    {"data", FANOS_PARAM_PATH, 0, 0, 0, 0, 0,
     "folder of the fortune files; \"\": the one configure found (Debian: "
     "/usr/share/games/fortunes)", NULL, ""},
    {"context", FANOS_PARAM_INT, 16, 1, 1024, 0, 0,
     "preceding bytes the model sees, c", NULL, NULL},
    {"embed", FANOS_PARAM_INT, 16, 1, 1024, 0, 0,
     "embedding width e (c * e <= 16384)", NULL, NULL},
    {"hidden", FANOS_PARAM_SIZES, 0, 1, 4096, 0, 0,
     "widths of the one or two tanh layers", NULL, "256"},
    {"ntrain", FANOS_PARAM_INT, 0, 0, 1073741824, 0, 0,
     "training positions: the first N (0: all)", NULL, NULL},
    {"nvalid", FANOS_PARAM_INT, 0, 0, 1073741824, 0, 0,
     "validation positions: the first N (0: all)", NULL, NULL},
    {"batch", FANOS_PARAM_INT, 128, 0, 100000000, 0, 0,
     "positions per mini-batch, at most ntrain (0: the full batch)", NULL, NULL},
};

typedef struct {
    fanos_corpus *cp;
    size_t c, e;
} charlm_src;

static void hidden(const fanos_problem *p, size_t *h, size_t *nh)
{
    fanos_problem_get_sizes(p, "hidden", h, nh);
}

static int charlm_check(const fanos_problem *p, size_t *bad)
{
    size_t h[FANOS_SIZES_MAX], nh;
    hidden(p, h, &nh);
    if (nh > 2) {
        *bad = CP_HIDDEN;
        return FANOS_ECONFLICT;
    }
    if (net_count(p, "context") * net_count(p, "embed") > CHARLM_INPUT_MAX) {
        *bad = CP_EMBED;
        return FANOS_ECONFLICT;
    }
    const size_t ntrain = net_count(p, "ntrain");
    if (ntrain && net_count(p, "batch") > ntrain) {
        *bad = CP_BATCH;
        return FANOS_ECONFLICT;
    }
    return FANOS_OK;
}

/* The layer widths for a vocabulary of V ids: c e, hidden..., V. */
static size_t layer_widths(const fanos_problem *p, size_t V, size_t *w)
{
    size_t h[FANOS_SIZES_MAX], nh;
    hidden(p, h, &nh);
    w[0] = net_count(p, "context") * net_count(p, "embed");
    memcpy(w + 1, h, nh * sizeof *h);
    w[nh + 1] = V;
    return nh + 2;
}

static size_t total_size(const fanos_problem *p, size_t V)
{
    size_t w[FANOS_SIZES_MAX];
    const size_t nw = layer_widths(p, V, w);
    return V * net_count(p, "embed") + net_size(w, nw);
}

static int load(const fanos_problem *p, fanos_corpus **cp)
{
    fanos_data_error err;
    int rc = fanos_corpus_load(net_data_dir(p, fanos_corpus_default_dir()), cp,
                               &err);
    return rc == FANOS_OK ? rc : net_note_data_error(p, rc, &err);
}

/* The size depends on the vocabulary of the corpus, so the corpus is
 * read (0 when it cannot be: the note says why). */
static size_t charlm_size(const fanos_problem *p)
{
    fanos_corpus *cp;
    if (load(p, &cp) != FANOS_OK)
        return 0;
    const size_t n = total_size(p, cp->vocab_size);
    fanos_corpus_free(cp);
    return n;
}

/* [LM1] Examples: training position $t$ for $t = c, \dots, n_{train} - 1$ of the corpus ids of
 * [DS9] and [DS10], with the window $(x_{t-c}, \dots, x_{t-1})$ and the target $x_t$; validation
 * position $t$ for every $t = n_{train}, \dots, n - 1$ (the first windows reach back into the
 * training part); ntrain and nvalid keep the first $N$ of each. */
static size_t position(const charlm_src *s, int split, const size_t *idx,
                       size_t first, size_t i)
{
    return (split ? s->cp->ntrain : s->c) + (idx ? idx[i] : first + i);
}

static const double *charlm_gather(const void *src, const double *theta,
                                   int split, const size_t *idx, size_t first,
                                   size_t count, double *rows, uint16_t *y)
{
    const charlm_src *s = src;
    const uint16_t *ids = s->cp->ids;
    const size_t c = s->c, e = s->e;
    for (size_t i = 0; i < count; i++) {
        const size_t t = position(s, split, idx, first, i);
        double *row = rows + i * c * e;
        for (size_t j = 0; j < c; j++)
            /* [LM3] Input: $a_0 = (E_{x_{t-c}}, \dots, E_{x_{t-1}})$, the rows of $E$ of the
             * window concatenated oldest first; hidden layers $a_l = \tanh z_l$; the gradient of a
             * row $E_v$ is the sum of the input adjoint's slices at the places where $v$ occurs in
             * the windows of the batch. */
            memcpy(row + j * e, theta + (size_t)ids[t - c + j] * e,
                   e * sizeof *row);
        y[i] = ids[t];
    }
    return rows;
}

static void charlm_scatter(const void *src, const size_t *idx, size_t first,
                           size_t count, const double *dx, double *g)
{
    const charlm_src *s = src;
    const uint16_t *ids = s->cp->ids;
    const size_t c = s->c, e = s->e;
    for (size_t i = 0; i < count; i++) {
        const size_t t = position(s, 0, idx, first, i);
        const double *row = dx + i * c * e;
        for (size_t j = 0; j < c; j++) {
            double *gv = g + (size_t)ids[t - c + j] * e;
            for (size_t k = 0; k < e; k++)
                gv[k] += row[j * e + k];
        }
    }
}

static void charlm_src_free(void *src)
{
    charlm_src *s = src;
    if (s)
        fanos_corpus_free(s->cp);
    free(s);
}

static const net_source_ops charlm_ops = {charlm_gather, charlm_scatter,
                                          charlm_src_free};

/* The training and validation positions kept (MB7). */
static int positions(const fanos_problem *p, const fanos_corpus *cp, size_t c,
                     size_t *ntr, size_t *nva)
{
    const char *dir = net_data_dir(p, fanos_corpus_default_dir());
    const size_t all = cp->ntrain > c ? cp->ntrain - c : 0;
    const size_t want = net_count(p, "ntrain"), wv = net_count(p, "nvalid");
    *ntr = want ? want : all;
    *nva = wv ? wv : cp->nvalid;
    if (all == 0)       /* no window fits in the training part */
        return net_too_many(p, dir, "context", cp->ntrain - 1, c);
    if (*ntr > all)
        return net_too_many(p, dir, "ntrain", all, *ntr);
    if (*nva > cp->nvalid)
        return net_too_many(p, dir, "nvalid", cp->nvalid, *nva);
    if (net_count(p, "batch") > *ntr)
        return net_too_many(p, dir, "batch", *ntr, net_count(p, "batch"));
    return FANOS_OK;
}

static int charlm_setup(const fanos_problem *p, fanos_draws draws,
                        unsigned long seed, const char *dir, void **ctx,
                        double *x0)
{
    (void)draws;        /* reference draws are refused before setup (PR4) */
    (void)dir;
    *ctx = NULL;
    if (seed > 4294967294UL)
        return FANOS_ERANGE;
    fanos_corpus *cp;
    int rc = load(p, &cp);
    if (rc != FANOS_OK)
        return rc;
    const size_t c = net_count(p, "context"), e = net_count(p, "embed");
    const size_t V = cp->vocab_size;
    size_t w[FANOS_SIZES_MAX], ntr = 0, nva = 0;
    const size_t nw = layer_widths(p, V, w);
    /* the start point was allocated for the vocabulary read by size() */
    rc = total_size(p, V) != fanos_problem_note_of(p)->n ? FANOS_EDIM
                                                         : positions(p, cp, c, &ntr, &nva);
    charlm_src *s = rc == FANOS_OK ? malloc(sizeof *s) : NULL;
    if (!s) {
        fanos_corpus_free(cp);
        return rc == FANOS_OK ? FANOS_ENOMEM : rc;
    }
    *s = (charlm_src){cp, c, e};
    net_problem *np;
    /* [LM2] Flat parameter vector: the embedding table $E$ ($V \times e$, row-major, row $v$ the
     * vector of id $v$, as `nn.Embedding`'s weight) first, then the layers $c e \to h_1 [\to h_2]
     * \to V$ in the layout of [ML1]. */
    rc = net_problem_new(&np, w, nw, V * e, NET_TANH, &charlm_ops, s, ntr, nva,
                         net_count(p, "batch"), seed);
    if (rc != FANOS_OK)
        return rc;
    gsl_rng *r = fanos_rng_alloc();
    if (!r) {
        net_problem_free(np);
        return FANOS_ENOMEM;
    }
    gsl_rng_set(r, seed + 1);   /* mt19937 maps seed 0 to its default */
    for (size_t i = 0; i < V * e; i++)
        /* [LM4] Fresh initialisation: the entries of $E$ drawn from $N(0, 1)$ (`nn.Embedding`'s
         * default) by `gsl_ran_gaussian`, row by row, first from the stream seeded seed + 1, then
         * the layers as [ML5]. */
        x0[i] = gsl_ran_gaussian(r, 1.0);
    net_init_params(&np->nt, r, x0);
    fanos_rng_free(r);
    *ctx = np;
    return FANOS_OK;
}

const fanos_problem_type fanos_ptype_charlm = {
    .name = "charlm",
    .summary = "character-level model of the fortunes corpus, mini-batches",
    .params = charlm_params,
    .nparams = CP_COUNT,
    .protocol = FANOS_PROTOCOL_RUN,
    .check = charlm_check,
    .size = charlm_size,
    .setup = charlm_setup,
    .fdf = net_problem_fdf,
    .free = net_problem_free,
    .eval = net_problem_eval,
    .batches = net_problem_batches,
};

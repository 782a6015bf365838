# style.gp - the one figure style of the paper, loaded by every paper/*.gp:
# each method has the same colour, point type and dash type in every figure.
#
# The methods are keyed by the names the result files use (the [method ...]
# names of experiments/*.ini) and by the optimizer names (fanos params).
# A "+clip" variant (AdamW+clip) has the colour and the point type of its
# method and a dashed line.  The colours are the Okabe-Ito palette for the
# methods of the FANoS paper and Paul Tol's "muted" palette for the rest of
# the family, both safe for the common colour-vision deficiencies; every
# method also has its own point type, so a figure stays readable in grey.
#
#   mstyle(m, i)  linetype of method m (i: its place in the plot, used only
#                 for a name the table below does not know: a grey style)
#   mcolor(m)     its colour as "#rrggbb" (for boxes and fills)
#   mpoint(m)     its point type
#   mfamily(m)    1 for a method of the family beyond the FANoS paper
#   msort(l)      the words of l in the order of the table below (the
#                 paper's methods first, each before its +clip variant),
#                 names it does not know last, in their own order
#   STYLE_A, STYLE_B  the colours of a figure's two series that are not
#                 methods (two learning rates, before and after a stage)
#
# A new method: one word in STYLE_NAMES and one entry in each of
# STYLE_COLORS, STYLE_POINTS and STYLE_DASHES (the same place), and its
# optimizer name in STYLE_ALIASES.

#                 1       2     3       4         5      6      7           8     9  10    11    12
STYLE_NAMES   = "SGD+Mom AdamW RMSProp FANoS-RMS L-BFGS VRAdam Adam-eqbeta iKFAD CD CADAM NGN-M AdamW(0.95)"
STYLE_COLORS  = "#E69F00 #0072B2 #009E73 #D55E00 #000000 #56B4E9 #CC79A7 #332288 #999933 #882255 #44AA99 #117733"
STYLE_POINTS  = "5       7     9       13        15     11     6           1     2  3     4     8"
# solid for the methods of the FANoS paper, dash-dot for the rest of the
# family; a +clip variant: dashed (dt 2), or dash-dot-dot (dt 5) in the family
STYLE_DASHES  = "1       1     1       1         1      4      4           4     4  4     4     4"
# other names of the same methods: name=place in STYLE_NAMES
STYLE_ALIASES = " sgd=1 adamw=2 rmsprop=3 fanos=4 fanos-rms=4 FANoS=4 lbfgs=5 vradam=6 adam-eqbeta=7 ikfad=8 cd=9 cadam=10 ngnm=11 "
STYLE_N = words(STYLE_NAMES)
STYLE_CLIP = 20     # linetype of a +clip variant: STYLE_CLIP + place
STYLE_OTHER = 40    # linetypes of unknown names: STYLE_OTHER + 1 .. + 6
STYLE_A = "#88CCEE"
STYLE_B = "#882255"

# the place of a name in STYLE_NAMES (0: none)
style_find(l, m, k) = k > words(l) ? 0 : (word(l, k) eq m ? k : style_find(l, m, k + 1))
style_alias(m) = strstrt(STYLE_ALIASES, " ".m."=") ? \
    int(word(substr(STYLE_ALIASES, strstrt(STYLE_ALIASES, " ".m."=") + strlen(m) + 2, \
                    strlen(STYLE_ALIASES)), 1)) : 0
style_place(m) = style_find(STYLE_NAMES, m, 1) ? style_find(STYLE_NAMES, m, 1) : style_alias(m)
style_isclip(m) = strlen(m) > 5 && substr(m, strlen(m) - 4, strlen(m)) eq "+clip"
style_base(m) = style_isclip(m) ? substr(m, 1, strlen(m) - 5) : m
mstyle(m, i) = style_place(style_base(m)) == 0 ? STYLE_OTHER + 1 + (i - 1) % 6 : \
    (style_isclip(m) ? STYLE_CLIP : 0) + style_place(style_base(m))
mcolor(m) = style_place(style_base(m)) ? word(STYLE_COLORS, style_place(style_base(m))) : "#777777"
mfamily(m) = style_place(style_base(m)) > 5
mpoint(m) = style_place(style_base(m)) ? int(word(STYLE_POINTS, style_place(style_base(m)))) : 8

style_clipdash(k) = int(word(STYLE_DASHES, k)) == 1 ? 2 : 5
style_otherdash(k) = k % 3 + 1
do for [k = 1:STYLE_N] {
    set linetype k lc rgb word(STYLE_COLORS, k) lw 1.4 pt int(word(STYLE_POINTS, k)) \
        dt int(word(STYLE_DASHES, k))
    set linetype STYLE_CLIP + k lc rgb word(STYLE_COLORS, k) lw 1.4 pt int(word(STYLE_POINTS, k)) \
        dt style_clipdash(k)
}
do for [k = 1:6] {
    set linetype STYLE_OTHER + k lc rgb "#777777" lw 1.4 pt 7 + k dt style_otherdash(k)
}

# the order of a key: each method, then its +clip variant, then the rest
style_in(l, m) = style_find(l, m, 1) > 0
style_ord(l, k) = k > STYLE_N ? "" : \
    ((style_in(l, word(STYLE_NAMES, k)) ? word(STYLE_NAMES, k)." " : "") \
     .(style_in(l, word(STYLE_NAMES, k)."+clip") ? word(STYLE_NAMES, k)."+clip " : "") \
     .style_ord(l, k + 1))
style_known(m) = style_find(STYLE_NAMES, style_base(m), 1) > 0
style_rest(l, k) = k > words(l) ? "" : \
    ((style_known(word(l, k)) ? "" : word(l, k)." ").style_rest(l, k + 1))
msort(l) = style_ord(l, 1).style_rest(l, 1)

# the common frame of every figure
set border lw 0.8
set tics nomirror out scale 0.6
set grid back lc rgb "#dddddd" lw 0.5 dt 1
set key noopaque samplen 2.5
# no blank disk around the point of an error bar (gnuplot 5.4 draws one)
set pointintervalbox 0.0001

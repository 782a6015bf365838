# lr_sweep.gp - T1: mean final loss against lr, a line per method; a column
# of panels per draws source of the summary (reference, then fresh), a row
# for the methods of the FANoS paper and, when the summary has them, a row
# for the rest of the family beside FANoS-RMS and AdamW+clip.  A point
# where some run diverged is left out; a panel with no point says so.  A
# mean below the floor of the axis is marked on the bottom edge with its
# value.  Any summary of fanos stats will do (any draws sources, any
# methods).
# Call with src='T1 summary.csv' out='lr_sweep.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set datafile separator ","
draws = system(sprintf("awk -F, 'NR > 1 { s[$4] = 1 } END { if (\"reference\" in s) print \"reference\"; if (\"fresh\" in s) print \"fresh\" }' '%s'", src))
if (words(draws) == 0) { draws = "none" }
methods = msort(system(sprintf("awk -F, 'NR > 1 && $6 != \"\" && !seen[$5]++ { print $5 }' '%s'", src)))
# the rows: the paper's methods (and names style.gp does not know), then
# the family with the two rows E1 compares it with
paper = ""
family = ""
do for [m in methods] {
    if (mfamily(m)) { family = family." ".m } else { paper = paper." ".m }
}
if (words(family) > 0) {
    do for [m in "FANoS-RMS AdamW+clip"] { if (style_in(paper, m)) { family = family." ".m } }
    family = msort(family)
}
nrows = words(family) > 0 ? 2 : 1
FLOOR = 1e-8
# the points of a panel: a method of the row with an lr, no diverged run, a mean > 0
sel(d, row) = sprintf("awk -F, -v d='%s' -v r=' %s ' 'NR > 1 && $4 == d && $6 != \"\" && $10 == 0 && $11 > 0 && index(r, \" \" $5 \" \")", d, row)
points(d, row) = system(sprintf("%s { n++ } END { print n + 0 }' '%s'", sel(d, row), src)) + 0
# "lr mean method" of the points below FLOOR
below(d, row) = system(sprintf("%s && $11 < %g { print $6, $11, $5 }' '%s'", sel(d, row), FLOOR, src))
set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,(nrows == 2 ? 5.4 : 3.0)in
set output out
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xlabel "learning rate" offset 0,0.4
set ylabel "mean final loss"
set autoscale xfix
set offsets graph 0.05, graph 0.05, 0, 0
set yrange [FLOOR<*:*]
set key outside right top Left reverse font ",7" spacing 0.95 width -1
set multiplot layout nrows,words(draws) margins 0.08,0.83,0.08,0.95 spacing 0.07,0.11
do for [r = 1:nrows] {
    row = r == 1 ? paper : family
    do for [d in draws] {
        set title (d eq "none" ? "" : d." draws").(nrows == 2 ? (r == 1 ? ": the paper's methods" : ": the family") : "")
        if (d eq word(draws, words(draws))) {
            set key at screen 0.845, screen (r == 1 ? 0.95 : (nrows == 2 ? 0.46 : 0.95)) left top
        } else { unset key }
        if (points(d, row) == 0) {
            set label 1 "no lr without a diverged run" at graph 0.5, 0.5 center
            set xrange [1e-4:1]
            set yrange [1:10]
            plot 1/0 notitle
            unset label 1
            set autoscale xfix
            set yrange [FLOOR<*:*]
        } else {
            off = below(d, row)
            do for [k = 1:words(off) / 3] {
                set label 10 + k sprintf("%s %s", word(off, 3 * k), gprintf("%.1t{/Symbol \264}10^{%T}", word(off, 3 * k - 1) + 0)) \
                    at first word(off, 3 * k - 2) + 0, graph 0.02 center offset 0, 0.9 * (1 + (k + 1) % 2) font ",6" tc rgb mcolor(word(off, 3 * k)) \
                    point lt mstyle(word(off, 3 * k), 1) pt 10 ps 0.7
            }
            plot for [i = 1:words(row)] src using \
                ((strcol(4) eq d && strcol(5) eq word(row, i) && $10 == 0) ? $6 : 1/0):11 \
                with linespoints lt mstyle(word(row, i), i) ps 0.55 title word(row, i)
            do for [k = 1:words(off) / 3] { unset label 10 + k }
        }
    }
}
unset multiplot

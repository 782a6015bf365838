# quadratic.gp - T3: mean final loss against the condition number, a line
# per method, from the reference draws (or, in a summary without them, the
# draws source it has).  A panel for the first-order methods of the FANoS
# paper, one for the rest of the family beside FANoS-RMS and AdamW, and one
# for L-BFGS, whose losses lie a hundred decades lower; a panel is left out
# when the summary has none of its methods.  A kappa where some run
# diverged has no point on the line: its mark sits on the top edge of the
# panel.  Any summary of fanos stats with kappa in its param column will do.
# Call with src='T3 summary' out='quadratic.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set datafile separator ","
d = system(sprintf("awk -F, 'NR > 1 { s[$4] = 1 } END { print (\"reference\" in s) ? \"reference\" : (\"fresh\" in s) ? \"fresh\" : \"none\" }' '%s'", src))
methods = msort(system(sprintf("awk -F, 'NR > 1 && !seen[$5]++ { print $5 }' '%s'", src)))
paper = ""
family = ""
newton = ""
do for [m in methods] {
    if (style_base(m) eq "L-BFGS") { newton = newton." ".m } else {
        if (mfamily(m)) { family = family." ".m } else { paper = paper." ".m } }
}
if (words(family) > 0) {
    do for [m in "FANoS-RMS AdamW"] { if (style_in(paper, m)) { family = family." ".m } }
    family = msort(family)
}
panels = ""
if (words(paper) > 0) { panels = panels." 1" }
if (words(family) > 0) { panels = panels." 2" }
if (words(newton) > 0) { panels = panels." 3" }
if (words(panels) == 0) { panels = "1" }
ptitle(k) = k == 1 ? "first-order methods" : k == 2 ? "the family" : "L-BFGS"
prow(k) = k == 1 ? paper : k == 2 ? family : newton
sel(row) = sprintf("awk -F, -v d='%s' -v r=' %s ' 'NR > 1 && $4 == d && $3 > 0 && index(r, \" \" $5 \" \")", d, row)
points(row) = system(sprintf("%s && $10 == 0 && $11 > 0 { n++ } END { print n + 0 }' '%s'", sel(row), src)) + 0
# "kappa mean" of method m with no diverged run, in the order of kappa
line(m) = sprintf("< awk -F, -v d='%s' -v m='%s' 'NR > 1 && $4 == d && $5 == m && $3 > 0 && $10 == 0 && $11 > 0 { print $3 \",\" $11 }' '%s' | sort -g", d, m, src)
# "kappa method" where some run diverged
diverged(row) = system(sprintf("%s && $10 > 0 { print $3, $5 }' '%s'", sel(row), src))

set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,3.0in
set output out
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xlabel "condition number {/Symbol k}" offset 0,0.3
set ylabel "mean final loss" offset 1,0
set autoscale xfix
set offsets graph 0.06, graph 0.06, graph 0.08, graph 0.04
set key at graph 0.5, graph -0.2 center top Left reverse maxrows 4 font ",7" spacing 0.95 width 0
n = words(panels)
set multiplot layout 1,n margins 0.07,0.99,0.26,0.92 spacing 0.065,0
do for [k in panels] {
    kk = int(k)
    row = prow(kk)
    if (k eq word(panels, 1)) { set ylabel "mean final loss" offset 1,0 } else { unset ylabel }
    set title ptitle(kk).(d eq "reference" || d eq "none" ? "" : " (".d." draws)")
    if (points(row) == 0 && words(diverged(row)) == 0) {
        set label 1 "no condition number without a diverged run" at graph 0.5, 0.5 center
        set xrange [1:1e6]
        set yrange [1:10]
        plot 1/0 notitle
        unset label 1
        set autoscale xfix
        set autoscale y
    } else {
        dv = diverged(row)
        do for [j = 1:words(dv) / 2] {
            set label 10 + j "" at first word(dv, 2 * j - 1) + 0, graph 1 \
                point lt mstyle(word(dv, 2 * j), 1) pt 10 ps 0.8 front
        }
        if (words(dv) > 0) {
            plot for [i = 1:words(row)] line(word(row, i)) using 1:2 with linespoints \
                     lt mstyle(word(row, i), i) ps 0.6 title word(row, i), \
                 keyentry with points pt 10 ps 0.8 lc rgb "black" title "diverged (top edge)"
        } else {
            plot for [i = 1:words(row)] line(word(row, i)) using 1:2 with linespoints \
                     lt mstyle(word(row, i), i) ps 0.6 title word(row, i)
        }
        do for [j = 1:words(dv) / 2] { unset label 10 + j }
    }
}
unset multiplot

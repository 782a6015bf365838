# loss_curves.gp - loss per step on Rosenbrock-100D (reference draw of seed
# 0), each method at its best lr of T1 (L-BFGS: its accepted iterates);
# one trace file curve_<method>.csv per method in dir, the evaluation in
# column 1 and the loss in column 2.  A panel for the methods of the FANoS
# paper and, when dir has them, one for the rest of the family beside
# FANoS-RMS and AdamW+clip.  A curve that leaves the axis at its floor is
# marked where it leaves, with the lowest loss it reaches.
# Call with dir='traces' out='loss_curves.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set datafile separator ","
names = msort(system(sprintf("ls '%s' | sed -n 's/^curve_\\(.*\\)\\.csv$/\\1/p'", dir)))
file(m) = sprintf("%s/curve_%s.csv", dir, m)
paper = ""
family = ""
do for [m in names] {
    if (mfamily(m)) { family = family." ".m } else { paper = paper." ".m }
}
if (words(family) > 0) {
    do for [m in "FANoS-RMS AdamW+clip"] { if (style_in(paper, m)) { family = family." ".m } }
    family = msort(family)
}
n = (words(paper) > 0) + (words(family) > 0)
if (n == 0) { n = 1 }
FLOOR = 1e-12
# "evaluation minimum" of a curve that goes below FLOOR: where it first does
leaves(m) = system(sprintf("awk -F, -v f=%g 'NR > 1 && $2 < f && !e { e = $1 } NR > 1 && (!min || $2 < min) { min = $2 } END { if (e) print e, min }' '%s'", FLOOR, file(m)))
# the marks of a curve: every 300 evaluations, from an offset of its own
MARKS = 300

set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,3.2in
set output out
set logscale y
set format y "10^{%L}"
set yrange [FLOOR<*:*]
set xlabel "gradient evaluation" offset 0,0.3
set ylabel "loss" offset 1,0
set key at graph 0.5, graph -0.16 center top Left reverse maxrows 4 font ",7" spacing 0.95 width 0
set multiplot layout 1,n margins 0.08,0.98,0.25,0.93 spacing 0.07,0
do for [r = 1:2] {
    row = r == 1 ? paper : family
    if (words(row) > 0 || (r == 1 && words(family) == 0)) {
        set title (n == 2 ? (r == 1 ? "the paper's methods" : "the family") : "")
        if (words(row) == 0) {
            set label 1 "no trace" at graph 0.5, 0.5 center
            set yrange [1:10]
            plot 1/0 notitle
            unset label 1
        } else {
            do for [i = 1:words(row)] {
                lv = leaves(word(row, i))
                if (words(lv) == 2) {
                    set label 10 + i sprintf("%s: %s", word(row, i), gprintf("%.0t{/Symbol \264}10^{%T}", word(lv, 2) + 0)) \
                        at first word(lv, 1) + 0, graph 0 left offset 0.6, 0.6 + 0.9 * (i % 2) font ",6" \
                        tc rgb mcolor(word(row, i)) point lt mstyle(word(row, i), i) pt 10 ps 0.7
                }
            }
            plot for [i = 1:words(row)] file(word(row, i)) using 1:2 \
                     with lines lt mstyle(word(row, i), i) notitle, \
                 for [i = 1:words(row)] file(word(row, i)) using 1:2 \
                     every MARKS::(37 * i % MARKS) with points lt mstyle(word(row, i), i) ps 0.55 notitle, \
                 for [i = 1:words(row)] keyentry with linespoints lt mstyle(word(row, i), i) ps 0.55 \
                     title word(row, i)
            do for [i = 1:words(row)] { unset label 10 + i }
        }
    }
}
unset multiplot

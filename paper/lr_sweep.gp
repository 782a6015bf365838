# lr_sweep.gp - T1: mean final loss against lr, a line per method; a panel
# per draws source of the summary (reference, then fresh).  A point where
# some run diverged is left out; a panel with no point says so.  Any
# summary of fanos stats will do (one draws source, any methods).
# Call with src='T1 summary.csv' out='lr_sweep.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,3in
set output out
set datafile separator ","
draws = system(sprintf("awk -F, 'NR > 1 { s[$4] = 1 } END { if (\"reference\" in s) print \"reference\"; if (\"fresh\" in s) print \"fresh\" }' '%s'", src))
methods = system(sprintf("awk -F, 'NR > 1 && $6 != \"\" && !seen[$5]++ { print $5 }' '%s'", src))
# the points of a panel: a method with an lr, no diverged run, a mean > 0
points(d) = system(sprintf("awk -F, -v d='%s' 'NR > 1 && $4 == d && $6 != \"\" && $10 == 0 && $11 > 0 { n++ } END { print n + 0 }' '%s'", d, src)) + 0
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xlabel "learning rate"
set ylabel "mean final loss"
set key outside right font ",7" spacing 0.9
set multiplot layout 1,(words(draws) > 0 ? words(draws) : 1)
if (words(draws) == 0) { draws = "none" }
do for [d in draws] {
    set title d." draws"
    if (d eq word(draws, words(draws))) { set key outside right } else { unset key }
    if (points(d) == 0) {
        set label 1 "no lr without a diverged run" at graph 0.5, 0.5 center
        set xrange [1e-4:1]
        set yrange [1:10]
        plot 1/0 notitle
        unset label 1
        set autoscale
    } else {
        plot for [i=1:words(methods)] src using \
            ((strcol(4) eq d && strcol(5) eq word(methods, i) && $10 == 0) ? $6 : 1/0):11 \
            with linespoints lw 1.3 pt (i % 7 + 1) ps 0.5 dt 1+(i > 7) title word(methods, i)
    }
}
unset multiplot

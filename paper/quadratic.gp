# quadratic.gp - T3: mean final loss against the condition number, a line
# per method, from the reference draws (or, in a summary without them, the
# draws source it has); a kappa where some run diverged is left out.  Any
# summary of fanos stats with kappa in its param column will do.
# Call with src='T3 summary' out='quadratic.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 5in,3in
set output out
set datafile separator ","
d = system(sprintf("awk -F, 'NR > 1 { s[$4] = 1 } END { print (\"reference\" in s) ? \"reference\" : (\"fresh\" in s) ? \"fresh\" : \"none\" }' '%s'", src))
methods = system(sprintf("awk -F, 'NR > 1 && !seen[$5]++ { print $5 }' '%s'", src))
points = system(sprintf("awk -F, -v d='%s' 'NR > 1 && $4 == d && $3 > 0 && $10 == 0 && $11 > 0 { n++ } END { print n + 0 }' '%s'", d, src)) + 0
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xlabel "condition number {/Symbol k}"
set ylabel "mean final loss"
set key outside right font ",7"
if (d ne "reference") { set title d." draws" }
if (points == 0) {
    set label 1 "no condition number without a diverged run" at graph 0.5, 0.5 center
    set xrange [1:1e6]
    set yrange [1:10]
    plot 1/0 notitle
} else {
    plot for [i=1:words(methods)] src using \
        ((strcol(4) eq d && strcol(5) eq word(methods, i) && $10 == 0) ? $3 : 1/0):11 \
        with linespoints lw 1.3 pt (i % 7 + 1) ps 0.6 dt 1+(i > 7) title word(methods, i)
}

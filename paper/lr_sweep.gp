# lr_sweep.gp - T1: mean final loss against lr, a line per method; reference
# draws left, fresh right.  A point where some run diverged is left out.
# Call with src='T1 summary.csv' out='lr_sweep.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,3in
set output out
set datafile separator ","
methods = system(sprintf("awk -F, 'NR > 1 && $6 != \"\" && !seen[$5]++ { print $5 }' '%s'", src))
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xlabel "learning rate"
set ylabel "mean final loss"
set key outside right font ",7" spacing 0.9
set multiplot layout 1,2
do for [d in "reference fresh"] {
    set title d." draws"
    if (d eq "fresh") { set key outside right } else { unset key }
    plot for [i=1:words(methods)] src using \
        ((strcol(4) eq d && strcol(5) eq word(methods, i) && $10 == 0) ? $6 : 1/0):11 \
        with linespoints lw 1.3 pt (i % 7 + 1) ps 0.5 dt 1+(i > 7) title word(methods, i)
}
unset multiplot

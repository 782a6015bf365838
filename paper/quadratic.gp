# quadratic.gp - T3: mean final loss against the condition number, a line
# per method, reference draws; a kappa where some run diverged is left out.
# Call with src='T3 summary' out='quadratic.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 5in,3in
set output out
set datafile separator ","
methods = system(sprintf("awk -F, 'NR > 1 && !seen[$5]++ { print $5 }' '%s'", src))
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xlabel "condition number {/Symbol k}"
set ylabel "mean final loss"
set key outside right font ",7"
plot for [i=1:words(methods)] src using \
    ((strcol(4) eq "reference" && strcol(5) eq word(methods, i) && $10 == 0) ? $3 : 1/0):11 \
    with linespoints lw 1.3 pt (i % 7 + 1) ps 0.6 dt 1+(i > 7) title word(methods, i)

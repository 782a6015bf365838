# thermostat_grid.gp - figure TH: the temperatures of the best-tracking run
# of each problem of the thermostat grid (doc/spec.md section 14), T_inst,
# T_ema and the target T0 against the step on a log scale.  Call with
# panels='th_best.gpi' out='thermostat_grid.pdf'; the panels file
# (paper/thermostat_grid.pl traces) sets n, file1..n and title1..n.
load panels
cols = n < 3 ? n : 3
rows = (n + cols - 1) / cols
set terminal pdfcairo enhanced font "Helvetica,8" size 7in,(1.9 * rows + 0.2)in
set output out
set datafile separator ","
set multiplot layout rows,cols
set logscale y
set format y "10^{%L}"
set xlabel "step"
set ylabel "temperature"
set key top right font ",7"
set title font ",7"
do for [i=1:n] {
    set title value(sprintf("title%d", i))
    f = value(sprintf("file%d", i))
    plot f using "step":"T_inst" with lines lc rgb "#999999" title "T_{inst}", \
         f using "step":"T_ema" with lines lw 1.5 lc rgb "#2166ac" title "T_{ema}", \
         f using "step":"T0" with lines dt 2 lw 1.5 lc rgb "black" title "T_0"
}
unset multiplot

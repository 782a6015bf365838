# thermostat.gp - figure F5: FANoS thermostat diagnostics on Rosenbrock-100D
# (seed 0): zeta on top, temperatures (log scale) below, for the "good" and
# "bad" learning rates; zeta and T_ema in FANoS's colour of style.gp.
# Call with good='trace_a.csv' bad='trace_b.csv' lrgood='3e-3' lrbad='1e-2'
# out='thermostat.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
C = mcolor("FANoS")
set terminal pdfcairo enhanced font "Helvetica,9" size 6in,4in
set output out
set datafile separator ","
set key autotitle columnhead
set multiplot layout 2,2
set xlabel "step"
set ylabel "{/Symbol z}"
set title sprintf("lr = %s (\"good\")", lrgood)
plot good using "step":"zeta" with lines lw 1.5 lc rgb C dt 1 notitle
set title sprintf("lr = %s (\"bad\")", lrbad)
plot bad using "step":"zeta" with lines lw 1.5 lc rgb C dt 1 notitle
set logscale y
set format y "10^{%L}"
set ylabel "temperature"
set key top right font ",8" Left reverse
set autoscale yfix
set offsets 0, 0, graph 0.05, graph 0.25
set title ""
plot good using "step":"T_inst" with lines lw 0.8 lc rgb "#999999" dt 1 title "T_{inst}", \
     good using "step":"T_ema" with lines lw 1.5 lc rgb C dt 1 title "T_{ema}", \
     good using "step":"T0" with lines dt 2 lw 1.5 lc rgb "black" title "T_0"
plot bad using "step":"T_inst" with lines lw 0.8 lc rgb "#999999" dt 1 title "T_{inst}", \
     bad using "step":"T_ema" with lines lw 1.5 lc rgb C dt 1 title "T_{ema}", \
     bad using "step":"T0" with lines dt 2 lw 1.5 lc rgb "black" title "T_0"
unset multiplot

# stability.gp - figure F6: spectral radius of one FANoS step on a harmonic
# oscillator, semi-implicit and explicit Euler, with the boundaries of
# doc/spec.md [P5].  Call: gnuplot -e "in='F6.csv'; out='stability.pdf'" stability.gp
set terminal pdfcairo enhanced font "Helvetica,9" size 6in,2.6in
set output out
set datafile separator ","
set multiplot layout 1,2
set xlabel "h{/Symbol w}"
set ylabel "h{/Symbol z}"
set xrange [0:3]
set yrange [0:2]
set cbrange [0.5:1.5]
set cblabel "spectral radius"
set palette defined (0.5 "#2166ac", 1.0 "#f7f7f7", 1.5 "#b2182b")
set key top right box opaque font ",7"
set samples 400
# boundaries: semi-implicit h^2w^2 = 4 - 2hz, explicit Euler h^2w^2 = hz
set parametric
set trange [0:2]
set title "semi-implicit (FANoS)"
plot src using 2:(strcol(1) eq "semi-implicit" ? $3 : 1/0):($4 > 1.5 ? 1.5 : $4) with points pt 5 ps 0.35 lc palette notitle, \
     sqrt(4 - 2*t), t lw 2 lc rgb "black" title "h^2{/Symbol w}^2 = 4 - 2h{/Symbol z}", \
     sqrt(t), t lw 2 dt 2 lc rgb "black" title "h^2{/Symbol w}^2 = h{/Symbol z}"
set title "explicit Euler (ablation)"
plot src using 2:(strcol(1) eq "explicit-euler" ? $3 : 1/0):($4 > 1.5 ? 1.5 : $4) with points pt 5 ps 0.35 lc palette notitle, \
     sqrt(4 - 2*t), t lw 2 lc rgb "black" title "h^2{/Symbol w}^2 = 4 - 2h{/Symbol z}", \
     sqrt(t), t lw 2 dt 2 lc rgb "black" title "h^2{/Symbol w}^2 = h{/Symbol z}"
unset multiplot

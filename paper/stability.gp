# stability.gp - figure F6: spectral radius of one FANoS step on a harmonic
# oscillator, semi-implicit and explicit Euler, with the boundaries of
# doc/spec.md [P5] (one key for both panels, below them; the diverging
# blue-white-red map is safe for the common colour-vision deficiencies).  Call: gnuplot -e "src='F6.csv'; out='stability.pdf'" stability.gp
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set terminal pdfcairo enhanced font "Helvetica,9" size 6in,2.9in
set output out
set datafile separator ","
set multiplot
set bmargin at screen 0.2
set tmargin at screen 0.92
set lmargin at screen 0.07
set rmargin at screen 0.44
unset colorbox
set xlabel "h{/Symbol w}"
set ylabel "h{/Symbol z}"
set xrange [0:3]
set yrange [0:2]
set cbrange [0.5:1.5]
set cblabel "spectral radius (clipped to [0.5, 1.5])"
set palette defined (0.5 "#2166ac", 1.0 "#f7f7f7", 1.5 "#b2182b")
set key at screen 0.5, screen 0.01 center bottom horizontal font ",8" samplen 3 width 2
unset grid
set samples 400
# boundaries: semi-implicit h^2w^2 = 4 - 2hz, explicit Euler h^2w^2 = hz
set parametric
set trange [0:2]
set title "semi-implicit (FANoS)"
plot src using 2:(strcol(1) eq "semi-implicit" ? $3 : 1/0):($4 > 1.5 ? 1.5 : $4) with points pt 5 ps 0.35 lc palette notitle, \
     sqrt(4 - 2*t), t lw 2 lc rgb "black" title "h^2{/Symbol w}^2 = 4 - 2h{/Symbol z}", \
     sqrt(t), t lw 2 dt 2 lc rgb "black" title "h^2{/Symbol w}^2 = h{/Symbol z}"
set title "explicit Euler (ablation)"
unset key
set lmargin at screen 0.53
set rmargin at screen 0.90
set colorbox
plot src using 2:(strcol(1) eq "explicit-euler" ? $3 : 1/0):($4 > 1.5 ? 1.5 : $4) with points pt 5 ps 0.35 lc palette notitle, \
     sqrt(4 - 2*t), t lw 2 lc rgb "black" title "h^2{/Symbol w}^2 = 4 - 2h{/Symbol z}", \
     sqrt(t), t lw 2 dt 2 lc rgb "black" title "h^2{/Symbol w}^2 = h{/Symbol z}"
unset multiplot

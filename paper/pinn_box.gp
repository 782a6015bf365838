# pinn_box.gp - T4: loss after the warm-up and after the L-BFGS polish, per
# PDE and warm-up method, reference draws (box: quartiles, whiskers: range).
# Call with src='T4 raw.csv' out='pinn_box.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,2.8in
set output out
sel(p, f) = sprintf("< awk -F, -v p='%s' -v f='%s' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c[\"problem\"] == p && $c[\"draws\"] == \"reference\" && $c[f] != \"nan\" { print $c[\"method\"], $c[f] }' '%s'", p, f, src)
set logscale y
set format y "10^{%L}"
set ylabel "loss"
set style fill solid 0.5 border -1
set style boxplot range 1.5 nooutliers sorted
set style data boxplot
set boxwidth 0.6
set xtics rotate by 30 right font ",8"
set key top right font ",8"
set multiplot layout 1,2
do for [p in "burgers allen-cahn"] {
    set title p
    plot sel(p, "warmup_loss") using (1):2:(0.6):1 lc rgb "#2166ac" title "after warm-up", \
         sel(p, "polish_loss") using (5):2:(0.6):1 lc rgb "#b2182b" title "after the polish"
}
unset multiplot

# ablation.gp - T2: mean final loss of each ablation with its 95% CI (log
# scale), reference draws, at the published lr and at the best lr of T1.
# Call with a='T2 summary' b='T2best summary' out='ablation.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 6in,2.8in
set output out
set datafile separator ","
set logscale y
set format y "10^{%L}"
set ylabel "final loss"
set style fill solid 0.7 border -1
set boxwidth 0.38
set xtics rotate by 30 right font ",8"
set key top left font ",8"
lr_a = system(sprintf("awk -F, 'NR == 2 { print $6 }' '%s'", a))
lr_b = system(sprintf("awk -F, 'NR == 2 { print $6 }' '%s'", b))
fa = sprintf("< awk -F, 'NR > 1 && $4 == \"reference\"' '%s'", a)
fb = sprintf("< awk -F, 'NR > 1 && $4 == \"reference\"' '%s'", b)
plot fa using ($0 - 0.2):11 with boxes lc rgb "#2166ac" title "lr = ".lr_a, \
     fa using ($0 - 0.2):11:13:14 with yerrorbars lc rgb "black" pt 0 notitle, \
     fb using ($0 + 0.2):11:xtic(5) with boxes lc rgb "#b2182b" title "lr = ".lr_b, \
     fb using ($0 + 0.2):11:13:14 with yerrorbars lc rgb "black" pt 0 notitle

# perfprof.gp - Dolan-More performance profiles of the tuned rows over
# every problem and evaluation seed (doc/experiments.md, "Robustness"):
# rho(tau), the fraction of instances on which a method's final loss is
# within 10^tau of the best method's.  Data: paper/family.pl.
# Call with dir='DIR of perfprof_*.dat' out='F.pdf'.
set terminal pdfcairo enhanced font "Helvetica,8" size 7in,3.2in
set output out
set xlabel "{/Symbol t} (decades above the best final loss of the instance)"
set ylabel "fraction of instances {/Symbol r}({/Symbol t})"
set xrange [0:*]
set yrange [0:1.02]
set key outside right font ",6.5" spacing 0.85 samplen 2.5
set grid xtics ytics lc rgb "#dddddd"
nb(f) = int(system(sprintf("awk 'BEGIN { n = 0 } /^tau / { n++ } END { print n }' '%s'", f)))
set multiplot layout 1,2
do for [c in "noclip clip"] {
    f = sprintf("%s/perfprof_%s.dat", dir, c)
    n = nb(f)
    set title (c eq "clip" ? "with gradient clipping (+clip)" : "without clipping")
    plot for [i=0:n-1] f index i using 1:2 with steps lw 1.3 dt 1+int(i/7) title columnheader(2)
}
unset multiplot

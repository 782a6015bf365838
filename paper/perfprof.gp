# perfprof.gp - Dolan-More performance profiles of the tuned first-order
# rows over every problem and evaluation seed (doc/experiments.md,
# "Robustness"): rho(tau), the fraction of instances on which a method's
# final loss is within 10^tau of the best method's.  Data: paper/family.pl
# (a block per method, its first line "tau NAME").
# Call with dir='DIR of perfprof_*.dat' out='F.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set terminal pdfcairo enhanced font "Helvetica,8" size 7in,3.2in
set output out
set xlabel "{/Symbol t} (decades above the best final loss of the instance)"
set ylabel "fraction of instances {/Symbol r}({/Symbol t})"
set xrange [0:*]
set yrange [0:1.02]
set key outside right font ",6.5" spacing 0.85 samplen 2.5
names(f) = system(sprintf("awk '/^tau / { gsub(/\"/, \"\", $2); printf \"%%s \", $2 }' '%s'", f))
set multiplot layout 1,2
do for [c in "noclip clip"] {
    f = sprintf("%s/perfprof_%s.dat", dir, c)
    m = names(f)
    set title (c eq "clip" ? "with gradient clipping (+clip)" : "without clipping")
    if (words(m) > 0) {
        plot for [i=1:words(m)] f index (i - 1) using 1:2 with steps lt mstyle(word(m, i), i) title word(m, i)
    } else { plot 1/0 notitle }
}
unset multiplot

# lrprofile.gp - robustness to the lr (doc/experiments.md, "Robustness"):
# for every problem of the tuned experiments one page, the mean final loss
# (top; points where a run diverged are left out) and the fraction of
# diverged runs (bottom) against the lr of each method's profile, its
# other knobs at their tuned values; methods without clipping on the
# left, with +clip on the right.  Data: paper/family.pl.
# Call with dir='DIR of profile_P_*.dat' problems='P1 P2 ...' out='F.pdf'.
set terminal pdfcairo enhanced font "Helvetica,8" size 7in,6.2in
set output out
set logscale x
set format x "10^{%L}"
set xrange [5e-7:2e2]
set key outside right font ",6.5" spacing 0.85 samplen 2.5
set grid xtics ytics lc rgb "#dddddd"
nb(f) = int(system(sprintf("awk 'BEGIN { n = 0 } /^lr / { n++ } END { print n }' '%s'", f)))
do for [p in problems] {
    set multiplot layout 2,2 title "lr profile of ".p." (best trial, lr swept)"
    do for [c in "noclip clip"] {
        f = sprintf("%s/profile_%s_%s.dat", dir, p, c)
        n = nb(f)
        set logscale y
        set format y "10^{%L}"
        set yrange [*:*]
        set ylabel "mean final loss"
        set title (c eq "clip" ? "with gradient clipping (+clip)" : "without clipping")
        if (n > 0) {
            plot for [i=0:n-1] f index i using 1:2 with linespoints lw 1.2 pt (i % 7 + 1) ps 0.45 dt 1+int(i/7) title columnheader(2)
        } else { plot 1/0 notitle }
    }
    do for [c in "noclip clip"] {
        f = sprintf("%s/profile_%s_%s.dat", dir, p, c)
        n = nb(f)
        unset logscale y
        set format y "%g"
        set yrange [-0.05:1.05]
        set ylabel "diverged fraction"
        set title ""
        if (n > 0) {
            plot for [i=0:n-1] f index i using 1:3 with linespoints lw 1.2 pt (i % 7 + 1) ps 0.45 dt 1+int(i/7) notitle
        } else { plot 1/0 notitle }
    }
    unset multiplot
}

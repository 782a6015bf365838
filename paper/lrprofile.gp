# lrprofile.gp - robustness to the lr (doc/experiments.md, "Robustness"):
# for every problem of the tuned experiments one page, the mean final loss
# (top; points where a run diverged are left out) and the fraction of
# diverged runs (bottom) against the lr of each method's profile, its
# other knobs at their tuned values; methods without clipping on the
# left, with +clip on the right.  Data: paper/family.pl (a block per
# method, its first line "lr NAME diverged_rate").
# Call with dir='DIR of profile_P_*.dat' problems='P1 P2 ...' out='F.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set terminal pdfcairo enhanced font "Helvetica,8" size 7in,6.2in
set output out
set logscale x
set format x "10^{%L}"
set xrange [5e-7:2e2]
set key outside right font ",6.5" spacing 0.85 samplen 2.5
names(f) = system(sprintf("awk '/^lr / { gsub(/\"/, \"\", $2); printf \"%%s \", $2 }' '%s'", f))
do for [p in problems] {
    set multiplot layout 2,2 title "lr profile of ".p." (each method's best trial, its lr swept)"
    do for [c in "noclip clip"] {
        f = sprintf("%s/profile_%s_%s.dat", dir, p, c)
        m = names(f)
        set logscale y
        set format y "10^{%L}"
        set yrange [*:*]
        set ylabel "mean final loss"
        set title (c eq "clip" ? "with gradient clipping (+clip)" : "without clipping")
        if (words(m) > 0) {
            plot for [i=1:words(m)] f index (i - 1) using 1:2 with linespoints lt mstyle(word(m, i), i) ps 0.45 title word(m, i)
        } else { plot 1/0 notitle }
    }
    do for [c in "noclip clip"] {
        f = sprintf("%s/profile_%s_%s.dat", dir, p, c)
        m = names(f)
        unset logscale y
        set format y "%g"
        set yrange [-0.05:1.05]
        set ylabel "diverged fraction"
        set title ""
        if (words(m) > 0) {
            plot for [i=1:words(m)] f index (i - 1) using 1:3 with linespoints lt mstyle(word(m, i), i) ps 0.45 notitle
        } else { plot 1/0 notitle }
    }
    unset multiplot
}

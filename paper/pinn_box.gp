# pinn_box.gp - T4: loss after the warm-up and after the L-BFGS polish, per
# PDE and warm-up method (box: quartiles, whiskers: range), from the
# reference draws (or the draws source the file has); a panel per PDE of
# the file.  The warm-ups on the left of a panel (light boxes), the polish
# on the right (dark boxes), each method in its colour of style.gp.  Any
# raw CSV of a PINN sweep will do: a method with fewer than 4 finished runs
# (too few for a box) makes the panel show each run as a point instead.
# Call with src='T4 raw.csv' out='pinn_box.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,2.8in
set output out
cols = "NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }"
d = system(sprintf("awk -F, '%s { s[$c[\"draws\"]] = 1 } END { print (\"reference\" in s) ? \"reference\" : \"fresh\" }' '%s'", cols, src))
pdes = system(sprintf("awk -F, '%s { s[$c[\"problem\"]] = 1 } END { if (\"burgers\" in s) print \"burgers\"; if (\"allen-cahn\" in s) print \"allen-cahn\" }' '%s'", cols, src))
# "method loss" of the finished runs of PDE p, loss column f
rows(p, f) = sprintf("awk -F, -v p='%s' -v f='%s' -v d='%s' '%s $c[\"problem\"] == p && $c[\"draws\"] == d && $c[f] != \"nan\" && $c[f] > 0 { print $c[\"method\"], $c[f] }' '%s'", p, f, d, cols, src)
# the losses of method m alone
sel(p, f, m) = sprintf("< %s | awk -v m='%s' '$1 == m { print $2 }'", rows(p, f), m)
methods(p) = msort(system(sprintf("%s | awk '!seen[$1]++ { print $1 }'", rows(p, "warmup_loss"))))
# the fewest finished runs of a method, after the warm-up or the polish
fewest(p) = system(sprintf("{ %s | sed 's/^/w /'; %s | sed 's/^/p /'; } | awk '{ k[$1 \" \" $2]++ } END { m = 0; for (x in k) if (!m || k[x] < m) m = k[x]; print m }'", rows(p, "warmup_loss"), rows(p, "polish_loss"))) + 0
set logscale y
set format y "10^{%L}"
set ylabel "loss"
set style boxplot range 1.5 nooutliers sorted
set boxwidth 0.6
set xtics rotate by 30 right font ",8" scale 0
set grid noxtics ytics
if (words(pdes) == 0) { pdes = "none" }
set multiplot layout 1,words(pdes)
do for [p in pdes] {
    set title p.(d eq "reference" ? "" : " (".d." draws)")
    ms = methods(p)
    nm = words(ms)
    if (nm == 0) {
        set label 1 "no finished run" at graph 0.5, 0.5 center
        set xrange [0:1]
        set yrange [1:10]
        plot 1/0 notitle
        unset label 1
        set autoscale
    } else {
        set xrange [0:2 * nm + 2]
        set xtics ()
        do for [i = 1:nm] {
            set xtics add (word(ms, i) i, word(ms, i) nm + 1 + i)
        }
        set label 1 "after the warm-up" at first (nm + 1) / 2.0, graph 0.97 center font ",8"
        set label 2 "after the polish" at first nm + 1 + (nm + 1) / 2.0, graph 0.97 center font ",8"
        set arrow 1 from first nm + 1, graph 0 to first nm + 1, graph 1 nohead lc rgb "#999999" dt 3
        set autoscale yfix
        # a panel of less than about a decade and a half gets ticks at 1, 2
        # and 5 times the powers of ten (one power alone says too little)
        lohi = system(sprintf("{ %s; %s; } | awk 'NR == 1 || $2 < lo { lo = $2 } NR == 1 || $2 > hi { hi = $2 } END { print lo, hi }'", rows(p, "warmup_loss"), rows(p, "polish_loss")))
        if (word(lohi, 2) / word(lohi, 1) < 30) {
            set ytics ()
            do for [e = floor(log10(word(lohi, 1) + 0)):ceil(log10(word(lohi, 2) + 0))] {
                do for [f in "1 2 5"] { set ytics add (gprintf("%g", f * 10.0**e) f * 10.0**e) }
            }
        } else { set ytics autofreq }
        set offsets 0, 0, graph 0.1, graph 0.15
        if (fewest(p) >= 4) {
            plot for [i = 1:nm] sel(p, "warmup_loss", word(ms, i)) using (i):1:(0.6) with boxplot dt 1 \
                     lc rgb mcolor(word(ms, i)) fs solid 0.3 border lc rgb mcolor(word(ms, i)) notitle, \
                 for [i = 1:nm] sel(p, "polish_loss", word(ms, i)) using (nm + 1 + i):1:(0.6) with boxplot dt 1 \
                     lc rgb mcolor(word(ms, i)) fs solid 0.85 border lc rgb "black" notitle
        } else {
            plot for [i = 1:nm] sel(p, "warmup_loss", word(ms, i)) using (i):1 with points \
                     lt mstyle(word(ms, i), i) notitle, \
                 for [i = 1:nm] sel(p, "polish_loss", word(ms, i)) using (nm + 1 + i):1 with points \
                     lt mstyle(word(ms, i), i) notitle
        }
        unset label 1
        unset label 2
        unset arrow 1
        set offsets 0, 0, 0, 0
        set autoscale y
    }
}
unset multiplot

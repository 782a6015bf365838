# pinn_box.gp - T4: loss after the warm-up and after the L-BFGS polish, per
# PDE and warm-up method (box: quartiles, whiskers: range), from the
# reference draws (or the draws source the file has); a panel per PDE of
# the file.  Any raw CSV of a PINN sweep will do: a method with fewer than
# 4 finished runs (too few for a box) makes the panel show each run as a
# point instead.
# Call with src='T4 raw.csv' out='pinn_box.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 6.5in,2.8in
set output out
cols = "NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }"
d = system(sprintf("awk -F, '%s { s[$c[\"draws\"]] = 1 } END { print (\"reference\" in s) ? \"reference\" : \"fresh\" }' '%s'", cols, src))
pdes = system(sprintf("awk -F, '%s { s[$c[\"problem\"]] = 1 } END { if (\"burgers\" in s) print \"burgers\"; if (\"allen-cahn\" in s) print \"allen-cahn\" }' '%s'", cols, src))
# "method loss" of the finished runs of PDE p, loss column f
rows(p, f) = sprintf("awk -F, -v p='%s' -v f='%s' -v d='%s' '%s $c[\"problem\"] == p && $c[\"draws\"] == d && $c[f] != \"nan\" && $c[f] > 0 { print $c[\"method\"], $c[f] }' '%s'", p, f, d, cols, src)
sel(p, f) = "< ".rows(p, f)
# the same as "x method loss", x = base + the method's place in name order
pts(p, f, base) = sprintf("< %s | sort -k1,1 | awk -v b=%d '$1 != last { k++; last = $1 } { print b + k - 1, $1, $2 }'", rows(p, f), base)
methods(p) = system(sprintf("%s | awk '!seen[$1]++' | wc -l", rows(p, "warmup_loss"))) + 0
# the fewest finished runs of a method, after the warm-up or the polish
fewest(p) = system(sprintf("{ %s | sed 's/^/w /'; %s | sed 's/^/p /'; } | awk '{ k[$1 \" \" $2]++ } END { m = 0; for (x in k) if (!m || k[x] < m) m = k[x]; print m }'", rows(p, "warmup_loss"), rows(p, "polish_loss"))) + 0
set logscale y
set format y "10^{%L}"
set ylabel "loss"
set style fill solid 0.5 border -1
set style boxplot range 1.5 nooutliers sorted
set style data boxplot
set boxwidth 0.6
set xtics rotate by 30 right font ",8"
set key top right font ",8"
if (words(pdes) == 0) { pdes = "none" }
set multiplot layout 1,words(pdes)
do for [p in pdes] {
    set title p.(d eq "reference" ? "" : " (".d." draws)")
    nm = methods(p)
    if (nm == 0) {
        set label 1 "no finished run" at graph 0.5, 0.5 center
        set xrange [0:1]
        set yrange [1:10]
        plot 1/0 notitle
        unset label 1
        set autoscale
    } else {
        if (fewest(p) >= 4) {
            plot sel(p, "warmup_loss") using (1):2:(0.6):1 lc rgb "#2166ac" title "after warm-up", \
                 sel(p, "polish_loss") using (nm + 2):2:(0.6):1 lc rgb "#b2182b" title "after the polish"
        } else {
            set xrange [0:2 * nm + 3]
            plot pts(p, "warmup_loss", 1) using 1:3:xtic(2) with points pt 7 lc rgb "#2166ac" title "after warm-up", \
                 pts(p, "polish_loss", nm + 2) using 1:3:xtic(2) with points pt 7 lc rgb "#b2182b" title "after the polish"
            set autoscale
        }
    }
}
unset multiplot

# ablation.gp - T2: mean final loss of each ablation with its 95% CI (log
# scale), from the reference draws (or the draws source a summary has), at
# the published lr (summary a) and at the best lr of T1 (summary b, which
# may be left out).  Any summary of fanos stats will do: a bar per row.
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
if (!exists("b")) { b = "" }
src(f) = sprintf("awk -F, 'NR > 1 { s[$4] = 1 } END { print (\"reference\" in s) ? \"reference\" : \"fresh\" }' '%s'", f)
rows(f, d) = sprintf("< awk -F, -v d='%s' 'NR > 1 && $4 == d' '%s'", d, f)
count(f, d) = system(sprintf("awk -F, -v d='%s' 'NR > 1 && $4 == d && $11 != \"nan\" && $11 > 0 { n++ } END { print n + 0 }' '%s'", d, f)) + 0
da = system(src(a))
lr_a = system(sprintf("awk -F, -v d='%s' 'NR > 1 && $4 == d { print $6; exit }' '%s'", da, a))
fa = rows(a, da)
if (b ne "") {
    db = system(src(b))
    lr_b = system(sprintf("awk -F, -v d='%s' 'NR > 1 && $4 == d { print $6; exit }' '%s'", db, b))
    fb = rows(b, db)
}
if (da ne "reference") { set title da." draws" }
if (count(a, da) == 0 && (b eq "" || count(b, db) == 0)) {
    set label 1 "no finished run" at graph 0.5, 0.5 center
    set yrange [1:10]
    plot 1/0 notitle
} else {
    if (b eq "") {
        plot fa using 0:11:xtic(5) with boxes lc rgb "#2166ac" title "lr = ".lr_a, \
             fa using 0:11:13:14 with yerrorbars lc rgb "black" pt 0 notitle
    } else {
        plot fa using ($0 - 0.2):11 with boxes lc rgb "#2166ac" title "lr = ".lr_a, \
             fa using ($0 - 0.2):11:13:14 with yerrorbars lc rgb "black" pt 0 notitle, \
             fb using ($0 + 0.2):11:xtic(5) with boxes lc rgb "#b2182b" title "lr = ".lr_b, \
             fb using ($0 + 0.2):11:13:14 with yerrorbars lc rgb "black" pt 0 notitle
    }
}

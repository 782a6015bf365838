# ablation.gp - T2: mean final loss of each ablation with its 95% CI (log
# scale), from the reference draws (or the draws source a summary has), at
# the published lr (summary a: light bars) and at the best lr of T1
# (summary b, which may be left out: dark bars), in FANoS's colour of
# style.gp.  Any summary of fanos stats will do: a bar per row.
# Call with a='T2 summary' b='T2best summary' out='ablation.pdf'.
style_dir(p) = strstrt(p, "/") ? substr(p, 1, strstrt(p, "/")).style_dir(substr(p, strstrt(p, "/") + 1, strlen(p))) : ""
load style_dir(ARG0)."style.gp"
set terminal pdfcairo enhanced font "Helvetica,9" size 6in,2.8in
set output out
set datafile separator ","
set logscale y
set format y "10^{%L}"
set ylabel "mean final loss"
set boxwidth 0.38
set xtics rotate by 30 right font ",8" scale 0
set grid noxtics ytics
set key outside top center horizontal font ",8" samplen 1.5
set autoscale yfix
set offsets 0, 0, graph 0.05, graph 0.05
C = mcolor("FANoS-RMS")
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
        plot fa using 0:11:xtic(5) with boxes fs solid 0.3 border lc rgb C lc rgb C title "lr = ".lr_a, \
             fa using 0:11:13:14 with yerrorbars lc rgb "black" pt 1 ps 0 notitle
    } else {
        plot fa using ($0 - 0.2):11 with boxes fs solid 0.3 border lc rgb C lc rgb C title "lr = ".lr_a, \
             fa using ($0 - 0.2):11:13:14 with yerrorbars lc rgb "black" pt 1 ps 0 notitle, \
             fb using ($0 + 0.2):11:xtic(5) with boxes fs solid 0.85 border lc rgb "black" lc rgb C title "lr = ".lr_b, \
             fb using ($0 + 0.2):11:13:14 with yerrorbars lc rgb "black" pt 1 ps 0 notitle
    }
}

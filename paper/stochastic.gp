# stochastic.gp - learning curves of T5, T6 and T7: the held-out loss
# against the step, for each method's best trial rerun on the evaluation
# seeds; the line is the median over the seeds, the band their range (min
# to max), from the curves files of `fanos stats --curves` (MB15).  One
# panel per problem.  Each method has the colour and dash of the paper's
# style (style.gp, given as style=FILE) when there is one; otherwise a
# fixed palette here (Paul Tol's muted scheme and three more), the same in
# every panel.
# Call with t5='T5.csv' t6='T6.csv' t7='T7.csv' out='stochastic.pdf'
# [style='paper/style.gp'].
set terminal pdfcairo enhanced font "Helvetica,8" size 7in,2.9in
set output out
set datafile separator ","
methods = "SGD+Mom AdamW AdamW(0.95) RMSProp FANoS-RMS VRAdam iKFAD CD CADAM NGN-M Adam-eqbeta"
array colour[11] = ["#332288", "#88CCEE", "#44AA99", "#117733", "#CC6677", \
                    "#882255", "#AA4499", "#DDCC77", "#999933", "#000000", "#EE7733"]
array dash[11] = [1, 1, 2, 1, 1, 1, 2, 1, 2, 1, 1]
if (exists("style") && system(sprintf("test -r '%s' && echo yes", style)) eq "yes") {
    load style
    do for [i = 1:11] {
        m = word(methods, i)
        colour[i] = mcolor(m)
        dash[i] = style_place(m) ? int(word(STYLE_DASHES, style_place(m))) : 1
    }
}
# the rows of method m in the evaluation phase; NaN elsewhere
sel(m, c) = (strcol(7) eq "evaluation" && strcol(5) eq m) ? column(c) : NaN
set logscale y
set autoscale yfix
set ytics (0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 20, 50, 100)
set mytics 1
set xlabel "step"
set style fill transparent solid 0.10 noborder
set key off
set multiplot layout 1,3 margins 0.06,0.98,0.30,0.92 spacing 0.06
array ptitle[3] = ["T5: softmax regression", "T6: MLP", "T7: character model"]
files = t5." ".t6." ".t7
do for [p = 1:3] {
    f = word(files, p)
    set title ptitle[p] noenhanced
    set ylabel (p == 1 ? "held-out loss (nats)" : "")
    if (p == 3) {
        set key at screen 0.5, screen 0.10 center horizontal maxrows 2 width 1 font ",7" noenhanced
    }
    plot for [i = 1:words(methods)] f using (sel(word(methods, i), 9)):(sel(word(methods, i), 12)):(sel(word(methods, i), 13)) \
             with filledcurves lc rgb colour[i] notitle, \
         for [i = 1:words(methods)] f using (sel(word(methods, i), 9)):(sel(word(methods, i), 11)) \
             with lines lw 1.3 dt dash[i] lc rgb colour[i] title word(methods, i)
}
unset multiplot

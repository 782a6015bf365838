# loss_curves.gp - loss per step on Rosenbrock-100D (reference draw of seed
# 0), each method at its best lr of T1 (L-BFGS: its accepted iterates);
# one trace file curve_<method>.csv per method in dir, the evaluation in
# column 1 and the loss in column 2.
# Call with dir='traces' out='loss_curves.pdf'.
set terminal pdfcairo enhanced font "Helvetica,9" size 6in,3.2in
set output out
set datafile separator ","
files = system(sprintf("ls '%s'/curve_*.csv", dir))
name(f) = substr(f, strstrt(f, "curve_") + 6, strlen(f) - 4)
set logscale y
set format y "10^{%L}"
set xlabel "gradient evaluation"
set ylabel "loss"
set key outside right font ",7"
plot for [i=1:words(files)] word(files, i) using 1:2 \
    with lines lw 1.2 dt 1+(i > 7) title name(word(files, i))

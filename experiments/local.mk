# experiments/local.mk - the experiment files of the paper (doc/experiments.md).
experimentsdir = $(pkgdatadir)/experiments
dist_experiments_DATA = \
	experiments/rosenbrock_sweep.ini \
	experiments/quadratic_sweep.ini

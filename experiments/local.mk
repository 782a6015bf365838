# experiments/local.mk
# The reference pipeline's draws (doc/reference.md section 11), installed for
# `fanos run --draws reference` (the default --draws-dir).
drawsdir = $(pkgdatadir)/draws
dist_draws_DATA = \
	experiments/draws/rosenbrock100_x0.csv \
	experiments/draws/quadratic_seed0.csv \
	experiments/draws/quadratic_seed1.csv \
	experiments/draws/quadratic_seed2.csv \
	experiments/draws/pinn_seed0_params.txt \
	experiments/draws/pinn_seed0_points.csv \
	experiments/draws/pinn_seed1_params.txt \
	experiments/draws/pinn_seed1_points.csv \
	experiments/draws/pinn_seed2_params.txt \
	experiments/draws/pinn_seed2_points.csv \
	experiments/draws/pinn_seed3_params.txt \
	experiments/draws/pinn_seed3_points.csv \
	experiments/draws/pinn_seed4_params.txt \
	experiments/draws/pinn_seed4_points.csv

# The experiment files of the paper (doc/experiments.md): the sweeps of
# fanos sweep, the settings of F5 and F6 that make paper reads, and the
# published numbers the report compares against (doc/reference.md
# section 6), installed beside the draws.
experimentsdir = $(pkgdatadir)/experiments
dist_experiments_DATA = \
	experiments/rosenbrock_sweep.ini \
	experiments/ablation.ini \
	experiments/quadratic_sweep.ini \
	experiments/rosenbrock_tuned.ini \
	experiments/quadratic_tuned.ini \
	experiments/fashion_softmax_tuned.ini \
	experiments/fashion_mlp_tuned.ini \
	experiments/charlm_tuned.ini \
	experiments/pinn.ini \
	experiments/pinn_family.ini \
	experiments/pinn_tuned.ini \
	experiments/thermostat.ini \
	experiments/thermostat_grid.ini \
	experiments/stability.ini \
	experiments/published.csv

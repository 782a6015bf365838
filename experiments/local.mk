# experiments/local.mk

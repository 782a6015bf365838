# verify/optim.mk

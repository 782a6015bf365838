# verify/pinn.mk

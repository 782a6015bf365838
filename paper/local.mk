# paper/local.mk

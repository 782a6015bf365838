# doc/local.mk
EXTRA_DIST += doc/spec.md doc/update-params.pl doc/experiments.md doc/reference.md

# Regenerate the parameter tables of doc/spec.md from the code.
update-spec: src/fanos$(EXEEXT)
	$(AM_V_GEN)$(PERL) $(srcdir)/doc/update-params.pl $(srcdir)/doc/spec.md ./src/fanos$(EXEEXT)
.PHONY: update-spec

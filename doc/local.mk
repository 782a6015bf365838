# doc/local.mk - the documents, installed in $(docdir) (e.g.
# /usr/local/share/doc/fanos) and named in the man page's SEE ALSO.
dist_doc_DATA = doc/spec.md doc/experiments.md doc/reference.md \
	doc/performance.md
EXTRA_DIST += doc/update-params.pl

# Regenerate the parameter tables of doc/spec.md from the code.
update-spec: src/fanos$(EXEEXT)
	$(AM_V_GEN)$(PERL) $(srcdir)/doc/update-params.pl $(srcdir)/doc/spec.md ./src/fanos$(EXEEXT)
.PHONY: update-spec

# paper/local.mk - `make paper`: every experiment, its statistics, the
# tables, the figures and paper/fanos.pdf, as one dependency graph.
# Results live under $(R); every file is written under a temporary name and
# renamed when complete, so an interrupted run never leaves a file that make
# takes for finished.  `make -j2 paper` runs independent experiments side by
# side.  A sweep keeps each finished run in $(R)/raw/NAME.csv.journal, and
# the sweep rules pass --resume: `make paper` after an interruption runs
# only the runs still missing (a journal of an experiment file changed
# since is refused: remove it to start that sweep over).

R = build
FANOS = src/fanos$(EXEEXT)
DRAWS = $(srcdir)/experiments/draws
EXP = $(srcdir)/experiments
PAPERSRC = $(srcdir)/paper
TIMED = $(SHELL) $(PAPERSRC)/timed.sh $(R)/times
INI = $(PERL) $(PAPERSRC)/ini.pl

PAPER_FILES = paper/Results.pm paper/report.pl paper/spec2tex.pl paper/ini.pl paper/bestlr.pl \
	paper/golden.pl paper/floor.pl paper/curves.pl paper/profile.pl paper/family.pl paper/outside.pl \
	paper/lrprofile.gp paper/perfprof.gp paper/benchtex.pl paper/timed.sh paper/protocol.pl paper/provenance.sh \
	paper/style.gp paper/stability.gp paper/thermostat.gp paper/lr_sweep.gp paper/ablation.gp \
	paper/quadratic.gp paper/pinn_box.gp paper/loss_curves.gp paper/fanos.tex \
	paper/auditor.pl paper/auditor.tex paper/verification.pl \
	paper/stochastic.pl paper/stochastic.gp paper/stochastic_section.tex
# (the experiment files and published.csv it reads are installed and
# distributed by experiments/local.mk)
EXTRA_DIST += $(PAPER_FILES)
CLEANFILES += paper/fanos.pdf paper/auditor.pdf

# ------------------------------------------------------------ experiments
$(R)/raw/T1.csv: $(EXP)/rosenbrock_sweep.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T1 $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

$(R)/raw/T2.csv: $(EXP)/ablation.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T2 $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

# T2 again at the best FANoS lr of T1 (reference draws), read from T1's results.
$(R)/exp/ablation_best.ini: $(R)/summary/T1.csv $(EXP)/ablation.ini $(PAPERSRC)/bestlr.pl
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/bestlr.pl $< FANoS-RMS reference $(EXP)/ablation.ini $@ T2best >/dev/null

$(R)/raw/T2best.csv: $(R)/exp/ablation_best.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T2best $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

$(R)/raw/T3.csv: $(EXP)/quadratic_sweep.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T3 $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

$(R)/raw/T4.csv: $(EXP)/pinn.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T4 $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

# After T4, not beside it: each PINN sweep already keeps both cores busy,
# and two at once oversubscribe them (four threads on two cores).
$(R)/raw/T4x.csv: $(EXP)/pinn_family.ini $(FANOS) | $(R)/raw/T4.csv
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T4x $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

# T4 tuned: the family's warm-ups under the ruleset, after T4x for the
# same reason as T4x after T4.
$(R)/raw/T4tuned.csv: $(EXP)/pinn_tuned.ini $(FANOS) | $(R)/raw/T4x.csv
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T4tuned $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

# The tuned experiments (doc/experiments.md, "Tuned experiments"): both
# phases, tuning then evaluation, in one sweep each.
$(R)/raw/T1tuned.csv: $(EXP)/rosenbrock_tuned.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T1tuned $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

$(R)/raw/T3tuned.csv: $(EXP)/quadratic_tuned.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T3tuned $(FANOS) sweep $< --draws-dir $(DRAWS) --resume -o $@

# The lr profiles of the tuned experiments (doc/experiments.md,
# "Robustness"): each method's best trial with its lr swept over one grid
# (paper/profile.pl writes the experiment from the tuned summary), run on
# fresh seeds that took no part in the choice (T1: 0..4; T3: 0..2).  T3's
# best settings differ with kappa: one experiment per kappa, merged.
$(R)/raw/T1profile.csv: $(R)/summary/T1tuned.csv $(EXP)/rosenbrock_tuned.ini $(PAPERSRC)/profile.pl $(FANOS)
	@mkdir -p $(@D) $(R)/exp $(R)/times
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/profile.pl $(EXP)/rosenbrock_tuned.ini $< T1profile $(R)/exp/T1profile.ini >/dev/null && \
	  $(TIMED) T1profile $(FANOS) sweep $(R)/exp/T1profile.ini --phase tuning --resume -o $@
$(R)/raw/T3profile.csv: $(R)/summary/T3tuned.csv $(EXP)/quadratic_tuned.ini $(PAPERSRC)/profile.pl $(FANOS)
	@mkdir -p $(@D) $(R)/exp $(R)/times
	$(AM_V_GEN)files=`$(PERL) $(PAPERSRC)/profile.pl $(EXP)/quadratic_tuned.ini $< T3profile $(R)/exp/T3profile.ini 3` && \
	  for f in $$files; do $(TIMED) T3profile-`echo $$f | sed 's/.*\.//'` $(FANOS) sweep $$f --phase tuning --resume --quiet -o $$f.csv || exit 1; done && \
	  $(FANOS) merge `for f in $$files; do echo $$f.csv; done` -o $@

# T1's published-protocol bests at an edge of the grid, one lr further
# (paper/outside.pl); an empty summary when no best is at an edge.
$(R)/summary/T1outside.csv: $(R)/summary/T1.csv $(EXP)/rosenbrock_sweep.ini $(PAPERSRC)/outside.pl $(FANOS)
	@mkdir -p $(@D) $(R)/exp $(R)/raw $(R)/times
	$(AM_V_GEN)m=`$(PERL) $(PAPERSRC)/outside.pl $(EXP)/rosenbrock_sweep.ini $< T1outside $(R)/exp/T1outside.ini` && \
	  if test -z "$$m"; then : > $@; else \
	    $(TIMED) T1outside $(FANOS) sweep $(R)/exp/T1outside.ini --draws-dir $(DRAWS) --resume --quiet -o $(R)/raw/T1outside.csv && \
	    $(FANOS) stats $(R)/raw/T1outside.csv -o $@; fi

# The family tuned fairly: robustness, claims and performance profiles.
FAMILY_INPUTS = $(R)/summary/T1tuned.csv $(R)/summary/T3tuned.csv $(R)/summary/T1profile.csv \
	$(R)/summary/T3profile.csv $(R)/raw/T1tuned.csv $(R)/raw/T3tuned.csv \
	$(R)/summary/T1.csv $(R)/summary/T1outside.csv
$(R)/tex/family.tex: $(FAMILY_INPUTS) $(PAPERSRC)/family.pl $(PAPERSRC)/Results.pm
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/family.pl --out $(R)/tex \
	  --tuned $(R)/summary/T1tuned.csv,$(R)/summary/T3tuned.csv \
	  --profile $(R)/summary/T1profile.csv,$(R)/summary/T3profile.csv \
	  --raw $(R)/raw/T1tuned.csv,$(R)/raw/T3tuned.csv \
	  --published $(R)/summary/T1.csv --outside $(R)/summary/T1outside.csv
$(R)/fig/lrprofile.pdf: $(R)/tex/family.tex $(PAPERSRC)/lrprofile.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "dir='$(R)/tex'; out='$@.tmp'; problems='`cut -d' ' -f1 $(R)/tex/family_problems.txt | tr '\n' ' '`'" \
	  $(PAPERSRC)/lrprofile.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/fig/perfprof.pdf: $(R)/tex/family.tex $(PAPERSRC)/perfprof.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "dir='$(R)/tex'; out='$@.tmp'" $(PAPERSRC)/perfprof.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

# T5-T7: stochastic mini-batch training on Fashion-MNIST and the fortunes
# corpus (doc/experiments.md, "T5 to T7"), tuned, both phases in one sweep
# each; the data from the folders configure found.  The learning curves
# are a column of the rows; fanos stats --curves splits them out.
$(R)/raw/T5.csv: $(EXP)/fashion_softmax_tuned.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T5 $(FANOS) sweep $< --resume -o $@
$(R)/raw/T6.csv: $(EXP)/fashion_mlp_tuned.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T6 $(FANOS) sweep $< --resume -o $@
$(R)/raw/T7.csv: $(EXP)/charlm_tuned.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) T7 $(FANOS) sweep $< --resume -o $@
STO_CURVES = $(R)/curves/T5.csv $(R)/curves/T6.csv $(R)/curves/T7.csv
$(STO_CURVES): $(R)/curves/%.csv: $(R)/raw/%.csv $(FANOS)
	@mkdir -p $(@D)
	$(AM_V_GEN)$(FANOS) stats $< -o /dev/null --curves $@

# F5: two traced runs of FANoS from the reference draw of the seed.
F5_ARGS = --problem `$(INI) $(EXP)/thermostat.ini thermostat problem` \
	--dim `$(INI) $(EXP)/thermostat.ini thermostat dim` \
	--seed `$(INI) $(EXP)/thermostat.ini thermostat seed` \
	--budget `$(INI) $(EXP)/thermostat.ini thermostat budget` \
	--draws reference --draws-dir $(DRAWS) --optimizer fanos \
	`for s in $$($(INI) $(EXP)/thermostat.ini thermostat set); do printf -- '--set %s ' $$s; done`
$(R)/traces/f5_good.csv: $(EXP)/thermostat.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) F5good $(FANOS) run $(F5_ARGS) \
	  --set lr=`$(INI) $(EXP)/thermostat.ini thermostat lr_good` --trace $@ >/dev/null
$(R)/traces/f5_bad.csv: $(EXP)/thermostat.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) F5bad $(FANOS) run $(F5_ARGS) \
	  --set lr=`$(INI) $(EXP)/thermostat.ini thermostat lr_bad` --trace $@ >/dev/null

$(R)/raw/F6.csv: $(EXP)/stability.ini $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) F6 $(FANOS) stability --nw `$(INI) $< stability nw` \
	  --nz `$(INI) $< stability nz` -o $@

# The golden traces through the command, for the paper's statement.
$(R)/raw/golden.csv: $(FANOS) $(PAPERSRC)/golden.pl
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) golden $(PERL) $(PAPERSRC)/golden.pl $(FANOS) $(srcdir)/verify/golden $@

# Loss curves: seed 0 (reference draw), each method of T1 at its best lr.
$(R)/traces/curves.stamp: $(R)/summary/T1.csv $(FANOS) $(EXP)/rosenbrock_sweep.ini
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/curves.pl $(FANOS) $(R)/summary/T1.csv $(EXP)/rosenbrock_sweep.ini $(DRAWS) $(R)/traces && touch $@

# ------------------------------------------------------------ statistics
$(R)/summary/%.csv: $(R)/raw/%.csv $(FANOS)
	@mkdir -p $(@D)
	$(AM_V_GEN)$(FANOS) stats $< -o $@

# ------------------------------------------------------------ one table at a time
# make T1 (T2, T2best, T3, T4, T4x, E1): that experiment alone and its
# summary ($(R)/summary/T1.csv), then, in the terminal, its published
# numbers beside the reproduction with their verdicts (report.pl --compare,
# the rules of the paper's comparison table), or the best rows of an
# experiment the paper gives no numbers of.  make F5, make F6: their result
# files.
COMPARE = $(PERL) $(PAPERSRC)/report.pl --published $(srcdir)/experiments/published.csv --compare
T1: $(R)/summary/T1.csv $(PAPERSRC)/report.pl
	@$(COMPARE) $@ --t1 $(R)/summary/T1.csv
T2: $(R)/summary/T2.csv $(PAPERSRC)/report.pl
	@$(COMPARE) $@ --t2a $(R)/summary/T2.csv
T2best: $(R)/summary/T2best.csv $(PAPERSRC)/report.pl
	@$(COMPARE) $@ --t2b $(R)/summary/T2best.csv
T3: $(R)/summary/T3.csv $(PAPERSRC)/report.pl
	@$(COMPARE) $@ --t3 $(R)/summary/T3.csv
T4: $(R)/summary/T4.csv $(PAPERSRC)/report.pl
	@$(COMPARE) $@ --t4 $(R)/summary/T4.csv
T4x: $(R)/summary/T4x.csv $(PAPERSRC)/report.pl
	@$(COMPARE) $@ --t4x $(R)/summary/T4x.csv
E1: $(R)/summary/T1.csv $(R)/summary/T3.csv $(PAPERSRC)/report.pl
	@$(COMPARE) $@ --t1 $(R)/summary/T1.csv --t3 $(R)/summary/T3.csv
F5: $(R)/traces/f5_good.csv $(R)/traces/f5_bad.csv
	@echo "F5: the thermostat traces $(R)/traces/f5_good.csv and $(R)/traces/f5_bad.csv (the figure: make $(R)/fig/thermostat.pdf)"
F6: $(R)/raw/F6.csv
	@echo "F6: the stability map $(R)/raw/F6.csv (the figure: make $(R)/fig/stability.pdf)"
.PHONY: T1 T2 T2best T3 T4 T4x E1 F5 F6

# ------------------------------------------------------------ figures
GNUPLOT_RUN = $(GNUPLOT)
$(R)/fig/stability.pdf: $(R)/raw/F6.csv $(PAPERSRC)/stability.gp $(PAPERSRC)/style.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "src='$<'; out='$@.tmp'" $(PAPERSRC)/stability.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/fig/thermostat.pdf: $(R)/traces/f5_good.csv $(R)/traces/f5_bad.csv $(PAPERSRC)/thermostat.gp $(PAPERSRC)/style.gp $(EXP)/thermostat.ini
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "good='$(R)/traces/f5_good.csv'; bad='$(R)/traces/f5_bad.csv'; \
	  lrgood='`$(INI) $(EXP)/thermostat.ini thermostat lr_good`'; lrbad='`$(INI) $(EXP)/thermostat.ini thermostat lr_bad`'; \
	  out='$@.tmp'" $(PAPERSRC)/thermostat.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/fig/lr_sweep.pdf: $(R)/summary/T1.csv $(PAPERSRC)/lr_sweep.gp $(PAPERSRC)/style.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "src='$<'; out='$@.tmp'" $(PAPERSRC)/lr_sweep.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/fig/ablation.pdf: $(R)/summary/T2.csv $(R)/summary/T2best.csv $(PAPERSRC)/ablation.gp $(PAPERSRC)/style.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "a='$(R)/summary/T2.csv'; b='$(R)/summary/T2best.csv'; out='$@.tmp'" $(PAPERSRC)/ablation.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/fig/quadratic.pdf: $(R)/summary/T3.csv $(PAPERSRC)/quadratic.gp $(PAPERSRC)/style.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "src='$<'; out='$@.tmp'" $(PAPERSRC)/quadratic.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/fig/pinn_box.pdf: $(R)/raw/T4.csv $(PAPERSRC)/pinn_box.gp $(PAPERSRC)/style.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "src='$<'; out='$@.tmp'" $(PAPERSRC)/pinn_box.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/fig/loss_curves.pdf: $(R)/traces/curves.stamp $(PAPERSRC)/loss_curves.gp $(PAPERSRC)/style.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "dir='$(R)/traces'; out='$@.tmp'" $(PAPERSRC)/loss_curves.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(R)/fig/stochastic.pdf: $(STO_CURVES) $(PAPERSRC)/stochastic.gp $(wildcard $(PAPERSRC)/style.gp)
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "t5='$(R)/curves/T5.csv'; t6='$(R)/curves/T6.csv'; t7='$(R)/curves/T7.csv'; \
	  style='$(PAPERSRC)/style.gp'; out='$@.tmp'" \
	  $(PAPERSRC)/stochastic.gp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

PAPER_FIGS = $(R)/fig/stability.pdf $(R)/fig/thermostat.pdf $(R)/fig/lr_sweep.pdf \
	$(R)/fig/ablation.pdf $(R)/fig/quadratic.pdf $(R)/fig/pinn_box.pdf $(R)/fig/loss_curves.pdf \
	$(R)/fig/lrprofile.pdf $(R)/fig/perfprof.pdf $(R)/fig/stochastic.pdf

# ------------------------------------------------------------ LaTeX parts
$(R)/tex/spec.tex: $(srcdir)/doc/spec.md $(PAPERSRC)/spec2tex.pl
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/spec2tex.pl $< $@
$(R)/tex/trace.tex: $(srcdir)/doc/spec.md $(FANOS) $(srcdir)/verify/audit.pl
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(srcdir)/verify/audit.pl --src $(srcdir) --out $(R)/tex/trace.md --latex $@.rows >/dev/null && \
	  { printf '%s\n' '% Generated by verify/audit.pl; do not edit.' '\small\begin{longtable}{lp{0.42\textwidth}p{0.36\textwidth}}' \
	    '\toprule ID & implemented at & tested at \\ \midrule\endhead'; cat $@.rows; printf '%s\n' '\bottomrule' '\end{longtable}'; } > $@.tmp && \
	  rm -f $@.rows && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/tex/params.tex: $(FANOS) $(PAPERSRC)/spec2tex.pl
	@mkdir -p $(@D)
	$(AM_V_GEN)for t in `$(FANOS) params | sed -n 's/^\([a-z0-9-]*\): .*/\1/p'`; do \
	  printf '## %s\n\n' "$$t"; $(FANOS) params $$t --markdown; printf '\n'; done > $(R)/tex/params.md && \
	  $(PERL) $(PAPERSRC)/spec2tex.pl $(R)/tex/params.md $@
$(R)/tex/protocol.tex: $(EXP)/rosenbrock_sweep.ini $(EXP)/ablation.ini $(EXP)/quadratic_sweep.ini \
		$(EXP)/pinn.ini $(EXP)/thermostat.ini $(EXP)/rosenbrock_tuned.ini \
		$(EXP)/quadratic_tuned.ini $(EXP)/pinn_tuned.ini $(PAPERSRC)/protocol.pl
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/protocol.pl $(EXP) $@ $(R)/tex/spaces.tex
$(R)/tex/provenance.tex: $(R)/raw/T1.csv $(R)/raw/T2.csv $(R)/raw/T2best.csv $(R)/raw/T3.csv \
		$(R)/raw/T4.csv $(R)/raw/T4x.csv $(R)/raw/T4tuned.csv $(R)/raw/T1tuned.csv $(R)/raw/T3tuned.csv \
		$(R)/raw/T5.csv $(R)/raw/T6.csv $(R)/raw/T7.csv \
		$(PAPERSRC)/provenance.sh
	@mkdir -p $(@D)
	$(AM_V_GEN)$(SHELL) $(PAPERSRC)/provenance.sh $(srcdir) $(R) '$(CC)' '$(CFLAGS) $(FANOS_CFLAGS)' $(PACKAGE_VERSION) > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(R)/tex/bench.tex: $(R)/raw/bench.csv $(PAPERSRC)/benchtex.pl
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/benchtex.pl $< $@
# Where the experiments' time went, against the floor of issue 7
# (doc/performance.md), from the runs' seconds and the stage times.
$(R)/tex/floor.tex: $(R)/raw/bench.csv $(R)/raw/T1.csv $(R)/raw/T2.csv $(R)/raw/T2best.csv \
		$(R)/raw/T3.csv $(R)/raw/T4.csv $(R)/raw/T4x.csv $(R)/raw/T4tuned.csv $(R)/raw/T1tuned.csv \
		$(R)/raw/T3tuned.csv $(R)/raw/T5.csv $(R)/raw/T6.csv $(R)/raw/T7.csv $(R)/traces/f5_good.csv \
		$(R)/traces/f5_bad.csv $(R)/raw/F6.csv $(R)/raw/golden.csv $(R)/raw/T1profile.csv \
		$(R)/raw/T3profile.csv $(R)/summary/T1outside.csv $(PAPERSRC)/floor.pl $(PAPERSRC)/Results.pm
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/floor.pl $(R) --tex $@ > /dev/null

# Test coverage, from the last `make coverage' (verify/coverage.mk) when
# it measured these sources; otherwise the appendix says it was not
# measured.  make paper does not run the coverage build itself (a second
# make check at -O0, minutes): make coverage first for the table.
$(R)/tex/coverage.tex: $(srcdir)/verify/coverage.pl $(FANOS) \
		$(wildcard $(R)/coverage.csv $(R)/coverage.sources $(R)/coverage/uncovered.txt) \
		$(wildcard $(srcdir)/verify/*.c $(srcdir)/verify/*.h $(srcdir)/verify/*.sh $(srcdir)/verify/*.mk)
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(srcdir)/verify/coverage.pl tex $(R)/coverage.csv $(R)/coverage.sources \
	  $(R)/coverage/uncovered.txt $(srcdir) $@

# The verification table: the mutation analysis per spec ID (build/mutants
# of the last make mutants or make mutants-sample; CI runs its sample before
# make paper) and the allocation-failure runs (the log of check_alloc of
# make check), each "not run in this build" when absent.
$(R)/tex/verification.tex: $(PAPERSRC)/verification.pl $(PAPERSRC)/Results.pm \
		$(wildcard $(R)/mutants/report.csv $(R)/mutants/summary.txt verify/check_alloc.log)
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/verification.pl $(R)/mutants verify/check_alloc.log $@

# The speed probes, measured after the experiments so that they see a quiet
# machine; name,value,unit.
$(R)/raw/bench.csv: $(FANOS) $(EXP)/fashion_softmax_tuned.ini $(EXP)/fashion_mlp_tuned.ini \
		$(EXP)/charlm_tuned.ini | $(R)/raw/T1.csv $(R)/raw/T2best.csv $(R)/raw/T3.csv $(R)/raw/T4.csv $(R)/raw/T4x.csv $(R)/raw/T4tuned.csv \
		$(R)/raw/T1tuned.csv $(R)/raw/T3tuned.csv $(R)/raw/T5.csv $(R)/raw/T6.csv $(R)/raw/T7.csv
	@mkdir -p $(@D)
	$(AM_V_GEN)$(FANOS) bench steps --csv $@.steps >/dev/null && \
	  $(FANOS) bench pinn > $@.pinn && \
	  $(FANOS) bench work $(EXP)/fashion_softmax_tuned.ini $(EXP)/fashion_mlp_tuned.ini \
	    $(EXP)/charlm_tuned.ini >> $@.pinn && \
	  $(FANOS) bench data $(EXP)/fashion_softmax_tuned.ini $(EXP)/fashion_mlp_tuned.ini \
	    $(EXP)/charlm_tuned.ini >> $@.pinn && \
	  { cat $@.steps; awk -F= '{ print $$1 "," $$2 "," }' $@.pinn; } > $@.tmp && \
	  rm -f $@.steps $@.pinn && mv $@.tmp $@ || { rm -f $@.steps $@.pinn $@.tmp; exit 1; }

REPORT_INPUTS = $(EXP)/pinn.ini $(R)/summary/T1.csv $(R)/summary/T2.csv $(R)/summary/T2best.csv \
	$(R)/summary/T3.csv $(R)/summary/T4.csv $(R)/summary/T4x.csv $(R)/traces/f5_good.csv \
	$(R)/traces/f5_bad.csv $(R)/raw/F6.csv $(R)/raw/golden.csv $(R)/exp/ablation_best.ini \
	$(R)/summary/T1tuned.csv $(R)/summary/T3tuned.csv $(R)/summary/T4tuned.csv $(EXP)/pinn_tuned.ini \
	$(srcdir)/experiments/published.csv $(PAPERSRC)/report.pl $(PAPERSRC)/Results.pm
$(R)/tex/report.stamp: $(REPORT_INPUTS) $(R)/tex/provenance.tex
	@mkdir -p $(R)/tex
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/report.pl --out $(R)/tex --published $(srcdir)/experiments/published.csv \
	  --t1 $(R)/summary/T1.csv --t2a $(R)/summary/T2.csv --t2b $(R)/summary/T2best.csv \
	  --t3 $(R)/summary/T3.csv --t4 $(R)/summary/T4.csv --t4x $(R)/summary/T4x.csv \
	  --t1tuned $(R)/summary/T1tuned.csv --t3tuned $(R)/summary/T3tuned.csv \
	  --t4tuned $(R)/summary/T4tuned.csv --t4trials `$(INI) $(EXP)/pinn_tuned.ini experiment trials` \
	  --t4tuningwarmup `$(INI) $(EXP)/pinn_tuned.ini experiment tuning_warmup_steps` \
	  --t4evalseeds `$(INI) $(EXP)/pinn_tuned.ini experiment evaluation_seeds` \
	  --t4freshseeds `$(INI) $(EXP)/pinn.ini experiment fresh_seeds` \
	  --f5good $(R)/traces/f5_good.csv --f5bad $(R)/traces/f5_bad.csv \
	  --f5lrgood `$(INI) $(EXP)/thermostat.ini thermostat lr_good` \
	  --f5lrbad `$(INI) $(EXP)/thermostat.ini thermostat lr_bad` \
	  --f6 $(R)/raw/F6.csv --golden $(R)/raw/golden.csv --quadraw $(DRAWS)/quadratic_seed0.csv \
	  --version $(PACKAGE_VERSION) --date "`sed -n 's/^% date: //p' $(R)/tex/provenance.tex`" \
	  --ablationlr `$(INI) $(EXP)/ablation.ini experiment lr` \
	  --bestlr `$(INI) $(R)/exp/ablation_best.ini experiment lr` \
	  --pinnwarmup `$(INI) $(EXP)/pinn.ini experiment warmup_steps` \
	  --pinnpolish `$(INI) $(EXP)/pinn.ini experiment polish_iterations` && touch $@

# The section on T5-T7 (paper/stochastic_section.tex, \input by fanos.tex)
# and its macros, tables and verdicts.
STO_INPUTS = $(R)/summary/T5.csv $(R)/summary/T6.csv $(R)/summary/T7.csv \
	$(EXP)/fashion_softmax_tuned.ini $(EXP)/fashion_mlp_tuned.ini $(EXP)/charlm_tuned.ini
$(R)/tex/sto.stamp: $(STO_INPUTS) $(PAPERSRC)/stochastic.pl $(PAPERSRC)/Results.pm
	@mkdir -p $(R)/tex
	$(AM_V_GEN)$(PERL) $(PAPERSRC)/stochastic.pl --out $(R)/tex \
	  --t5 $(R)/summary/T5.csv --t6 $(R)/summary/T6.csv --t7 $(R)/summary/T7.csv \
	  --ini5 $(EXP)/fashion_softmax_tuned.ini --ini6 $(EXP)/fashion_mlp_tuned.ini \
	  --ini7 $(EXP)/charlm_tuned.ini && touch $@
$(R)/tex/stochastic_section.tex: $(PAPERSRC)/stochastic_section.tex
	@mkdir -p $(@D)
	$(AM_V_GEN)cp $< $@.tmp && mv $@.tmp $@

PAPER_TEX = $(R)/tex/report.stamp $(R)/tex/spec.tex $(R)/tex/trace.tex $(R)/tex/params.tex \
	$(R)/tex/protocol.tex $(R)/tex/provenance.tex $(R)/tex/bench.tex $(R)/tex/floor.tex \
	$(R)/tex/coverage.tex $(R)/tex/family.tex $(R)/tex/sto.stamp $(R)/tex/stochastic_section.tex \
	$(R)/tex/verification.tex

# ------------------------------------------------------------ the PDF
paper/fanos.pdf: $(PAPERSRC)/fanos.tex $(PAPER_TEX) $(PAPER_FIGS)
	@if test "x$(PDFLATEX)" = xno || test "x$(GNUPLOT)" = xno; then \
	  echo "make paper needs pdflatex and gnuplot: apt-get install gnuplot-nox texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended, then ./configure" >&2; exit 1; fi
	@mkdir -p paper $(R)/times
	$(AM_V_GEN)cp $(PAPERSRC)/fanos.tex $(R)/tex/fanos.tex && \
	  start=`date +%s`; ok=1; for pass in 1 2 3; do \
	    (cd $(R)/tex && TEXINPUTS=.:../fig: $(PDFLATEX) -interaction=nonstopmode -halt-on-error fanos.tex >pdflatex.log 2>&1) || { ok=0; break; }; \
	    grep -q 'Rerun to get' $(R)/tex/fanos.log || break; done; \
	  if test $$ok = 0; then tail -n 30 $(R)/tex/pdflatex.log >&2; exit 1; fi; \
	  end=`date +%s`; echo "pdflatex,$$((end - start)),$$start,$$end" > $(R)/times/pdflatex && \
	  cp $(R)/tex/fanos.pdf $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

# ------------------------------------------------------------ the auditor's edition
# paper/auditor.pdf: for every spec ID, its statement as the spec typesets
# it, the C statement its quote marks (verbatim, with file and lines), the
# tests that name it with their result in this build (the logs of make
# check, verify/*.trs and *.log) and its mutation result (build/mutants of
# make mutants), all from verify/audit.pl's data.  `make auditor` builds it
# alone; it reruns when the sources, the test logs or the mutation report
# change.
AUDITOR_INPUTS = $(srcdir)/doc/spec.md $(FANOS) $(srcdir)/verify/audit.pl $(PAPERSRC)/spec2tex.pl \
	$(PAPERSRC)/auditor.pl $(wildcard $(srcdir)/verify/*.c $(srcdir)/verify/*.sh) \
	$(wildcard verify/*.trs) $(wildcard $(R)/mutants/summary.txt)
$(R)/auditor/auditor_body.tex: $(AUDITOR_INPUTS)
	@mkdir -p $(@D)
	$(AM_V_GEN)$(PERL) $(srcdir)/verify/audit.pl --src $(srcdir) --out $(R)/auditor/trace.md \
	    --data $(R)/auditor/audit.tsv >/dev/null && \
	  $(PERL) $(PAPERSRC)/spec2tex.pl --ids $(srcdir)/doc/spec.md $(R)/auditor/ids.tsv && \
	  $(PERL) $(PAPERSRC)/auditor.pl --audit $(R)/auditor/audit.tsv --ids $(R)/auditor/ids.tsv \
	    --src $(srcdir) --build . --mutants $(R)/mutants --out $@
paper/auditor.pdf: $(PAPERSRC)/auditor.tex $(R)/auditor/auditor_body.tex
	@if test "x$(PDFLATEX)" = xno; then \
	  echo "make auditor needs pdflatex: apt-get install texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended, then ./configure" >&2; exit 1; fi
	@mkdir -p paper
	$(AM_V_GEN)cp $(PAPERSRC)/auditor.tex $(R)/auditor/auditor.tex && \
	  ok=1; for pass in 1 2 3; do \
	    (cd $(R)/auditor && $(PDFLATEX) -interaction=nonstopmode -halt-on-error auditor.tex >pdflatex.log 2>&1) || { ok=0; break; }; \
	    grep -q 'Rerun to get' $(R)/auditor/auditor.log || break; done; \
	  if test $$ok = 0; then tail -n 30 $(R)/auditor/pdflatex.log >&2; exit 1; fi; \
	  cp $(R)/auditor/auditor.pdf $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
auditor: paper/auditor.pdf
.PHONY: auditor

paper: paper/fanos.pdf paper/auditor.pdf
	@echo; echo "Stage times (seconds, when each was last run):"; \
	  cut -d, -f1,2 $(R)/times/* 2>/dev/null | sort | sed "s/^/  /"; \
	  echo "The paper: `pwd`/paper/fanos.pdf"; \
	  echo "The auditor's edition: `pwd`/paper/auditor.pdf"
.PHONY: paper

# A failed rule leaves no target behind.
.DELETE_ON_ERROR:
include paper/thermostat.mk

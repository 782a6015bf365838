# paper/thermostat.mk - TH, the thermostat question (doc/spec.md section
# 14; paper/thermostat_section.tex), in `make paper`: the grid of
# experiments/thermostat_grid.ini through `fanos thermostat` (its runs,
# settings and answer under $(R)/raw, the runs' file written last), the
# best-tracking runs again through `fanos run --trace` (their tracking
# checked against the runs' file), the figure, and the macros and table of
# the section.  `make TH` runs the grid alone and prints its answer.
TH_INI = $(EXP)/thermostat_grid.ini
TH_GRID = $(PERL) $(PAPERSRC)/thermostat_grid.pl
EXTRA_DIST += paper/thermostat_grid.pl paper/thermostat_grid.gp paper/thermostat_section.tex

$(R)/raw/TH.csv: $(TH_INI) $(FANOS)
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) TH $(FANOS) thermostat $(TH_INI) --draws-dir $(DRAWS) --quiet \
	  --settings $(R)/raw/TH_settings.csv --answer $(R)/raw/TH_answer.csv -o $@

# th_best.gpi is written last, when every trace is in place.
$(R)/traces/th/th_best.gpi: $(R)/raw/TH.csv $(PAPERSRC)/thermostat_grid.pl $(PAPERSRC)/Results.pm
	@mkdir -p $(@D) $(R)/times
	$(AM_V_GEN)$(TIMED) THtraces $(TH_GRID) traces $(FANOS) $(TH_INI) $(R)/raw/TH_answer.csv \
	  $(R)/raw/TH.csv $(DRAWS) $(@D) >/dev/null

$(R)/fig/thermostat_grid.pdf: $(R)/traces/th/th_best.gpi $(PAPERSRC)/thermostat_grid.gp
	@mkdir -p $(@D)
	$(AM_V_GEN)$(GNUPLOT_RUN) -e "panels='$<'; out='$@.tmp'" $(PAPERSRC)/thermostat_grid.gp && \
	  mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(R)/tex/thermostat.tex: $(R)/raw/TH.csv $(R)/traces/th/th_best.gpi $(TH_INI) \
		$(PAPERSRC)/thermostat_grid.pl $(PAPERSRC)/Results.pm $(FANOS)
	@mkdir -p $(@D)
	$(AM_V_GEN)$(TH_GRID) tex $(FANOS) $(TH_INI) $(R)/raw/TH_answer.csv $(R)/raw/TH_settings.csv \
	  $(R)/traces/th $@

$(R)/tex/thermostat_section.tex: $(PAPERSRC)/thermostat_section.tex
	@mkdir -p $(@D)
	$(AM_V_GEN)cp $< $@.tmp && mv $@.tmp $@

paper/fanos.pdf: $(R)/tex/thermostat.tex $(R)/tex/thermostat_section.tex $(R)/fig/thermostat_grid.pdf
# the stage times of TH count in the floor of make paper
$(R)/tex/floor.tex: $(R)/raw/TH.csv $(R)/traces/th/th_best.gpi

TH: $(R)/raw/TH.csv
	@cut -d, -f1-5,10,11,16,17,19-21 $(R)/raw/TH_answer.csv | column -s, -t
.PHONY: TH

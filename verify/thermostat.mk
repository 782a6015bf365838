# verify/thermostat.mk - the thermostat question (doc/spec.md section 15):
# the tracking measure, the grid driver and the answer's rules
# (verify/check_thermostat.c).
check_PROGRAMS += verify/check_thermostat
TESTS += verify/check_thermostat
verify_check_thermostat_SOURCES = verify/check_thermostat.c
verify_check_thermostat_CFLAGS = $(VERIFY_CFLAGS)
verify_check_thermostat_LDADD = verify/libtestutil.la $(VERIFY_LDADD)
# The command: its errors, its rows against fanos run, the shipped grid file.
TESTS += verify/thermostat_cli.sh
EXTRA_DIST += verify/thermostat_cli.sh

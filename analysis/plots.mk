# `make plots` for the analysis notebooks. Included from the top-level Makefile:
#   include analysis/plots.mk
#   make plots RUN=out/quickstart                   quickstart_run.ipynb on a `hybridfog run` folder
#   make plots STUDY=out/my-study [KIND=policy]     the study notebook (policy, fleet, design, adaptive, orchestration, battery or applications; Default:
#                                                   guessed from what the points vary) on a `hybridfog sweep` folder
# PNGs, their sidecars (<name>.json: the numbers each figure draws) and the executed notebooks go to DIR-plots/
# beside DIR, so that a later `hybridfog run -o DIR` / `sweep -o DIR` still works. A run with events.csv also gets
# dynamic_fog.ipynb, a wireless run mobility.ipynb.
PLOTS_PYTHON ?= /usr/bin/python3

.PHONY: plots
plots:
ifneq ($(RUN),)
	$(PLOTS_PYTHON) analysis/run_notebooks.py --run $(RUN)
else ifneq ($(STUDY),)
	$(PLOTS_PYTHON) analysis/run_notebooks.py --study $(STUDY) $(if $(KIND),--kind $(KIND))
else
	@echo "usage: make plots RUN=<run folder> | make plots STUDY=<study folder> [KIND=policy|fleet|design|adaptive|orchestration|battery|applications]" >&2; exit 2
endif

# hybridfog — the two commands of the README, plus a few conveniences.
#   make demo    install what is missing, build, run scenarios/quickstart.yaml, print its summary
#   make test    install what is missing, build, run every test through ctest
#   make golden  rebuild, then rewrite tests/golden/expected/ from the current binary (docs/golden.md)
#   make plots RUN=dir | STUDY=dir [KIND=policy|fleet|design]   notebooks -> PNGs (docs/analysis.md)
BUILD   ?= build
JOBS    ?= $(shell nproc)
PYTHON  := /usr/bin/python3
DEMO_OUT ?= $(BUILD)/demo
# Extra CMake settings for a fresh configure, e.g. CMAKE_FLAGS=-DHYBRIDFOG_WERROR=ON (what CI uses).
CMAKE_FLAGS ?=

.PHONY: all bootstrap configure build demo test golden bench traces clean

all: build

bootstrap:
	scripts/bootstrap.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD)/CMakeCache.txt

build: bootstrap configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/hybridfog run scenarios/quickstart.yaml -o $(DEMO_OUT)
	@echo "--- $(DEMO_OUT)/summary.json"
	@cat $(DEMO_OUT)/summary.json

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

golden: build
	$(PYTHON) tests/golden/golden.py --binary $(BUILD)/hybridfog --source . --update

bench: build
	$(PYTHON) bench/scale.py

traces: bootstrap
	cd models/train && nice -n 10 $(PYTHON) export_all.py --out ..

include analysis/plots.mk

clean:
	rm -rf $(BUILD)

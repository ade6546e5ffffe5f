# hybridfog — the two commands of the README, plus a few conveniences.
#   make demo    install what is missing, build, run scenarios/quickstart.yaml, print its summary
#   make test    install what is missing, build, run every test through ctest
#   make golden  rebuild, then rewrite tests/golden/expected/ from the current binary (docs/golden.md)
#   make bench   hybridfog against the bare SimGrid program (bench/bare_fog.cpp) at 10k and 100k devices
#   make bench-1m  one run of 1,000 sites x 1,000 devices x 10 samples: wall time and peak RSS (docs/performance.md)
#   make bench-overload  wall time of the overloaded AppealNet case at 100 ... 3,200 samples per device
#   make plots RUN=dir | STUDY=dir [KIND=policy|fleet|design]   notebooks -> PNGs (docs/analysis.md)
BUILD   ?= build
JOBS    ?= $(shell nproc)
PYTHON  := /usr/bin/python3
DEMO_OUT ?= $(BUILD)/demo
# Extra CMake settings for a fresh configure, e.g. CMAKE_FLAGS=-DHYBRIDFOG_WERROR=ON (what CI uses).
CMAKE_FLAGS ?=

#   make sanitize     the whole C++ suite built with clang, ASan + UBSan (+ float-cast-overflow), in build-sanitize
#   make fuzz         every libFuzzer target for FUZZ_SECONDS (Default 60) each, in build-sanitize
SAN_BUILD    ?= build-sanitize
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= 0
# Python tests, the install test and the root-only Slurm test do not exercise the C++ code under the
# sanitizers (the sanitizer build has no Python module).
SAN_EXCLUDE  ?= ^(models|analysis|notebooks|plots|slurm|python|install)\.
export ASAN_OPTIONS  ?= detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS ?= print_stacktrace=1:halt_on_error=1

.PHONY: all bootstrap configure build demo test golden bench bench-1m bench-overload traces clean sanitize-build sanitize fuzz

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

# The reference side of the ratio: the bare SimGrid program of the same workload, one actor per device.
$(BUILD)/bench/bare_fog: bench/bare_fog.cpp
	mkdir -p $(BUILD)/bench
	g++ -O2 -std=c++17 $< -o $@ $$(pkg-config --cflags --libs simgrid)

bench: build $(BUILD)/bench/bare_fog
	$(PYTHON) bench/ratio.py --runs 3 --sizes 10k,100k --binary $(BUILD)/hybridfog --bare $(BUILD)/bench/bare_fog

# --max-memory: the pre-run estimate counts 16 KiB per host and link (30.8 GiB here); the measured peak is
# 3.7 KiB per device (docs/performance.md).
bench-1m: build
	/usr/bin/time -v $(BUILD)/hybridfog run scenarios/scale-10k.yaml -o $(BUILD)/bench/1m --progress-interval 60 --max-memory 32GiB \
	  --set platform.sites=1000 --set 'platform.tiers[0].classes[0].count=1000' --set workload.samples_per_device=10

bench-overload: build
	$(PYTHON) bench/overload.py --binary $(BUILD)/hybridfog

traces: bootstrap
	cd models/train && nice -n 10 $(PYTHON) export_all.py --out ..

$(SAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DCMAKE_CXX_COMPILER=clang++-14 -DHYBRIDFOG_SANITIZE=ON -DHYBRIDFOG_FUZZ=ON

sanitize-build: bootstrap $(SAN_BUILD)/CMakeCache.txt
	cmake --build $(SAN_BUILD) -j $(JOBS)

sanitize: sanitize-build
	cd $(SAN_BUILD) && ctest --output-on-failure -j $(JOBS) -E '$(SAN_EXCLUDE)'

fuzz: sanitize-build
	scripts/fuzz.sh $(SAN_BUILD) $(FUZZ_SECONDS) $(FUZZ_RUNS)

include analysis/plots.mk

clean:
	rm -rf $(BUILD)

#pragma once
// Room engine/ (docs/architecture.md). Owns: the sample lifecycle (Simulation, engine/lifecycle.hpp) and its
// components (docs/architecture.md, "The engine as components"), the workload streams, one run into an output
// folder. May use: core, platform, model, policy, cost, scenario, metrics, SimGrid.
//
// run_simulation: one SimGrid engine, configured from the scenario, drives every sample through
// arrive -> compute -> exit? -> transfer -> compute -> ... -> answer back on the device.
//
// No actor per sample (nor per host): arrivals are kernel timers and every step is started from the
// completion of the previous one, in maestro. A sample is plain data in a pool.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/workload.hpp"
#include "metrics/recorder.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

struct SimulationOptions {
  std::vector<std::string> simgrid_config;  // extra "--cfg=..." settings, applied after ours
  std::string simgrid_log;                   // extra "--log=..." settings
  // Called about every `progress_interval_s` of wall time with (samples finished, samples expected or 0
  // when the run is bounded by duration, simulated time).
  std::function<void(std::uint64_t, std::uint64_t, double)> progress;
  double progress_interval_s = 2.0;
  // Called while the platform is built, at most every `progress_interval_s` of wall time, with (sites built,
  // sites, seconds since the run started); once more when the last site is built if it was called before.
  std::function<void(int, int, double)> platform_progress;
  // Stop the run (WallLimitReached) once it has taken this many seconds of wall time; 0: no limit.
  double max_wall_s = 0;
  // Called with every sample's record when samples.csv gets it (the Python API's learning environment,
  // python/env_bridge.cpp: a sample's outcome is its decisions' reward). Empty: nothing is called.
  std::function<void(const SampleRecord&)> on_sample;
};

// Thrown by run_simulation when SimulationOptions::max_wall_s ran out; nothing of the run is kept.
struct WallLimitReached : std::runtime_error {
  WallLimitReached(std::uint64_t finished_samples, std::uint64_t expected_samples, double at_sim_time_s, double after_wall_s)
      : std::runtime_error("wall-time limit reached"),
        finished(finished_samples), expected(expected_samples), sim_time_s(at_sim_time_s), wall_s(after_wall_s) {}
  std::uint64_t finished, expected;  // samples finished, samples expected (0: bounded by duration)
  double sim_time_s, wall_s;
};

// Runs `spec` to completion, feeding `recorder`. REQUIRES: called at most once per process (SimGrid).
void run_simulation(const ScenarioSpec& spec, Recorder& recorder, const SimulationOptions& options);

// network.model: ns-3 (docs/network-validation.md, "The ns-3 backend"): the NS_ATTRIBUTE_DEFAULT value the run
// needs. ns-3 reads that variable once, when its libraries load, so it must be in the environment when the
// process starts: `hybridfog run` re-executes itself with it; run_simulation refuses to start without it.
std::string ns3_attribute_defaults(const ScenarioSpec& spec);

}  // namespace hybridfog

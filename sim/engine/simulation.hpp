#pragma once
// Room engine/ (docs/architecture.md). Owns: Simulation (the only SimGrid driver), the workload streams,
// servers and dispatch, one run into an output folder. May use: core, platform, cost, scenario, metrics,
// SimGrid.
//
// Simulation: the only place that talks to SimGrid activities. Drives every sample through
// arrive -> compute -> exit? -> transfer -> compute -> ... -> answer back on the device.
//
// No actor per sample (nor per host): arrivals are kernel timers and every step is started from the
// completion of the previous one, in maestro. A sample is plain data in a pool.
#include <functional>
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
};

// Runs `spec` to completion, feeding `recorder`. REQUIRES: called at most once per process (SimGrid).
void run_simulation(const ScenarioSpec& spec, Recorder& recorder, const SimulationOptions& options);

}  // namespace hybridfog

#pragma once
// RunControl: a run's progress lines and its wall-time limit (SimulationOptions: progress, --max-wall).
//
// The clock is looked at every 4096 finished samples and every 1024 steps of simulated time (an overloaded
// run may finish few samples for a long time); a progress line goes out at most every progress_interval_s,
// and past max_wall_s the run stops with WallLimitReached.
#include <chrono>
#include <cstdint>

#include "engine/simulation.hpp"

namespace hybridfog {

class RunControl {
 public:
  // `expected`: samples the run will have (0 when it is bounded by duration).
  RunControl(const SimulationOptions& options, std::chrono::steady_clock::time_point start, std::uint64_t expected)
      : options_(options), start_(start), last_progress_(std::chrono::steady_clock::now()), expected_(expected) {}

  void on_time_step() {
    if ((++time_steps_ & 1023) == 0) check();
  }
  void on_sample_done() {
    if ((++finished_ & 4095) == 0) check();
  }

 private:
  void check();

  const SimulationOptions& options_;
  std::chrono::steady_clock::time_point start_, last_progress_;
  std::uint64_t expected_ = 0, finished_ = 0, time_steps_ = 0;
};

}  // namespace hybridfog

#pragma once
// Workload: when each device's samples arrive and which trace row each sample replays, drawn from the
// scenario seed (one random stream per device for arrivals, one for the order of trace rows). Plain
// data and arithmetic: the simulation turns the next arrival into a SimGrid timer.
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "core/random.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

// Samples the workload will create (0 when it is bounded by a duration instead of a count).
std::uint64_t expected_samples(const ScenarioSpec& spec);

class Workload {
 public:
  Workload(const WorkloadSpec& spec, std::uint64_t seed, int devices, std::size_t trace_rows);

  bool done() const { return arrivals_.empty(); }
  // Time of the earliest pending arrival. REQUIRES: !done().
  double next_time() const { return arrivals_.top().first; }
  // Takes the earliest pending arrival and draws that device's next one; returns the device.
  // REQUIRES: !done().
  int take_next();
  // The trace row replayed by the sample that arrived `sample_id`-th (0-based, in arrival order).
  // REQUIRES: called once per sample, in arrival order.
  int trace_row(std::uint64_t sample_id);

 private:
  double next_arrival_time(int device, double now);

  const WorkloadSpec& spec_;
  // Pending arrivals: one per device, ordered by (time, device).
  using Arrival = std::pair<double, int>;
  std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> arrivals_;
  std::vector<Rng> device_rng_;
  std::vector<long long> device_arrivals_;
  Rng order_rng_{1};
  std::vector<int> row_order_;
};

}  // namespace hybridfog

#pragma once
// Workload: when each device's samples arrive and which trace row each sample replays, drawn from the
// scenario seed (one random stream per device number for its arrivals, whatever its process; one for the
// order of trace rows). Plain data and arithmetic: the simulation turns the next arrival into a SimGrid
// timer. The processes and why each is exact: docs/formats.md, "Arrival processes".
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "core/random.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

class Workload {
 public:
  // `device_class[d]`: the device-tier class of device d (device_classes(platform)), which picks its process
  // (WorkloadSpec::process_of); empty: every device runs the workload's own process.
  Workload(const WorkloadSpec& spec, std::uint64_t seed, int devices, std::size_t trace_rows,
           const std::vector<int>& device_class = {});

  bool done() const { return arrivals_.empty(); }
  // Time of the earliest pending arrival. REQUIRES: !done().
  double next_time() const { return arrivals_.top().first; }
  // Takes the earliest pending arrival and draws that device's next one; returns the device.
  // REQUIRES: !done().
  int take_next();
  // The device stops (its battery emptied, docs/formats.md "Batteries"): it makes no more arrivals. Returns how
  // many its stream would still have made (drawn now, for that count only; other devices' streams are their own).
  long long stop(int device);

  // The trace row replayed by the sample that arrived `sample_id`-th (0-based, in arrival order).
  // REQUIRES: called once per sample, in arrival order.
  int trace_row(std::uint64_t sample_id);

 private:
  struct Device {
    Rng rng;
    const ArrivalSpec* process = nullptr;
    long long arrivals = 0;  // taken so far
    // bursty: current state and when it ends; profile: the integral of the rate reached by the last
    // arrival (time-rescaling); trace: index of the next arrival in the trace.
    int state = 0;
    double state_end_s = 0;
    double integral = 0;
    std::size_t next_in_trace = 0;
    bool stopped = false;     // stop(): its pending arrival is dropped when it reaches the top
    double pending_s = -1;    // its pending arrival, -1: none
  };
  void drop_stopped();
  // The device's next arrival after `now`, or -1 when it has no more.
  double next_arrival_time(int device, double now);
  double next_bursty(Device& d, double now);

  const WorkloadSpec& spec_;
  // Pending arrivals: one per device, ordered by (time, device).
  using Arrival = std::pair<double, int>;
  std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> arrivals_;
  std::vector<Device> devices_;
  Rng order_rng_{1};
  std::vector<int> row_order_;
};

}  // namespace hybridfog

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
  // (WorkloadSpec::process_of); empty: every device runs the workload's own process. `members`: the device
  // numbers (increasing) that run the workload, an application's (docs/formats.md, "Several applications");
  // nullptr: devices 0 .. devices - 1. Device d's stream is drawn from derive_seed(seed, d + 1) either way.
  Workload(const WorkloadSpec& spec, std::uint64_t seed, int devices, std::size_t trace_rows,
           const std::vector<int>& device_class = {}, const std::vector<int>* members = nullptr);

  bool done() const { return arrivals_.empty(); }
  // Time of the earliest pending arrival. REQUIRES: !done().
  double next_time() const { return arrivals_.top().first; }
  // Takes the earliest pending arrival and draws that device's next one; returns the device.
  // REQUIRES: !done().
  int take_next();
  // The device stops (its battery emptied, docs/formats.md "Batteries"): it makes no more arrivals. Returns how
  // many its stream would still have made (drawn now, for that count only; other devices' streams are their own);
  // 0 for a device that does not run the workload.
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
  int device_of(int stream) const { return members_.empty() ? stream : members_[static_cast<std::size_t>(stream)]; }
  // The device's next arrival after `now`, or -1 when it has no more.
  double next_arrival_time(int device, double now);
  double next_bursty(Device& d, double now);

  const WorkloadSpec& spec_;
  // Pending arrivals: one per device, ordered by (time, device).
  using Arrival = std::pair<double, int>;
  std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> arrivals_;
  std::vector<Device> devices_;  // one stream per device that runs the workload, in device order
  std::vector<int> members_;     // stream -> device number; empty: stream i is device i
  std::vector<int> stream_of_;   // device number -> stream, -1 when it does not run the workload; empty: identity
  Rng order_rng_{1};
  std::vector<int> row_order_;
};

// The arrivals of every application of a scenario (docs/formats.md, "Several applications"): one Workload per
// application, merged in time order (ties: the earlier application first). Application 0 draws from the
// scenario seed, application k > 0 from derive_seed(seed, kApplicationSeedBase + k); a scenario of one
// application draws exactly as a single Workload does.
class Arrivals {
 public:
  static constexpr std::uint64_t kApplicationSeedBase = 0x6170706c00000000ULL;  // "appl"
  struct Arrival {
    int device = 0;
    int app = 0;
  };
  Arrivals(const ScenarioSpec& spec, int devices, const std::vector<int>& device_class);

  bool done() const { return next_ < 0; }
  // REQUIRES: !done().
  double next_time() const { return apps_[static_cast<std::size_t>(next_)].next_time(); }
  // Takes the earliest pending arrival (of any application). REQUIRES: !done().
  Arrival take_next();
  // The trace row replayed by the next sample of application `app` that is generated (an arrival of a device that
  // is down takes none): each application's rows in its own order (Workload::trace_row).
  int trace_row(int app) {
    const std::size_t a = static_cast<std::size_t>(app);
    return apps_[a].trace_row(taken_[a]++);
  }
  // The device stops making arrivals, for every application it runs; returns how many they would still have made.
  long long stop(int device);

 private:
  void find_next();
  std::vector<Workload> apps_;
  std::vector<std::uint64_t> taken_;  // per application: trace rows drawn so far
  int next_ = -1;                     // application of the earliest pending arrival, -1: none
};

}  // namespace hybridfog

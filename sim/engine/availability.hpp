#pragma once
// AvailabilityTimeline: when one host or link (or a whole class, for a scheduled profile) goes down and
// comes back (docs/formats.md, "Failures and recovery"). Plain data, read lazily by the simulation, which
// turns the SimGrid resources off and on at those instants and deals with the work they held.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "engine/timer.hpp"
#include "platform/profile_spec.hpp"

namespace hybridfog {

class AvailabilityTimeline {
 public:
  // A scheduled availability profile: its steps, repetitions included, at the dates of
  // ValueProfile::steps_until. REQUIRES: `profile` outlives the timeline.
  explicit AvailabilityTimeline(const ValueProfile& profile) : profile_(&profile) {}
  // Random: up from t = 0 for an exponential time of mean mttf_s, down for one of mean mttr_s, and so on;
  // the draws come from `seed` alone.
  AvailabilityTimeline(double mttf_s, double mttr_s, std::uint64_t seed) : mttf_s_(mttf_s), mttr_s_(mttr_s), rng_(seed) {}

  struct Change {
    double time_s = 0;
    bool up = true;  // the state from time_s on
  };
  // The next change of state (steps that repeat the current state are skipped); nullopt when none is left.
  std::optional<Change> next();

 private:
  std::optional<Change> next_step();  // the next step of a scheduled profile, state change or not

  const ValueProfile* profile_ = nullptr;
  std::size_t index_ = 0;  // next step of the pattern
  bool repeated_ = false;  // at least one full pattern done
  double date_ = 0;
  double mttf_s_ = 0, mttr_s_ = 0;
  Rng rng_;
  bool up_ = true;
};

struct BuiltPlatform;
struct ScenarioSpec;

// FailureInjector: every availability timeline of a run and its timer (docs/formats.md, "Failures and
// recovery"): one per host or link class with a scheduled `availability` profile (all its hosts or links at
// once), one per host or link of a class with random failures (each from its own stream of the seed).
// At each change it calls `on_change(source, up)`; what the change does to the work is the simulation's.
// It also keeps how long each host was down (hosts.csv idle energy counts the time up).
class FailureInjector {
 public:
  struct Source {
    AvailabilityTimeline timeline;
    std::vector<int> hosts, links;  // indices into BuiltPlatform::hosts / links
    std::string subject;            // events.csv: "tier/class" or a link class (scheduled), a host or link name (random)
  };
  // `keep_going()`: false once there is nothing left to disturb (no more timers then: the run must end).
  FailureInjector(const ScenarioSpec& spec, const BuiltPlatform& platform, std::function<void(int, bool)> on_change,
                  std::function<bool()> keep_going);

  // Arms every source's first change.
  void start();
  // The run is over: no pending change may extend it.
  void stop();
  const Source& source(int index) const { return sources_[index]; }

  void host_down(int host, double now) { down_since_s_[host] = now; }
  void host_up(int host, double now) {
    down_s_[host] += now - down_since_s_[host];
    down_since_s_[host] = -1.0;
  }
  // Seconds host `host` was up from 0 to `sim_time_s`.
  double up_s(int host, double sim_time_s) const {
    return sim_time_s - down_s_[host] - (down_since_s_[host] >= 0 ? sim_time_s - down_since_s_[host] : 0.0);
  }

 private:
  void schedule(int source);

  std::function<void(int, bool)> on_change_;
  std::function<bool()> keep_going_;
  std::vector<Source> sources_;
  std::vector<Timer> timers_;                     // per source: its next change
  std::vector<double> down_since_s_, down_s_;     // per host: -1 when up; time down so far
};

}  // namespace hybridfog

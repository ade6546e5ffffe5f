#pragma once
// AvailabilityTimeline: when one host or link (or a whole class, for a scheduled profile) goes down and
// comes back (docs/formats.md, "Failures and recovery"). Plain data, read lazily by the simulation, which
// turns the SimGrid resources off and on at those instants and deals with the work they held.
#include <cstdint>
#include <optional>

#include "core/random.hpp"
#include "platform/profile_spec.hpp"

namespace hybridfog {

class AvailabilityTimeline {
 public:
  // A scheduled availability profile: its steps, repetitions included, at the dates of
  // ValueProfile::steps_until. REQUIRES: `profile` outlives the timeline.
  explicit AvailabilityTimeline(const ValueProfile& profile) : profile_(&profile) {}
  // Random: up from t = 0 for an exponential time of mean mtbf_s, down for one of mean mttr_s, and so on;
  // the draws come from `seed` alone.
  AvailabilityTimeline(double mtbf_s, double mttr_s, std::uint64_t seed) : mtbf_s_(mtbf_s), mttr_s_(mttr_s), rng_(seed) {}

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
  double mtbf_s_ = 0, mttr_s_ = 0;
  Rng rng_;
  bool up_ = true;
};

}  // namespace hybridfog

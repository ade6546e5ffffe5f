#include "engine/availability.hpp"

namespace hybridfog {

std::optional<AvailabilityTimeline::Change> AvailabilityTimeline::next_step() {
  const auto& steps = profile_->steps;
  if (index_ == steps.size()) {
    if (!profile_->period_s) return std::nullopt;
    index_ = 0;
    repeated_ = true;
  }
  // The same arithmetic as ValueProfile::steps_until (and SimGrid's profiles): delays added one by one.
  double delay = steps[index_].time_s - (index_ == 0 ? 0.0 : steps[index_ - 1].time_s);
  if (index_ == 0 && repeated_) delay += *profile_->period_s - steps.back().time_s;
  date_ += delay;
  return Change{date_, steps[index_++].value > 0};
}

std::optional<AvailabilityTimeline::Change> AvailabilityTimeline::next() {
  if (!profile_) {
    date_ += rng_.exponential(1.0 / (up_ ? mtbf_s_ : mttr_s_));
    up_ = !up_;
    return Change{date_, up_};
  }
  // A step that keeps the state changes nothing; a profile whose remaining steps all keep it is over.
  // (A periodic profile always changes the state within one period, or never: at most one pass.)
  for (std::size_t looked = 0; looked <= 2 * profile_->steps.size(); ++looked) {
    const auto step = next_step();
    if (!step) return std::nullopt;
    if (step->up != up_) {
      up_ = step->up;
      return step;
    }
  }
  return std::nullopt;
}

}  // namespace hybridfog

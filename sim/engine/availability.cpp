#include "engine/availability.hpp"

#include <simgrid/s4u/Host.hpp>

#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

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
    date_ += rng_.exponential(1.0 / (up_ ? mttf_s_ : mttr_s_));
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

FailureInjector::FailureInjector(const ScenarioSpec& spec, const BuiltPlatform& platform,
                                 std::function<void(int, bool)> on_change, std::function<bool()> keep_going)
    : on_change_(std::move(on_change)), keep_going_(std::move(keep_going)),
      down_since_s_(platform.hosts.size(), -1.0), down_s_(platform.hosts.size(), 0.0) {
  // Availability profiles of the platform: one timeline per class, turning all its hosts or links at once.
  for (size_t t = 0; t < spec.platform.tiers.size(); ++t)
    for (size_t k = 0; k < spec.platform.tiers[t].classes.size(); ++k) {
      const HostClassSpec& c = spec.platform.tiers[t].classes[k];
      if (!c.profiles.availability) continue;
      Source source{AvailabilityTimeline(*c.profiles.availability), {}, {}, spec.platform.tiers[t].name + "/" + c.name};
      for (size_t h = 0; h < platform.hosts.size(); ++h)
        if (platform.hosts[h].tier == static_cast<int>(t) && platform.hosts[h].host_class == static_cast<int>(k))
          source.hosts.push_back(static_cast<int>(h));
      sources_.push_back(std::move(source));
    }
  for (LinkClass link_class : {LinkClass::access, LinkClass::uplink, LinkClass::ingress}) {
    const LinkSpec* link = spec.platform.link(link_class);
    if (!link || !link->profiles.availability) continue;
    Source source{AvailabilityTimeline(*link->profiles.availability), {}, {}, link_class_name(link_class)};
    for (size_t l = 0; l < platform.links.size(); ++l)
      if (platform.links[l].link_class == link_class_name(link_class)) source.links.push_back(static_cast<int>(l));
    sources_.push_back(std::move(source));
  }
  // Random failures: one timeline per host or link, each from its own stream of the scenario seed.
  constexpr std::uint64_t kFailureStreams = 0x4641494C00000000ULL;  // "FAIL": far from the workload's streams
  const std::uint64_t host_count = platform.hosts.size();
  for (const RandomFailureSpec& r : spec.failures.random) {
    if (!r.link) {
      for (size_t h = 0; h < platform.hosts.size(); ++h)
        if (platform.hosts[h].tier == r.tier && platform.hosts[h].host_class == r.host_class)
          sources_.push_back({AvailabilityTimeline(r.mttf_s, r.mttr_s, derive_seed(spec.seed, kFailureStreams + h)),
                              {static_cast<int>(h)}, {}, platform.hosts[h].host->get_name()});
    } else {
      for (size_t l = 0; l < platform.links.size(); ++l)
        if (platform.links[l].link_class == link_class_name(*r.link))
          sources_.push_back({AvailabilityTimeline(r.mttf_s, r.mttr_s, derive_seed(spec.seed, kFailureStreams + host_count + l)),
                              {}, {static_cast<int>(l)}, platform.links[l].name});
    }
  }
  timers_.resize(sources_.size());
}

void FailureInjector::start() {
  for (size_t i = 0; i < sources_.size(); ++i) schedule(static_cast<int>(i));
}

void FailureInjector::stop() {
  for (Timer& timer : timers_) timer.cancel();
}

void FailureInjector::schedule(int source) {
  if (!keep_going_()) return;  // nothing left to disturb: the run must be able to end
  const auto change = sources_[source].timeline.next();
  if (!change) return;
  timers_[source].set(change->time_s, [this, source, up = change->up]() {
    on_change_(source, up);
    schedule(source);
  });
}

}  // namespace hybridfog

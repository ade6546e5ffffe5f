#include "engine/dynamics.hpp"

#include <algorithm>
#include <cmath>

#include "core/number_format.hpp"

namespace hybridfog {

namespace {

std::string detail_of(ProfileKind kind, double value) {
  switch (kind) {
    case ProfileKind::bandwidth: return "bandwidth_bytes_per_s=" + format_number(value);
    case ProfileKind::latency: return "latency_s=" + format_number(value);
    case ProfileKind::speed: return "speed_fraction=" + format_number(value);
    case ProfileKind::availability: return value > 0 ? "available=1" : "available=0";
  }
  return "";
}

void log_steps(const std::optional<ValueProfile>& profile, ProfileKind kind, const std::string& subject, double until_s,
               std::vector<EventLog::Event>& out) {
  if (!profile) return;
  for (const auto& step : profile->steps_until(until_s))
    out.push_back({step.time_s, profile_kind_name(kind), subject, detail_of(kind, step.value)});
}

}  // namespace

void log_profile_steps(const PlatformSpec& spec, double until_s, EventLog& events) {
  std::vector<EventLog::Event> steps;
  for (LinkClass link_class : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
    if (const LinkSpec* link = spec.link(link_class)) {
      const std::string subject = link_class_name(link_class);
      log_steps(link->profiles.bandwidth, ProfileKind::bandwidth, subject, until_s, steps);
      log_steps(link->profiles.latency, ProfileKind::latency, subject, until_s, steps);
    }
  for (const auto& tier : spec.tiers)
    for (const auto& c : tier.classes) {
      const std::string subject = tier.name + "/" + c.name;
      log_steps(c.profiles.speed, ProfileKind::speed, subject, until_s, steps);
    }
  std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  for (auto& e : steps) events.add(e.time_s, std::move(e.kind), std::move(e.subject), std::move(e.detail));
}

double profile_mean(const ValueProfile& profile, double initial, double start_s, double end_s) {
  double value = initial;
  double t = start_s;
  double integral = 0;
  for (const auto& step : profile.steps_until(end_s)) {
    if (step.time_s <= start_s) {
      value = step.value;
      continue;
    }
    integral += value * (step.time_s - t);
    t = step.time_s;
    value = step.value;
  }
  integral += value * (end_s - t);
  return integral / (end_s - start_s);
}

std::vector<LinkWindowRecord> link_window_rows(const PlatformSpec& spec, const BuiltPlatform& platform,
                                               const LinkMeter& meter, double sim_time_s) {
  std::vector<LinkWindowRecord> rows;
  const double window = meter.window_s();
  const auto windows = static_cast<std::size_t>(std::ceil(sim_time_s / window));
  for (LinkClass link_class : {LinkClass::access, LinkClass::uplink, LinkClass::ingress}) {
    const LinkSpec* link_spec = spec.link(link_class);
    if (!link_spec) continue;
    const std::string name = link_class_name(link_class);
    std::vector<double> bytes(windows, 0.0);
    int links = 0;
    for (std::size_t l = 0; l < platform.links.size(); ++l) {
      if (platform.links[l].link_class != name) continue;
      ++links;
      const auto& bins = meter.window_bytes(l);
      // A transfer ending exactly at the end of the run lands in the window that starts there: it counts
      // in the last row.
      for (std::size_t w = 0; w < bins.size() && windows > 0; ++w) bytes[std::min(w, windows - 1)] += bins[w];
    }
    if (links == 0) continue;
    for (std::size_t w = 0; w < windows; ++w) {
      LinkWindowRecord r;
      r.start_s = static_cast<double>(w) * window;
      r.end_s = std::min(sim_time_s, static_cast<double>(w + 1) * window);
      r.link_class = name;
      r.links = links;
      r.bytes = bytes[w];
      r.bandwidth_bytes_per_s = link_spec->profiles.bandwidth
                                    ? profile_mean(*link_spec->profiles.bandwidth, link_spec->bandwidth_bytes_per_s,
                                                   r.start_s, r.end_s)
                                    : link_spec->bandwidth_bytes_per_s;
      const double capacity = links * r.bandwidth_bytes_per_s * (r.end_s - r.start_s);
      r.utilization = capacity > 0 ? r.bytes / capacity : 0.0;
      rows.push_back(r);
    }
  }
  return rows;
}

}  // namespace hybridfog

#pragma once
// What the engine reports about a platform that changes over time (docs/outputs.md): the profile steps
// that happened (events.csv) and bytes per link class and window (link_windows.csv). Plain data: the
// profiles themselves are SimGrid's (platform/platform_builder), these functions only read the specs.
#include <vector>

#include "metrics/event_log.hpp"
#include "metrics/link_meter.hpp"
#include "metrics/link_windows.hpp"
#include "platform/platform_builder.hpp"

namespace hybridfog {

// One event per step of every class profile with a time in [0, until_s], in time order: kind
// "bandwidth" | "latency" | "speed", subject the link class or "tier/class", detail the new value
// ("bandwidth_bytes_per_s=625000", "latency_s=0.08", "speed_fraction=0.5"). Availability steps are logged
// by the simulation as failures and recoveries when they happen.
void log_profile_steps(const PlatformSpec& spec, double until_s, EventLog& events);

// Rows of link_windows.csv: per window of the meter from 0 to sim_time_s (the last one may be cut short)
// and per link class that has links, in the order access, uplink, ingress.
std::vector<LinkWindowRecord> link_window_rows(const PlatformSpec& spec, const BuiltPlatform& platform,
                                               const LinkMeter& meter, double sim_time_s);

// Mean over [start_s, end_s) of the step function that is `initial` before the first step of `profile`.
// REQUIRES: end_s > start_s.
double profile_mean(const ValueProfile& profile, double initial, double start_s, double end_s);

}  // namespace hybridfog

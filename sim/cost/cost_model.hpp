#pragma once
// Room cost/ (docs/architecture.md). The one cost model of hybridfog, used by the engine (stage cost tables,
// escalation payloads,
// the "last exit before the last tier" flag) and by the partition search (analytic estimator) alike, so
// that the two agree by construction when nothing contends.
//
// Owns: seconds and joules of MACs on a host class (per precision), the hops between two tiers and the
// time of one hop, the bytes carried when an escalation skips layers, the last exit head before the last
// tier, and the SimGrid work-unit constant. May use: core, model, platform (specs only). Never: SimGrid.
#include <array>
#include <optional>
#include <vector>

#include "core/precision.hpp"
#include "model/model_profile.hpp"
#include "platform/platform_spec.hpp"

namespace hybridfog::cost {

// Every SimGrid host runs at this many work units per second: an execution of `s` seconds carries
// s * kWorkUnitsPerSecond work units ("flops" to SimGrid). Host classes differ by the seconds a segment
// takes on them, computed here; the engine gives this speed to the platform builder.
inline constexpr double kWorkUnitsPerSecond = 1e9;

// Seconds of `macs` multiply-accumulates at precision `p` on one core of host class `c`; nullopt when
// macs > 0 and the class has no throughput for `p`. 0 for macs == 0.
std::optional<double> compute_seconds(double macs, Precision p, const HostClassSpec& c);
// Analytic compute energy of `macs` MACs at precision `p` on host class `c` (0 when the class gives no
// energy per MAC for `p`).
double compute_energy_j(double macs, Precision p, const HostClassSpec& c);

struct SegmentCost {
  double seconds = 0;
  double energy_j = 0;          // analytic: MACs x energy per MAC
  double dynamic_energy_j = 0;  // host energy above idle: (busy - idle power per core) x seconds
};
// Cost of a segment given its MACs per precision (a Stage's `macs`) on one core of host class `c`.
// REQUIRES: `c` has a throughput for every precision with MACs (the scenario checks the partition).
SegmentCost segment_cost(const std::array<double, kPrecisionCount>& macs, const HostClassSpec& c);

// A route between two tiers as the analytic model sees it (no contention): Σ latency of its links, the
// smallest bandwidth on it, and the energy per byte carried.
struct Hop {
  std::vector<const LinkSpec*> links;  // the route's links, from the device side outwards
  double latency_s = 0;
  double bytes_per_s = 0;        // 0: no link on the route (instant)
  double device_j_per_byte = 0;  // energy per byte of the device's access link on the route
  double total_j_per_byte = 0;   // energy per byte of every link on the route
  bool wan = false;              // the route reaches the central tier from another tier
  double price_per_byte = 0;     // Σ over the route's link classes of their price per GB / 1e9 (docs/formats.md, "Prices")
};
// The hop between tiers `from_tier` and `to_tier` (indices in platform.tiers), following the routes of
// platform_spec.hpp (route_link_classes).
Hop hop_between(const PlatformSpec& platform, int from_tier, int to_tier);
// Time of `bytes` over a hop: latencies + bytes / the smallest bandwidth (CM02, a lone flow).
inline double hop_seconds(const Hop& hop, double bytes) {
  return hop.latency_s + (hop.bytes_per_s > 0 ? bytes / hop.bytes_per_s : 0.0);
}

// Bytes carried when a sample that computed layers [0, last_done] (the layer an exit head reads) jumps
// straight to layer `first_needed`: the tensors made at or before `last_done` (or the raw input) that
// layers >= first_needed read. nullopt when such a layer reads a tensor made in (last_done, first_needed).
std::optional<double> skip_bytes(const ModelProfile& profile, int last_done, int first_needed);

// The exit head a policy sees as "the last exit before the last tier" (HeadInfo): the last head but the
// final classifier that reads a layer before `first_layer_on_last_tier`; -1 when there is none.
int last_exit_head_before(const std::vector<HeadSpec>& heads, int first_layer_on_last_tier);

}  // namespace hybridfog::cost

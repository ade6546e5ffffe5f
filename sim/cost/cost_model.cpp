#include "cost/cost_model.hpp"

#include <algorithm>

namespace hybridfog::cost {

std::optional<double> compute_seconds(double macs, Precision p, const HostClassSpec& c) {
  if (macs == 0) return 0.0;
  const auto& throughput = c.throughput_mac_per_s[static_cast<int>(p)];
  if (!throughput) return std::nullopt;
  return macs / *throughput;
}

double compute_energy_j(double macs, Precision p, const HostClassSpec& c) {
  return macs * c.energy_per_mac_j[static_cast<int>(p)].value_or(0.0);
}

SegmentCost segment_cost(const std::array<double, kPrecisionCount>& macs, const HostClassSpec& c) {
  SegmentCost cost;
  for (int p = 0; p < kPrecisionCount; ++p) {
    if (macs[p] == 0) continue;
    cost.seconds += *compute_seconds(macs[p], static_cast<Precision>(p), c);
    cost.energy_j += compute_energy_j(macs[p], static_cast<Precision>(p), c);
  }
  cost.dynamic_energy_j = (c.busy_power_per_core_w - c.idle_power_per_core_w) * cost.seconds;
  return cost;
}

Hop hop_between(const PlatformSpec& platform, int from_tier, int to_tier) {
  Hop hop;
  const TierScope a = platform.tiers[from_tier].scope;
  const TierScope b = platform.tiers[to_tier].scope;
  for (LinkClass link_class : route_link_classes(a, b)) {
    const LinkSpec* link = platform.link(link_class);
    if (!link) continue;
    hop.links.push_back(link);
    hop.latency_s += link->latency_s;
    hop.bytes_per_s = hop.bytes_per_s == 0 ? link->bandwidth_bytes_per_s : std::min(hop.bytes_per_s, link->bandwidth_bytes_per_s);
    const double j_per_byte = 8.0 * link->energy_per_bit_j.value_or(0.0);
    hop.total_j_per_byte += j_per_byte;
    if (link_class == LinkClass::access) hop.device_j_per_byte = j_per_byte;
    hop.price_per_byte += link->price_per_gb.value_or(0.0) / 1e9;
  }
  hop.wan = from_tier != to_tier && (a == TierScope::central || b == TierScope::central);
  return hop;
}

std::optional<double> skip_bytes(const ModelProfile& profile, int last_done, int first_needed) {
  // Sizes are whole bytes: the sum is exact in any order.
  double bytes = 0;
  std::vector<char> counted(profile.layers.size() + 1, 0);
  for (size_t l = static_cast<size_t>(first_needed); l < profile.layers.size(); ++l) {
    for (int in : profile.layers[l].inputs) {
      if (in > last_done && in < first_needed) return std::nullopt;
      if (in <= last_done && !counted[in + 1]) {
        counted[in + 1] = 1;
        bytes += in == kInputTensor ? profile.input_bytes : profile.layers[in].output_bytes;
      }
    }
  }
  return bytes;
}

int last_exit_head_before(const std::vector<HeadSpec>& heads, int first_layer_on_last_tier) {
  int head = -1;
  for (int h = 0; h + 1 < static_cast<int>(heads.size()); ++h)
    if (heads[h].after < first_layer_on_last_tier) head = h;
  return head;
}

}  // namespace hybridfog::cost

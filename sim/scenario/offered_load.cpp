#include "scenario/offered_load.hpp"

#include <array>
#include <cstdio>

#include "scenario/stage_plan.hpp"

namespace hybridfog {

namespace {


std::string three_digits(double value, const char* unit) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3g %s", value, unit);
  return text;
}

std::string bit_rate(double bytes_per_s) {
  const double bits = bytes_per_s * 8.0;
  if (bits >= 1e9) return three_digits(bits / 1e9, "Gbps");
  if (bits >= 1e6) return three_digits(bits / 1e6, "Mbps");
  if (bits >= 1e3) return three_digits(bits / 1e3, "kbps");
  return three_digits(bits, "bps");
}

}  // namespace

std::vector<OfferedLoad> offered_loads(const ScenarioSpec& spec) {
  // The decisions of a policy that cannot be replayed outside the run (policy python) are not known here.
  if (!spec.exit_policy->decides_offline()) return {};
  const StagePlan plan = build_stage_plan(spec);
  const PlatformSpec& platform = spec.platform;
  const size_t rows = spec.trace.rows();
  const int heads = static_cast<int>(spec.profile.heads.size());

  // Per trace row, replayed as the simulation does: stage visits and bytes per link class.
  std::vector<double> visits(plan.stages.size(), 0.0);
  std::array<double, 3> link_bytes{};
  std::array<bool, 3> link_used{};
  auto hop = [&](int from_tier, int to_tier, double bytes) {
    for (LinkClass c : route_link_classes(platform.tiers[from_tier].scope, platform.tiers[to_tier].scope)) {
      const LinkSpec* link = platform.link(c);
      if (!link || link->sharing != LinkSharing::shared) continue;
      link_bytes[static_cast<int>(c)] += bytes;
      link_used[static_cast<int>(c)] = true;
    }
  };
  for (size_t row = 0; row < rows; ++row) {
    int stage = 0, host_tier = 0;
    double bytes_in = plan.stages[0].bytes_in;
    while (stage < static_cast<int>(plan.stages.size())) {
      const int tier = plan.stage_tier[stage];
      if (tier != host_tier) {
        hop(host_tier, tier, bytes_in);
        host_tier = tier;
      }
      visits[stage] += 1;
      const Stage& s = plan.stages[stage];
      if (s.head >= 0) {
        const bool final_head = s.head + 1 == heads;
        const Decision decision =
            final_head ? Decision::exit
                       : spec.exit_policy->decide(spec.trace, row, HeadInfo{s.head, plan.last_exit_before_last_tier[stage]});
        if (decision == Decision::exit) {
          if (host_tier != 0) hop(host_tier, 0, spec.workload.result_bytes);
          break;
        }
        if (decision == Decision::escalate && plan.escalate_to[stage] > stage + 1) {
          bytes_in = plan.escalate_bytes[stage];
          stage = plan.escalate_to[stage];
          continue;
        }
      }
      ++stage;
      if (stage < static_cast<int>(plan.stages.size())) bytes_in = plan.stages[stage].bytes_in;
    }
  }

  // Mean arrival rates of the workload's processes (docs/formats.md, "Arrival processes"): of the busiest
  // device (its access link), the busiest site (its uplink, its edge servers) and all devices.
  const ArrivalEstimate arrivals = estimate_arrivals(spec.workload, platform);
  const double per_row = rows > 0 ? 1.0 / static_cast<double>(rows) : 0.0;
  std::vector<OfferedLoad> loads;
  for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress}) {
    if (!link_used[static_cast<int>(c)]) continue;
    // Samples per second whose traffic one link of this class carries.
    const double rate = c == LinkClass::access   ? arrivals.device_rate_per_s
                        : c == LinkClass::uplink ? arrivals.site_rate_per_s
                                                 : arrivals.total_rate_per_s;
    OfferedLoad load;
    load.kind = OfferedLoad::Kind::link;
    load.name = link_class_name(c);
    load.offered = rate * link_bytes[static_cast<int>(c)] * per_row;
    load.capacity = platform.link(c)->bandwidth_bytes_per_s;
    loads.push_back(load);
  }
  for (size_t t = 0; t < platform.tiers.size(); ++t) {
    const TierSpec& tier = platform.tiers[t];
    bool used = false;
    for (size_t k = 0; k < plan.stages.size(); ++k) used = used || (plan.stage_tier[k] == static_cast<int>(t) && visits[k] > 0);
    if (!used) continue;
    // Hosts that share one group of samples: a device serves itself; a site's servers serve its devices;
    // the central tier serves every device.
    double group_rate = 0, group_cores = 0;
    if (tier.scope != TierScope::device) {
      group_rate = tier.scope == TierScope::site ? arrivals.site_rate_per_s : arrivals.total_rate_per_s;
      for (const HostClassSpec& c : tier.classes) group_cores += static_cast<double>(c.count) * c.cores;
    }
    for (size_t c = 0; c < tier.classes.size(); ++c) {
      const HostClassSpec& host_class = tier.classes[c];
      double seconds_per_sample = 0;
      for (size_t k = 0; k < plan.stages.size(); ++k)
        if (plan.stage_tier[k] == static_cast<int>(t)) seconds_per_sample += visits[k] * per_row * plan.seconds[k][c];
      const double busy_cores_per_core =  // utilisation of any core of the group
          tier.scope == TierScope::device ? arrivals.class_rate_per_s[c] * seconds_per_sample / host_class.cores
                                          : group_rate * seconds_per_sample / group_cores;
      OfferedLoad load;
      load.kind = OfferedLoad::Kind::server;
      load.name = tier.name + "/" + host_class.name;
      load.capacity = host_class.cores;
      load.offered = busy_cores_per_core * host_class.cores;
      loads.push_back(load);
    }
  }
  return loads;
}

std::string describe_overload(const OfferedLoad& load) {
  std::string text = load.name + ": offered ";
  if (load.kind == OfferedLoad::Kind::link) {
    text += bit_rate(load.offered) + " > capacity " + bit_rate(load.capacity);
  } else {
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, "%.3g busy cores > capacity %d cores", load.offered,
                  static_cast<int>(load.capacity));
    text += numbers;
  }
  return text + "; queues will grow without bound";
}

}  // namespace hybridfog

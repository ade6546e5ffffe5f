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
  const std::vector<ApplicationRef> apps = application_refs(spec);
  // The decisions of a policy that cannot be replayed outside the run (policy python) are not known here.
  for (const ApplicationRef& app : apps)
    if (!app.exit_policy->decides_offline()) return {};
  const StagePlan plan = build_stage_plan(spec);
  const PlatformSpec& platform = spec.platform;

  // What every application offers, added up: per link class, payload bytes per second on one link; per stage,
  // visits per second of the group of hosts that serves it (a device: itself; a site tier: one site; central: all).
  std::array<double, 3> link_offered{};
  std::array<bool, 3> link_used{};
  std::vector<double> stage_rate(plan.stages.size(), 0.0);  // visits per second, per group of its tier
  std::vector<std::vector<double>> device_class_rate(plan.stages.size());  // device stages: per device class
  for (size_t a = 0; a < apps.size(); ++a) {
    const ApplicationRef& app = apps[a];
    const Trace& trace = *app.trace;
    const size_t rows = trace.rows();
    const int begin = plan.first_stage[a];
    const int end = a + 1 < apps.size() ? plan.first_stage[a + 1] : static_cast<int>(plan.stages.size());
    // Per trace row, replayed as the simulation does: stage visits and bytes per link class.
    std::vector<double> visits(plan.stages.size(), 0.0);
    std::array<double, 3> link_bytes{};
    auto hop = [&](int from_tier, int to_tier, double bytes) {
      for (LinkClass c : route_link_classes(platform.tiers[from_tier].scope, platform.tiers[to_tier].scope)) {
        const LinkSpec* link = platform.link(c);
        if (!link || link->sharing != LinkSharing::shared) continue;
        link_bytes[static_cast<int>(c)] += bytes;
        link_used[static_cast<int>(c)] = true;
      }
    };
    for (size_t row = 0; row < rows; ++row) {
      int stage = begin, host_tier = 0;
      double bytes_in = plan.stages[begin].bytes_in;
      while (stage < end) {
        const int tier = plan.stage_tier[stage];
        if (tier != host_tier) {
          hop(host_tier, tier, bytes_in);
          host_tier = tier;
        }
        visits[stage] += 1;
        const Stage& s = plan.stages[stage];
        if (s.head >= 0) {
          const Decision decision =
              plan.final_head[stage] ? Decision::exit
                                     : app.exit_policy->decide(trace, row, HeadInfo{s.head, plan.last_exit_before_last_tier[stage]});
          if (decision == Decision::exit) {
            if (host_tier != 0) hop(host_tier, 0, app.workload->result_bytes);
            break;
          }
          if (decision == Decision::escalate && plan.escalate_to[stage] > stage + 1) {
            bytes_in = plan.escalate_bytes[stage];
            stage = plan.escalate_to[stage];
            continue;
          }
        }
        ++stage;
        if (stage < end) bytes_in = plan.stages[stage].bytes_in;
      }
    }
    // Mean arrival rates of the workload's processes (docs/formats.md, "Arrival processes"): of the busiest
    // device (its access link), the busiest site (its uplink, its edge servers) and all devices.
    const ArrivalEstimate arrivals = estimate_arrivals(*app.workload, platform, app.devices);
    const double per_row = rows > 0 ? 1.0 / static_cast<double>(rows) : 0.0;
    for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress}) {
      // Samples per second whose traffic one link of this class carries.
      const double rate = c == LinkClass::access   ? arrivals.device_rate_per_s
                          : c == LinkClass::uplink ? arrivals.site_rate_per_s
                                                   : arrivals.total_rate_per_s;
      link_offered[static_cast<int>(c)] += rate * link_bytes[static_cast<int>(c)] * per_row;
    }
    for (int k = begin; k < end; ++k) {
      const TierScope scope = platform.tiers[static_cast<size_t>(plan.stage_tier[k])].scope;
      if (scope == TierScope::device) {
        device_class_rate[k] = arrivals.class_rate_per_s;
        for (double& r : device_class_rate[k]) r *= visits[k] * per_row;
      } else {
        stage_rate[k] = (scope == TierScope::site ? arrivals.site_rate_per_s : arrivals.total_rate_per_s) * visits[k] * per_row;
      }
      if (visits[k] == 0) stage_rate[k] = -1;  // never visited: the tier is not used by this stage
    }
  }

  std::vector<OfferedLoad> loads;
  for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress}) {
    if (!link_used[static_cast<int>(c)]) continue;
    OfferedLoad load;
    load.kind = OfferedLoad::Kind::link;
    load.name = link_class_name(c);
    load.offered = link_offered[static_cast<int>(c)];
    load.capacity = platform.link(c)->bandwidth_bytes_per_s;
    loads.push_back(load);
  }
  for (size_t t = 0; t < platform.tiers.size(); ++t) {
    const TierSpec& tier = platform.tiers[t];
    bool used = false;
    for (size_t k = 0; k < plan.stages.size(); ++k)
      used = used || (plan.stage_tier[k] == static_cast<int>(t) && stage_rate[k] >= 0 &&
                      (tier.scope != TierScope::device || !device_class_rate[k].empty()));
    if (!used) continue;
    // Hosts that share one group of samples: a device serves itself; a site's servers serve its devices;
    // the central tier serves every device.
    double group_cores = 0;
    if (tier.scope != TierScope::device)
      for (const HostClassSpec& c : tier.classes) group_cores += static_cast<double>(c.count) * c.cores;
    for (size_t c = 0; c < tier.classes.size(); ++c) {
      const HostClassSpec& host_class = tier.classes[c];
      double busy_cores_per_core = 0;  // utilisation of any core of the group
      for (size_t k = 0; k < plan.stages.size(); ++k) {
        if (plan.stage_tier[k] != static_cast<int>(t) || stage_rate[k] < 0) continue;
        if (tier.scope == TierScope::device)
          busy_cores_per_core += device_class_rate[k][c] * plan.seconds[k][c] / host_class.cores;
        else
          busy_cores_per_core += stage_rate[k] * plan.seconds[k][c] / group_cores;
      }
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

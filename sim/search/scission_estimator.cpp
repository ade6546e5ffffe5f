#include "search/scission_estimator.hpp"

#include <algorithm>

#include "core/input_error.hpp"

namespace hybridfog::search {

ScissionEstimator::ScissionEstimator(const ScenarioSpec& spec, const Benchmark& benchmark, const NetworkTable& network,
                                     double raw_input_bytes, bool scission_compat)
    : raw_input_bytes_(raw_input_bytes), scission_compat_(scission_compat) {
  const PlatformSpec& platform = spec.platform;
  if (platform.tiers.size() > static_cast<size_t>(kMaxTiers))
    throw InputError({platform.file, 0, 0}, "tiers", "the partition search handles at most 3 tiers");
  for (const auto& layer : spec.profile.layers) space_.layer_names.push_back(layer.name);
  space_.blocks = benchmark.blocks;
  for (const auto& system : benchmark.systems) {
    int found = 0;
    for (const auto& tier : platform.tiers)
      for (const auto& c : tier.classes)
        if (c.name == system.name) {
          ++found;
          if (!system.tier.empty() && system.tier != tier.name)
            throw InputError({benchmark.file, 0, 0}, "tier",
                             "system " + system.name + " is on tier " + system.tier + " in the benchmark but host class " +
                                 c.name + " is on tier " + tier.name + " of platform " + platform.file);
        }
    if (found == 0)
      throw InputError({benchmark.file, 0, 0}, "system",
                       "system " + system.name + " is not a host class of platform " + platform.file);
    if (found > 1)
      throw InputError({benchmark.file, 0, 0}, "system",
                       "system " + system.name + " names host classes of several tiers of platform " + platform.file);
  }
  for (const auto& tier : platform.tiers) {
    space_.tier_names.push_back(tier.name);
    central_.push_back(tier.scope == TierScope::central);
    std::vector<Machine> machines;
    for (const auto& c : tier.classes) {
      const MeasuredSystem* system = benchmark.find(c.name);
      machines.push_back({c.name, system != nullptr});
      system_.push_back(system);
    }
    space_.machines.push_back(machines);
    machine_offset_.push_back(machine_count_);
    machine_count_ += static_cast<int>(tier.classes.size());
  }
  bool device_measured = false;
  for (const auto& m : space_.machines[0]) device_measured = device_measured || m.available;
  if (!device_measured)
    throw InputError({benchmark.file, 0, 0}, "system",
                     "no system of the device tier (" + space_.tier_names[0] + ") has benchmark rows for model " + benchmark.model);

  links_.resize(static_cast<size_t>(machine_count_) * machine_count_);
  for (size_t a = 0; a < platform.tiers.size(); ++a)
    for (size_t b = a + 1; b < platform.tiers.size(); ++b)
      for (size_t ca = 0; ca < platform.tiers[a].classes.size(); ++ca)
        for (size_t cb = 0; cb < platform.tiers[b].classes.size(); ++cb) {
          const int from = machine_offset_[a] + static_cast<int>(ca);
          const int to = machine_offset_[b] + static_cast<int>(cb);
          if (!system_[from] || !system_[to]) continue;
          const NetworkLink* l = network.find(system_[from]->name, system_[to]->name);
          if (!l)
            throw InputError({network.file, 0, 0}, "source",
                             "no line for " + system_[from]->name + " -> " + system_[to]->name +
                                 " (every pair of benchmarked systems on two tiers needs ping and bandwidth)");
          links_[from * machine_count_ + to] = {l->ping_s, l->bytes_per_s};
        }
}

Estimate ScissionEstimator::evaluate(const Configuration& c) const {
  Estimate e;
  const int tiers = space_.tier_count();
  int machine[kMaxTiers] = {-1, -1, -1};
  for (int t = 0; t < tiers; ++t) {
    if (c.host_class[t] >= 0) machine[t] = machine_offset_[t] + c.host_class[t];
    if ((t == 0 || c.uses(t)) && !system_[machine[t]]) {
      e.feasible = false;
      e.infeasible_because = "a machine has no benchmark rows";
      return e;
    }
  }
  // Σ block times per tier, in block order, starting from 0 (Scission's get_time).
  double total = 0;
  for (int t = 0; t < tiers; ++t) {
    double seconds = 0;
    if (c.uses(t)) {
      for (int b = c.begin[t]; b < c.end[t]; ++b) seconds += system_[machine[t]]->seconds[b];
      e.tier[t].reach = 1;
    }
    e.tier[t].compute_s = seconds;
    total += seconds;
  }
  // --scission-compat: Scission zeroes what a tier sends by the recorded times of the tiers after it
  // (`edge_time == 0 and cloud_time == 0`: the device sends nothing; `elif cloud_time == 0`: the edge
  // sends nothing), whether or not those tiers are used.
  bool sends_nothing[kMaxTiers] = {false, false, false};
  if (scission_compat_) {
    const double edge_time = tiers > 1 ? e.tier[1].compute_s : 0.0;
    const double cloud_time = tiers > 2 ? e.tier[2].compute_s : 0.0;
    if (edge_time == 0 && cloud_time == 0)
      sends_nothing[0] = true;
    else if (cloud_time == 0)
      sends_nothing[1] = true;
  }
  // Hops: what the last used tier so far sent on, to the next used tier.
  double transfer = 0;
  int current = 0;
  double bytes = c.uses(0) ? system_[machine[0]]->output_bytes[c.end[0] - 1] : raw_input_bytes_;
  for (int t = 1; t < tiers; ++t) {
    if (!c.uses(t)) continue;
    if (sends_nothing[current]) bytes = 0;
    const Link& l = link(machine[current], machine[t]);
    const double seconds = l.ping_s + bytes / l.bytes_per_s;
    transfer += seconds;
    e.tier[t].in_bytes = bytes;
    e.tier[t].in_transfer_s = seconds;
    e.tier[current].max_upload_bytes = bytes;
    if (central_[t]) e.wan_bytes += bytes;
    current = t;
    bytes = system_[machine[t]]->output_bytes[c.end[t] - 1];
  }
  e.compute_s = total;
  e.transfer_s = transfer;
  e.latency_s = total + transfer;
  return e;
}

}  // namespace hybridfog::search

#include "search/analytic_estimator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/input_error.hpp"
#include "cost/cost_model.hpp"

namespace hybridfog::search {

AnalyticEstimator::AnalyticEstimator(const ScenarioSpec& spec, const Benchmark* measured) {
  const ModelProfile& profile = spec.profile;
  const PlatformSpec& platform = spec.platform;
  if (spec.placement != Placement::partition)
    throw InputError({spec.file, 0, 0}, "model.placement",
                     "placement cloud-only sends the raw input to the last tier whatever the partition: "
                     "there is nothing to search (use placement partition)");
  if (platform.tiers.size() > static_cast<size_t>(kMaxTiers))
    throw InputError({platform.file, 0, 0}, "tiers", "the partition search handles at most 3 tiers");

  for (const auto& layer : profile.layers) space_.layer_names.push_back(layer.name);
  space_.blocks = measured ? measured->blocks : blocks_from_cut_points(profile);
  for (const auto& tier : platform.tiers) {
    space_.tier_names.push_back(tier.name);
    std::vector<Machine> machines;
    for (const auto& c : tier.classes) machines.push_back({c.name, true});
    space_.machines.push_back(machines);
    machine_offset_.push_back(machine_count_);
    machine_count_ += static_cast<int>(tier.classes.size());
  }
  if (measured) {
    for (const auto& system : measured->systems) {
      bool found = false;
      for (const auto& tier : platform.tiers)
        for (const auto& c : tier.classes) found = found || c.name == system.name;
      if (!found)
        throw InputError({measured->file, 0, 0}, "system",
                         "system " + system.name + " is not a host class of platform " + platform.file);
    }
  }

  const int n = static_cast<int>(profile.layers.size());
  const int heads = static_cast<int>(profile.heads.size());
  heads_ = profile.heads;
  for (const auto& head : profile.heads) head_after_.push_back(head.after);
  analytic_view_ = spec.outputs.compute_energy_view == ComputeEnergyView::analytic;
  if (const LinkSpec* access = platform.link(LinkClass::access)) radio_ = access->radio;
  constexpr double kJoulesPerKwh = 3.6e6, kSecondsPerHour = 3600;
  link_price_per_j_ = platform.price_per_kwh.value_or(0) / kJoulesPerKwh;
  for (size_t t = 0; t < platform.tiers.size(); ++t) {
    for (const HostClassSpec& c : platform.tiers[t].classes) {
      MachineTables m;
      // The pstate a lone sample finds (docs/formats.md, "DVFS"): a fixed governor's state; ondemand starts
      // in the slowest state and raises to state 0 when up_queue samples wait (0: on any computation).
      size_t state = 0;
      if (!c.pstates.empty()) {
        if (c.governor.kind == HostClassSpec::Governor::Kind::fixed)
          state = static_cast<size_t>(std::clamp<int>(c.governor.pstate, 0, static_cast<int>(c.pstates.size()) - 1));
        else
          state = c.governor.up_queue == 0 ? 0 : c.pstates.size() - 1;
      }
      const double speed = c.pstates.empty() ? 1.0 : c.pstates[state].speed;
      const double dynamic_w = c.pstates.empty() ? c.busy_power_per_core_w - c.idle_power_per_core_w
                                                 : c.pstates[state].busy_power_per_core_w - c.pstates[state].idle_power_per_core_w;
      m.batch_wait_s = c.batching && c.batching->max_size > 1 ? c.batching->max_wait_s : 0.0;
      m.dynamic_prefix.assign(n + 1, 0.0);
      m.time_prefix.assign(n + 1, 0.0);
      m.energy_prefix.assign(n + 1, 0.0);
      m.unrunnable_prefix.assign(n + 1, 0);
      m.cost_prefix.assign(n + 1, 0.0);
      // Prices (docs/formats.md, "Prices"): busy core-seconds are counted at full core speed, as hosts.csv's.
      const HostPriceSpec price = c.price.value_or(HostPriceSpec{});
      const double core_price_per_s = price.per_busy_core_hour / kSecondsPerHour;
      m.price_per_j = price.per_kwh ? *price.per_kwh / kJoulesPerKwh : link_price_per_j_;
      std::vector<double> layer_time(n, 0.0);
      std::vector<char> runnable(n, 1);
      for (int l = 0; l < n; ++l) {
        const LayerSpec& layer = profile.layers[l];
        const std::optional<double> seconds = cost::compute_seconds(layer.macs, layer.precision, c);
        if (seconds) layer_time[l] = *seconds / speed;
        else runnable[l] = 0;
      }
      if (const MeasuredSystem* system = measured ? measured->find(c.name) : nullptr) {
        // A measured block time, spread over the block's layers in proportion to their MACs.
        for (size_t b = 0; b < space_.blocks.size(); ++b) {
          const Block& block = space_.blocks[b];
          double macs = 0;
          for (int l = block.first_layer; l <= block.last_layer; ++l) macs += profile.layers[l].macs;
          for (int l = block.first_layer; l <= block.last_layer; ++l) {
            runnable[l] = 1;
            layer_time[l] = macs > 0 ? system->seconds[b] * profile.layers[l].macs / macs
                                     : (l == block.first_layer ? system->seconds[b] : 0.0);
          }
        }
      }
      for (int l = 0; l < n; ++l) {
        const LayerSpec& layer = profile.layers[l];
        m.time_prefix[l + 1] = m.time_prefix[l] + layer_time[l];
        m.energy_prefix[l + 1] = m.energy_prefix[l] + cost::compute_energy_j(layer.macs, layer.precision, c);
        m.dynamic_prefix[l + 1] = m.dynamic_prefix[l] + dynamic_w * layer_time[l];
        m.unrunnable_prefix[l + 1] = m.unrunnable_prefix[l] + (runnable[l] ? 0 : 1);
        const double energy = analytic_view_ ? cost::compute_energy_j(layer.macs, layer.precision, c) : dynamic_w * layer_time[l];
        m.cost_prefix[l + 1] = m.cost_prefix[l] + core_price_per_s * layer_time[l] * speed + m.price_per_j * energy;
      }
      for (const HeadSpec& head : profile.heads) {
        const std::optional<double> seconds = cost::compute_seconds(head.macs, head.precision, c);
        m.head_runnable.push_back(seconds.has_value());
        m.head_time.push_back(seconds.value_or(0.0) / speed);
        m.head_energy.push_back(cost::compute_energy_j(head.macs, head.precision, c));
        m.head_dynamic.push_back(dynamic_w * seconds.value_or(0.0) / speed);
        m.head_cost.push_back(core_price_per_s * seconds.value_or(0.0) +
                              m.price_per_j * (analytic_view_ ? m.head_energy.back() : m.head_dynamic.back()));
      }
      machines_.push_back(std::move(m));
    }
  }

  hops_.resize(static_cast<size_t>(machine_count_) * machine_count_);
  for (size_t a = 0; a < platform.tiers.size(); ++a)
    for (size_t b = 0; b < platform.tiers.size(); ++b) {
      const cost::Hop h = cost::hop_between(platform, static_cast<int>(a), static_cast<int>(b));
      for (size_t ca = 0; ca < platform.tiers[a].classes.size(); ++ca)
        for (size_t cb = 0; cb < platform.tiers[b].classes.size(); ++cb)
          hops_[(machine_offset_[a] + ca) * machine_count_ + machine_offset_[b] + cb] = h;
    }

  boundary_bytes_ = search::boundary_bytes(profile, space_.blocks);
  may_escalate_ = spec.exit_policy->may_escalate();
  const int blocks = space_.block_count();
  skip_bytes_.assign(static_cast<size_t>(heads) * blocks, 0.0);
  if (may_escalate_)
    for (int h = 0; h + 1 < heads; ++h)
      for (int b = 0; b < blocks; ++b)
        skip_bytes_[h * blocks + b] = cost::skip_bytes(profile, head_after_[h], space_.blocks[b].first_layer)
                                          .value_or(std::numeric_limits<double>::quiet_NaN());
  result_bytes_ = spec.workload.result_bytes;
  classes_ = replay_policy(*spec.exit_policy, spec.trace, heads);
}

Estimate AnalyticEstimator::evaluate(const Configuration& c) const {
  Estimate e;
  const int tiers = space_.tier_count();
  const int heads = static_cast<int>(head_after_.size());
  int used[kMaxTiers];
  int used_count = 0;
  int first[kMaxTiers] = {0, 0, 0}, last[kMaxTiers] = {-1, -1, -1}, machine[kMaxTiers] = {-1, -1, -1};
  for (int t = 0; t < tiers; ++t) {
    if (c.host_class[t] >= 0) machine[t] = machine_offset_[t] + c.host_class[t];
    if (!c.uses(t)) continue;
    used[used_count++] = t;
    first[t] = space_.blocks[c.begin[t]].first_layer;
    last[t] = space_.blocks[c.end[t] - 1].last_layer;
    const MachineTables& m = machines_[machine[t]];
    if (m.unrunnable_prefix[last[t] + 1] != m.unrunnable_prefix[first[t]]) {
      e.feasible = false;
      e.infeasible_because = "a host class has no throughput for the precision of a layer placed on it";
      return e;
    }
  }
  const auto tier_of_layer = [&](int layer) {
    for (int i = 0; i < used_count; ++i)
      if (layer <= last[used[i]]) return used[i];
    return used[used_count - 1];
  };
  for (int h = 0; h < heads; ++h) {
    const int t = tier_of_layer(head_after_[h]);
    if (!machines_[machine[t]].head_runnable[h]) {
      e.feasible = false;
      e.infeasible_because = "a host class has no throughput for the precision of a head placed on it";
      return e;
    }
  }

  const int last_tier = used[used_count - 1];
  const int last_begin = first[last_tier];
  const int blocks = space_.block_count();
  // The engine's HeadInfo::last_exit_before_last_tier: the last exit head before the last tier.
  const int flag_head = cost::last_exit_head_before(heads_, last_begin);
  // Escalating from head h skips stages when anything before the last tier comes after it.
  const auto skips = [&](int h) {
    return head_after_[h] < last_begin && (head_after_[h] + 1 < last_begin || head_after_[h + 1] < last_begin);
  };
  if (may_escalate_)
    for (int h = 0; h + 1 < heads; ++h)
      if (skips(h) && std::isnan(skip_bytes_[h * blocks + c.begin[last_tier]])) {
        e.feasible = false;
        e.infeasible_because = "an escalation would skip layers whose outputs the last tier reads";
        return e;
      }
  int first_head_on_last = 0;
  while (head_after_[first_head_on_last] < last_begin) ++first_head_on_last;

  for (const SampleClass& cls : classes_) {
    const double w = cls.weight;
    int exit_head = heads - 1;
    int escalate_head = -1;
    for (int h = 0; h + 1 < heads; ++h) {
      const Decision d = cls.decision[h == flag_head ? 1 : 0][h];
      if (d == Decision::exit) {
        exit_head = h;
        break;
      }
      if (d == Decision::escalate && skips(h)) {
        escalate_head = h;
        h = first_head_on_last - 1;
      }
    }
    // Layers computed: [0, a] or, after an escalation, [0, a_escalate] and [last_begin, a_exit].
    const int first_end = escalate_head >= 0 ? head_after_[escalate_head] : head_after_[exit_head];
    int current = 0;  // tier holding the sample; it starts on its device
    double clock = 0;           // time since arrival along this path (lone sample)
    double radio_end = -1;      // when the sample's last transfer over the device's radio ended (-1: none yet)
    // The device radio above idle over one transfer of `seconds` starting at `clock`; the tail of the
    // previous transfer runs until this one starts (cut) or in full.
    const auto radio_transfer = [&](bool upload, double seconds) {
      if (!radio_) return;
      if (radio_end >= 0) e.radio_energy_j += w * (radio_->tail_power_w - radio_->idle_power_w) *
                                              std::min(radio_->tail_s, std::max(0.0, clock - radio_end));
      e.radio_energy_j += w * ((upload ? radio_->transmit_power_w : radio_->receive_power_w) - radio_->idle_power_w) * seconds;
      radio_end = clock + seconds;
    };
    const auto add_hop = [&](int from, int to, double bytes) {
      const cost::Hop& h = hop(machine[from], machine[to]);
      const double seconds = cost::hop_seconds(h, bytes);
      if (from == 0 || to == 0) radio_transfer(from == 0, seconds);
      clock += seconds;
      e.tier[to].in_bytes += w * bytes;
      e.tier[to].in_transfer_s += w * seconds;
      e.transfer_s += w * seconds;
      e.device_energy_j += w * bytes * h.device_j_per_byte;
      e.total_energy_j += w * bytes * h.total_j_per_byte;
      if (h.wan) e.wan_bytes += w * bytes;
      e.caused_cost += w * bytes * (h.price_per_byte + h.total_j_per_byte * link_price_per_j_);
      if (w > 0) e.tier[from].max_upload_bytes = std::max(e.tier[from].max_upload_bytes, bytes);
    };
    const auto add_interval = [&](int from_layer, int to_layer, bool escalated) {
      for (int i = 0; i < used_count; ++i) {
        const int t = used[i];
        const int lo = std::max(from_layer, first[t]);
        const int hi = std::min(to_layer, last[t]);
        if (lo > hi) continue;
        if (t != current) {
          add_hop(current, t, escalated ? skip_bytes_[escalate_head * blocks + c.begin[t]] : boundary_bytes_[c.begin[t]]);
          current = t;
          escalated = false;
        }
        const MachineTables& m = machines_[machine[t]];
        e.tier[t].compute_s += w * (m.time_prefix[hi + 1] - m.time_prefix[lo]);
        e.tier[t].compute_energy_j += w * (m.energy_prefix[hi + 1] - m.energy_prefix[lo]);
        e.tier[t].dynamic_energy_j += w * (m.dynamic_prefix[hi + 1] - m.dynamic_prefix[lo]);
        e.caused_cost += w * (m.cost_prefix[hi + 1] - m.cost_prefix[lo]);
        e.tier[t].reach += w;
        // Stages of this piece: a new one after every head it evaluates (model_profile.hpp, build_stages).
        int stages = 1;
        for (int h = 0; h < heads; ++h)
          if (head_after_[h] >= lo && head_after_[h] < hi) ++stages;
        e.tier[t].batch_wait_s += w * stages * m.batch_wait_s;
        clock += (m.time_prefix[hi + 1] - m.time_prefix[lo]) + stages * m.batch_wait_s;
        for (int h = 0; h <= exit_head; ++h)  // the heads this piece evaluates (their cost is added below)
          if (head_after_[h] >= lo && head_after_[h] <= hi) clock += m.head_time[h];
      }
    };
    add_interval(0, first_end, false);
    if (escalate_head >= 0) add_interval(last_begin, head_after_[exit_head], true);
    for (int h = 0; h <= exit_head; ++h) {
      if (escalate_head >= 0 && h > escalate_head && h < first_head_on_last) continue;
      const int t = tier_of_layer(head_after_[h]);
      const MachineTables& m = machines_[machine[t]];
      e.tier[t].compute_s += w * m.head_time[h];
      e.tier[t].compute_energy_j += w * m.head_energy[h];
      e.tier[t].dynamic_energy_j += w * m.head_dynamic[h];
      e.caused_cost += w * m.head_cost[h];
    }
    if (current != 0) {
      const cost::Hop& h = hop(machine[current], machine[0]);
      const double seconds = cost::hop_seconds(h, result_bytes_);
      radio_transfer(false, seconds);
      clock += seconds;
      e.return_s += w * seconds;
      e.device_energy_j += w * result_bytes_ * h.device_j_per_byte;
      e.total_energy_j += w * result_bytes_ * h.total_j_per_byte;
      if (h.wan) e.wan_bytes += w * result_bytes_;
      e.caused_cost += w * result_bytes_ * (h.price_per_byte + h.total_j_per_byte * link_price_per_j_);
    }
    // The tail after the sample's last transfer, in full (no later transfer of its own cuts it).
    if (radio_ && radio_end >= 0) e.radio_energy_j += w * (radio_->tail_power_w - radio_->idle_power_w) * radio_->tail_s;
  }
  for (int i = 0; i < used_count; ++i) {
    const int t = used[i];
    e.compute_s += e.tier[t].compute_s;
    e.batch_wait_s += e.tier[t].batch_wait_s;
    e.total_energy_j += analytic_view_ ? e.tier[t].compute_energy_j : e.tier[t].dynamic_energy_j;
  }
  e.device_energy_j += (analytic_view_ ? e.tier[0].compute_energy_j : e.tier[0].dynamic_energy_j) + e.radio_energy_j;
  e.total_energy_j += e.radio_energy_j;
  e.caused_cost += e.radio_energy_j * machines_[machine[0]].price_per_j;  // the device's radio: its class's price
  e.latency_s = e.compute_s + e.batch_wait_s + e.transfer_s + e.return_s;
  return e;
}

}  // namespace hybridfog::search

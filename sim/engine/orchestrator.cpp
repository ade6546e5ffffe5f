#include "engine/orchestrator.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <limits>

#include "engine/compute.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"
#include "scenario/stage_plan.hpp"

namespace hybridfog {

namespace {
constexpr std::uint64_t kOrchestrationStream = 0x6f72636865737472ULL;  // "orchestr": far from the other streams
}  // namespace

Orchestrator::Orchestrator(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan,
                           const Compute& compute)
    : spec_(spec), platform_(platform), plan_(plan), compute_(compute),
      rng_(derive_seed(spec.seed, kOrchestrationStream)), taken_(platform.hosts.size(), 0) {
  cursor_.resize(platform.tier_hosts.size());
  for (size_t t = 0; t < platform.tier_hosts.size(); ++t) cursor_[t].assign(platform.tier_hosts[t].size(), 0);
  for (size_t t = 0; t < spec.orchestration.tiers.size(); ++t) {
    const TierOrchestration& o = spec.orchestration.tiers[t];
    if (o.rule == OrchestrationRule::shortest_expected_finish && queues_.empty())
      queues_.assign(platform.hosts.size(), AdvertisedValue(o.advertise_period_s));
  }
  // Custom rules learn the hosts once (one object may serve several tiers: told once).
  std::vector<const CustomOrchestrationRule*> started;
  for (const TierOrchestration& o : spec.orchestration.tiers) {
    if (o.rule != OrchestrationRule::custom || !o.custom) continue;
    if (std::find(started.begin(), started.end(), o.custom.get()) != started.end()) continue;
    started.push_back(o.custom.get());
    std::vector<OrchestrationHost> hosts;
    hosts.reserve(platform.hosts.size());
    for (const BuiltHost& h : platform.hosts) {
      const TierSpec& tier = spec.platform.tiers[h.tier];
      hosts.push_back({h.host->get_name(), tier.name, tier.classes[h.host_class].name, h.site,
                       static_cast<int>(h.host->get_core_count())});
    }
    o.custom->start(hosts);
  }
  // Each tier advertises with its own period (one tier at most has servers of another period).
  for (size_t h = 0; h < platform.hosts.size() && !queues_.empty(); ++h) {
    const TierOrchestration& o = spec.orchestration.tiers[platform.hosts[h].tier];
    if (o.rule == OrchestrationRule::shortest_expected_finish) queues_[h] = AdvertisedValue(o.advertise_period_s);
  }
}

void Orchestrator::ran(SampleId id, int host) {
  const size_t slot = static_cast<size_t>(id.value());
  if (slot >= ran_on_.size()) ran_on_.resize(slot + 1);
  std::vector<int>& hosts = ran_on_[slot];
  if (hosts.empty()) hosts.assign(platform_.tier_hosts.size(), -1);
  int& on = hosts[platform_.hosts[host].tier];
  if (on != host) ++taken_[host];
  on = host;
}

int Orchestrator::host_of(SampleId id, int tier) const {
  const size_t slot = static_cast<size_t>(id.value());
  return slot < ran_on_.size() && !ran_on_[slot].empty() ? ran_on_[slot][tier] : -1;
}

void Orchestrator::forget(SampleId id) {
  const size_t slot = static_cast<size_t>(id.value());
  if (slot < ran_on_.size()) std::fill(ran_on_[slot].begin(), ran_on_[slot].end(), -1);
}

double Orchestrator::load(int host) const {
  return static_cast<double>(compute_[HostId(host)].outstanding) / platform_.hosts[host].host->get_core_count();
}

HostId Orchestrator::choose(int tier, int site, int from_host, int stage, double bytes, bool commit,
                            std::uint64_t sample_id) {
  switch (spec_.orchestration.tiers[tier].rule) {
    case OrchestrationRule::least_loaded: return compute_.dispatch(tier, site);
    case OrchestrationRule::round_robin: return round_robin(tier, site, commit);
    case OrchestrationRule::random: return random(tier, site, commit);
    case OrchestrationRule::shortest_expected_finish:
      return shortest_expected_finish(tier, site, from_host, stage, bytes);
    case OrchestrationRule::nearest_available: return nearest_available(tier, site, from_host, bytes);
    case OrchestrationRule::custom: return custom(tier, site, from_host, stage, bytes, commit, sample_id);
  }
  return HostId();
}

// The up candidate with the fewest samples assigned per core, below `bound`; ties to the first.
HostId Orchestrator::least_loaded(const std::vector<int>& candidates, double bound) const {
  int best = -1;
  double best_load = 0;
  for (int h : candidates) {
    if (compute_.is_down(HostId(h))) continue;
    const double l = load(h);
    if (!(l < bound)) continue;
    if (best < 0 || l < best_load) {
      best = h;
      best_load = l;
    }
  }
  return HostId(best);
}

// The candidates of the site in turn, from the one after the last chosen; a host that is down is passed over.
HostId Orchestrator::round_robin(int tier, int site, bool commit) {
  const auto& candidates = platform_.tier_hosts[tier][site];
  const int n = static_cast<int>(candidates.size());
  int& cursor = cursor_[tier][site];
  for (int k = 0; k < n; ++k) {
    const int i = (cursor + k) % n;
    if (compute_.is_down(HostId(candidates[i]))) continue;
    if (commit) cursor = (i + 1) % n;
    return HostId(candidates[i]);
  }
  return HostId();
}

// Uniform over the candidates that are up, from the run's own stream (a preview draws from a copy).
HostId Orchestrator::random(int tier, int site, bool commit) {
  const auto& candidates = platform_.tier_hosts[tier][site];
  int up = 0;
  for (int h : candidates) up += compute_.is_down(HostId(h)) ? 0 : 1;
  if (up == 0) return HostId();
  Rng preview = rng_;
  Rng& rng = commit ? rng_ : preview;
  int pick = static_cast<int>(rng.below(static_cast<std::uint64_t>(up)));
  for (int h : candidates) {
    if (compute_.is_down(HostId(h))) continue;
    if (pick-- == 0) return HostId(h);
  }
  return HostId();
}

double Orchestrator::route_s(int from, int to, double bytes) const {
  double latency = 0, bandwidth = std::numeric_limits<double>::infinity();
  for (int l : platform_.route(from, to)) {
    latency += platform_.links[l].spec->latency_s;
    bandwidth = std::min(bandwidth, platform_.links[l].spec->bandwidth_bytes_per_s);
  }
  return latency + (std::isfinite(bandwidth) ? bytes / bandwidth : 0.0);
}

// Every up server of the tier (all sites for an edge tier): the carry there (nominal route), then the
// stage's seconds times (1 + advertised queue / cores); the smallest wins, ties to the first (own site first).
HostId Orchestrator::shortest_expected_finish(int tier, int site, int from_host, int stage, double bytes) const {
  const int sites = static_cast<int>(platform_.tier_hosts[tier].size());
  const bool site_tier = platform_.hosts[platform_.tier_hosts[tier][site].front()].site >= 0;
  const double now = simgrid::s4u::Engine::get_clock();
  int best = -1;
  double best_s = 0;
  for (int k = 0; k < (site_tier ? sites : 1); ++k) {
    for (int h : platform_.tier_hosts[tier][(site + k) % sites]) {
      if (compute_.is_down(HostId(h))) continue;
      const int cores = platform_.hosts[h].host->get_core_count();
      int queue = 0;
      double at = 0;
      if (!queues_[h].read(now, &queue, &at)) queue = 0;  // nothing advertised yet: taken as idle
      const double finish = route_s(from_host, h, bytes) +
                            plan_.seconds[stage][platform_.hosts[h].host_class] * (1.0 + static_cast<double>(queue) / cores);
      if (best < 0 || finish < best_s) {
        best = h;
        best_s = finish;
      }
    }
  }
  return HostId(best);
}

// The sample's own site when one of its servers is available (up, below the bound): the least loaded of them.
// Otherwise the other sites, nearest first (nominal route from the deciding host, ties to the next site
// number): the least loaded available server of the first that has one. When none is available anywhere, the
// least loaded server that is up, in the same order of sites.
HostId Orchestrator::nearest_available(int tier, int site, int from_host, double bytes) const {
  const double bound = spec_.orchestration.tiers[tier].queue_bound;
  const auto& own = platform_.tier_hosts[tier][site];
  if (const HostId h = least_loaded(own, bound); h.valid()) return h;
  const int sites = static_cast<int>(platform_.tier_hosts[tier].size());
  if (platform_.hosts[own.front()].site < 0) return least_loaded(own, std::numeric_limits<double>::infinity());
  std::vector<std::pair<double, int>> order;  // (nominal route seconds, distance in site numbers)
  for (int k = 1; k < sites; ++k)
    order.emplace_back(route_s(from_host, platform_.tier_hosts[tier][(site + k) % sites].front(), bytes), k);
  std::sort(order.begin(), order.end());
  for (const double limit : {bound, std::numeric_limits<double>::infinity()}) {
    if (limit != bound) {
      if (const HostId h = least_loaded(own, limit); h.valid()) return h;
    }
    for (const auto& [seconds, k] : order)
      if (const HostId h = least_loaded(platform_.tier_hosts[tier][(site + k) % sites], limit); h.valid()) return h;
  }
  return HostId();
}

HostId Orchestrator::custom(int tier, int site, int from_host, int stage, double bytes, bool commit,
                            std::uint64_t sample_id) {
  const TierOrchestration& rule = spec_.orchestration.tiers[tier];
  if (!commit) return least_loaded(platform_.tier_hosts[tier][site], std::numeric_limits<double>::infinity());
  const int sites = static_cast<int>(platform_.tier_hosts[tier].size());
  const bool site_tier = platform_.hosts[platform_.tier_hosts[tier][site].front()].site >= 0;
  candidates_.clear();
  for (int k = 0; k < (site_tier && rule.all_sites ? sites : 1); ++k) {
    for (int h : platform_.tier_hosts[tier][(site + k) % sites]) {
      if (compute_.is_down(HostId(h))) continue;
      candidates_.push_back({h, load(h), route_s(from_host, h, bytes), plan_.seconds[stage][platform_.hosts[h].host_class]});
    }
  }
  if (candidates_.empty()) return HostId();
  OrchestrationQuery query;
  query.tier = tier;
  query.site = site;  // the sample's site (its device's), also for a central tier
  query.from_host = from_host;
  query.stage = stage;
  query.sample_id = sample_id;
  query.bytes = bytes;
  query.now_s = simgrid::s4u::Engine::get_clock();
  const size_t pick = rule.custom->choose(query, candidates_);
  return HostId(candidates_.at(pick).host);
}

}  // namespace hybridfog

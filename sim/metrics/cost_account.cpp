#include "metrics/cost_account.hpp"


namespace hybridfog {

namespace {
constexpr double kSecondsPerHour = 3600;
constexpr double kJoulesPerKwh = 3.6e6;
constexpr double kBytesPerGb = 1e9;
}  // namespace

nlohmann::json cost_account(const CostPrices& prices, const std::vector<std::string>& tier_names,
                            const std::vector<HostRecord>& hosts, const std::vector<LinkRecord>& links,
                            double sim_time_s, std::uint64_t samples, bool analytic_view) {
  using nlohmann::json;
  struct TierCost {
    double hosting = 0, busy_cores = 0, energy_idle = 0, energy_caused = 0;
  };
  std::map<std::string, TierCost> by_tier;
  for (const HostRecord& h : hosts) {
    const CostPrices::HostClass& p = prices.host_classes.at(static_cast<size_t>(h.class_index));
    TierCost& t = by_tier[h.tier];
    const double radio_idle_j = h.radio_idle_energy_j.value_or(0);
    const double radio_above_idle_j = h.radio_energy_j.value_or(0) - radio_idle_j;
    const double compute_j = analytic_view ? h.compute_energy_j : h.energy_j - h.idle_energy_j;
    t.hosting += p.per_hour * sim_time_s / kSecondsPerHour;
    t.busy_cores += p.per_busy_core_hour * h.busy_core_s / kSecondsPerHour;
    t.energy_idle += p.per_kwh * (h.idle_energy_j + radio_idle_j) / kJoulesPerKwh;
    t.energy_caused += p.per_kwh * (compute_j + radio_above_idle_j) / kJoulesPerKwh;
  }
  double provisioned = 0, caused = 0;
  json tiers = json::object();
  for (const std::string& name : tier_names) {
    const TierCost& t = by_tier[name];
    tiers[name] = {{"hosting", t.hosting},
                   {"busy_cores", t.busy_cores},
                   {"energy_idle", t.energy_idle},
                   {"energy_caused", t.energy_caused},
                   {"provisioned", t.hosting + t.energy_idle},
                   {"caused", t.busy_cores + t.energy_caused}};
    provisioned += t.hosting + t.energy_idle;
    caused += t.busy_cores + t.energy_caused;
  }
  struct LinkCost {
    double traffic = 0, energy = 0;
  };
  std::map<std::string, LinkCost> by_class;
  for (const LinkRecord& l : links) {
    LinkCost& c = by_class[l.link_class];
    const auto price = prices.per_gb.find(l.link_class);
    if (price != prices.per_gb.end()) c.traffic += price->second * l.bytes / kBytesPerGb;
    c.energy += prices.link_per_kwh * l.energy_j.value_or(0) / kJoulesPerKwh;
  }
  json link_classes = json::object();
  for (const auto& [name, c] : by_class) {
    link_classes[name] = {{"traffic", c.traffic}, {"energy", c.energy}, {"caused", c.traffic + c.energy}};
    caused += c.traffic + c.energy;
  }
  const double n = static_cast<double>(samples);
  return {{"currency", prices.currency},
          {"by_tier", tiers},
          {"by_link_class", link_classes},
          {"provisioned_total", provisioned},
          {"caused_total", caused},
          {"total", provisioned + caused},
          {"caused_per_sample", n > 0 ? caused / n : 0.0},
          {"total_per_sample", n > 0 ? (provisioned + caused) / n : 0.0}};
}

}  // namespace hybridfog

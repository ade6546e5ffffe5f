#pragma once
// The cost account (docs/outputs.md, "Cost"): what a run cost in money, from the totals the run already
// keeps (hosts' time, busy core-seconds and energy, links' bytes and energy) and the platform's prices.
// Computed once at the end of the run; nothing per event.
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "metrics/records.hpp"

namespace hybridfog {

// The platform's prices as plain data (docs/formats.md, "Prices"), all in `currency`.
struct CostPrices {
  std::string currency = "USD";
  struct HostClass {
    double per_hour = 0;            // per host and hour of the run
    double per_busy_core_hour = 0;  // per core-hour of computation
    double per_kwh = 0;             // per kWh of its hosts' energy, their radios' included
  };
  // Indexed by HostRecord::class_index (every host class of the platform, tiers in order).
  std::vector<HostClass> host_classes;
  std::map<std::string, double> per_gb;  // link class -> price per 1e9 bytes carried
  double link_per_kwh = 0;               // per kWh of the links' energy per bit (the platform's price.per_kwh)
};

// The account's JSON object (docs/outputs.md, "Cost"): by tier (tiers in `tier_names` order) and link class,
// provisioned and caused, totals and per sample. `analytic_view`: the caused computation energy is the
// analytic MAC energy (outputs.compute_energy_view: analytic), as the energy account's caused_total counts it.
nlohmann::json cost_account(const CostPrices& prices, const std::vector<std::string>& tier_names,
                            const std::vector<HostRecord>& hosts, const std::vector<LinkRecord>& links,
                            double sim_time_s, std::uint64_t samples, bool analytic_view);

}  // namespace hybridfog

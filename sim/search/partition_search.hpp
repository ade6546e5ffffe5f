#pragma once
// Room search/ (docs/architecture.md). Owns: the partition search: enumeration, constraints, analytic and
// Scission estimators, verify through child runs. May use: core, platform (specs), model, trace, policy,
// scenario, cost.
//
// The partition search: enumerate every configuration, drop those that cannot run or break a constraint,
// rank the rest by an objective (smallest first).
#include <array>
#include <map>
#include <string>
#include <vector>

#include "search/constraints.hpp"
#include "search/estimate.hpp"

namespace hybridfog::search {

enum class Metric { latency, device_energy, total_energy, wan_bytes, cost };
inline constexpr int kMetricCount = 5;
const char* metric_name(Metric metric);  // "latency", "device-energy", "total-energy", "wan-bytes", "cost"
const char* metric_unit(Metric metric);  // "s", "J", "J", "B", "" (cost: the platform's currency, Objective::currency)
double metric_value(const Estimate& estimate, Metric metric);

// The quantity ranked, smallest first: one metric, or Σ weight × metric (SI units: s, J, J, bytes; cost in the
// platform's currency).
struct Objective {
  bool weighted = false;
  Metric metric = Metric::latency;            // when !weighted
  std::array<double, kMetricCount> weights{};  // when weighted
  std::string currency = "USD";               // the unit of `cost` (the platform's currency)
  double value(const Estimate& estimate) const;
  std::string describe() const;  // "latency" or "weighted: 1*latency + 0.5*device-energy"
  bool uses(Metric m) const {
    return weighted ? weights[static_cast<int>(m)] != 0 : metric == m;
  }
};

// Parses --objective NAME (latency, device-energy, total-energy, wan-bytes, cost, weighted) and the --weight
// NAME=W items (only with weighted; at least one). Throws InputError naming the option.
Objective parse_objective(const std::string& name, const std::vector<std::string>& weights);

struct Ranked {
  Configuration config;
  Estimate estimate;
  double objective = 0;
  long long order = 0;  // position in enumeration order (ties keep it)
};

struct SearchResult {
  long long enumerated = 0;   // configurations visited
  long long satisfying = 0;   // runnable and within every constraint
  std::vector<Ranked> ranked;  // the best `keep` of them (all when keep == 0), best first
  // removed[0]: configurations that cannot run; removed[1 + i]: removed by constraint i (the first one
  // each configuration broke, checking in order).
  std::vector<long long> removed;
  std::map<std::string, long long> cannot_run;  // why configurations cannot run -> how many
  double scoring_wall_s = 0;  // wall time of enumeration + estimation + constraints + ranking
};

// Throws InputError when nothing is left: it names the constraint that removed the last configurations
// (or the reason none can run at all).
SearchResult run_search(const Estimator& estimator, const ConstraintSet& constraints, const Objective& objective,
                        size_t keep);

}  // namespace hybridfog::search

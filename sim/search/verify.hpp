#pragma once
// `--verify K`: the top K configurations re-run through the full simulation, each in its own process
// (SimGrid allows one engine per process): `hybridfog run SCENARIO --set model.partition=[...]
// [--set platform=RESTRICTED.yaml] -o DIR`, then DIR/summary.json is read back.
//
// A tier with several host classes is restricted to the configuration's class by writing the resolved
// platform (overrides applied) holding only that class (platform_to_yaml) (device tier: with the tier's devices per site, so the workload
// stays the same; other tiers: with the class's own count).
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario_spec.hpp"
#include "search/partition_search.hpp"

namespace hybridfog::search {

struct SimulatedFigures {
  bool ok = false;
  std::string error;       // why the run failed (last line of its log)
  std::string output_dir;  // the run's output folder
  long long samples = 0;
  // Per sample, from summary.json, comparable to the analytic Estimate:
  double latency_s = 0;        // latency_s.mean
  double device_energy_j = 0;  // (compute_energy_j.by_tier[device tier] + network_energy_j.by_link_class.access) / samples
  double total_energy_j = 0;   // (compute_energy_j.total + network_energy_j.total) / samples
  double wan_bytes = 0;        // bytes.by_link_class.uplink (else .ingress) / samples
  double caused_cost = 0;      // cost_<currency>.caused_per_sample (0 without prices)
  double objective = 0;
  int rank = 0;                // 1-based rank among the verified configurations by simulated objective
};

struct VerifyOptions {
  std::string executable;          // the hybridfog binary
  std::string scenario_file;
  std::vector<std::string> overrides;  // the user's --set assignments, passed on first
  std::optional<std::uint64_t> seed;
  std::string work_dir;            // one folder per configuration is made here: rank-<r>/
  int jobs = 1;                    // simulations at once (each its own process); Default: 1
};

// Reads the per-sample figures of a run's summary.json.
SimulatedFigures figures_from_summary(const nlohmann::json& summary, const ScenarioSpec& spec, const Objective& objective);

// Runs every configuration (up to options.jobs at once; results do not depend on it) and ranks them by
// simulated objective.
std::vector<SimulatedFigures> verify_by_simulation(const ScenarioSpec& spec, const SearchSpace& space,
                                                   const std::vector<Ranked>& configurations, const Objective& objective,
                                                   const VerifyOptions& options);

// The platform YAML restricted to the configuration's host classes; nullopt when no tier needs it.
std::optional<std::string> restricted_platform_yaml(const ScenarioSpec& spec, const Configuration& config);

}  // namespace hybridfog::search

#pragma once
// Orchestration of a scenario (docs/orchestration.md, docs/formats.md "Orchestration"): which host of a
// server tier takes a sample that enters a stage of that tier. One rule per tier, with a default. Plain,
// validated data; the engine's Orchestrator (engine/orchestrator.hpp) applies it.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "platform/platform_spec.hpp"

namespace hybridfog {

class YNode;

enum class OrchestrationRule { least_loaded, round_robin, random, shortest_expected_finish, nearest_available };
const char* orchestration_rule_name(OrchestrationRule rule);  // "least-loaded", "round-robin", ...

struct TierOrchestration {
  OrchestrationRule rule = OrchestrationRule::least_loaded;  // Default: least-loaded
  // nearest-available: a server is available when it is up and has fewer than queue_bound samples assigned
  // per core. Default: no bound (only a server that is down is unavailable).
  double queue_bound = std::numeric_limits<double>::infinity();
  // shortest-expected-finish: servers advertise their queue every advertise_period_s. Default: 1 s.
  double advertise_period_s = 1.0;
};

struct OrchestrationSpec {
  std::vector<TierOrchestration> tiers;  // one per platform tier (the device tier's is never used)
  // A site tier's rule may send a sample to another site's host (nearest-available,
  // shortest-expected-finish): the platform is then built with routes between sites over their uplinks only
  // (PlatformShape::zones_between_sites).
  bool between_sites = false;
  // True when a server tier has a rule other than least-loaded (the engine builds an Orchestrator).
  bool any() const {
    for (const auto& t : tiers)
      if (t.rule != OrchestrationRule::least_loaded) return true;
    return false;
  }
};

// `orchestration` of a scenario (absent: least-loaded everywhere). `ns3`: the scenario uses the ns-3
// network model (horizontal offload needs the flow-level layout). Throws InputError.
OrchestrationSpec parse_orchestration(const std::optional<YNode>& node, const PlatformSpec& platform, bool ns3);

}  // namespace hybridfog

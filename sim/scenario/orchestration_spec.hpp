#pragma once
// Orchestration of a scenario (docs/orchestration.md, docs/formats.md "Orchestration"): which host of a
// server tier takes a sample that enters a stage of that tier. One rule per tier, with a default. Plain,
// validated data; the engine's Orchestrator (engine/orchestrator.hpp) applies it.
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/platform_spec.hpp"

namespace hybridfog {

class YNode;

enum class OrchestrationRule { least_loaded, round_robin, random, shortest_expected_finish, nearest_available, custom };
const char* orchestration_rule_name(OrchestrationRule rule);  // "least-loaded", "round-robin", ..., "custom"

// ---- Rules written outside the engine (`python`, docs/orchestration.md "Your own rule")
// What a custom rule is told of the platform once, before the run (hosts.csv's order and names).
struct OrchestrationHost {
  std::string name, tier, host_class;
  int site = -1;  // -1: a central tier's host
  int cores = 1;
};
// A host the sample may go to, with what the deciding host may know of it (as least-loaded and
// shortest-expected-finish read it; never a queue or a rate as it is at this instant).
struct OrchestrationCandidate {
  int host = 0;                 // index into the hosts given to start()
  double assigned_per_core = 0;  // samples the dispatcher assigned to it and that have not left it, per core
  double route_s = 0;           // nominal seconds to carry the sample's bytes there (latencies + bytes / narrowest bandwidth)
  double stage_s = 0;           // the stage's seconds on its host class (the model profile), alone on a core
};
struct OrchestrationQuery {
  int tier = 0, site = 0, from_host = 0, stage = 0;  // site: the sample's device's site (a central tier's too)
  std::uint64_t sample_id = 0;
  double bytes = 0, now_s = 0;
};
class CustomOrchestrationRule {
 public:
  virtual ~CustomOrchestrationRule() = default;
  virtual void start(const std::vector<OrchestrationHost>& hosts) = 0;
  // The index into `candidates` (never empty) of the host that takes the sample; throws InputError for what the
  // user's code did wrong.
  virtual size_t choose(const OrchestrationQuery& query, const std::vector<OrchestrationCandidate>& candidates) = 0;
};
// A kind of custom rule, by the name the scenario gives it (`rule: python`): its keys besides `rule`, and how
// to build it from their values as text (a module path already resolved). Registered by the program that can
// run it (the executable and the Python API's module register `python`); create throws
// PolicyParameterError{key, message} for a bad key.
struct CustomRuleInfo {
  std::string name;
  std::vector<std::string> keys;
  std::function<std::shared_ptr<CustomOrchestrationRule>(const std::map<std::string, std::string>& words)> create;
};
class CustomRuleRegistry {
 public:
  static bool add(CustomRuleInfo info);
  static const CustomRuleInfo* find(const std::string& name);
};

struct TierOrchestration {
  OrchestrationRule rule = OrchestrationRule::least_loaded;  // Default: least-loaded
  // nearest-available: a server is available when it is up and has fewer than queue_bound samples assigned
  // per core. Default: no bound (only a server that is down is unavailable).
  double queue_bound = std::numeric_limits<double>::infinity();
  // shortest-expected-finish: servers advertise their queue every advertise_period_s. Default: 1 s.
  double advertise_period_s = 1.0;
  // custom: the rule object (one object for every tier the same section names), and whether its candidates are
  // the up hosts of every site (`candidates: all-sites`) or of the sample's site only (Default).
  std::shared_ptr<CustomOrchestrationRule> custom;
  std::string custom_name;
  std::map<std::string, std::string> custom_words;  // its keys as given (params: JSON text), for the manifest
  bool all_sites = false;
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

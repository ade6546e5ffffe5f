#include "scenario/orchestration_spec.hpp"

#include "core/yaml_node.hpp"

namespace hybridfog {

namespace {

const std::vector<std::string> kRuleNames = {"least-loaded", "round-robin", "random", "shortest-expected-finish",
                                             "nearest-available"};

// One rule: a rule name, or a map {rule, queue_bound, advertise_period}.
TierOrchestration parse_rule(const YNode& node, bool ns3) {
  TierOrchestration out;
  const YNode rule_node = node.is_map() ? node.required("rule") : node;
  if (node.is_map()) node.expect_keys({"rule", "queue_bound", "advertise_period"});
  const std::string name = rule_node.as_choice(kRuleNames);
  for (size_t k = 0; k < kRuleNames.size(); ++k)
    if (kRuleNames[k] == name) out.rule = static_cast<OrchestrationRule>(k);
  if (!node.is_map()) {
    if (ns3 && out.rule == OrchestrationRule::nearest_available)
      node.fail("nearest-available offloads between sites, which needs a flow-level network model (CM02, LV08)");
    return out;
  }
  if (auto bound = node.optional("queue_bound")) {
    if (out.rule != OrchestrationRule::nearest_available) bound->fail("applies to the nearest-available rule only");
    out.queue_bound = bound->as_number();
    if (!(out.queue_bound > 0)) bound->fail("must be > 0 (samples assigned per core)");
  }
  if (auto period = node.optional("advertise_period")) {
    if (out.rule != OrchestrationRule::shortest_expected_finish)
      period->fail("applies to the shortest-expected-finish rule only");
    out.advertise_period_s = period->as_quantity(QuantityKind::time, true);
  }
  if (ns3 && out.rule == OrchestrationRule::nearest_available)
    rule_node.fail("nearest-available offloads between sites, which needs a flow-level network model (CM02, LV08)");
  return out;
}

// Rules that may cross sites need routes between sites: through the root of the platform, which a site
// reaches over its uplink when there is a central tier or a wireless access.
void finish(OrchestrationSpec& spec, const YNode& node, const PlatformSpec& platform) {
  for (size_t t = 0; t < platform.tiers.size(); ++t) {
    const OrchestrationRule rule = spec.tiers[t].rule;
    if (platform.tiers[t].scope != TierScope::site || platform.sites < 2) continue;
    if (rule != OrchestrationRule::nearest_available && rule != OrchestrationRule::shortest_expected_finish) continue;
    const bool connected = platform.tiers.back().scope == TierScope::central || (platform.access && platform.access->wifi);
    if (!connected)
      node.fail(std::string(orchestration_rule_name(rule)) + " on tier " + platform.tiers[t].name +
                " may send a sample to another site, and the platform's sites reach each other only through a central "
                "tier or a wireless access");
    spec.between_sites = true;
  }
}

}  // namespace

const char* orchestration_rule_name(OrchestrationRule rule) {
  return kRuleNames[static_cast<size_t>(rule)].c_str();
}

OrchestrationSpec parse_orchestration(const std::optional<YNode>& node, const PlatformSpec& platform, bool ns3) {
  OrchestrationSpec spec;
  spec.tiers.assign(platform.tiers.size(), TierOrchestration{});
  if (!node) return spec;
  if (node->is_scalar()) {  // one rule for every server tier
    const TierOrchestration all = parse_rule(*node, ns3);
    for (size_t t = 0; t < platform.tiers.size(); ++t)
      if (platform.tiers[t].scope != TierScope::device) spec.tiers[t] = all;
    finish(spec, *node, platform);
    return spec;
  }
  node->expect_map();
  if (auto d = node->optional("default")) {
    const TierOrchestration all = parse_rule(*d, ns3);
    for (size_t t = 0; t < platform.tiers.size(); ++t)
      if (platform.tiers[t].scope != TierScope::device) spec.tiers[t] = all;
  }
  for (const auto& [key, value] : node->entries()) {
    if (key == "default") continue;
    const int tier = platform.tier_index(key);
    if (tier < 0) {
      std::string names;
      for (const auto& t : platform.tiers) names += (names.empty() ? "" : ", ") + t.name;
      value.fail("no tier " + key + " in the platform (its tiers: " + names + "; or `default`)");
    }
    if (platform.tiers[tier].scope == TierScope::device)
      value.fail("tier " + key + " holds the devices, which run their own samples: name a server tier");
    spec.tiers[tier] = parse_rule(value, ns3);
  }
  finish(spec, *node, platform);
  return spec;
}

}  // namespace hybridfog

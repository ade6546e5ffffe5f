#include "scenario/orchestration_spec.hpp"

#include "core/yaml_node.hpp"
#include "policy/exit_policy.hpp"
#include "scenario/user_code.hpp"

namespace hybridfog {

namespace {

const std::vector<std::string> kRuleNames = {"least-loaded", "round-robin", "random", "shortest-expected-finish",
                                             "nearest-available"};

std::map<std::string, CustomRuleInfo>& custom_rules() {
  static std::map<std::string, CustomRuleInfo> rules;
  return rules;
}

// A custom rule: {rule: python, module, class, params, candidates} (or `name:` for `rule:`).
TierOrchestration parse_custom(const YNode& node, const std::string& rule_key, const CustomRuleInfo& info, bool ns3) {
  TierOrchestration out;
  out.rule = OrchestrationRule::custom;
  out.custom_name = info.name;
  std::vector<std::string> allowed = {rule_key, "candidates"};
  allowed.insert(allowed.end(), info.keys.begin(), info.keys.end());
  node.expect_keys(allowed);
  std::map<std::string, std::string> words;
  for (const auto& key : info.keys) {
    const auto value = node.optional(key);
    if (!value) continue;
    if (key == "params") words[key] = yaml_to_json(*value).dump();
    else if (key == "module") words[key] = python_module_path(*value);
    else words[key] = value->as_string();
  }
  out.custom_words = words;
  words["section"] = node.path();  // where the rule's errors point (orchestration, orchestration.edge)
  if (auto candidates = node.optional("candidates")) {
    out.all_sites = candidates->as_choice({"site", "all-sites"}) == "all-sites";
    if (out.all_sites && ns3)
      candidates->fail("all-sites offloads between sites, which needs a flow-level network model (CM02, LV08)");
  }
  try {
    out.custom = info.create(words);
  } catch (const PolicyParameterError& e) {
    if (auto at = node.optional(e.key)) at->fail(e.what());
    node.fail(e.what());
  }
  return out;
}

// One rule: a rule name, or a map {rule, queue_bound, advertise_period}, or a custom rule's map.
TierOrchestration parse_rule(const YNode& node, bool ns3) {
  TierOrchestration out;
  // `name` is taken for `rule` (as in a policy section: {name: python, module, class, params}).
  const std::string rule_key = node.is_map() && node.has("name") && !node.has("rule") ? "name" : "rule";
  const YNode rule_node = node.is_map() ? node.required(rule_key) : node;
  if (const CustomRuleInfo* custom = CustomRuleRegistry::find(rule_node.as_string()); custom && node.is_map())
    return parse_custom(node, rule_key, *custom, ns3);
  if (node.is_map()) node.expect_keys({rule_key, "queue_bound", "advertise_period"});
  std::vector<std::string> names = kRuleNames;
  if (CustomRuleRegistry::find("python")) names.push_back("python");
  const std::string name = rule_node.as_choice(names);
  if (name == "python") rule_node.fail("a python rule is a map: {rule: python, module: FILE.py, class: NAME, params: {...}}");
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
    if (rule != OrchestrationRule::nearest_available && rule != OrchestrationRule::shortest_expected_finish &&
        !(rule == OrchestrationRule::custom && spec.tiers[t].all_sites))
      continue;
    const bool connected = platform.tiers.back().scope == TierScope::central || (platform.access && platform.access->wifi);
    if (!connected)
      node.fail(std::string(rule == OrchestrationRule::custom ? "candidates: all-sites" : orchestration_rule_name(rule)) + " on tier " + platform.tiers[t].name +
                " may send a sample to another site, and the platform's sites reach each other only through a central "
                "tier or a wireless access");
    spec.between_sites = true;
  }
}

}  // namespace

bool CustomRuleRegistry::add(CustomRuleInfo info) {
  const std::string name = info.name;
  return custom_rules().emplace(name, std::move(info)).second;
}

const CustomRuleInfo* CustomRuleRegistry::find(const std::string& name) {
  const auto it = custom_rules().find(name);
  return it == custom_rules().end() ? nullptr : &it->second;
}

const char* orchestration_rule_name(OrchestrationRule rule) {
  if (rule == OrchestrationRule::custom) return "custom";
  return kRuleNames[static_cast<size_t>(rule)].c_str();
}

OrchestrationSpec parse_orchestration(const std::optional<YNode>& node, const PlatformSpec& platform, bool ns3) {
  OrchestrationSpec spec;
  spec.tiers.assign(platform.tiers.size(), TierOrchestration{});
  if (!node) return spec;
  // One rule for every server tier: a rule name, or a rule's map ({name: python, module, class, params}).
  if (node->is_scalar() || (node->is_map() && (node->has("name") || node->has("rule")))) {
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

#include "platform/platform_spec.hpp"

#include <set>

#include "core/yaml_node.hpp"

namespace hybridfog {

const char* tier_scope_name(TierScope scope) {
  switch (scope) {
    case TierScope::device: return "device";
    case TierScope::site: return "site";
    case TierScope::central: return "central";
  }
  return "?";
}

int PlatformSpec::tier_index(const std::string& tier_name) const {
  for (size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].name == tier_name) return static_cast<int>(i);
  return -1;
}

int PlatformSpec::devices_per_site() const {
  int total = 0;
  if (!tiers.empty())
    for (const auto& c : tiers.front().classes) total += c.count;
  return total;
}

namespace {

// A map precision -> quantity, e.g. {fp32: "2GMAC/s", binary: "40GMAC/s"}.
std::array<std::optional<double>, kPrecisionCount> parse_per_precision(const YNode& node, QuantityKind kind,
                                                                       bool positive) {
  std::array<std::optional<double>, kPrecisionCount> out{};
  for (const auto& [key, value] : node.entries()) {
    const auto precision = parse_precision(key);
    if (!precision) {
      node.required(key).fail("unknown precision (expected one of " + precision_choices() + ")");
    }
    out[static_cast<int>(*precision)] = value.as_quantity(kind, positive);
  }
  return out;
}

HostClassSpec parse_host_class(const YNode& node) {
  node.expect_keys({"name", "count", "cores", "throughput", "power_per_core", "energy_per_mac"});
  HostClassSpec c;
  c.name = node.required("name").as_string();
  if (auto count = node.optional("count")) c.count = static_cast<int>(count->as_int(1, 10'000'000));
  if (auto cores = node.optional("cores")) c.cores = static_cast<int>(cores->as_int(1, 4096));
  const YNode throughput = node.required("throughput");
  c.throughput_mac_per_s = parse_per_precision(throughput, QuantityKind::throughput, true);
  bool any = false;
  for (const auto& t : c.throughput_mac_per_s) any = any || t.has_value();
  if (!any) throughput.fail("give the throughput of at least one precision, e.g. {fp32: \"2GMAC/s\"}");
  const YNode power = node.required("power_per_core");
  power.expect_keys({"idle", "busy"});
  c.idle_power_per_core_w = power.required("idle").as_quantity(QuantityKind::power, false);
  c.busy_power_per_core_w = power.required("busy").as_quantity(QuantityKind::power, false);
  if (c.busy_power_per_core_w < c.idle_power_per_core_w)
    power.required("busy").fail("busy power must not be below idle power");
  if (auto energy = node.optional("energy_per_mac"))
    c.energy_per_mac_j = parse_per_precision(*energy, QuantityKind::energy, false);
  return c;
}

RadioSpec parse_radio(const YNode& node) {
  node.expect_keys({"transmit", "receive", "idle", "tail", "tail_power"});
  RadioSpec radio;
  if (auto v = node.optional("transmit")) radio.transmit_power_w = v->as_quantity(QuantityKind::power, false);
  if (auto v = node.optional("receive")) radio.receive_power_w = v->as_quantity(QuantityKind::power, false);
  if (auto v = node.optional("idle")) radio.idle_power_w = v->as_quantity(QuantityKind::power, false);
  // A radio never draws less while working than while idle (defaults included).
  const auto at_least_idle = [&](const char* key, double power_w) {
    if (power_w >= radio.idle_power_w) return;
    if (node.has(key)) node.required(key).fail("must not be below the idle power");
    node.fail(std::string("the default ") + key + " power is below the idle power: give `" + key + "`");
  };
  at_least_idle("transmit", radio.transmit_power_w);
  at_least_idle("receive", radio.receive_power_w);
  const auto tail = node.optional("tail");
  const auto tail_power = node.optional("tail_power");
  if (tail) radio.tail_s = tail->as_quantity(QuantityKind::time, false);
  if (tail_power && !tail) tail_power->fail("a tail power needs a tail duration (`tail`)");
  if (tail && radio.tail_s > 0) {
    if (!tail_power) tail->fail("a tail needs its power: add `tail_power`");
    radio.tail_power_w = tail_power->as_quantity(QuantityKind::power, false);
    at_least_idle("tail_power", radio.tail_power_w);
  } else if (tail_power) {
    radio.tail_power_w = tail_power->as_quantity(QuantityKind::power, false);
  }
  return radio;
}

LinkSpec parse_link(const YNode& node, bool access) {
  node.expect_keys({"bandwidth", "latency", "sharing", "energy_per_bit", "radio"});
  LinkSpec link;
  link.bandwidth_bytes_per_s = node.required("bandwidth").as_quantity(QuantityKind::bandwidth, true);
  link.latency_s = node.required("latency").as_quantity(QuantityKind::time, false);
  if (auto sharing = node.optional("sharing"))
    link.sharing = sharing->as_choice({"shared", "fatpipe"}) == "shared" ? LinkSharing::shared : LinkSharing::fatpipe;
  if (auto energy = node.optional("energy_per_bit")) link.energy_per_bit_j = energy->as_quantity(QuantityKind::energy, false);
  if (auto radio = node.optional("radio")) {
    if (!access) radio->fail("a radio belongs to a device: only the access link may have one");
    link.radio = parse_radio(*radio);
  }
  return link;
}

}  // namespace

PlatformSpec parse_platform(const YNode& root) {
  root.expect_keys({"name", "description", "sites", "tiers", "links"});
  PlatformSpec spec;
  spec.file = root.file();
  spec.name = root.required("name").as_string();
  if (auto sites = root.optional("sites")) spec.sites = static_cast<int>(sites->as_int(1, 10'000'000));

  const YNode tiers = root.required("tiers");
  std::set<std::string> names;
  for (const YNode& tier_node : tiers.items()) {
    tier_node.expect_keys({"name", "scope", "classes", "send_flows"});
    TierSpec tier;
    tier.name = tier_node.required("name").as_string();
    if (!names.insert(tier.name).second) tier_node.required("name").fail("tier name used twice");
    const YNode scope = tier_node.required("scope");
    const std::string scope_name = scope.as_choice({"device", "site", "central"});
    tier.scope = scope_name == "device" ? TierScope::device
                 : scope_name == "site" ? TierScope::site
                                        : TierScope::central;
    const size_t position = spec.tiers.size();
    if (position == 0 && tier.scope != TierScope::device)
      scope.fail("the first tier must have scope device (one host per device)");
    if (position > 0) {
      const TierScope previous = spec.tiers.back().scope;
      const bool ordered = (tier.scope == TierScope::site && previous == TierScope::device) ||
                           (tier.scope == TierScope::central && previous != TierScope::central);
      if (!ordered)
        scope.fail("tiers must be ordered device, then at most one site tier, then at most one central tier");
    }
    if (auto flows = tier_node.optional("send_flows")) {
      // An integer >= 1, or `unlimited`.
      if (!flows->is_scalar()) flows->fail("expected an integer >= 1 or `unlimited`");
      if (flows->as_string() == "unlimited")
        tier.send_flows = TierSpec::kUnlimitedSendFlows;
      else
        tier.send_flows = static_cast<int>(flows->as_int(1, 1'000'000));
    }
    std::set<std::string> class_names;
    for (const YNode& class_node : tier_node.required("classes").items()) {
      tier.classes.push_back(parse_host_class(class_node));
      if (!class_names.insert(tier.classes.back().name).second)
        class_node.required("name").fail("host class name used twice in this tier");
    }
    spec.tiers.push_back(std::move(tier));
  }

  if (auto links = root.optional("links")) {
    links->expect_keys({"access", "uplink", "ingress"});
    if (auto access = links->optional("access")) spec.access = parse_link(*access, true);
    if (auto uplink = links->optional("uplink")) spec.uplink = parse_link(*uplink, false);
    if (auto ingress = links->optional("ingress")) spec.ingress = parse_link(*ingress, false);
  }
  if (spec.tiers.back().scope == TierScope::central && spec.sites > 0 && !spec.uplink && !spec.ingress)
    throw InputError(root.location(), "links",
                     "a platform with a central tier needs `uplink` or `ingress` (or both): sites reach it through them");
  if (spec.tiers.size() > 1 && !spec.access)
    throw InputError(root.location(), "links.access",
                     "required when the platform has more than one tier (devices reach the other tiers through it)");
  return spec;
}

PlatformSpec load_platform(const std::string& file) { return parse_platform(YNode::load_file(file)); }

}  // namespace hybridfog

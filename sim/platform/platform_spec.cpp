#include "platform/platform_spec.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>

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

HostClassSpec::Access PlatformSpec::device_access(int device) const {
  const auto& classes = tiers.front().classes;
  int i = device % devices_per_site();
  size_t k = 0;
  while (i >= classes[k].count) i -= classes[k++].count;
  return classes[k].access;
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

// `battery: {capacity: 10Wh, initial: 80%}` or `{capacity: 2000mAh, voltage: 3.7V}` (docs/formats.md, "Batteries").
HostClassSpec::Battery parse_battery(const YNode& node) {
  node.expect_keys({"capacity", "voltage", "initial"});
  HostClassSpec::Battery battery;
  const YNode capacity = node.required("capacity");
  const bool charge = capacity.is_scalar() && parse_quantity(capacity.as_string(), QuantityKind::charge).has_value();
  if (charge) {
    const double coulombs = capacity.as_quantity(QuantityKind::charge, true);
    if (!node.has("voltage"))
      capacity.fail("a capacity in mAh or Ah needs the battery's `voltage` (e.g. voltage: 3.7V) to give its energy");
    battery.capacity_j = coulombs * node.required("voltage").as_quantity(QuantityKind::voltage, true);
    const QuantityRange range = quantity_range(QuantityKind::energy);
    if (battery.capacity_j > range.max)
      capacity.fail(std::string("capacity x voltage must be at most ") + range.max_text + ", got \"" +
                    excerpt(capacity.as_string()) + "\" at " + excerpt(node.required("voltage").as_string()));
    if (battery.capacity_j < range.min)
      capacity.fail(std::string("capacity x voltage must be at least ") + range.min_text);
  } else {
    if (node.has("voltage"))
      node.required("voltage").fail("only a capacity in mAh or Ah takes a `voltage`; this capacity is an energy (Wh, J)");
    battery.capacity_j = capacity.as_quantity(QuantityKind::energy, true);
  }
  if (auto initial = node.optional("initial")) {
    const std::string text = initial->is_scalar() ? initial->as_string() : std::string();
    const auto percent = text.empty() ? std::string::npos : text.find_last_not_of(" \t");
    double value = 0;
    bool parsed = percent != std::string::npos && text[percent] == '%';
    if (parsed) {
      const std::string number = text.substr(0, percent);
      const auto digit = number.find_first_not_of(" \t");
      parsed = digit != std::string::npos && (std::isdigit(static_cast<unsigned char>(number[digit])) != 0 || number[digit] == '.');
      char* end = nullptr;
      if (parsed) value = std::strtod(number.c_str() + digit, &end);
      if (parsed) parsed = end != nullptr && std::string(end).find_first_not_of(" \t") == std::string::npos;
    }
    if (!parsed) initial->fail("expected a percentage like \"80%\", got \"" + excerpt(text) + "\"");
    if (!(value > 0)) initial->fail("must be more than 0% (a device with an empty battery makes no samples)");
    if (value > 100) initial->fail("must be at most 100% of the capacity, got \"" + excerpt(text) + "\"");
    battery.initial_percent = value;
  }
  return battery;
}

HostPriceSpec parse_host_price(const YNode& node, const std::string& currency) {
  node.expect_keys({"per_hour", "per_busy_core_hour", "per_kwh"});
  HostPriceSpec price;
  if (auto v = node.optional("per_hour")) price.per_hour = v->as_price(currency);
  if (auto v = node.optional("per_busy_core_hour")) price.per_busy_core_hour = v->as_price(currency);
  if (auto v = node.optional("per_kwh")) price.per_kwh = v->as_price(currency);
  return price;
}

HostClassSpec parse_host_class(const YNode& node, const std::string& currency) {
  node.expect_keys({"name", "count", "cores", "throughput", "power_per_core", "energy_per_mac", "pstates", "governor",
                    "batching", "profiles", "price", "battery", "access"});
  HostClassSpec c;
  c.name = node.required("name").as_string();
  if (auto count = node.optional("count")) c.count = static_cast<int>(count->as_int(1, kMaxDevices));
  if (auto cores = node.optional("cores")) c.cores = static_cast<int>(cores->as_int(1, 4096));
  const YNode throughput = node.required("throughput");
  c.throughput_mac_per_s = parse_per_precision(throughput, QuantityKind::throughput, true);
  bool any = false;
  for (const auto& t : c.throughput_mac_per_s) any = any || t.has_value();
  if (!any) throughput.fail("give the throughput of at least one precision, e.g. {fp32: \"2GMAC/s\"}");
  const auto pstates = node.optional("pstates");
  if (pstates) {
    if (node.has("power_per_core"))
      node.required("power_per_core").fail("give the power of each performance state in `pstates` instead");
    for (const YNode& state_node : pstates->items()) {
      state_node.expect_keys({"speed", "idle", "busy"});
      HostClassSpec::PerformanceState state;
      const YNode speed = state_node.required("speed");
      state.speed = speed.as_number();
      if (!(state.speed > 0 && state.speed <= 1)) speed.fail("must be in (0, 1] (a fraction of `throughput`)");
      if (c.pstates.empty() && state.speed != 1) speed.fail("the first performance state is the fastest: speed 1");
      if (!c.pstates.empty() && state.speed >= c.pstates.back().speed)
        speed.fail("performance states go from the fastest to the slowest: speeds must decrease");
      state.idle_power_per_core_w = state_node.required("idle").as_quantity(QuantityKind::power, false);
      state.busy_power_per_core_w = state_node.required("busy").as_quantity(QuantityKind::power, false);
      if (state.busy_power_per_core_w < state.idle_power_per_core_w)
        state_node.required("busy").fail("busy power must not be below idle power");
      c.pstates.push_back(state);
    }
  } else {
    const YNode power = node.required("power_per_core");
    power.expect_keys({"idle", "busy"});
    HostClassSpec::PerformanceState state;
    state.idle_power_per_core_w = power.required("idle").as_quantity(QuantityKind::power, false);
    state.busy_power_per_core_w = power.required("busy").as_quantity(QuantityKind::power, false);
    if (state.busy_power_per_core_w < state.idle_power_per_core_w)
      power.required("busy").fail("busy power must not be below idle power");
    c.pstates.push_back(state);
  }
  c.idle_power_per_core_w = c.pstates.front().idle_power_per_core_w;
  c.busy_power_per_core_w = c.pstates.front().busy_power_per_core_w;
  if (auto governor = node.optional("governor")) {
    const std::string kind = governor->required("name").as_choice({"fixed", "ondemand"});
    if (kind == "fixed") {
      governor->expect_keys({"name", "pstate"});
      if (auto p = governor->optional("pstate"))
        c.governor.pstate = static_cast<int>(p->as_int(0, static_cast<long long>(c.pstates.size()) - 1));
    } else {
      governor->expect_keys({"name", "up_queue", "down_after"});
      if (c.pstates.size() < 2) governor->required("name").fail("ondemand needs at least two `pstates`");
      c.governor.kind = HostClassSpec::Governor::Kind::ondemand;
      if (auto q = governor->optional("up_queue")) c.governor.up_queue = static_cast<int>(q->as_int(0, 1'000'000));
      if (auto d = governor->optional("down_after")) c.governor.down_after_s = d->as_quantity(QuantityKind::time, false);
    }
  }
  if (auto batching = node.optional("batching")) {
    batching->expect_keys({"max_size", "max_wait", "time", "table"});
    HostClassSpec::Batching b;
    b.max_size = static_cast<int>(batching->required("max_size").as_int(1, 4096));
    if (auto w = batching->optional("max_wait")) b.max_wait_s = w->as_quantity(QuantityKind::time, false);
    const auto time = batching->optional("time");
    const auto table = batching->optional("table");
    if (time && table) table->fail("give either `time` or `table`, not both");
    if (table) {
      const auto items = table->items();
      if (items.size() < static_cast<size_t>(b.max_size))
        table->fail("needs one relative time per batch size 1.." + std::to_string(b.max_size));
      for (const YNode& item : items) {
        const double v = item.as_number();
        if (b.relative_time.empty() && v != 1) item.fail("the time of a batch of 1 is the unit: the first value is 1");
        if (!std::isfinite(v)) item.fail("must be a finite number");
        if (!b.relative_time.empty() && !(v >= b.relative_time.back()))
          item.fail("a larger batch never takes less time: values must not decrease");
        b.relative_time.push_back(v);
      }
      b.relative_time.resize(static_cast<size_t>(b.max_size));
    } else {
      // time(n) = time(1) x (fixed + per_sample x n) / (fixed + per_sample). Default: fixed 0, per_sample 1.
      double fixed = 0, per_sample = 1;
      if (time) {
        time->expect_keys({"fixed", "per_sample"});
        if (auto f = time->optional("fixed")) fixed = f->as_number();
        if (auto p = time->optional("per_sample")) per_sample = p->as_number();
        if (!(fixed >= 0 && std::isfinite(fixed))) time->required("fixed").fail("must be a finite number >= 0");
        if (!(per_sample >= 0 && std::isfinite(per_sample)))
          time->required("per_sample").fail("must be a finite number >= 0");
        if (!(fixed + per_sample > 0)) time->fail("fixed + per_sample must be > 0");
      }
      for (int n = 1; n <= b.max_size; ++n) b.relative_time.push_back((fixed + per_sample * n) / (fixed + per_sample));
    }
    c.batching = b;
  }
  if (auto energy = node.optional("energy_per_mac"))
    c.energy_per_mac_j = parse_per_precision(*energy, QuantityKind::energy, false);
  if (auto profiles = node.optional("profiles")) c.profiles = parse_host_profiles(*profiles);
  if (auto battery = node.optional("battery")) c.battery = parse_battery(*battery);
  if (auto price = node.optional("price")) c.price = parse_host_price(*price, currency);
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

LinkSpec parse_link(const YNode& node, bool access, int sites, const std::string& currency) {
  node.expect_keys({"bandwidth", "latency", "sharing", "energy_per_bit", "radio", "wifi", "profiles", "price"});
  LinkSpec link;
  // Next to `wifi`, `bandwidth` and `latency` describe the wired access of the device classes that keep one
  // (docs/formats.md, "Wired and wireless access in one platform").
  const bool wired = node.has("bandwidth") || node.has("latency");
  if (auto wifi = node.optional("wifi")) {
    if (!access) wifi->fail("only the access link may be wireless");
    if (!wired)
      if (auto sharing = node.optional("sharing"))
        sharing->fail("a wireless access takes its rates from wifi.rates and has no latency or sharing of its own "
                      "(SimGrid's WiFi medium): remove this key, or give the wired access of a mixed platform its "
                      "`bandwidth` and `latency`");
    if (auto profiles = node.optional("profiles"))
      profiles->fail("a wireless access takes no profiles (its rates follow the stations' distances): remove this key");
    link.wifi = parse_wifi(*wifi, sites);
    link.wired = wired;
    link.bandwidth_bytes_per_s = link.wifi->rates.front().bandwidth_bytes_per_s;
    link.latency_s = 0;
  }
  if (!link.wifi || wired) {
    link.bandwidth_bytes_per_s = node.required("bandwidth").as_quantity(QuantityKind::bandwidth, true);
    link.latency_s = node.required("latency").as_quantity(QuantityKind::time, false);
  }
  if (auto sharing = node.optional("sharing"))
    link.sharing = sharing->as_choice({"shared", "fatpipe"}) == "shared" ? LinkSharing::shared : LinkSharing::fatpipe;
  if (auto energy = node.optional("energy_per_bit")) link.energy_per_bit_j = energy->as_quantity(QuantityKind::energy, false);
  if (auto radio = node.optional("radio")) {
    if (!access) radio->fail("a radio belongs to a device: only the access link may have one");
    link.radio = parse_radio(*radio);
  }
  if (auto profiles = node.optional("profiles")) link.profiles = parse_link_profiles(*profiles);
  if (auto price = node.optional("price")) {
    price->expect_keys({"per_gb"});
    link.price_per_gb = price->required("per_gb").as_price(currency);
  }
  return link;
}

// Each device class's access (docs/formats.md, "Wired and wireless access in one platform"): its `access`, or
// the only kind links.access describes (wired when it describes both). Every kind links.access describes
// must be used by some class, and a class's kind must be described there.
void resolve_device_access(PlatformSpec& spec, const std::vector<YNode>& class_nodes, const YNode& root) {
  const LinkSpec* access = spec.access ? &*spec.access : nullptr;
  bool any_wired = false, any_wifi = false;
  for (size_t k = 0; k < class_nodes.size(); ++k) {
    HostClassSpec& c = spec.tiers.front().classes[k];
    c.access = access && access->wifi && !access->wired ? HostClassSpec::Access::wifi : HostClassSpec::Access::wired;
    if (const auto node = class_nodes[k].optional("access")) {
      c.access = node->as_string() == "wifi" ? HostClassSpec::Access::wifi : HostClassSpec::Access::wired;
      if (!access)
        node->fail("the platform has no links.access: a platform of one tier has no access, give `links.access` "
                   "to one with more tiers");
      if (c.access == HostClassSpec::Access::wifi && !access->wifi)
        node->fail("a WiFi access needs the platform's WiFi settings: add links.access.wifi (rates and access "
                   "points, docs/formats.md \"Wireless access\")");
      if (c.access == HostClassSpec::Access::wired && !access->wired)
        node->fail("a wired access needs links.access.bandwidth and links.access.latency next to links.access.wifi");
    }
    (c.access == HostClassSpec::Access::wifi ? any_wifi : any_wired) = true;
  }
  if (access && access->wifi && access->wired) {
    const YNode links = root.required("links").required("access");
    if (!any_wifi)
      links.required("wifi").fail("no device class uses the WiFi access: give `access: wifi` to the wireless device "
                                  "classes (the others keep the wired access), or remove `wifi`");
    if (!any_wired)
      links.required("bandwidth").fail("every device class uses the WiFi access: leave a device class wired, or "
                                       "remove the wired access's `bandwidth`, `latency` and `sharing`");
  }
}

}  // namespace

PlatformSpec parse_platform(const YNode& root) {
  root.expect_keys({"name", "description", "sites", "tiers", "links", "currency", "price"});
  if (const auto description = root.optional("description")) (void)description->as_string();  // text, if given
  PlatformSpec spec;
  spec.file = root.file();
  spec.name = root.required("name").as_string();
  const auto sites_node = root.optional("sites");
  if (sites_node) spec.sites = static_cast<int>(sites_node->as_int(1, kMaxSites));
  if (const auto currency = root.optional("currency")) {
    spec.currency = currency->as_string();
    if (!valid_currency(spec.currency)) currency->fail("expected a currency word of 1 to 16 letters, like \"USD\"");
  }
  if (const auto price = root.optional("price")) {
    price->expect_keys({"per_kwh"});
    spec.price_per_kwh = price->required("per_kwh").as_price(spec.currency);
  }

  const YNode tiers = root.required("tiers");
  std::set<std::string> names;
  std::vector<YNode> device_class_nodes;  // for their `access` (below, once links.access is known)
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
      tier.classes.push_back(parse_host_class(class_node, spec.currency));
      if (tier.scope == TierScope::device && tier.classes.back().profiles.availability)
        class_node.required("profiles").required("availability").fail(
            "devices fail only at random (the scenario's failures.random) in this version: give availability to edge "
            "or cloud classes, or to links");
      if (tier.scope != TierScope::device && tier.classes.back().battery)
        class_node.required("battery").fail("only devices run on batteries: give `battery` to a class of the device tier");
      if (const auto access = class_node.optional("access")) {
        (void)access->as_choice({"wired", "wifi"});
        if (tier.scope != TierScope::device)
          access->fail("only devices have an access of their own: give `access` to a class of the device tier");
      }
      if (tier.scope == TierScope::device) device_class_nodes.push_back(class_node);
      if (!class_names.insert(tier.classes.back().name).second)
        class_node.required("name").fail("host class name used twice in this tier");
    }
    spec.tiers.push_back(std::move(tier));
  }

  if (auto links = root.optional("links")) {
    links->expect_keys({"access", "uplink", "ingress"});
    if (auto access = links->optional("access")) spec.access = parse_link(*access, true, spec.sites, spec.currency);
    if (auto uplink = links->optional("uplink")) spec.uplink = parse_link(*uplink, false, spec.sites, spec.currency);
    if (auto ingress = links->optional("ingress")) spec.ingress = parse_link(*ingress, false, spec.sites, spec.currency);
  }
  resolve_device_access(spec, device_class_nodes, root);
  if (spec.tiers.back().scope == TierScope::central && spec.sites > 0 && !spec.uplink && !spec.ingress)
    throw InputError(root.location(), "links",
                     "a platform with a central tier needs `uplink` or `ingress` (or both): sites reach it through them");
  // Hosts counted in 64 bits before anything multiplies them in int: the fleet is refused, with its size,
  // when it exceeds the documented limits (docs/formats.md, "Ranges").
  long long per_site_devices = 0, per_site_hosts = 0, central_hosts = 0;
  for (const auto& tier : spec.tiers)
    for (const auto& c : tier.classes) {
      if (tier.scope == TierScope::device) per_site_devices += c.count;
      if (tier.scope == TierScope::site) per_site_hosts += c.count;
      if (tier.scope == TierScope::central) central_hosts += c.count;
    }
  const long long devices = static_cast<long long>(spec.sites) * per_site_devices;
  const long long hosts = devices + static_cast<long long>(spec.sites) * per_site_hosts + central_hosts;
  if (devices > kMaxDevices || hosts > kMaxHosts) {
    const YNode at = sites_node ? *sites_node : root;
    throw InputError(at.location(), sites_node ? "sites" : "tiers",
                     std::to_string(spec.sites) + " sites x " + std::to_string(per_site_devices) + " devices = " +
                         std::to_string(devices) + " devices, " + std::to_string(hosts) + " hosts in all (at most " +
                         std::to_string(kMaxDevices) + " devices and " + std::to_string(kMaxHosts) + " hosts)");
  }
  // A wireless access gives every device a station at every site it may reach (docs/architecture.md,
  // "Wireless access"): at most devices x sites stations, bounded like hosts.
  long long wifi_devices = 0;
  for (const auto& c : spec.tiers.front().classes)
    if (c.access == HostClassSpec::Access::wifi) wifi_devices += static_cast<long long>(spec.sites) * c.count;
  if (spec.access && spec.access->wifi && wifi_devices * spec.sites > kMaxHosts)
    throw InputError(root.location(), "links.access.wifi",
                     std::to_string(wifi_devices) + " WiFi devices x " + std::to_string(spec.sites) +
                         " wireless sites may need that many stations (at most " + std::to_string(kMaxHosts) + ")");
  if (spec.tiers.size() > 1 && !spec.access)
    throw InputError(root.location(), "links.access",
                     "required when the platform has more than one tier (devices reach the other tiers through it)");
  return spec;
}

PlatformSpec load_platform(const std::string& file) { return parse_platform(YNode::load_file(file)); }

}  // namespace hybridfog

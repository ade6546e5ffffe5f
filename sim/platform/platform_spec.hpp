#pragma once
// Room platform/ (docs/architecture.md). Owns: PlatformSpec (tiers, host classes, links, routes by link
// class) and the builder into SimGrid zones. May use: core, SimGrid (the builder only).
//
// PlatformSpec: the fog platform as plain, validated data (all quantities SI).
//
// Shape of every platform: `sites` edge sites. Tiers are ordered, from the data outwards:
//   - exactly one tier of scope `device` first (one host per device; each site has its devices),
//   - at most one tier of scope `site` (servers at every edge site),
//   - at most one tier of scope `central` (the cloud, shared by all sites).
// Links: `access` (one per device, device <-> its site), `uplink` (one per site, site <-> the central
// tier), `ingress` (one, in front of the central tier). A route uses the links between its two ends.
#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/precision.hpp"
#include "platform/wifi_spec.hpp"
#include "platform/profile_spec.hpp"

namespace hybridfog {

class YNode;

enum class TierScope { device, site, central };
const char* tier_scope_name(TierScope scope);

// Documented limits (docs/formats.md, "Ranges"), checked by parse_platform in 64-bit arithmetic, so that
// every count below fits an int.
constexpr long long kMaxSites = 100'000;
constexpr long long kMaxDevices = 1'000'000;  // sites x device hosts per site
constexpr long long kMaxHosts = 1'100'000;    // devices + site hosts + central hosts

// What a host class costs (docs/formats.md, "Prices"), in the platform's `currency`. Every price >= 0.
struct HostPriceSpec {
  double per_hour = 0;            // per host of the class and hour provisioned (the whole run: sim_time_s)
  double per_busy_core_hour = 0;  // per core-hour of computation on the class's hosts (serverless)
  // Per kWh of the class's hosts' energy (their radios' included); nullopt: the platform's `price.per_kwh`.
  std::optional<double> per_kwh;
};

struct HostClassSpec {
  std::string name;
  // Hosts of this class: per site for `device` and `site` tiers, in total for the `central` tier. >= 1.
  int count = 1;
  int cores = 1;  // >= 1
  // MAC/s of ONE core at each precision; nullopt when the class cannot run that precision.
  std::array<std::optional<double>, kPrecisionCount> throughput_mac_per_s{};
  double idle_power_per_core_w = 0;  // power of one idle core (host energy plugin)
  double busy_power_per_core_w = 0;  // power of one fully busy core
  // Joules per MAC at each precision for the analytic compute-energy view; nullopt: not reported.
  std::array<std::optional<double>, kPrecisionCount> energy_per_mac_j{};

  // Performance states (DVFS), fastest first; never empty. Without `pstates` in the file: one state of
  // speed 1 with the power_per_core figures. idle/busy_power_per_core_w above are those of state 0.
  struct PerformanceState {
    double speed = 1;                  // fraction of `throughput`, in (0, 1]; state 0 has speed 1
    double idle_power_per_core_w = 0;
    double busy_power_per_core_w = 0;  // >= idle
  };
  std::vector<PerformanceState> pstates;

  // Which state a host runs in (docs/formats.md, "DVFS"). Default: fixed at state 0.
  struct Governor {
    enum class Kind { fixed, ondemand } kind = Kind::fixed;
    int pstate = 0;            // fixed: the state
    int up_queue = 1;          // ondemand: go to state 0 when this many samples wait for a core (0: on any work)
    double down_after_s = 0;   // ondemand: go to the slowest state after the host has been idle this long
  } governor;

  // Batching (docs/formats.md, "Batching"): samples of the same stage are computed together.
  struct Batching {
    int max_size = 1;          // >= 1; 1: no batching
    double max_wait_s = 0;     // a batch starts at most this long after its first sample arrived
    // relative_time[n - 1]: time of a batch of n samples / time of one sample. [0] = 1, non-decreasing.
    std::vector<double> relative_time;
  };
  std::optional<Batching> batching;

  // Speed and availability over time of every host of the class (docs/formats.md, "Profiles").
  // Default: none (the host keeps its throughput and is always on).
  HostProfiles profiles;

  // A battery (docs/formats.md, "Batteries"): device tier only. Each device of the class starts with
  // `initial_percent` / 100 x `capacity_j` joules, drained by its host energy (idle and dynamic) and its
  // radio; an empty device stops. Default: none (wall power, never empty).
  struct Battery {
    double capacity_j = 0;         // > 0, at most 1e12 J (Wh, J, or mAh x voltage in the file)
    double initial_percent = 100;  // (0, 100]: `initial` in the file. Default: 100%
    double initial_j() const { return capacity_j * (initial_percent / 100.0); }
  };
  std::optional<Battery> battery;

  // Its prices (docs/formats.md, "Prices"). Default: none (costs nothing).
  std::optional<HostPriceSpec> price;

  // Device classes only: how its devices reach their site (docs/formats.md, "Wired and wireless access in
  // one platform"): over an access link of their own (`wired`) or over the site's WiFi medium (`wifi`).
  // Default: the only kind links.access describes; `wired` when it describes both.
  enum class Access : unsigned char { wired, wifi };
  Access access = Access::wired;
};

struct TierSpec {
  std::string name;
  TierScope scope = TierScope::device;
  std::vector<HostClassSpec> classes;  // at least one
  // Outgoing transfers one host of this tier keeps in flight at once; further ones wait in the host's
  // send queue (FIFO) and start as earlier ones finish. kUnlimitedSendFlows: no queue (every transfer
  // is its own concurrent flow at once). Default: 1 (docs/formats.md, "Send queue").
  int send_flows = 1;
  static constexpr int kUnlimitedSendFlows = 0;
};

enum class LinkSharing { shared, fatpipe };

// A device's radio with states (docs/formats.md, "Radio"): only on the access link. Defaults: SimGrid's
// WiFi energy plugin figures (from ns-3): transmit 1.14 W, receive 0.94 W, idle 0.82 W, no tail.
struct RadioSpec {
  double transmit_power_w = 1.14;
  double receive_power_w = 0.94;
  double idle_power_w = 0.82;
  double tail_s = 0;          // the radio stays at tail_power_w this long after the last transfer
  double tail_power_w = 0;    // REQUIRED when tail_s > 0
};

// The three kinds of links of every platform (see the top of this file).
enum class LinkClass : unsigned char { access, uplink, ingress };
inline const char* link_class_name(LinkClass c) {
  return c == LinkClass::access ? "access" : c == LinkClass::uplink ? "uplink" : "ingress";
}

// Link classes a message crosses between a host of scope `a` and a host of scope `b`, from the device side
// outwards (docs/formats.md, "Routes"): access when one end is a device, then uplink and ingress when one
// end is central. None between two hosts of the same scope. A class the platform does not declare is
// skipped by the caller (PlatformSpec::link gives nullptr). Used by the SimGrid builder and the cost model.
struct LinkClassRoute {
  LinkClass classes[3];
  int count = 0;
  const LinkClass* begin() const { return classes; }
  const LinkClass* end() const { return classes + count; }
};
inline LinkClassRoute route_link_classes(TierScope a, TierScope b) {
  if (a > b) std::swap(a, b);
  LinkClassRoute route;
  if (a == b) return route;
  if (a == TierScope::device) route.classes[route.count++] = LinkClass::access;
  if (b == TierScope::central) {
    route.classes[route.count++] = LinkClass::uplink;
    route.classes[route.count++] = LinkClass::ingress;
  }
  return route;
}

struct LinkSpec {
  double bandwidth_bytes_per_s = 0;  // > 0
  double latency_s = 0;              // >= 0
  LinkSharing sharing = LinkSharing::shared;
  std::optional<double> energy_per_bit_j;  // J per bit carried, for network_energy_j; Default: not reported
  std::optional<RadioSpec> radio;          // access links only; Default: no radio model
  // Access links only: the access is wireless (docs/formats.md, "Wireless access"): one shared WiFi medium
  // per site instead of a link per device. bandwidth_bytes_per_s is then the best rate level's and
  // latency_s is 0 (SimGrid's WiFi links have none); sharing does not apply. Default: wired access.
  std::optional<WifiSpec> wifi;
  // Access links only: the access describes a wired link (`bandwidth`, `latency`). False for a WiFi-only
  // access; true next to `wifi` in a platform whose device classes choose their access (HostClassSpec::access),
  // bandwidth_bytes_per_s and latency_s being then the wired links' (docs/formats.md, "Wired and wireless
  // access in one platform").
  bool wired = true;
  // Bandwidth, latency and availability over time of every link of the class (docs/formats.md,
  // "Profiles"); bandwidth_bytes_per_s and latency_s above hold until the first step. Default: none.
  LinkProfiles profiles;
  // Price per GB (1e9 bytes) carried by a link of the class, both directions, in the platform's currency
  // (docs/formats.md, "Prices"); Default: none.
  std::optional<double> price_per_gb;
};

struct PlatformSpec {
  std::string name;
  std::string file;  // where it was read from
  int sites = 1;     // >= 1
  std::vector<TierSpec> tiers;
  std::optional<LinkSpec> access;   // REQUIRED when there is more than one tier
  std::optional<LinkSpec> uplink;   // optional: absent means the site reaches the cloud without a bottleneck
  std::optional<LinkSpec> ingress;  // optional
  // Prices (docs/formats.md, "Prices"): the one currency every price is in (`currency`, Default "USD") and
  // the price per kWh of every host's, radio's and link's energy (`price.per_kwh`; a host class may give its
  // own). Default: no price anywhere, and no cost in the outputs.
  std::string currency = "USD";
  std::optional<double> price_per_kwh;

  // Some device class reaches its site over WiFi (links.access.wifi): the platform has a wireless access.
  bool has_wifi() const { return access && access->wifi; }
  // Wired and WiFi device classes side by side (docs/formats.md, "Wired and wireless access in one platform").
  bool mixed_access() const { return access && access->wifi && access->wired; }
  // The access of `device` (device number), from its class.
  HostClassSpec::Access device_access(int device) const;

  // Index of the tier called `name`, or -1.
  int tier_index(const std::string& name) const;
  int devices_per_site() const;  // sum of the device tier's class counts
  int device_count() const { return sites * devices_per_site(); }  // <= kMaxDevices (checked at parse)
  // True when any link class or host class carries a profile (docs/formats.md, "Profiles").
  // Some device class runs on a battery.
  bool has_batteries() const {
    for (const auto& tier : tiers)
      for (const auto& c : tier.classes)
        if (c.battery) return true;
    return false;
  }
  bool has_profiles() const {
    for (const auto& tier : tiers)
      for (const auto& c : tier.classes)
        if (c.profiles.any()) return true;
    for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
      if (link(c) && link(c)->profiles.any()) return true;
    return false;
  }
  // True when any price is declared (the platform's, a host class's or a link class's): runs report a cost.
  bool has_prices() const {
    if (price_per_kwh) return true;
    for (const auto& tier : tiers)
      for (const auto& c : tier.classes)
        if (c.price) return true;
    for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
      if (link(c) && link(c)->price_per_gb) return true;
    return false;
  }
  // The platform's link of a class, nullptr when it declares none.
  const LinkSpec* link(LinkClass c) const {
    const auto& l = c == LinkClass::access ? access : c == LinkClass::uplink ? uplink : ingress;
    return l ? &*l : nullptr;
  }
};

// Parses and validates a platform file. Throws InputError.
PlatformSpec load_platform(const std::string& file);
PlatformSpec parse_platform(const YNode& root);

}  // namespace hybridfog

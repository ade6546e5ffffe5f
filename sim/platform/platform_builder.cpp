#include "platform/platform_builder.hpp"

#include "platform/ns3_clock.hpp"

#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cstdio>

namespace sg4 = simgrid::s4u;

namespace hybridfog {
namespace {

std::string watts(double w) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", w);
  return buffer;
}

// Host energy plugin, "Idle:Epsilon:AllCores" per performance state: SimGrid 3.32 draws Idle when no
// core is loaded and Epsilon + load * (AllCores - Epsilon) otherwise, with load = busy cores / cores. With
// Epsilon = c*i and AllCores = c*b a host of c cores, idle power i and busy power b per core (in its
// current state) draws exactly c*i + k*(b - i) while k cores are busy.
void set_power(sg4::Host* host, const HostClassSpec& c) {
  std::string states;
  for (const auto& state : c.pstates) {
    const double idle = c.cores * state.idle_power_per_core_w;
    const double all_cores = c.cores * state.busy_power_per_core_w;
    states += (states.empty() ? "" : ",") + watts(idle) + ":" + watts(idle) + ":" + watts(all_cores);
  }
  host->set_property("wattage_per_state", states);
  host->set_property("wattage_off", "0");
}

namespace profile = simgrid::kernel::profile;

// One SimGrid profile for a ValueProfile, shared by every resource of its class (each resource gets its
// own cursor into it). SimGrid's dated values are delays since the previous value; a periodic profile's
// callback appends the pattern again each time its values run out, the first delay stretched to reach
// the next period.
profile::Profile* make_profile(const std::string& name, const ValueProfile& spec) {
  if (spec.steps.empty()) return nullptr;
  std::vector<profile::DatedValue> pattern;
  double last = 0;
  for (const auto& step : spec.steps) {
    pattern.emplace_back(step.time_s - last, step.value);
    last = step.time_s;
  }
  const double repeat_delay = spec.period_s ? *spec.period_s - last : -1.0;
  return profile::ProfileBuilder::from_callback(
      name,
      [pattern, repeat_delay](std::vector<profile::DatedValue>& values) {
        const size_t initial = values.size();
        if (initial > 0 && repeat_delay < 0) return;
        for (const auto& value : pattern) values.push_back(value);
        if (initial > 0) values[initial].date_ += repeat_delay;
      },
      repeat_delay);
}

// Availability is not a SimGrid profile: the simulation turns hosts and links off and on itself, at the
// same instants, because it must account the work in flight at the failure instant before SimGrid discards
// it (docs/architecture.md, "Failures").
struct LinkClassProfiles {
  profile::Profile *bandwidth = nullptr, *latency = nullptr;
};
struct HostClassProfiles {
  profile::Profile *speed = nullptr;
};

LinkClassProfiles make_link_profiles(const std::string& name, const LinkProfiles& spec) {
  LinkClassProfiles out;
  if (spec.bandwidth) out.bandwidth = make_profile(name + ".bandwidth", *spec.bandwidth);
  if (spec.latency) out.latency = make_profile(name + ".latency", *spec.latency);
  return out;
}

sg4::Link* make_link(sg4::NetZone* zone, const std::string& name, const LinkSpec& spec,
                     const LinkClassProfiles& profiles) {
  sg4::Link* link = zone->create_link(name, spec.bandwidth_bytes_per_s);
  link->set_latency(spec.latency_s);
  link->set_sharing_policy(spec.sharing == LinkSharing::fatpipe ? sg4::Link::SharingPolicy::FATPIPE
                                                                 : sg4::Link::SharingPolicy::SHARED);
  if (profiles.bandwidth) link->set_bandwidth_profile(profiles.bandwidth);
  if (profiles.latency) link->set_latency_profile(profiles.latency);
  return link->seal();
}

}  // namespace

BuiltPlatform::Route BuiltPlatform::route(int from_host, int to_host) const {
  Route out;
  if (from_host == to_host) return out;
  const auto scope = [](const BuiltHost& h) {
    return h.tier == 0 ? TierScope::device : (h.site >= 0 ? TierScope::site : TierScope::central);
  };
  // The end nearer the device names the access link (its device) and the uplink (its site).
  const BuiltHost* a = &hosts[from_host];
  const BuiltHost* b = &hosts[to_host];
  if (scope(*a) > scope(*b)) std::swap(a, b);
  if (a->site >= 0 && b->site >= 0 && a->site != b->site) {
    // Between two sites (a horizontal offload, docs/orchestration.md): the nearer end's access link when it
    // is a device, its site's uplink, then the other site's uplink.
    if (a->tier == 0 && access_link[a->device] >= 0) out.links[out.count++] = access_link[a->device];
    if (uplink_link[a->site] >= 0) out.links[out.count++] = uplink_link[a->site];
    if (uplink_link[b->site] >= 0) out.links[out.count++] = uplink_link[b->site];
    return out;
  }
  for (LinkClass link_class : route_link_classes(scope(*a), scope(*b))) {
    const int link = link_class == LinkClass::access   ? access_link[a->device]
                     : link_class == LinkClass::uplink ? uplink_link[a->site]
                                                       : ingress_link;
    if (link >= 0) out.links[out.count++] = link;
  }
  return out;
}

BuiltPlatform::Route BuiltPlatform::wireless_route(int site, int other_host) const {
  Route out;
  out.links[out.count++] = wifi_link[site];
  const BuiltHost& other = hosts[other_host];
  if (other.site == site) return out;
  if (uplink_link[site] >= 0) out.links[out.count++] = uplink_link[site];
  const int far = other.site >= 0 ? uplink_link[other.site] : ingress_link;
  if (far >= 0) out.links[out.count++] = far;
  return out;
}

namespace {

// PlatformShape::one_hop (platform_builder.hpp): for SimGrid's ns-3 binding. Hosts, links and their order in
// `built` are those of the zones layout, so that outputs list them alike.
BuiltPlatform build_one_hop(const PlatformSpec& spec, double work_units_per_second) {
  use_picosecond_time_in_ns3();
  BuiltPlatform built;
  sg4::NetZone* zone = sg4::create_full_zone("world");
  const int tier_count = static_cast<int>(spec.tiers.size());
  built.tier_hosts.assign(tier_count, std::vector<std::vector<int>>(spec.sites));
  const auto add_host = [&](const std::string& name, int tier, int site, int class_index) {
    const HostClassSpec& c = spec.tiers[tier].classes[class_index];
    std::vector<double> speeds;
    for (const auto& state : c.pstates) speeds.push_back(state.speed * work_units_per_second);
    sg4::Host* host = zone->create_host(name, speeds);
    host->set_core_count(c.cores);
    set_power(host, c);
    if (c.profiles.speed) host->set_speed_profile(make_profile(spec.tiers[tier].name + "/" + c.name + ".speed", *c.profiles.speed));
    host->seal();
    built.hosts.push_back({host, tier, site, class_index, -1});
    return static_cast<int>(built.hosts.size()) - 1;
  };
  const auto add_link = [&](const std::string& name, const std::string& link_class, const LinkSpec& link_spec) {
    sg4::Link* link = make_link(zone, name, link_spec, {});
    built.links.push_back({link, link_class, &link_spec, name, {link}});
    return static_cast<int>(built.links.size()) - 1;
  };
  int lans = 0;
  const auto lan = [&]() { return zone->create_link("lan-" + std::to_string(lans++), kLanBytesPerS)->set_latency(0)->seal(); };
  using simgrid::kernel::routing::NetPoint;
  const auto wire = [&](NetPoint* a, NetPoint* b, sg4::Link* link) {
    zone->add_route(a, b, nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
  };

  const bool central = spec.tiers.back().scope == TierScope::central;
  const bool ingress_per_site = central && spec.ingress && spec.ingress->sharing == LinkSharing::fatpipe && spec.sites > 0;
  NetPoint* central_gateway = nullptr;
  NetPoint* core = nullptr;  // a shared ingress joins the sites' uplinks here
  if (central) {
    const TierSpec& tier = spec.tiers.back();
    central_gateway = zone->create_router(tier.name + "-gateway");
    std::vector<int> hosts;
    for (size_t k = 0; k < tier.classes.size(); ++k)
      for (int i = 0; i < tier.classes[k].count; ++i) {
        const int h = add_host(tier.name + "-" + tier.classes[k].name + "-" + std::to_string(i), tier_count - 1, -1,
                               static_cast<int>(k));
        wire(built.hosts[h].host->get_netpoint(), central_gateway, lan());
        hosts.push_back(h);
      }
    for (int s = 0; s < spec.sites; ++s) built.tier_hosts[tier_count - 1][s] = hosts;
  }
  if (spec.ingress) {
    built.ingress_link = add_link(ingress_per_site ? "site0-ingress" : "ingress", "ingress", *spec.ingress);
    built.links[built.ingress_link].name = "ingress";
    if (ingress_per_site) {
      for (int s = 1; s < spec.sites; ++s)
        built.links[built.ingress_link].copies.push_back(make_link(zone, "site" + std::to_string(s) + "-ingress", *spec.ingress, {}));
    } else if (central) {
      core = zone->create_router("core");
      wire(core, central_gateway, built.links[built.ingress_link].link);
    }
  }
  for (int s = 0; s < spec.sites; ++s) {
    const std::string site_name = "site" + std::to_string(s);
    NetPoint* gateway = zone->create_router(site_name + "-gateway");
    for (int t = 0; t < tier_count; ++t) {
      if (spec.tiers[t].scope == TierScope::central) continue;
      for (size_t k = 0; k < spec.tiers[t].classes.size(); ++k)
        for (int i = 0; i < spec.tiers[t].classes[k].count; ++i) {
          const std::string name =
              site_name + "-" + spec.tiers[t].name + "-" + spec.tiers[t].classes[k].name + "-" + std::to_string(i);
          const int h = add_host(name, t, s, static_cast<int>(k));
          built.tier_hosts[t][s].push_back(h);
          sg4::Link* link = nullptr;
          if (spec.tiers[t].scope == TierScope::device) {
            built.hosts[h].device = static_cast<int>(built.device_host.size());
            built.device_host.push_back(h);
            built.device_site.push_back(s);
            int access = -1;
            if (spec.access) {
              access = add_link(name + "-access", "access", *spec.access);
              link = built.links[access].link;
            }
            built.access_link.push_back(access);
          }
          wire(built.hosts[h].host->get_netpoint(), gateway, link ? link : lan());
        }
    }
    int uplink = -1;
    if (central && spec.uplink) uplink = add_link(site_name + "-uplink", "uplink", *spec.uplink);
    built.uplink_link.push_back(uplink);
    if (!central) continue;
    // Out of the site: its uplink (or a LAN link), then the ingress (its copy, the shared one, or none).
    sg4::Link* up = uplink >= 0 ? built.links[uplink].link : nullptr;
    if (ingress_per_site) {
      sg4::Link* ingress = built.links[built.ingress_link].copies[static_cast<size_t>(s)];
      if (!up) {
        wire(gateway, central_gateway, ingress);
      } else {
        NetPoint* site_core = zone->create_router(site_name + "-core");
        wire(gateway, site_core, up);
        wire(site_core, central_gateway, ingress);
      }
    } else {
      wire(gateway, core ? core : central_gateway, up ? up : lan());
    }
  }
  zone->seal();
  // SimGrid 3.32 fires this only after parsing an XML platform; its ns-3 binding computes its routes then.
  sg4::Engine::on_platform_created();
  keep_timers_reachable_under_ns3();
  return built;
}

}  // namespace

BuiltPlatform build_platform(const PlatformSpec& spec, double work_units_per_second,
                             const std::vector<std::vector<int>>& station_sites, PlatformShape shape,
                             const std::function<void(int, int)>& on_site) {
  if (shape == PlatformShape::one_hop) return build_one_hop(spec, work_units_per_second);
  BuiltPlatform built;
  // The root is a star: each site and the central tier hang off it by their own route (uplink, ingress),
  // so routing state grows with the sites, not with their square (a full zone's table is sites² entries:
  // 800 MB at 10,000 sites).
  sg4::NetZone* root = sg4::create_star_zone("world");
  const int tier_count = static_cast<int>(spec.tiers.size());
  built.tier_hosts.assign(tier_count, std::vector<std::vector<int>>(spec.sites));

  // Profiles (docs/formats.md, "Profiles"): one SimGrid profile per class and kind.
  std::vector<std::vector<HostClassProfiles>> host_profiles(tier_count);
  for (int t = 0; t < tier_count; ++t)
    for (const auto& c : spec.tiers[t].classes) {
      HostClassProfiles p;
      const std::string name = spec.tiers[t].name + "/" + c.name;
      if (c.profiles.speed) p.speed = make_profile(name + ".speed", *c.profiles.speed);
      host_profiles[t].push_back(p);
    }
  LinkClassProfiles link_profiles[3];
  for (LinkClass link_class : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
    if (const LinkSpec* link = spec.link(link_class))
      link_profiles[static_cast<int>(link_class)] = make_link_profiles(link_class_name(link_class), link->profiles);

  const auto add_host = [&](sg4::NetZone* zone, const std::string& name, int tier, int site, int class_index) {
    const HostClassSpec& c = spec.tiers[tier].classes[class_index];
    std::vector<double> speeds;  // one per performance state, fastest first
    for (const auto& state : c.pstates) speeds.push_back(state.speed * work_units_per_second);
    sg4::Host* host = zone->create_host(name, speeds);
    host->set_core_count(c.cores);
    set_power(host, c);
    const HostClassProfiles& profiles = host_profiles[tier][class_index];
    if (profiles.speed) host->set_speed_profile(profiles.speed);
    host->seal();
    built.hosts.push_back({host, tier, site, class_index, -1});
    return static_cast<int>(built.hosts.size()) - 1;
  };
  const auto add_link = [&](sg4::NetZone* zone, const std::string& name, const std::string& link_class,
                            const LinkSpec& link_spec) {
    const LinkClassProfiles& profiles = link_profiles[link_class == "access" ? 0 : link_class == "uplink" ? 1 : 2];
    sg4::Link* link = make_link(zone, name, link_spec, profiles);
    built.links.push_back({link, link_class, &link_spec, name, {link}});
    return static_cast<int>(built.links.size()) - 1;
  };

  // The central tier (if any).
  sg4::NetZone* central = nullptr;
  simgrid::kernel::routing::NetPoint* central_gateway = nullptr;
  int central_tier = -1;
  if (spec.tiers.back().scope == TierScope::central) {
    central_tier = tier_count - 1;
    central = sg4::create_star_zone(spec.tiers.back().name);
    central->set_parent(root);
    central_gateway = central->create_router(spec.tiers.back().name + "-gateway");
    central->add_route(central_gateway, nullptr, nullptr, nullptr, {}, true);
    std::vector<int> hosts;
    for (size_t k = 0; k < spec.tiers.back().classes.size(); ++k)
      for (int i = 0; i < spec.tiers.back().classes[k].count; ++i) {
        const std::string name = spec.tiers.back().name + "-" + spec.tiers.back().classes[k].name + "-" + std::to_string(i);
        const int h = add_host(central, name, central_tier, -1, static_cast<int>(k));
        central->add_route(built.hosts[h].host->get_netpoint(), nullptr, nullptr, nullptr, {}, true);
        hosts.push_back(h);
      }
    central->seal();
    for (int s = 0; s < spec.sites; ++s) built.tier_hosts[central_tier][s] = hosts;
  }
  // A fatpipe ingress is one link per site in SimGrid, on the site's side of the star. A fatpipe bounds every
  // flow by its bandwidth on its own, so the copies carry each flow exactly as one link would (same bound,
  // same latency; outputs meter them as the one link "ingress"). One shared SimGrid link would tie every
  // flow to the central tier into one component of SimGrid's max-min system, re-solved at every flow's
  // start and end: O(flows to the cloud) per event (docs/performance.md, "A million devices").
  // Not with a wireless access: sites then reach each other through the root too, and that route must cross
  // their uplinks only.
  const bool wireless_access = spec.access && spec.access->wifi;
  const bool ingress_per_site = central && spec.ingress && spec.ingress->sharing == LinkSharing::fatpipe &&
                                spec.sites > 0 && !wireless_access && shape != PlatformShape::zones_between_sites;
  if (spec.ingress) {
    built.ingress_link = ingress_per_site ? add_link(root, "site0-ingress", "ingress", *spec.ingress)
                                          : add_link(root, "ingress", "ingress", *spec.ingress);
    built.links[built.ingress_link].name = "ingress";
    if (ingress_per_site)
      for (int s = 1; s < spec.sites; ++s)
        built.links[built.ingress_link].copies.push_back(
            make_link(root, "site" + std::to_string(s) + "-ingress", *spec.ingress, link_profiles[2]));
  }
  if (central) {
    // Into and out of the central tier: the ingress link (none: no link on this side, or copies on the sites').
    std::vector<sg4::LinkInRoute> links;
    if (built.ingress_link >= 0 && !ingress_per_site) links.emplace_back(built.links[built.ingress_link].link);
    root->add_route(central->get_netpoint(), nullptr, central_gateway, nullptr, links, true);
  }

  // Site zones are filled while they are outside the zone tree and attached to the root afterwards: SimGrid
  // checks that every new host and link name is unique by searching the whole tree from its root, zone by
  // zone, so filling attached zones costs O(sites) per host (O(devices x sites) in all: 75 % of a
  // 100,000-device run's time, and days at a million devices). A detached zone gets its models from the
  // root directly; names stay unique by construction.
  const auto* root_impl = root->get_impl();
  const auto detached_zone = [root_impl](const std::string& name) {  // a star zone with the root's models
    sg4::NetZone* zone = sg4::create_star_zone(name);
    auto* impl = zone->get_impl();
    impl->set_network_model(root_impl->get_network_model());
    impl->set_cpu_pm_model(root_impl->get_cpu_pm_model());
    impl->set_cpu_vm_model(root_impl->get_cpu_vm_model());
    impl->set_disk_model(root_impl->get_disk_model());
    impl->set_host_model(root_impl->get_host_model());
    return zone;
  };
  // Wireless access: per site a WiFi zone (its access point, a router, and the stations of every device
  // that may reach the site) below the site zone, reached from it through the access point. SimGrid's
  // WiFi links have one bandwidth per rate level and no latency.
  const WifiSpec* wifi = spec.access && spec.access->wifi ? &*spec.access->wifi : nullptr;
  std::vector<std::vector<int>> site_stations;  // site -> devices with a station there
  // The media's link spec: the access's, or in a platform of wired and WiFi device classes a copy with the
  // WiFi figures (its bandwidth and latency are the wired links').
  const LinkSpec* medium_spec = spec.access ? &*spec.access : nullptr;
  if (wifi && spec.access->wired) {
    LinkSpec medium = *spec.access;
    medium.wired = false;
    medium.bandwidth_bytes_per_s = wifi->rates.front().bandwidth_bytes_per_s;
    medium.latency_s = 0;
    medium.sharing = LinkSharing::shared;
    built.wifi_medium_spec = std::make_shared<const LinkSpec>(std::move(medium));
    medium_spec = built.wifi_medium_spec.get();
  }
  if (wifi) {
    site_stations.resize(spec.sites);
    for (size_t d = 0; d < station_sites.size(); ++d)
      for (int site : station_sites[d]) site_stations[site].push_back(static_cast<int>(d));
    built.stations.resize(static_cast<size_t>(spec.device_count()));
  }
  const auto add_wifi_zone = [&](sg4::NetZone* site_zone, int s) {
    const std::string name = "site" + std::to_string(s) + "-wifi";
    sg4::NetZone* zone = sg4::create_wifi_zone(name);
    zone->set_parent(site_zone);
    auto* ap = zone->create_router(name + "-ap");
    zone->set_property("access_point", name + "-ap");
    std::vector<sg4::Host*> hosts;
    for (int d : site_stations[s]) {
      sg4::Host* station = zone->create_host(name + "-station-" + std::to_string(d), 1.0);
      station->set_property("wattage_per_state", "0:0:0");
      station->set_property("wattage_off", "0");
      station->seal();
      built.stations[d].push_back({s, station});
      hosts.push_back(station);
    }
    std::vector<double> rates;
    for (const WifiRateLevel& level : wifi->rates) rates.push_back(level.bandwidth_bytes_per_s);
    sg4::Link* medium = zone->create_link(name + "-medium", rates);
    medium->seal();
    for (sg4::Host* station : hosts) medium->set_host_wifi_rate(station, 0);
    built.links.push_back({medium, "access", medium_spec, name + "-medium", {medium}});
    built.wifi_link.push_back(static_cast<int>(built.links.size()) - 1);
    zone->seal();
    // The access point's wired port: a fatpipe without latency whose bandwidth never binds. SimGrid 3.32
    // takes a route made of the WiFi link alone for the sender's WiFi link; with the port, a route from a
    // server of the site to a station ends with the medium (the receiver's), one from a station starts with it.
    sg4::Link* port = site_zone->create_link(name + "-ap-port", 1e15);
    port->set_sharing_policy(sg4::Link::SharingPolicy::FATPIPE);
    port->seal();
    site_zone->add_route(zone->get_netpoint(), nullptr, ap, nullptr, {sg4::LinkInRoute(port)}, true);
  };
  std::vector<std::pair<sg4::NetZone*, simgrid::kernel::routing::NetPoint*>> site_zones;  // zone, gateway
  for (int s = 0; s < spec.sites; ++s) {
    const std::string site_name = "site" + std::to_string(s);
    sg4::NetZone* zone = detached_zone(site_name);
    // With a wireless access the site's hosts and gateway live in a "wired" zone beside its WiFi zone:
    // SimGrid resolves a route between netpoints of different depths inside one zone as if both were
    // its own, so every netpoint of the site must sit one level below the site zone.
    sg4::NetZone* hosts_zone = zone;
    if (wifi) {
      hosts_zone = sg4::create_star_zone(site_name + "-wired");
      hosts_zone->set_parent(zone);
    }
    auto* gateway = hosts_zone->create_router(site_name + "-gateway");
    hosts_zone->add_route(gateway, nullptr, nullptr, nullptr, {}, true);
    for (int t = 0; t < tier_count; ++t) {
      if (spec.tiers[t].scope == TierScope::central) continue;
      for (size_t k = 0; k < spec.tiers[t].classes.size(); ++k) {
        for (int i = 0; i < spec.tiers[t].classes[k].count; ++i) {
          const std::string name =
              site_name + "-" + spec.tiers[t].name + "-" + spec.tiers[t].classes[k].name + "-" + std::to_string(i);
          const int h = add_host(hosts_zone, name, t, s, static_cast<int>(k));
          built.tier_hosts[t][s].push_back(h);
          std::vector<sg4::LinkInRoute> links;
          if (spec.tiers[t].scope == TierScope::device) {
            built.hosts[h].device = static_cast<int>(built.device_host.size());
            built.device_host.push_back(h);
            built.device_site.push_back(s);
            int access = -1;
            // WiFi devices' transfers go through their stations; wired ones' through their access link.
            if (spec.access && (!wifi || spec.tiers[t].classes[k].access == HostClassSpec::Access::wired)) {
              access = add_link(zone, name + "-access", "access", *spec.access);
              links.emplace_back(built.links[access].link);
            }
            built.access_link.push_back(access);
          }
          hosts_zone->add_route(built.hosts[h].host->get_netpoint(), nullptr, nullptr, nullptr, links, true);
        }
      }
    }
    if (wifi) {
      hosts_zone->seal();
      zone->add_route(hosts_zone->get_netpoint(), nullptr, gateway, nullptr, {}, true);
      add_wifi_zone(zone, s);
    }
    site_zones.emplace_back(zone, gateway);
    // The uplink too is created while no site zone is attached (a cheap name check).
    int uplink = -1;
    if ((central || wifi) && spec.uplink) uplink = add_link(root, site_name + "-uplink", "uplink", *spec.uplink);
    built.uplink_link.push_back(uplink);
    if (on_site) on_site(s + 1, spec.sites);
  }
  // The sites hang off the root through two levels of star zones without links: the zone "site zones" and
  // below it groups of up to kSitesPerGroup sites. Routes keep their links and their order (a group or the
  // "site zones" zone adds none). Two costs of SimGrid 3.32 that grow with the square of the sites are
  // avoided this way (docs/performance.md, "100,000 sites"):
  //  - sealing a zone seals "its" hosts, found by listing every host of the whole zone tree (and sorting
  //    them by name): O(hosts) per zone. Sites and groups are sealed while their tree is not yet attached
  //    to the root (their hosts and links are sealed as they are made), so only the root, the central tier
  //    and the "site zones" zone are sealed against the whole tree;
  //  - a route from a child zone searches the parent's children one by one: O(children) per route, so at
  //    most kSitesPerGroup sites per group and sites / kSitesPerGroup groups.
  if (spec.sites > 0) {
    constexpr int kSitesPerGroup = 1000;
    const auto detached_star = [&](const std::string& name) {
      sg4::NetZone* zone = detached_zone(name);
      // The zone's gateway lies in a zone of its own (its first child, found first by SimGrid's checks):
      // SimGrid 3.32 resolves a route from a netpoint deeper in the zone to a router of the zone itself
      // as if both were the zone's own, and finds no link.
      sg4::NetZone* gateway_zone = sg4::create_star_zone(name + " gateway zone");
      gateway_zone->set_parent(zone);
      auto* gateway = gateway_zone->create_router(name + " gateway");
      gateway_zone->add_route(gateway, nullptr, nullptr, nullptr, {}, true);
      gateway_zone->seal();
      zone->add_route(gateway_zone->get_netpoint(), nullptr, gateway, nullptr, {}, true);
      return std::make_pair(zone, gateway);
    };
    auto [sites_zone, sites_gateway] = detached_star("site zones");
    for (int first = 0; first < spec.sites; first += kSitesPerGroup) {
      const int end = std::min(spec.sites, first + kSitesPerGroup);
      auto [group, group_gateway] =
          detached_star("site zones " + std::to_string(first) + "-" + std::to_string(end - 1));
      group->set_parent(sites_zone);
      for (int s = first; s < end; ++s) {
        auto [zone, gateway] = site_zones[s];
        zone->set_parent(group);
        zone->seal();
        // Out of and into the site: its uplink. (With a wireless access, sites also reach each other this
        // way: a device associated with another site gets its answer from its former site's server.) A site
        // reaches the central tier through its uplink, then the ingress (its copy here, or the shared one
        // on the central tier's side of the root star).
        if (!central && !wifi) continue;  // no traffic leaves such a site
        std::vector<sg4::LinkInRoute> links;
        if (built.uplink_link[s] >= 0) links.emplace_back(built.links[built.uplink_link[s]].link);
        if (ingress_per_site) links.emplace_back(built.links[built.ingress_link].copies[static_cast<size_t>(s)]);
        group->add_route(zone->get_netpoint(), nullptr, gateway, nullptr, links, true);
      }
      group->seal();
      sites_zone->add_route(group->get_netpoint(), nullptr, group_gateway, nullptr, {}, true);
    }
    sites_zone->set_parent(root);
    root->add_route(sites_zone->get_netpoint(), nullptr, sites_gateway, nullptr, {}, true);
  }
  root->seal();
  return built;
}

}  // namespace hybridfog

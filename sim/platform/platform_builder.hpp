#pragma once
// Builds a PlatformSpec into SimGrid zones, hosts and links (call once, before the simulation starts).
//
// Layout: a root star zone; per site a star zone (its devices, each behind its access link, its edge
// servers and a gateway router); a star zone for the central tier. Site gateway <-> central gateway
// routes cross the site's uplink (the site's branch of its group's star, see build_platform), then the
// ingress link (the central tier's branch of the root star). Sites reach the root through groups of at
// most 1,000 sites below one zone "site zones", whose routes hold no link. Routing state is linear in
// hosts and sites.
// With a wireless access (links.access.wifi) a site zone holds two star-like children instead: a "wired"
// zone (its devices' hosts, behind their access links for the devices of wired classes in a mixed platform,
// its edge servers, the gateway) and a WiFi zone (access
// point, medium, the stations of the devices that may reach the site); sites reach each other through their
// uplinks (docs/architecture.md, "Wireless access and mobility").
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "platform/platform_spec.hpp"

// Only pointers to SimGrid's hosts and links are held here: SimGrid stays out of every header that includes
// this one (the rooms that must not see SimGrid, tests/layering/check_layers.py). A file that calls them
// includes the SimGrid headers itself.
namespace simgrid::s4u {
class Host;
class Link;
}  // namespace simgrid::s4u

namespace hybridfog {

struct BuiltHost {
  simgrid::s4u::Host* host = nullptr;
  int tier = 0;
  int site = -1;       // -1 for the central tier
  int host_class = 0;  // index in TierSpec::classes
  int device = -1;     // device number for device-tier hosts, else -1
};

struct BuiltLink {
  simgrid::s4u::Link* link = nullptr;
  std::string link_class;  // "access", "uplink" or "ingress"
  const LinkSpec* spec = nullptr;
  std::string name;        // the link's name in outputs (links.csv)
  // Every SimGrid link that stands for this link: {link}, or, for a fatpipe ingress, one copy per site (a
  // fatpipe bounds each flow on its own, so copies behave exactly as one link; see build_platform). A
  // change to the link (a profile, a failure) must reach every copy.
  std::vector<simgrid::s4u::Link*> copies;
};

struct BuiltPlatform {
  std::vector<BuiltHost> hosts;
  std::vector<BuiltLink> links;
  std::vector<int> device_host;  // device -> index in hosts
  std::vector<int> device_site;  // device -> site
  // Hosts of tier t reachable from site s: tier_hosts[t][s] (central tier: the same list for every site).
  std::vector<std::vector<std::vector<int>>> tier_hosts;
  std::vector<int> access_link;  // device -> index in links, -1 when absent
  std::vector<int> uplink_link;  // site -> index in links, -1 when absent
  int ingress_link = -1;
  // Wireless access (links.access.wifi; docs/architecture.md, "Wireless access and mobility"): the WiFi
  // medium of every site (index in links, class "access"), and every device's stations: one host per site
  // the device may reach, in that site's WiFi zone, through which its transfers go while it is associated
  // there. Empty without a wireless access.
  std::vector<int> wifi_link;  // site -> index in links
  // The media's LinkSpec (BuiltLink::spec) when the access is both wired and WiFi: the access's with the best
  // level's bandwidth and no latency. Null otherwise (the media's spec is the access's).
  std::shared_ptr<const LinkSpec> wifi_medium_spec;
  struct Station {
    int site;
    simgrid::s4u::Host* host;
  };
  std::vector<std::vector<Station>> stations;  // device -> its stations, in site order
  // The station of `device` at `site`, nullptr when it has none there.
  simgrid::s4u::Host* station(int device, int site) const {
    for (const Station& s : stations[device])
      if (s.site == site) return s.host;
    return nullptr;
  }

  // Links crossed between two hosts, following the layout above (index in links): at most three.
  struct Route {
    int links[3];
    int count = 0;
    const int* begin() const { return links; }
    const int* end() const { return links + count; }
  };
  Route route(int from_host, int to_host) const;
  // Wireless access: links crossed between `device`'s station at `site` and `other_host` (the site's
  // medium; then, when the other end is not at that site, its uplink and the other end's uplink or the
  // ingress).
  Route wireless_route(int site, int other_host) const;
};

// How the SimGrid platform is laid out. zones: the layout above (flow-level models). one_hop: for SimGrid's
// ns-3 binding (network.model: ns-3), which only takes routes of one link between two netpoints and
// computes multi-hop routes itself: one Full zone where every device reaches its site's router through its
// access link, every other host of a site (and of the central tier) its router through a LAN link of
// kLanBytesPerS and no latency, a site's router the next one through its uplink, and the central tier's
// router through the ingress (one link, or with a fatpipe ingress one copy per site, as in the zones
// layout). Routes (BuiltPlatform::route) and the links metered are the same in both layouts; the LAN links
// are not metered (the zones layout has no link there). No wireless access.
// zones_between_sites: the zones layout with one ingress link (never per-site copies of a fatpipe ingress),
// so that a route between two sites crosses their two uplinks only (a horizontal offload,
// docs/orchestration.md); outputs are those of `zones` except for run time.
enum class PlatformShape { zones, one_hop, zones_between_sites };
inline constexpr double kLanBytesPerS = 100e9 / 8;  // 100 Gbps

// Every host runs at `work_units_per_second` (cost::kWorkUnitsPerSecond: executions carry their duration).
// REQUIRES: a SimGrid engine exists and no platform was loaded yet; the energy plugin is initialised.
// With a wireless access, `station_sites[d]` lists the sites where device d gets a station (ascending).
// `on_site(built, sites)`, when given, is called after each site is built (zones layout; a large platform
// takes seconds: docs/performance.md, "100,000 sites").
BuiltPlatform build_platform(const PlatformSpec& spec, double work_units_per_second,
                             const std::vector<std::vector<int>>& station_sites = {},
                             PlatformShape shape = PlatformShape::zones,
                             const std::function<void(int, int)>& on_site = {});

}  // namespace hybridfog

// platform/: the SimGrid platform of 100,000 sites (the documented maximum) is built, and every site's routes
// hold exactly the links of the layout (platform_builder.hpp), with their latencies summed, whichever group
// of sites (platform_builder.cpp) the site lies in.
//
// One test only: SimGrid allows one engine per process.
#include "platform/platform_builder.hpp"

#include <gtest/gtest.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>

#include <vector>

#include "core/yaml_node.hpp"
#include "platform/platform_spec.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {
namespace {

// 100,000 sites of one device and one edge server, one cloud host. Latencies in whole milliseconds, so that
// their sums are exact in binary floating point only up to rounding: compared with a tolerance of 1 ns.
const char* kPlatform =
    "name: wide\n"
    "sites: 100000\n"
    "tiers:\n"
    "  - {name: device, scope: device, classes: [{name: cam, count: 1, cores: 1, throughput: {fp32: 1GMAC/s},"
    " power_per_core: {idle: 1W, busy: 2W}}]}\n"
    "  - {name: edge, scope: site, classes: [{name: nuc, count: 1, cores: 4, throughput: {fp32: 10GMAC/s},"
    " power_per_core: {idle: 2W, busy: 8W}}]}\n"
    "  - {name: cloud, scope: central, classes: [{name: xeon, count: 1, cores: 32, throughput: {fp32: 30GMAC/s},"
    " power_per_core: {idle: 3W, busy: 9W}}]}\n"
    "links:\n"
    "  access:  {bandwidth: 20Mbps, latency: 5ms, sharing: shared}\n"
    "  uplink:  {bandwidth: 50Mbps, latency: 20ms, sharing: shared}\n"
    "  ingress: {bandwidth: 10Gbps, latency: 1ms, sharing: fatpipe}\n";

std::vector<sg4::Link*> route(sg4::Host* from, sg4::Host* to, double* latency) {
  std::vector<sg4::Link*> links;
  *latency = 0;
  from->route_to(to, links, latency);
  return links;
}

TEST(PlatformBuilder, HundredThousandSitesAreBuiltAndEverySiteRoutesThroughItsOwnLinks) {
  int argc = 1;
  char name[] = "platform_builder_simgrid_test";
  char* argv[] = {name, nullptr};
  sg4::Engine engine(&argc, argv);
  sg_host_energy_plugin_init();
  const PlatformSpec spec = parse_platform(YNode::load_string(kPlatform, "wide.yaml"));
  const BuiltPlatform built = build_platform(spec, 1.0);

  ASSERT_EQ(built.device_host.size(), 100000u);
  ASSERT_EQ(built.hosts.size(), 200001u);  // a device and an edge server per site, one cloud host
  ASSERT_EQ(built.tier_hosts[2][0].size(), 1u);
  sg4::Host* cloud = built.hosts[built.tier_hosts[2][0][0]].host;
  const auto& ingress_copies = built.links[built.ingress_link].copies;
  ASSERT_EQ(ingress_copies.size(), 100000u);
  // First and last sites of the first groups, and the last site of all.
  for (int site : {0, 1, 999, 1000, 1001, 1999, 2000, 54321, 99000, 99999}) {
    SCOPED_TRACE("site " + std::to_string(site));
    const int device = site;  // one device per site
    ASSERT_EQ(built.device_site[device], site);
    sg4::Host* dev = built.hosts[built.device_host[device]].host;
    ASSERT_EQ(built.tier_hosts[1][site].size(), 1u);
    sg4::Host* edge = built.hosts[built.tier_hosts[1][site][0]].host;
    sg4::Link* access = built.links[built.access_link[device]].link;
    sg4::Link* uplink = built.links[built.uplink_link[site]].link;
    sg4::Link* ingress = ingress_copies[static_cast<size_t>(site)];
    double latency = 0;
    EXPECT_EQ(route(dev, cloud, &latency), (std::vector<sg4::Link*>{access, uplink, ingress}));
    EXPECT_NEAR(latency, 0.005 + 0.020 + 0.001, 1e-9);
    EXPECT_EQ(route(cloud, dev, &latency), (std::vector<sg4::Link*>{ingress, uplink, access}));
    EXPECT_NEAR(latency, 0.026, 1e-9);
    EXPECT_EQ(route(dev, edge, &latency), (std::vector<sg4::Link*>{access}));
    EXPECT_NEAR(latency, 0.005, 1e-9);
    EXPECT_EQ(route(edge, cloud, &latency), (std::vector<sg4::Link*>{uplink, ingress}));
    EXPECT_NEAR(latency, 0.021, 1e-9);
    EXPECT_EQ(route(cloud, edge, &latency), (std::vector<sg4::Link*>{ingress, uplink}));
    EXPECT_NEAR(latency, 0.021, 1e-9);
  }
}

}  // namespace
}  // namespace hybridfog

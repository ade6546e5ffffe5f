// platform/: parsing a platform (good and bad), its links by class and its routes.
#include "platform/platform_spec.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "core/yaml_node.hpp"

namespace hybridfog {
namespace {

const char* kPlatform =
    "name: two-tier\n"
    "sites: 3\n"
    "tiers:\n"
    "  - name: device\n"
    "    scope: device\n"
    "    classes:\n"
    "      - {name: cam, count: 4, cores: 1, throughput: {fp32: 2GMAC/s}, power_per_core: {idle: 1W, busy: 2W}}\n"
    "      - {name: phone, count: 2, cores: 8, throughput: {fp32: 1GMAC/s, int8: 4GMAC/s},\n"
    "         power_per_core: {idle: 0.5W, busy: 1.5W}, energy_per_mac: {int8: 0.25pJ}}\n"
    "  - name: cloud\n"
    "    scope: central\n"
    "    classes:\n"
    "      - {name: xeon, count: 2, cores: 32, throughput: {fp32: 30GMAC/s}, power_per_core: {idle: 3W, busy: 9W}}\n"
    "links:\n"
    "  access:  {bandwidth: 20Mbps, latency: 5ms, sharing: shared, energy_per_bit: 100nJ}\n"
    "  ingress: {bandwidth: 10Gbps, latency: 1ms, sharing: fatpipe}\n";

TEST(PlatformSpec, ParsesTiersClassesAndLinksInSIUnits) {
  const PlatformSpec p = parse_platform(YNode::load_string(kPlatform, "p.yaml"));
  EXPECT_EQ(p.name, "two-tier");
  ASSERT_EQ(p.tiers.size(), 2u);
  EXPECT_EQ(p.tier_index("cloud"), 1);
  EXPECT_EQ(p.tier_index("edge"), -1);
  EXPECT_EQ(p.devices_per_site(), 6);
  EXPECT_EQ(p.device_count(), 18);
  const HostClassSpec& phone = p.tiers[0].classes[1];
  EXPECT_EQ(phone.cores, 8);
  EXPECT_DOUBLE_EQ(*phone.throughput_mac_per_s[static_cast<int>(Precision::int8)], 4e9);
  EXPECT_FALSE(phone.throughput_mac_per_s[static_cast<int>(Precision::binary)].has_value());
  EXPECT_DOUBLE_EQ(*phone.energy_per_mac_j[static_cast<int>(Precision::int8)], 0.25e-12);
  EXPECT_DOUBLE_EQ(phone.idle_power_per_core_w, 0.5);
  ASSERT_TRUE(p.access.has_value());
  EXPECT_DOUBLE_EQ(p.access->bandwidth_bytes_per_s, 20e6 / 8);
  EXPECT_DOUBLE_EQ(p.access->latency_s, 0.005);
  EXPECT_DOUBLE_EQ(*p.access->energy_per_bit_j, 100e-9);
  EXPECT_EQ(p.ingress->sharing, LinkSharing::fatpipe);
}

TEST(PlatformSpec, LinksByClassAndRoutesByScope) {
  const PlatformSpec p = parse_platform(YNode::load_string(kPlatform, "p.yaml"));
  EXPECT_EQ(p.link(LinkClass::access), &*p.access);
  EXPECT_EQ(p.link(LinkClass::uplink), nullptr);  // not declared
  EXPECT_EQ(p.link(LinkClass::ingress), &*p.ingress);
  const LinkClassRoute route = route_link_classes(TierScope::central, TierScope::device);
  ASSERT_EQ(route.count, 3);  // the caller skips the undeclared uplink
  EXPECT_EQ(route.classes[0], LinkClass::access);
  EXPECT_EQ(route.classes[1], LinkClass::uplink);
  EXPECT_EQ(route.classes[2], LinkClass::ingress);
}

std::string error_of(const std::string& text) {
  try {
    parse_platform(YNode::load_string(text, "bad.yaml"));
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PlatformSpec, BadInputNamesFileLineAndKeyPath) {
  std::string text = kPlatform;
  text.replace(text.find("20Mbps"), 6, "20 apples");
  const std::string bad_unit = error_of(text);
  EXPECT_NE(bad_unit.find("bad.yaml:15:"), std::string::npos) << bad_unit;
  EXPECT_NE(bad_unit.find("links.access.bandwidth"), std::string::npos) << bad_unit;
  text = kPlatform;
  text.replace(text.find("cores: 32"), 9, "cores: 0");
  const std::string no_cores = error_of(text);
  EXPECT_NE(no_cores.find("tiers[1].classes[0].cores"), std::string::npos) << no_cores;
  text = kPlatform;
  text.replace(text.find("sites: 3"), 8, "sites: 3\ncolour: red");
  EXPECT_NE(error_of(text).find("colour"), std::string::npos);
}

}  // namespace
}  // namespace hybridfog

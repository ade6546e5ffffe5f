// scenario/: the wireless access of a platform and the mobility section of a scenario, as parsed
// (bad input: the bad-input catalogue, tests/e2e/bad_input_catalogue_test.cpp).
#include "scenario/mobility_spec.hpp"

#include <gtest/gtest.h>

#include "core/yaml_node.hpp"
#include "platform/platform_spec.hpp"
#include "scenario/scenario_spec.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

TEST(WifiSpec, ShippedCommuterPlatformParsesItsRateTableAndSites) {
  const PlatformSpec p = load_platform(testing::source_path("platforms/commuter-wifi.yaml"));
  ASSERT_TRUE(p.access && p.access->wifi);
  const WifiSpec& wifi = *p.access->wifi;
  ASSERT_EQ(wifi.rates.size(), 4u);
  EXPECT_EQ(wifi.rates[0].up_to_m, 20.0);
  EXPECT_EQ(wifi.rates[0].bandwidth_bytes_per_s, 54e6 / 8);
  EXPECT_EQ(wifi.rates[3].bandwidth_bytes_per_s, 6e6 / 8);
  ASSERT_EQ(wifi.sites.size(), 3u);
  EXPECT_EQ(wifi.sites[2].x_m, 300.0);
  EXPECT_EQ(wifi.sites[2].coverage_radius_m, 70.0);
  // The access link's own figures: the best rate, no latency.
  EXPECT_EQ(p.access->bandwidth_bytes_per_s, 54e6 / 8);
  EXPECT_EQ(p.access->latency_s, 0.0);
  // Rate levels at the documented distances: up to and including up_to.
  EXPECT_EQ(wifi.rate_level(0), 0);
  EXPECT_EQ(wifi.rate_level(20), 0);
  EXPECT_EQ(wifi.rate_level(20.000001), 1);
  EXPECT_EQ(wifi.rate_level(35), 1);
  EXPECT_EQ(wifi.rate_level(50), 2);
  EXPECT_EQ(wifi.rate_level(70), 3);
  EXPECT_EQ(wifi.rate_level(70.5), -1);
}

TEST(MobilityTrace, InterleavedDevicesKeepTheirOwnPointsInOrder) {
  std::vector<DeviceMobility> devices(3);
  load_mobility_trace(testing::source_path("tests/data/mobility/two-walkers.csv"), devices);
  EXPECT_EQ(devices[0].model, DeviceMobility::Model::trace);
  ASSERT_EQ(devices[0].trace.size(), 3u);
  EXPECT_EQ(devices[0].trace[1].time_s, 10.5);
  EXPECT_EQ(devices[0].trace[2].y_m, 40.0);
  ASSERT_EQ(devices[1].trace.size(), 2u);
  EXPECT_EQ(devices[1].trace[0].y_m, 5.5);
  EXPECT_EQ(devices[1].trace[1].y_m, -3.0);
  EXPECT_EQ(devices[2].model, DeviceMobility::Model::home);  // not named: stays at its home site
}

TEST(MobilitySpec, LaterEntriesOverrideEarlierOnesAndDefaultsApply) {
  testing::TempDir dir;
  const PlatformSpec platform = load_platform(testing::source_path("platforms/commuter-wifi.yaml"));
  dir.write("walk.csv", "time_s,device,x_m,y_m\n0,3,1,2\n");
  const YNode node = YNode::load_string(
      "models:\n"
      "  - {devices: all, position: {x: -5m, y: 2km}}\n"
      "  - {devices: [1, 2], random_waypoint: {area: {x: [0m, 10m], y: [0m, 10m]}, speed: [1km/h, 5km/h]}}\n"
      "  - trace: walk.csv\n",
      dir.file("scenario.yaml"));
  const MobilitySpec spec = parse_mobility(node, platform, [&](const YNode& key) { return dir.file(key.as_string()); });
  EXPECT_EQ(spec.handover_delay_s, 0.0);
  EXPECT_EQ(spec.out_of_coverage, MobilitySpec::OutOfCoverage::wait);
  ASSERT_EQ(spec.devices.size(), 12u);
  EXPECT_EQ(spec.devices[0].model, DeviceMobility::Model::fixed);
  EXPECT_EQ(spec.devices[0].x_m, -5.0);
  EXPECT_EQ(spec.devices[0].y_m, 2000.0);
  EXPECT_EQ(spec.devices[1].model, DeviceMobility::Model::random_waypoint);
  ASSERT_EQ(spec.random_waypoints.size(), 1u);
  EXPECT_DOUBLE_EQ(spec.random_waypoints[0].speed_min_m_per_s, 1 / 3.6);
  EXPECT_EQ(spec.random_waypoints[0].pause_s, 0.0);
  EXPECT_EQ(spec.devices[3].model, DeviceMobility::Model::trace);
  EXPECT_EQ(spec.trace_files, std::vector<std::string>{dir.file("walk.csv")});
  EXPECT_TRUE(spec.anything_moves());
}

TEST(ScenarioSpec, AWirelessPlatformWithAnEmptyMobilitySectionKeepsEveryDeviceAtHome) {
  const ScenarioSpec spec = load_scenario(testing::source_path("scenarios/commuter.yaml"), {"mobility={}"});
  ASSERT_TRUE(spec.mobility.has_value());
  for (const auto& d : spec.mobility->devices) EXPECT_EQ(d.model, DeviceMobility::Model::home);
  const ScenarioSpec walking = load_scenario(testing::source_path("scenarios/commuter.yaml"));
  EXPECT_EQ(walking.mobility->devices[0].model, DeviceMobility::Model::trace);
  EXPECT_EQ(walking.mobility->handover_delay_s, 0.1);
  EXPECT_EQ(walking.inputs.back().role, "mobility_trace");
  const ScenarioSpec wired = load_scenario(testing::source_path("scenarios/quickstart.yaml"));
  EXPECT_FALSE(wired.mobility.has_value());
}

}  // namespace
}  // namespace hybridfog

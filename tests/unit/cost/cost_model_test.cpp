// cost/: the one cost model, on specs built by hand (numbers worked out in the comments).
#include "cost/cost_model.hpp"

#include <gtest/gtest.h>

namespace hybridfog::cost {
namespace {

HostClassSpec host_class() {
  HostClassSpec c;
  c.name = "npu";
  c.cores = 4;
  c.throughput_mac_per_s[static_cast<int>(Precision::fp32)] = 1e9;
  c.throughput_mac_per_s[static_cast<int>(Precision::int8)] = 4e9;
  c.energy_per_mac_j[static_cast<int>(Precision::fp32)] = 2e-12;  // int8: no energy figure
  return c;
}

TEST(CostModel, ComputeSecondsAndEnergyPerPrecision) {
  const HostClassSpec c = host_class();
  EXPECT_DOUBLE_EQ(*compute_seconds(3e9, Precision::fp32, c), 3.0);
  EXPECT_DOUBLE_EQ(*compute_seconds(2e9, Precision::int8, c), 0.5);
  EXPECT_FALSE(compute_seconds(1, Precision::binary, c).has_value());   // no throughput.binary
  EXPECT_DOUBLE_EQ(*compute_seconds(0, Precision::binary, c), 0.0);      // nothing to run
  EXPECT_DOUBLE_EQ(compute_energy_j(3e9, Precision::fp32, c), 6e-3);
  EXPECT_DOUBLE_EQ(compute_energy_j(2e9, Precision::int8, c), 0.0);
}

TEST(CostModel, SegmentCostSumsItsPrecisions) {
  std::array<double, kPrecisionCount> macs{};
  macs[static_cast<int>(Precision::fp32)] = 1e9;  // 1 s, 2 mJ
  macs[static_cast<int>(Precision::int8)] = 6e9;  // 1.5 s, 0 J
  const SegmentCost cost = segment_cost(macs, host_class());
  EXPECT_DOUBLE_EQ(cost.seconds, 2.5);
  EXPECT_DOUBLE_EQ(cost.energy_j, 2e-3);
}

PlatformSpec three_tier_platform(bool with_uplink) {
  PlatformSpec p;
  p.tiers = {{"device", TierScope::device, {host_class()}},
             {"edge", TierScope::site, {host_class()}},
             {"cloud", TierScope::central, {host_class()}}};
  p.access = LinkSpec{1e6, 0.010, LinkSharing::shared, 1e-7, std::nullopt, std::nullopt, true, {}, std::nullopt};  // 100 nJ/bit = 8e-7 J/B
  if (with_uplink) p.uplink = LinkSpec{1e7, 0.005, LinkSharing::shared, std::nullopt, std::nullopt, std::nullopt, true, {}, std::nullopt};
  p.ingress = LinkSpec{5e7, 0.001, LinkSharing::fatpipe, 1e-9, std::nullopt, std::nullopt, true, {}, std::nullopt};  // 8e-9 J/B
  return p;
}

TEST(CostModel, RouteClassesFollowTheScopes) {
  const auto classes = [](TierScope a, TierScope b) {
    const LinkClassRoute route = route_link_classes(a, b);
    return std::vector<LinkClass>(route.begin(), route.end());
  };
  using L = LinkClass;
  EXPECT_EQ(classes(TierScope::device, TierScope::site), (std::vector<L>{L::access}));
  EXPECT_EQ(classes(TierScope::site, TierScope::device), (std::vector<L>{L::access}));
  EXPECT_EQ(classes(TierScope::device, TierScope::central), (std::vector<L>{L::access, L::uplink, L::ingress}));
  EXPECT_EQ(classes(TierScope::central, TierScope::site), (std::vector<L>{L::uplink, L::ingress}));
  EXPECT_TRUE(classes(TierScope::site, TierScope::site).empty());
}

TEST(CostModel, HopDeviceToCloudAddsLatenciesAndTakesTheSmallestBandwidth) {
  const PlatformSpec p = three_tier_platform(true);
  const Hop hop = hop_between(p, 0, 2);
  ASSERT_EQ(hop.links.size(), 3u);
  EXPECT_DOUBLE_EQ(hop.latency_s, 0.016);
  EXPECT_DOUBLE_EQ(hop.bytes_per_s, 1e6);
  EXPECT_DOUBLE_EQ(hop.device_j_per_byte, 8e-7);
  EXPECT_DOUBLE_EQ(hop.total_j_per_byte, 8e-7 + 8e-9);
  EXPECT_TRUE(hop.wan);
  EXPECT_DOUBLE_EQ(hop_seconds(hop, 2000), 0.016 + 2000 / 1e6);
  // The reverse direction is the same route.
  EXPECT_DOUBLE_EQ(hop_seconds(hop_between(p, 2, 0), 2000), hop_seconds(hop, 2000));
}

TEST(CostModel, HopWithoutUplinkAndWithinATier) {
  const PlatformSpec p = three_tier_platform(false);
  const Hop edge_cloud = hop_between(p, 1, 2);  // ingress only
  ASSERT_EQ(edge_cloud.links.size(), 1u);
  EXPECT_DOUBLE_EQ(hop_seconds(edge_cloud, 5e7), 1.001);
  EXPECT_DOUBLE_EQ(edge_cloud.device_j_per_byte, 0.0);
  const Hop device_edge = hop_between(p, 0, 1);
  EXPECT_FALSE(device_edge.wan);
  const Hop none = hop_between(p, 2, 2);
  EXPECT_TRUE(none.links.empty());
  EXPECT_DOUBLE_EQ(hop_seconds(none, 1e9), 0.0);
  EXPECT_FALSE(none.wan);
}

TEST(CostModel, HopPricePerByteSumsThePricesOfTheLinkClassesCrossed) {
  PlatformSpec p = three_tier_platform(true);
  EXPECT_DOUBLE_EQ(hop_between(p, 0, 2).price_per_byte, 0.0);  // no price: 0
  p.uplink->price_per_gb = 0.09;
  p.ingress->price_per_gb = 0.01;
  EXPECT_DOUBLE_EQ(hop_between(p, 0, 2).price_per_byte, (0.09 + 0.01) / 1e9);  // access, uplink, ingress
  EXPECT_DOUBLE_EQ(hop_between(p, 1, 2).price_per_byte, (0.09 + 0.01) / 1e9);  // uplink, ingress
  EXPECT_DOUBLE_EQ(hop_between(p, 0, 1).price_per_byte, 0.0);                  // access only
}

// input(100 B) -> a(200 B) -> b(300 B) -> c(400 B) reads a and b -> d(50 B) reads c and the input.
ModelProfile skip_profile() {
  ModelProfile m;
  m.input_bytes = 100;
  const auto layer = [](const char* name, std::vector<int> inputs, double bytes) {
    LayerSpec l;
    l.name = name;
    l.inputs = std::move(inputs);
    l.output_bytes = bytes;
    return l;
  };
  m.layers = {layer("a", {kInputTensor}, 200), layer("b", {0}, 300), layer("c", {0, 1}, 400),
              layer("d", {2, kInputTensor}, 50)};
  m.heads = {{"h0", 0, 0, Precision::fp32}, {"h1", 1, 0, Precision::fp32}, {"final", 3, 0, Precision::fp32}};
  return m;
}

TEST(CostModel, SkipBytesCarriesWhatLaterLayersReadAndRefusesMissingTensors) {
  const ModelProfile m = skip_profile();
  // After b, straight to c: c reads a (200) and b (300); d reads the input (100).
  EXPECT_EQ(skip_bytes(m, 1, 2), std::optional<double>(600));
  // After a, straight to c: c reads b, which only the skipped layer makes.
  EXPECT_EQ(skip_bytes(m, 0, 2), std::nullopt);
  // After c, to d: c's output and the input.
  EXPECT_EQ(skip_bytes(m, 2, 3), std::optional<double>(500));
}

TEST(CostModel, LastExitHeadBeforeTheLastTier) {
  const ModelProfile m = skip_profile();
  EXPECT_EQ(last_exit_head_before(m.heads, 0), -1);  // everything on the last tier
  EXPECT_EQ(last_exit_head_before(m.heads, 1), 0);   // h0 reads a, before layer 1
  EXPECT_EQ(last_exit_head_before(m.heads, 2), 1);
  EXPECT_EQ(last_exit_head_before(m.heads, 4), 1);   // the final classifier never counts
}

}  // namespace
}  // namespace hybridfog::cost

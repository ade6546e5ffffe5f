// platform/: platform_to_yaml reads back into an equal spec (every double exact), for every shipped and
// test platform, with and without overrides.
#include "platform/platform_yaml.hpp"

#include <gtest/gtest.h>

#include "core/yaml_node.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

void expect_same_link(const std::optional<LinkSpec>& a, const std::optional<LinkSpec>& b) {
  ASSERT_EQ(a.has_value(), b.has_value());
  if (!a) return;
  EXPECT_EQ(a->bandwidth_bytes_per_s, b->bandwidth_bytes_per_s);
  EXPECT_EQ(a->latency_s, b->latency_s);
  EXPECT_EQ(a->sharing, b->sharing);
  EXPECT_EQ(a->energy_per_bit_j, b->energy_per_bit_j);
  EXPECT_EQ(a->price_per_gb, b->price_per_gb);
  ASSERT_EQ(a->wifi.has_value(), b->wifi.has_value());
  EXPECT_EQ(a->wired, b->wired);
  if (a->wifi) {
    ASSERT_EQ(a->wifi->rates.size(), b->wifi->rates.size());
    for (size_t k = 0; k < a->wifi->rates.size(); ++k) {
      EXPECT_EQ(a->wifi->rates[k].up_to_m, b->wifi->rates[k].up_to_m);
      EXPECT_EQ(a->wifi->rates[k].bandwidth_bytes_per_s, b->wifi->rates[k].bandwidth_bytes_per_s);
    }
    ASSERT_EQ(a->wifi->sites.size(), b->wifi->sites.size());
    for (size_t s = 0; s < a->wifi->sites.size(); ++s) {
      EXPECT_EQ(a->wifi->sites[s].x_m, b->wifi->sites[s].x_m);
      EXPECT_EQ(a->wifi->sites[s].y_m, b->wifi->sites[s].y_m);
      EXPECT_EQ(a->wifi->sites[s].coverage_radius_m, b->wifi->sites[s].coverage_radius_m);
    }
  }
  ASSERT_EQ(a->radio.has_value(), b->radio.has_value());
  if (!a->radio) return;
  EXPECT_EQ(a->radio->transmit_power_w, b->radio->transmit_power_w);
  EXPECT_EQ(a->radio->receive_power_w, b->radio->receive_power_w);
  EXPECT_EQ(a->radio->idle_power_w, b->radio->idle_power_w);
  EXPECT_EQ(a->radio->tail_s, b->radio->tail_s);
  EXPECT_EQ(a->radio->tail_power_w, b->radio->tail_power_w);
}

void expect_same(const PlatformSpec& a, const PlatformSpec& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.sites, b.sites);
  ASSERT_EQ(a.tiers.size(), b.tiers.size());
  for (size_t t = 0; t < a.tiers.size(); ++t) {
    EXPECT_EQ(a.tiers[t].name, b.tiers[t].name);
    EXPECT_EQ(a.tiers[t].scope, b.tiers[t].scope);
    ASSERT_EQ(a.tiers[t].classes.size(), b.tiers[t].classes.size());
    for (size_t k = 0; k < a.tiers[t].classes.size(); ++k) {
      const HostClassSpec& x = a.tiers[t].classes[k];
      const HostClassSpec& y = b.tiers[t].classes[k];
      EXPECT_EQ(x.name, y.name);
      EXPECT_EQ(x.count, y.count);
      EXPECT_EQ(x.cores, y.cores);
      EXPECT_EQ(x.access, y.access);  // a mixed access's WiFi classes (platforms/office-mixed.yaml)
      EXPECT_EQ(x.throughput_mac_per_s, y.throughput_mac_per_s);  // exact doubles
      EXPECT_EQ(x.energy_per_mac_j, y.energy_per_mac_j);
      EXPECT_EQ(x.idle_power_per_core_w, y.idle_power_per_core_w);
      EXPECT_EQ(x.busy_power_per_core_w, y.busy_power_per_core_w);
      ASSERT_EQ(x.pstates.size(), y.pstates.size());
      for (size_t p = 0; p < x.pstates.size(); ++p) {
        EXPECT_EQ(x.pstates[p].speed, y.pstates[p].speed);
        EXPECT_EQ(x.pstates[p].idle_power_per_core_w, y.pstates[p].idle_power_per_core_w);
        EXPECT_EQ(x.pstates[p].busy_power_per_core_w, y.pstates[p].busy_power_per_core_w);
      }
      EXPECT_EQ(x.governor.kind, y.governor.kind);
      EXPECT_EQ(x.governor.pstate, y.governor.pstate);
      EXPECT_EQ(x.governor.up_queue, y.governor.up_queue);
      EXPECT_EQ(x.governor.down_after_s, y.governor.down_after_s);
      ASSERT_EQ(x.batching.has_value(), y.batching.has_value());
      if (x.batching) {
        EXPECT_EQ(x.batching->max_size, y.batching->max_size);
        EXPECT_EQ(x.batching->max_wait_s, y.batching->max_wait_s);
        EXPECT_EQ(x.batching->relative_time, y.batching->relative_time);
      }
      ASSERT_EQ(x.price.has_value(), y.price.has_value());
      if (x.price) {
        EXPECT_EQ(x.price->per_hour, y.price->per_hour);
        EXPECT_EQ(x.price->per_busy_core_hour, y.price->per_busy_core_hour);
        EXPECT_EQ(x.price->per_kwh, y.price->per_kwh);
      }
    }
  }
  EXPECT_EQ(a.has_prices(), b.has_prices());
  if (a.has_prices()) {
    EXPECT_EQ(a.currency, b.currency);
  }
  EXPECT_EQ(a.price_per_kwh, b.price_per_kwh);
  expect_same_link(a.access, b.access);
  expect_same_link(a.uplink, b.uplink);
  expect_same_link(a.ingress, b.ingress);
}

class PlatformYamlRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(PlatformYamlRoundTrip, ReadsBackIntoAnEqualSpec) {
  const PlatformSpec original = load_platform(testing::source_path(GetParam()));
  const std::string text = platform_to_yaml(original);
  const PlatformSpec again = parse_platform(YNode::load_string(text, "written.yaml"));
  expect_same(original, again);
  // Written twice, the same text: the writer is deterministic.
  EXPECT_EQ(platform_to_yaml(again), text);
}

INSTANTIATE_TEST_SUITE_P(Shipped, PlatformYamlRoundTrip,
                         ::testing::Values("platforms/quickstart.yaml", "platforms/scale-10k.yaml",
                                           "platforms/commuter-wifi.yaml", "platforms/office-mixed.yaml",
                                           "tests/data/partition/exits-platform.yaml",
                                           "tests/data/partition/scission-platform.yaml",
                                           "tests/data/platform-energy.yaml"));

TEST(PlatformYaml, ValuesThatNeedAllDigitsSurvive) {
  PlatformSpec p = load_platform(testing::source_path("platforms/quickstart.yaml"));
  p.access->bandwidth_bytes_per_s = 1.0 / 3.0 * 1e7;  // 3333333.3333333335 B/s
  p.tiers[0].classes[0].energy_per_mac_j[static_cast<int>(Precision::fp32)] = 4.6e-12 * 1.1;
  p.uplink.reset();
  const PlatformSpec again = parse_platform(YNode::load_string(platform_to_yaml(p), "written.yaml"));
  expect_same(p, again);
  EXPECT_FALSE(again.uplink.has_value());
}

// Prices (docs/formats.md, "Prices") survive exactly, in the platform's currency: a partition --verify run
// on a restricted platform costs what the original would.
TEST(PlatformYaml, PricesAndTheirCurrencySurvive) {
  PlatformSpec p = load_platform(testing::source_path("platforms/quickstart.yaml"));
  p.currency = "EUR";
  p.price_per_kwh = 0.1 + 0.2;  // 0.30000000000000004
  p.tiers[2].classes[0].price = HostPriceSpec{1.2, 0.04, std::nullopt};
  p.tiers[1].classes[0].price = HostPriceSpec{0, 0, 0.2};
  p.uplink->price_per_gb = 0.09;
  const PlatformSpec again = parse_platform(YNode::load_string(platform_to_yaml(p), "written.yaml"));
  expect_same(p, again);
  EXPECT_EQ(again.currency, "EUR");
  EXPECT_FALSE(again.tiers[0].classes[0].price.has_value());
}

}  // namespace
}  // namespace hybridfog

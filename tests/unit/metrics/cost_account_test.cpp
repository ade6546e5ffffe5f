// metrics/cost_account: the documented formulas (docs/outputs.md, "Cost") on hand-made host and link records.
#include "metrics/cost_account.hpp"

#include <gtest/gtest.h>

namespace hybridfog {
namespace {

HostRecord host(const std::string& tier, int class_index, double energy_j, double idle_energy_j, double busy_core_s,
                double compute_energy_j) {
  HostRecord h;
  h.tier = tier;
  h.class_index = class_index;
  h.energy_j = energy_j;
  h.idle_energy_j = idle_energy_j;
  h.busy_core_s = busy_core_s;
  h.compute_energy_j = compute_energy_j;
  return h;
}

TEST(CostAccount, ProvisionedAndCausedByTierAndLinkClass) {
  CostPrices prices;
  prices.currency = "EUR";
  prices.host_classes = {{0, 0.36, 1.0}, {7.2, 0, 2.0}};  // devices: serverless; servers: per hour
  prices.per_gb = {{"uplink", 0.5}};
  prices.link_per_kwh = 3.0;
  HostRecord device = host("device", 0, 3.6e6 + 7.2e6, 3.6e6, 1800, 1e5);  // 1 kWh idle, 2 kWh above, half a core-hour
  device.radio_energy_j = 1.8e6 + 0.9e6;
  device.radio_idle_energy_j = 1.8e6;
  const HostRecord server = host("cloud", 1, 3.6e6, 3.6e6, 0, 0);  // idle all along
  LinkRecord uplink;
  uplink.link_class = "uplink";
  uplink.bytes = 4e9;
  uplink.energy_j = 3.6e5;
  LinkRecord access;
  access.link_class = "access";
  access.bytes = 1e9;  // no price per GB for access

  const double sim_time_s = 1800;  // half an hour
  const nlohmann::json c = cost_account(prices, {"device", "cloud"}, {device, server}, {uplink, access}, sim_time_s, 4, false);
  EXPECT_EQ(c["currency"], "EUR");
  const auto& d = c["by_tier"]["device"];
  EXPECT_DOUBLE_EQ(d["hosting"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(d["busy_cores"].get<double>(), 0.36 * 0.5);
  EXPECT_DOUBLE_EQ(d["energy_idle"].get<double>(), 1.0 * 1.5);    // 1 kWh host + 0.5 kWh radio idle
  EXPECT_DOUBLE_EQ(d["energy_caused"].get<double>(), 1.0 * 2.25);  // 2 kWh host + 0.25 kWh radio above idle
  const auto& s = c["by_tier"]["cloud"];
  EXPECT_DOUBLE_EQ(s["hosting"].get<double>(), 7.2 * 0.5);
  EXPECT_DOUBLE_EQ(s["energy_idle"].get<double>(), 2.0 * 1.0);
  EXPECT_DOUBLE_EQ(s["provisioned"].get<double>(), 3.6 + 2.0);
  EXPECT_DOUBLE_EQ(s["caused"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(c["by_link_class"]["uplink"]["traffic"].get<double>(), 0.5 * 4);
  EXPECT_DOUBLE_EQ(c["by_link_class"]["uplink"]["energy"].get<double>(), 3.0 * 0.1);
  EXPECT_DOUBLE_EQ(c["by_link_class"]["access"]["caused"].get<double>(), 0);
  const double provisioned = 1.5 + 3.6 + 2.0, caused = 0.18 + 2.25 + 2.0 + 0.3;
  EXPECT_DOUBLE_EQ(c["provisioned_total"].get<double>(), provisioned);
  EXPECT_DOUBLE_EQ(c["caused_total"].get<double>(), caused);
  EXPECT_DOUBLE_EQ(c["total"].get<double>(), provisioned + caused);
  EXPECT_DOUBLE_EQ(c["caused_per_sample"].get<double>(), caused / 4);
  EXPECT_DOUBLE_EQ(c["total_per_sample"].get<double>(), (provisioned + caused) / 4);

  // The analytic view prices the MAC energy instead of the host's energy above idle.
  const nlohmann::json a = cost_account(prices, {"device", "cloud"}, {device, server}, {}, sim_time_s, 0, true);
  EXPECT_DOUBLE_EQ(a["by_tier"]["device"]["energy_caused"].get<double>(), 1.0 * (1e5 + 0.9e6) / 3.6e6);
  EXPECT_DOUBLE_EQ(a["caused_per_sample"].get<double>(), 0);  // no samples: no division by zero
}

}  // namespace
}  // namespace hybridfog

// metrics/: LinkMeter and Recorder on hand-fed records, figures worked out in the comments.
#include "metrics/link_meter.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "metrics/recorder.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

TEST(LinkMeter, SpreadsATransferOverTheWindowsItOverlaps) {
  LinkMeter meter(2, 1.0);
  const int route[] = {0, 1};
  // 1000 B from 0.5 s to 2.5 s: 250 B in [0,1), 500 B in [1,2), 250 B in [2,3) on both links.
  meter.add_transfer(route, route + 2, 1000, 0.5, 2.5);
  // 300 B taking no time at 1.2 s, on link 1 only: window [1,2) of link 1 holds 800 B.
  meter.add_transfer(route + 1, route + 2, 300, 1.2, 1.2);
  const LinkRecord a = meter.record(0, "a", "access", 1000, 0.01, std::nullopt, 4.0);
  EXPECT_EQ(a.name, "a");
  EXPECT_DOUBLE_EQ(a.bytes, 1000);
  EXPECT_EQ(a.transfers, 1u);
  EXPECT_DOUBLE_EQ(a.mean_utilization, 1000.0 / (1000 * 4.0));
  EXPECT_DOUBLE_EQ(a.peak_utilization, 500.0 / 1000);
  EXPECT_FALSE(a.energy_j.has_value());
  const LinkRecord b = meter.record(1, "b", "uplink", 2000, 0.02, 1e-9, 4.0);
  EXPECT_DOUBLE_EQ(b.bytes, 1300);
  EXPECT_EQ(b.transfers, 2u);
  EXPECT_DOUBLE_EQ(b.peak_utilization, 800.0 / 2000);
  EXPECT_DOUBLE_EQ(*b.energy_j, 1300 * 8 * 1e-9);
}

TEST(LinkMeter, NoTimeNoTraffic) {
  LinkMeter meter(1, 0.5);
  const LinkRecord r = meter.record(0, "idle", "ingress", 1e6, 0, std::nullopt, 0.0);
  EXPECT_DOUBLE_EQ(r.bytes, 0);
  EXPECT_DOUBLE_EQ(r.mean_utilization, 0);
  EXPECT_DOUBLE_EQ(r.peak_utilization, 0);
}

SampleRecord sample(std::uint64_t id, int exit_head, bool correct, double arrival, double finish) {
  SampleRecord s;
  s.id = id;
  s.exit_head = exit_head;
  s.correct = correct;
  s.arrival_s = arrival;
  s.finish_s = finish;
  s.compute_s = 0.1;
  s.transfer_s = finish - arrival - 0.1;
  s.bytes_sent = 100;
  return s;
}

TEST(Recorder, SummaryIsAssembledInOnePlaceWithTheRunIdentity) {
  testing::TempDir dir;
  RunIdentity run{"demo", "entropy", 0.5, {}, 42};
  Recorder recorder({{"exit", "final"}, {"device", "cloud"}, run}, dir.file("samples.csv"));
  recorder.record_sample(sample(0, 0, true, 0.0, 0.2));
  recorder.record_sample(sample(1, 1, true, 0.1, 0.5));
  recorder.record_sample(sample(2, 0, false, 0.2, 0.3));
  recorder.record_sample(sample(3, 1, true, 0.3, 1.1));
  HostRecord host;
  host.name = "h";
  host.tier = "cloud";
  host.energy_j = 5;
  host.compute_energy_j = 2;
  recorder.finish({host}, {}, 2.0, 0.01);
  const nlohmann::json s = recorder.summary();
  EXPECT_EQ(s["scenario"], "demo");
  EXPECT_EQ(s["policy"], "entropy");
  EXPECT_EQ(s["policy_threshold"], 0.5);
  EXPECT_FALSE(s.contains("policy_thresholds"));
  EXPECT_EQ(s["seed"], 42);
  EXPECT_EQ(s["samples"], 4);
  EXPECT_DOUBLE_EQ(s["accuracy"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(s["exit_fraction"]["exit"].get<double>(), 0.5);
  // Latencies 0.2, 0.4, 0.1, 0.8: nearest-rank p50 = 0.2, p95 = max = 0.8, mean 0.375.
  EXPECT_NEAR(s["latency_s"]["p50"].get<double>(), 0.2, 1e-12);
  EXPECT_NEAR(s["latency_s"]["p95"].get<double>(), 0.8, 1e-12);
  EXPECT_NEAR(s["latency_s"]["mean"].get<double>(), 0.375, 1e-12);
  EXPECT_DOUBLE_EQ(s["energy_j"]["by_tier"]["cloud"].get<double>(), 5);
  EXPECT_DOUBLE_EQ(s["energy_j"]["by_tier"]["device"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(s["bytes"]["total"].get<double>(), 400);
  EXPECT_TRUE(s["network_energy_j"].is_null());
  const std::string csv = testing::read_file(dir.file("samples.csv"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);  // header + 4 samples
}

}  // namespace
}  // namespace hybridfog

// The analytic estimator against costs computed by hand on tests/data/partition/exits-*.
//
// Profile: a (1e6 MAC) -> b (2e6 MAC, head `early` 1e4 MAC) -> c (4e6 MAC), all fp32; tensors: input
// 1000 B, a 2000 B, b 1000 B. Device `dev` 1 GMAC/s, 1 pJ/MAC; cloud `srv` 10 GMAC/s, 2 pJ/MAC, `slow`
// 1 GMAC/s. Device <-> cloud: access (10 ms, 1e6 B/s, 100 nJ/bit) + uplink (5 ms, 1e7 B/s): 15 ms +
// bytes / 1e6 B/s. Answer: 100 B. Trace: rows 0 and 1 of 4 have entropy < 0.5 at `early`.
#include "search/analytic_estimator.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "core/input_error.hpp"

namespace hybridfog::search {
namespace {

using testing::source_path;

ScenarioSpec exits_scenario(const std::vector<std::string>& overrides = {}) {
  return load_scenario(source_path("tests/data/partition/exits-scenario.yaml"), overrides);
}

Configuration config(int device_end, int cloud_class) {
  Configuration c;
  c.host_class = {0, device_end < 3 ? cloud_class : -1, -1};
  c.begin = {0, device_end, 3};
  c.end = {device_end, 3, 3};
  return c;
}

constexpr double kTol = 1e-12;

TEST(AnalyticEstimator, ReplaysThePolicyIntoWeightedSampleClasses) {
  const ScenarioSpec spec = exits_scenario();
  const AnalyticEstimator estimator(spec);
  ASSERT_EQ(estimator.sample_classes().size(), 2u);  // exit at early / go on, half of the rows each
  EXPECT_DOUBLE_EQ(estimator.sample_classes()[0].weight + estimator.sample_classes()[1].weight, 1.0);
  EXPECT_DOUBLE_EQ(estimator.sample_classes()[0].weight, 0.5);
  EXPECT_EQ(estimator.boundary_bytes(), (std::vector<double>{1000, 2000, 1000}));
}

TEST(AnalyticEstimator, EarlyExitsSpareTheCloudForTheSamplesThatStop) {
  const AnalyticEstimator estimator(exits_scenario());
  // device runs a, b (+ head early): 1 + 2 + 0.01 ms for every sample; half of them go on:
  // hop 15 ms + 1000 B / 1e6 B/s = 16 ms, c on srv 0.4 ms, answer back 15 ms + 100 B / 1e6 B/s = 15.1 ms.
  const Estimate e = estimator.evaluate(config(2, 0));
  ASSERT_TRUE(e.feasible);
  EXPECT_NEAR(e.tier[0].compute_s, 3.01e-3, kTol);
  EXPECT_NEAR(e.tier[1].compute_s, 0.5 * 0.4e-3, kTol);
  EXPECT_NEAR(e.tier[1].reach, 0.5, kTol);
  EXPECT_NEAR(e.tier[1].in_bytes, 0.5 * 1000, kTol);
  EXPECT_NEAR(e.tier[1].in_transfer_s, 0.5 * 16e-3, kTol);
  EXPECT_NEAR(e.tier[0].max_upload_bytes, 1000, kTol);
  EXPECT_NEAR(e.return_s, 0.5 * 15.1e-3, kTol);
  EXPECT_NEAR(e.latency_s, 3.01e-3 + 0.5 * (16e-3 + 0.4e-3 + 15.1e-3), kTol);
  // The energy a sample causes, as `run` counts it (host-dynamic view, the default): (busy - idle) = 1 W per
  // core x compute seconds. Device: 1 W x 3.01 ms + access bits: 0.5 x (1000 + 100) B x 8 x 100 nJ.
  EXPECT_NEAR(e.tier[0].dynamic_energy_j, 3.01e-3, kTol);
  EXPECT_NEAR(e.device_energy_j, 3.01e-3 + 0.5 * 1100 * 8 * 100e-9, kTol);
  // Total: + the cloud's 1 W x 0.4 ms for half of the samples. No radio model: no radio energy.
  EXPECT_NEAR(e.total_energy_j, e.device_energy_j + 0.5 * 1.0 * 0.4e-3, kTol);
  EXPECT_EQ(e.radio_energy_j, 0.0);
  // MAC only stays per tier: 3.01e6 MAC x 1 pJ on the device.
  EXPECT_NEAR(e.tier[0].compute_energy_j, 3.01e-6, kTol);
  EXPECT_NEAR(e.wan_bytes, 0.5 * 1100, kTol);
}

TEST(AnalyticEstimator, TheAnalyticComputeViewCountsMacEnergy) {
  const AnalyticEstimator estimator(exits_scenario({"outputs.compute_energy_view=analytic"}));
  const Estimate e = estimator.evaluate(config(2, 0));
  // Device energy: 3.01e6 MAC x 1 pJ + access bits: 0.5 x (1000 + 100) B x 8 x 100 nJ.
  EXPECT_NEAR(e.device_energy_j, 3.01e-6 + 0.5 * 1100 * 8 * 100e-9, kTol);
  EXPECT_NEAR(e.total_energy_j, e.device_energy_j + 0.5 * 4e6 * 2e-12, kTol);
}

TEST(AnalyticEstimator, APstateBelowTheFastestSlowsAndCostsItsOwnPower) {
  // The device in its state 1 (half speed, 0.5 W idle, 1 W busy): a, b, early take 6.02 ms at 0.5 W dynamic.
  const std::string device = "platform.tiers[0].classes[0]={name: dev, count: 1, cores: 1, throughput: {fp32: 1GMAC/s}, "
                             "pstates: [{speed: 1, idle: 1W, busy: 2W}, {speed: 0.5, idle: 0.5W, busy: 1W}], "
                             "governor: {name: fixed, pstate: 1}, energy_per_mac: {fp32: 1pJ}}";
  const Estimate slow = AnalyticEstimator(exits_scenario({device})).evaluate(config(2, 0));
  EXPECT_NEAR(slow.tier[0].compute_s, 6.02e-3, kTol);
  EXPECT_NEAR(slow.tier[0].dynamic_energy_j, 0.5 * 6.02e-3, kTol);
  EXPECT_NEAR(slow.latency_s, 6.02e-3 + 0.5 * (16e-3 + 0.4e-3 + 15.1e-3), kTol);
  // Step up: state 0 (full speed, 1 W dynamic) gives back the default figures.
  std::string fast = device;
  fast.replace(fast.find("pstate: 1"), 9, "pstate: 0");
  const Estimate quick = AnalyticEstimator(exits_scenario({fast})).evaluate(config(2, 0));
  EXPECT_NEAR(quick.tier[0].compute_s, 3.01e-3, kTol);
  EXPECT_NEAR(quick.tier[0].dynamic_energy_j, 3.01e-3, kTol);
  // ondemand: a lone sample never makes up_queue = 1 samples wait: it runs in the slowest state.
  std::string ondemand = device;
  ondemand.replace(ondemand.find("{name: fixed, pstate: 1}"), 24, "{name: ondemand, up_queue: 1}");
  EXPECT_NEAR(AnalyticEstimator(exits_scenario({ondemand})).evaluate(config(2, 0)).tier[0].compute_s, 6.02e-3, kTol);
}

TEST(AnalyticEstimator, ALoneSampleWaitsMaxWaitForItsBatch) {
  // srv batches up to 4 samples, released 5 ms after the first: the half of the samples that reach c wait 5 ms.
  const Estimate e = AnalyticEstimator(exits_scenario({"platform.tiers[1].classes[0].batching={max_size: 4, max_wait: 5ms}"}))
                         .evaluate(config(2, 0));
  EXPECT_NEAR(e.batch_wait_s, 0.5 * 5e-3, kTol);
  EXPECT_NEAR(e.latency_s, 3.01e-3 + 0.5 * (16e-3 + 5e-3 + 0.4e-3 + 15.1e-3), kTol);
}

TEST(AnalyticEstimator, TheDeviceRadioAboveIdleCountsInTheEnergyCaused) {
  // Radio: transmit 1.5 W, receive 1 W, idle 0.5 W, tail 20 ms at 1 W. The half of the samples that go on:
  // upload 16 ms x 1 W, tail cut after 0.4 ms (c on srv) x 0.5 W, answer 15.1 ms x 0.5 W, a full tail
  // 20 ms x 0.5 W. The other half sends nothing.
  const Estimate e = AnalyticEstimator(exits_scenario({"platform.links.access.radio={transmit: 1.5W, receive: 1W, idle: 0.5W, "
                                                       "tail: 20ms, tail_power: 1W}"}))
                         .evaluate(config(2, 0));
  const double radio = 0.5 * (16e-3 * 1.0 + 0.4e-3 * 0.5 + 15.1e-3 * 0.5 + 20e-3 * 0.5);
  EXPECT_NEAR(e.radio_energy_j, radio, kTol);
  EXPECT_NEAR(e.device_energy_j, 3.01e-3 + radio + 0.5 * 1100 * 8 * 100e-9, kTol);
  EXPECT_NEAR(e.total_energy_j, e.device_energy_j + 0.5 * 0.4e-3, kTol);
}

TEST(AnalyticEstimator, EveryTierAndNoTier) {
  const AnalyticEstimator estimator(exits_scenario());
  // All on the device: 1 + 2 + 0.01 + 0.5 x 4 ms, nothing sent.
  const Estimate device = estimator.evaluate(config(3, -1));
  EXPECT_NEAR(device.latency_s, 5.01e-3, kTol);
  EXPECT_NEAR(device.transfer_s + device.return_s, 0.0, kTol);
  // All in the cloud (srv): raw input 15 + 1 ms, 0.1 + 0.2 + 0.001 + 0.5 x 0.4 ms, answer 15.1 ms.
  const Estimate cloud = estimator.evaluate(config(0, 0));
  EXPECT_NEAR(cloud.latency_s, 16e-3 + 0.501e-3 + 15.1e-3, kTol);
  EXPECT_NEAR(cloud.tier[1].in_bytes, 1000, kTol);
  // Cut after a, cloud `slow` (1 GMAC/s): 1 ms, 15 + 2 ms, 2 + 0.01 + 0.5 x 4 ms, 15.1 ms.
  const Estimate slow = estimator.evaluate(config(1, 1));
  EXPECT_NEAR(slow.latency_s, 1e-3 + 17e-3 + 4.01e-3 + 15.1e-3, kTol);
}

TEST(AnalyticEstimator, LastExitFlagComesFromThePartition) {
  // edge-only exits at the last head before the last tier, and only there.
  const AnalyticEstimator estimator(exits_scenario({"policy={name: edge-only}"}));
  // early on the device, c in the cloud: every sample stops at early; the cloud is never used.
  const Estimate split = estimator.evaluate(config(2, 0));
  EXPECT_NEAR(split.latency_s, 3.01e-3, kTol);
  EXPECT_NEAR(split.tier[1].reach, 0.0, kTol);
  // early in the cloud (the last tier): no sample stops there.
  const Estimate late = estimator.evaluate(config(1, 0));
  EXPECT_NEAR(late.latency_s, 1e-3 + 17e-3 + (0.2e-3 + 0.001e-3 + 0.4e-3) + 15.1e-3, kTol);
}

TEST(AnalyticEstimator, MeasuredBlockTimesReplaceTheAnalyticOnes) {
  const ScenarioSpec spec = exits_scenario();
  testing::TempDir dir;
  const std::string csv = dir.write("bench.csv",
                                    "system,model,block,first_layer,last_layer,seconds,output_bytes\n"
                                    "dev,partition-exits,0,a,a,0.5,2000\n"
                                    "dev,partition-exits,1,b,b,0.25,1000\n"
                                    "dev,partition-exits,2,c,c,1.0,40\n");
  const Benchmark bench = load_benchmark_csv(csv, "partition-exits", spec.profile);
  const AnalyticEstimator estimator(spec, &bench);
  // Device: 0.5 + 0.25 s measured + head 0.01 ms analytic; half the samples go on to c: 1.0 s.
  const Estimate e = estimator.evaluate(config(3, -1));
  EXPECT_NEAR(e.latency_s, 0.75 + 1e-5 + 0.5 * 1.0, kTol);
}

TEST(AnalyticEstimator, RefusesAPolicyThatIgnoresThePartition) {
  EXPECT_THROW(AnalyticEstimator(exits_scenario({"model.placement=cloud-only"})), InputError);
}

}  // namespace
}  // namespace hybridfog::search

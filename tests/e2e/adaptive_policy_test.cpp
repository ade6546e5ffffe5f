// Adaptive policies end to end (docs/policies.md): the context path changes nothing but the decisions, and
// the decisions follow the network the deciding host has seen.
#include <gtest/gtest.h>

#include "synthetic_chain.hpp"

namespace hybridfog::testing {
namespace {

std::vector<std::map<std::string, std::string>> run_quickstart(const TempDir& dir, const std::string& name,
                                                               const std::string& policy) {
  const std::string out = dir.file(name);
  const CommandResult r = run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", out, "--no-progress", "--set",
                                         "workload.samples_per_device=20", "--set", "policy=" + policy});
  EXPECT_EQ(r.status, 0) << r.err;
  return read_csv(out + "/samples.csv");
}

// An adaptive policy whose threshold cannot move decides exactly as its base rule: same samples, same exits,
// same times and energy (the context is read, never acted on), and policy_threshold holds the fixed value.
TEST(AdaptivePolicies, AThresholdThatCannotMoveDecidesAsTheStaticRule) {
  TempDir dir;
  const auto reference = run_quickstart(dir, "entropy", "{name: entropy, threshold: 0.78}");
  const auto congestion = run_quickstart(
      dir, "congestion", "{name: congestion-aware, base: entropy, threshold: 0.78, congested_threshold: 0.78, "
                         "reference_throughput: 1MBps}");
  const auto controller = run_quickstart(
      dir, "controller", "{name: budget-controller, base: entropy, threshold: 0.78, target_cloud_requests: 1/s, "
                         "gain_p: 0, gain_i: 0}");
  ASSERT_EQ(reference.size(), 200u);
  for (const auto* other : {&congestion, &controller}) {
    ASSERT_EQ(other->size(), reference.size());
    for (size_t i = 0; i < reference.size(); ++i) {
      for (const char* column : {"sample_id", "trace_row", "exit", "correct", "finish_s", "bytes_sent", "energy_j"})
        EXPECT_EQ((*other)[i].at(column), reference[i].at(column)) << column << " of row " << i;
      EXPECT_EQ((*other)[i].at("policy_threshold"), "0.78");
    }
  }
  EXPECT_EQ(reference.front().count("policy_threshold"), 0u);  // static policies write no such column
}

}  // namespace
}  // namespace hybridfog::testing

namespace hybridfog::testing {
namespace {

// A bandwidth step (docs/formats.md, "Profiles") that makes every offload miss its deadline. One device,
// one cloud host, the synthetic chain (tests/data): an offload takes L = device + upload + cloud + download;
// the uplink drops from 100 Mbps to 100 kbps at 2.5 s, between the samples of 2 s and 3 s (periodic,
// 1/s, sequential rows). Before the step L meets the 80 ms deadline, after it L misses it.
using namespace synthetic_chain;
constexpr double kFast = 8e6 / 8, kSlow = 100e3 / 8;  // bottleneck bytes/s: the access link, then the uplink
constexpr double kDeadline = 0.080;
constexpr int kSamples = 8, kFirstAfterStep = 3;

std::vector<std::map<std::string, std::string>> run_step(const TempDir& dir, int window) {
  const ScenarioRun run = run_scenario_in(
      dir, platform("step", ", profiles: {bandwidth: {steps: [[2.5s, 100kbps]]}}"),
      scenario("step", "{name: deadline-aware, base: static, estimator_window: " + std::to_string(window) + "}",
               kSamples, ", deadline: 80ms"));
  EXPECT_EQ(run.result.status, 0) << run.result.err;
  return read_csv(run.out + "/samples.csv");
}

// What the device measures from one offload (docs/policies.md, "What a policy may see"): the upload's
// bytes / duration, and rtt = answer back - upload delivered - cloud compute = the download's duration.
struct Measured {
  double throughput, rtt;
};
Measured measured(double bottleneck) {
  return {kCutBytes / (kPathLatency + kCutBytes / bottleneck), kPathLatency + kResultBytes / bottleneck};
}

// The samples the deadline-aware device sends to the cloud, from the documented estimator: EWMA of weight
// 2 / (window + 1) over each answered offload, and the estimate age + bytes / throughput + rtt + cloud seconds.
std::vector<bool> expected_offloads(int window) {
  const double alpha = 2.0 / (window + 1.0);
  std::vector<bool> offloads;
  double throughput = 0, rtt = 0;
  int measured_count = 0;
  for (int k = 0; k < kSamples; ++k) {
    const double estimate = measured_count == 0 ? 0.0 : kDeviceSeconds + kCutBytes / throughput + rtt + kCloudSeconds;
    const bool offload = measured_count == 0 || estimate <= kDeadline;
    offloads.push_back(offload);
    if (!offload) continue;
    const Measured m = measured(k < kFirstAfterStep ? kFast : kSlow);  // every offload ends within its second
    throughput = measured_count == 0 ? m.throughput : throughput + alpha * (m.throughput - throughput);
    rtt = measured_count == 0 ? m.rtt : rtt + alpha * (m.rtt - rtt);
    ++measured_count;
  }
  return offloads;
}

TEST(AdaptivePolicies, DeadlineAwareKeepsEverySampleOnTheDeviceOnceItHasSeenTheStep) {
  // The premise: offloading meets the deadline before the step and misses it after.
  const double fast = kDeviceSeconds + kPathLatency + kCutBytes / kFast + kCloudSeconds + kPathLatency + kResultBytes / kFast;
  const double slow = kDeviceSeconds + kPathLatency + kCutBytes / kSlow + kCloudSeconds + kPathLatency + kResultBytes / kSlow;
  ASSERT_LT(fast, kDeadline);
  ASSERT_GT(slow, kDeadline);
  for (int window : {1, 8}) {
    TempDir dir;
    const auto samples = run_step(dir, window);
    ASSERT_EQ(samples.size(), static_cast<size_t>(kSamples));
    const std::vector<bool> expected = expected_offloads(window);
    int last_offload = -1;
    for (int k = 0; k < kSamples; ++k) {
      const auto& s = samples[k];
      ASSERT_EQ(std::stoi(s.at("sample_id")), k);
      EXPECT_EQ(s.at("exit"), expected[k] ? "final" : "exit1") << "window " << window << ", sample " << k;
      if (expected[k]) last_offload = k;
      const double latency = std::stod(s.at("latency_s"));
      if (!expected[k]) {
        EXPECT_NEAR(latency, kDeviceSeconds, 1e-9);
      } else if (k < kFirstAfterStep) {
        EXPECT_NEAR(latency, fast, 1e-9);
      } else {
        EXPECT_NEAR(latency, slow, 1e-9);
        EXPECT_EQ(s.at("late"), "1");
      }
    }
    // Every sample before the step offloads; after the estimator has seen the step, none does.
    for (int k = 0; k < kFirstAfterStep; ++k) EXPECT_TRUE(expected[k]);
    EXPECT_GE(last_offload, kFirstAfterStep);   // it has to see the step once at least
    EXPECT_LT(last_offload, kSamples - 1);      // and then keeps the rest on the device (checked per sample above)
    if (window == 1) {
      EXPECT_EQ(last_offload, kFirstAfterStep);  // one slow measurement is enough
    }
  }
}

}  // namespace
}  // namespace hybridfog::testing

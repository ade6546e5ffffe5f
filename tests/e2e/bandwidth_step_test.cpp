// A transfer in flight follows its route's bandwidth in both directions (docs/formats.md, "Profiles"),
// closed form to 1e-9 on real runs of the synthetic chain (tests/e2e/synthetic_chain.hpp): one sample at
// t = 0 whose 1 MB answer comes back from the cloud over uplink and access. A transfer pays its route's
// latency first (31 ms here, no byte moves meanwhile), then carries its bytes at the bottleneck's bandwidth
// in force at each instant: min(access, uplink) (ingress, 10 Gbps, and the TCP window never bind here).
// Steps up and down, on the access and on the uplink, during the latency phase and during the byte phase.
// Before flows in flight followed a step up, every "up" case below ran at the bandwidth the flow started with.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <limits>
#include <ostream>
#include <utility>
#include <vector>

#include "synthetic_chain.hpp"

namespace hybridfog::testing {
namespace {

using namespace synthetic_chain;

constexpr double kAnswer = 1e6;  // bytes: workload result_size 1MB

// A bandwidth over time: (from this time, bytes/s), sorted, the first from 0.
using Steps = std::vector<std::pair<double, double>>;

double bandwidth_at(const Steps& steps, double t) {
  double b = steps.front().second;
  for (const auto& [from, value] : steps)
    if (from <= t) b = value;
  return b;
}

// The bottleneck of the device-cloud path over time: the smaller of access and uplink at every instant.
Steps bottleneck(const Steps& access, const Steps& uplink) {
  std::vector<double> times;
  for (const auto& s : access) times.push_back(s.first);
  for (const auto& s : uplink) times.push_back(s.first);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  Steps out;
  for (double t : times) out.emplace_back(t, std::min(bandwidth_at(access, t), bandwidth_at(uplink, t)));
  return out;
}

// When a transfer of `bytes` started at `start` over a route of latency `latency` ends.
double transfer_end(double start, double latency, double bytes, const Steps& bandwidth) {
  double t = start + latency, left = bytes;
  for (size_t i = 0; i < bandwidth.size(); ++i) {
    const double end = i + 1 < bandwidth.size() ? bandwidth[i + 1].first : std::numeric_limits<double>::infinity();
    if (t >= end) continue;
    const double rate = bandwidth[i].second;
    if (rate * (end - t) >= left) return t + left / rate;
    left -= rate * (end - t);
    t = end;
  }
  return t;
}

// The sample's latency: device stage, upload of the cut tensor, cloud stage, the answer.
double expected_latency(const Steps& access, const Steps& uplink) {
  const Steps path = bottleneck(access, uplink);
  const double upload_end = transfer_end(kDeviceSeconds, kPathLatency, kCutBytes, path);
  return transfer_end(upload_end + kCloudSeconds, kPathLatency, kAnswer, path);
}

struct Case {
  const char* name;
  std::string access_bandwidth, uplink_bandwidth;  // declared
  std::string access_steps, uplink_steps;          // YAML steps, "" for none
  Steps access, uplink;                            // the same in bytes/s
  // Where the first step falls in the answer's transfer: "latency" or "bytes" (checked below).
  const char* phase;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string profile(const std::string& steps) {
  return steps.empty() ? "" : ", profiles: {bandwidth: {steps: " + steps + "}}";
}

double sample_latency(const Case& c) {
  TempDir dir;
  const ScenarioRun run = run_scenario_in(
      dir, platform("step", profile(c.uplink_steps), profile(c.access_steps), c.access_bandwidth, c.uplink_bandwidth),
      scenario("step", "{name: entropy, threshold: 0}", 1, ", result_size: 1MB"));
  EXPECT_EQ(run.result.status, 0) << run.result.err;
  const auto samples = read_csv(run.out + "/samples.csv");
  EXPECT_EQ(samples.size(), 1u);
  if (samples.size() != 1) return -1;
  EXPECT_EQ(samples[0].at("exit"), "final");  // offloaded, answered by the cloud
  return std::stod(samples[0].at("latency_s"));
}

constexpr double k2 = 2e6 / 8, k4 = 4e6 / 8, k8 = 8e6 / 8, k16 = 16e6 / 8, k100 = 100e6 / 8;  // bytes/s

class BandwidthStep : public ::testing::TestWithParam<Case> {};

TEST_P(BandwidthStep, TransferFollowsTheLinkInFlight) {
  const Case& c = GetParam();
  const Steps path = bottleneck(c.access, c.uplink);
  const double first_step = std::max(c.access.size() > 1 ? c.access[1].first : 0.0, c.uplink.size() > 1 ? c.uplink[1].first : 0.0);
  // The case tests what it says: the step falls in the answer's latency phase or its byte phase.
  const double upload_end = transfer_end(kDeviceSeconds, kPathLatency, kCutBytes, path);
  const double answer_start = upload_end + kCloudSeconds;
  ASSERT_GT(first_step, answer_start);
  if (std::string(c.phase) == "latency") ASSERT_LT(first_step, answer_start + kPathLatency);
  else ASSERT_GT(first_step, answer_start + kPathLatency);
  const double expected = expected_latency(c.access, c.uplink);
  // The step matters: a transfer that kept the bandwidth it started with would end elsewhere.
  const Steps frozen{{0.0, path.front().second}};
  ASSERT_GT(std::abs(expected - expected_latency(frozen, frozen)), 0.01);
  EXPECT_NEAR(sample_latency(c), expected, expected * 1e-9);
}

INSTANTIATE_TEST_SUITE_P(
    Profiles, BandwidthStep,
    ::testing::Values(
        Case{"AccessUpDuringBytes", "2Mbps", "100Mbps", "[[500ms, 8Mbps]]", "", {{0, k2}, {0.5, k8}}, {{0, k100}}, "bytes"},
        Case{"AccessUpDuringLatency", "2Mbps", "100Mbps", "[[50ms, 8Mbps]]", "", {{0, k2}, {0.05, k8}}, {{0, k100}}, "latency"},
        Case{"AccessDownDuringBytes", "8Mbps", "100Mbps", "[[500ms, 2Mbps]]", "", {{0, k8}, {0.5, k2}}, {{0, k100}}, "bytes"},
        Case{"AccessDownDuringLatency", "8Mbps", "100Mbps", "[[50ms, 2Mbps]]", "", {{0, k8}, {0.05, k2}}, {{0, k100}}, "latency"},
        Case{"AccessTwoStepsUp", "2Mbps", "100Mbps", "[[300ms, 4Mbps], [600ms, 8Mbps]]", "", {{0, k2}, {0.3, k4}, {0.6, k8}},
             {{0, k100}}, "bytes"},
        Case{"AccessDownThenUp", "8Mbps", "100Mbps", "[[200ms, 2Mbps], [600ms, 8Mbps]]", "", {{0, k8}, {0.2, k2}, {0.6, k8}},
             {{0, k100}}, "bytes"},
        Case{"UplinkUpDuringBytes", "8Mbps", "2Mbps", "", "[[500ms, 16Mbps]]", {{0, k8}}, {{0, k2}, {0.5, k16}}, "bytes"},
        Case{"UplinkUpDuringLatency", "8Mbps", "2Mbps", "", "[[50ms, 16Mbps]]", {{0, k8}}, {{0, k2}, {0.05, k16}}, "latency"},
        Case{"UplinkDownDuringBytes", "8Mbps", "100Mbps", "", "[[500ms, 2Mbps]]", {{0, k8}}, {{0, k100}, {0.5, k2}}, "bytes"},
        Case{"UplinkDownDuringLatency", "8Mbps", "100Mbps", "", "[[50ms, 2Mbps]]", {{0, k8}}, {{0, k100}, {0.05, k2}}, "latency"}),
    [](const ::testing::TestParamInfo<Case>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace hybridfog::testing

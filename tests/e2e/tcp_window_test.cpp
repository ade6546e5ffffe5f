// SimGrid caps every flow at tcp_window / (2 x route latency) (its TCP-gamma), under CM02 too. A lone
// flow over a fast, long link (1 Gbps, 40 ms) is capped with the default 4 MiB window and is not with a
// 64 MiB one; both latencies are checked against the formula to 1e-9.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kBandwidth = 1e9 / 8, kLatency = 0.040;  // bytes/s, s
constexpr double kDeviceSeconds = (2e6 + 62720) / 1e9 + 16e6 / 20e9, kCloudSeconds = (6e6 + 31360) / 10e9;
constexpr double kCutBytes = 32.0 * 14 * 14 / 8, kResultBytes = 100e6;

double run_latency(const std::string& window_setting) {
  TempDir dir;
  dir.write("platform.yaml",
            "name: long-fat\nsites: 1\ntiers:\n"
            "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
            " power_per_core: {idle: 1W, busy: 2W}}]}\n"
            "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s},"
            " power_per_core: {idle: 1W, busy: 2W}}]}\n"
            "links:\n  access: {bandwidth: 1Gbps, latency: 40ms}\n"
            "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n");
  const std::string scenario = dir.write(
      "scenario.yaml",
      "name: long-fat\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
          "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
          "\npolicy: {name: entropy, threshold: 0}\n"
          "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 1, order: sequential,"
          " result_size: 100MB}\n"
          "network: {model: CM02" + window_setting + "}\n");
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", scenario, "-o", out, "--no-progress"});
  EXPECT_EQ(r.status, 0) << r.err;
  const auto samples = read_csv(out + "/samples.csv");
  EXPECT_EQ(samples.size(), 1u);
  return samples.empty() ? -1 : std::stod(samples[0].at("latency_s"));
}

double expected_latency(double window_bytes) {
  const double rate = std::min(kBandwidth, window_bytes / (2 * kLatency));
  return kDeviceSeconds + kLatency + kCutBytes / rate + kCloudSeconds + kLatency + kResultBytes / rate;
}

TEST(TcpWindow, DefaultWindowCapsAFastLongFlow) {
  const double expected = expected_latency(4194304);
  EXPECT_NEAR(run_latency(""), expected, expected * 1e-9);
  // The cap matters here: without it the answer would take 0.8 s instead of 1.9 s.
  EXPECT_GT(expected, expected_latency(1e12) + 1.0);
}

TEST(TcpWindow, ALargerWindowLiftsTheCap) {
  const double expected = expected_latency(64.0 * 1024 * 1024);
  EXPECT_NEAR(run_latency(", tcp_window: 64MiB"), expected, expected * 1e-9);
  EXPECT_NEAR(expected, expected_latency(1e12), 1e-12);  // 64 MiB / 80 ms > 1 Gbps: bandwidth-bound
}

TEST(TcpWindow, BadWindowIsRefusedWithItsKeyPath) {
  const CommandResult r = run_hybridfog({"validate", source_path("scenarios/quickstart.yaml"), "--set",
                                         "network.tcp_window=0B"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("network.tcp_window"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hybridfog::testing

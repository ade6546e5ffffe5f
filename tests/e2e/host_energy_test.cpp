// Host energy on multi-core hosts at partial load, in closed form. SimGrid's host energy plugin must give
// a host of c cores (idle i, busy b per core) exactly c*i over the whole run plus (b - i) per busy
// core-second, whatever the number k of busy cores: 1, 2, 3, 4 and 8-core cloud hosts are loaded by k
// simultaneous samples (k < c, k = c, k > c with queueing) and by two waves that overlap partially.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kRelative = 1e-9;
// Numbers of the platform below and of tests/data/synthetic-chain.yaml (threshold 0: nothing exits early).
constexpr double kFastDeviceFp32 = 1e9, kSlowDeviceFp32 = 0.5e9, kDeviceBinary = 20e9, kCloudFp32 = 10e9;
constexpr double kDeviceIdle = 0.5, kDeviceBusy = 2.0, kCloudIdle = 10.0, kCloudBusy = 30.0;  // W per core
constexpr double kAccessBandwidth = 8e6 / 8, kAccessLatency = 0.010;  // bytes/s, s
constexpr double kDeviceFp32Macs = 2e6 + 62720, kDeviceBinaryMacs = 16e6, kCloudFp32Macs = 6e6 + 31360;
constexpr double kCutBytes = 32.0 * 14 * 14 / 8, kResultBytes = 64;

struct Load {
  int cores;      // cores of the one cloud host
  int fast;       // devices of the fast class (their samples reach the cloud first)
  int slow;       // devices of the slow class (reach it later, while the first wave may still compute)
};

std::ostream& operator<<(std::ostream& out, const Load& l) {
  return out << l.cores << " cores, " << l.fast << " + " << l.slow << " samples";
}

std::string platform(const Load& l) {
  std::string devices =
      "      - {name: fast, count: " + std::to_string(l.fast) +
      ", cores: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}}\n";
  if (l.slow > 0)
    devices += "      - {name: slow, count: " + std::to_string(l.slow) +
               ", cores: 1, throughput: {fp32: 0.5GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}}\n";
  return "name: multicore\nsites: 1\ntiers:\n  - name: device\n    scope: device\n    send_flows: unlimited\n    classes:\n" + devices +
         "  - name: cloud\n    scope: central\n    send_flows: unlimited\n    classes:\n"
         "      - {name: srv, count: 1, cores: " + std::to_string(l.cores) +
         ", throughput: {fp32: 10GMAC/s}, power_per_core: {idle: 10W, busy: 30W}}\n"
         "links:\n  access: {bandwidth: 8Mbps, latency: 10ms}\n"
         "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
}

class HostEnergy : public ::testing::TestWithParam<Load> {};

TEST_P(HostEnergy, EqualsIdlePlusBusyCoreSeconds) {
  const Load l = GetParam();
  TempDir dir;
  dir.write("platform.yaml", platform(l));
  const std::string scenario = dir.write(
      "scenario.yaml",
      "name: multicore\nseed: 1\nplatform: platform.yaml\nmodel:\n  profile: " +
          source_path("tests/data/synthetic-chain.yaml") + "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
          "\npolicy: {name: entropy, threshold: 0}\n"
          "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 1, order: sequential}\n"
          "network: {model: CM02}\n");
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", scenario, "-o", out, "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json summary = read_json(out + "/summary.json");

  const double fast_device_s = kDeviceFp32Macs / kFastDeviceFp32 + kDeviceBinaryMacs / kDeviceBinary;
  const double slow_device_s = kDeviceFp32Macs / kSlowDeviceFp32 + kDeviceBinaryMacs / kDeviceBinary;
  const double upload_s = kAccessLatency + kCutBytes / kAccessBandwidth;
  const double download_s = kAccessLatency + kResultBytes / kAccessBandwidth;
  const double cloud_s = kCloudFp32Macs / kCloudFp32;
  // Cloud finish times: FIFO over the cores, in order of arrival (every device has its own access link).
  std::vector<double> arrivals(l.fast, fast_device_s + upload_s);
  arrivals.insert(arrivals.end(), l.slow, slow_device_s + upload_s);
  std::vector<double> core_free(l.cores, 0.0);
  double end = 0;
  for (double a : arrivals) {
    auto core = std::min_element(core_free.begin(), core_free.end());
    *core = std::max(*core, a) + cloud_s;
    end = std::max(end, *core + download_s);
  }
  const int samples = l.fast + l.slow;
  const double device_j = samples * kDeviceIdle * end + (kDeviceBusy - kDeviceIdle) *
                                                            (l.fast * fast_device_s + l.slow * slow_device_s);
  const double cloud_j = l.cores * kCloudIdle * end + (kCloudBusy - kCloudIdle) * samples * cloud_s;

  ASSERT_NEAR(summary["sim_time_s"].get<double>(), end, end * kRelative);
  EXPECT_NEAR(summary["energy_j"]["by_tier"]["cloud"].get<double>(), cloud_j, cloud_j * kRelative);
  EXPECT_NEAR(summary["energy_j"]["by_tier"]["device"].get<double>(), device_j, device_j * kRelative);
  const auto hosts = read_csv(out + "/hosts.csv");
  for (const auto& h : hosts)
    if (h.at("tier") == "cloud") {
      EXPECT_NEAR(std::stod(h.at("energy_j")), cloud_j, cloud_j * kRelative);
      EXPECT_NEAR(std::stod(h.at("busy_core_s")), samples * cloud_s, samples * cloud_s * kRelative);
    }
}

INSTANTIATE_TEST_SUITE_P(
    PartialLoad, HostEnergy,
    ::testing::Values(Load{1, 1, 0}, Load{2, 1, 0}, Load{3, 2, 0}, Load{4, 3, 0}, Load{8, 5, 0},  // k < c
                      Load{4, 4, 0},                                                              // k = c
                      Load{2, 3, 0}, Load{3, 4, 3},                                               // queueing
                      Load{4, 1, 2}, Load{8, 3, 2}),  // two waves: the second arrives while the first computes
    [](const ::testing::TestParamInfo<Load>& param_info) {
      return std::to_string(param_info.param.cores) + "cores_" + std::to_string(param_info.param.fast) + "_then_" +
             std::to_string(param_info.param.slow);
    });

}  // namespace
}  // namespace hybridfog::testing

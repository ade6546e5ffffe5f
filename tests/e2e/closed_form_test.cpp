// Closed-form checks: one device, one cloud host, known MACs, throughputs, links and power. The simulated
// latency and energy must equal the formulas written here to 1e-9 relative.
#include <gtest/gtest.h>

#include <cmath>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kRelative = 1e-9;

void expect_close(double actual, double expected, const char* what) {
  EXPECT_NEAR(actual, expected, std::abs(expected) * kRelative) << what;
}

// Numbers of the platform below and of tests/data/synthetic-chain.yaml.
constexpr double kDeviceFp32 = 1e9, kDeviceBinary = 20e9, kCloudFp32 = 10e9, kCloudBinary = 40e9;
constexpr double kAccessBandwidth = 8e6 / 8, kUplinkBandwidth = 100e6 / 8;  // bytes/s
constexpr double kAccessLatency = 0.010, kUplinkLatency = 0.020, kIngressLatency = 0.001;
constexpr double kDeviceIdle = 0.5, kDeviceBusy = 2.0, kCloudIdle = 10.0, kCloudBusy = 30.0;  // W per core
constexpr double kFp32Energy = 4.6e-12, kBinaryEnergy = 0.03e-12;                           // J per MAC
// Device part: conv1 (2M fp32) + block1, block2 (8M binary each) + exit1 head (62,720 fp32).
constexpr double kDeviceFp32Macs = 2e6 + 62720, kDeviceBinaryMacs = 16e6;
// Cloud part: block3 (6M fp32) + fc (31,360 fp32); the final head costs nothing.
constexpr double kCloudFp32Macs = 6e6 + 31360;
constexpr double kCutBytes = 32.0 * 14 * 14 / 8;  // block2's output: 32x14x14 binary elements
constexpr double kResultBytes = 64;
constexpr int kSamples = 3;   // periodic, 1/s, first at t = 0: no two samples overlap
constexpr double kPeriod = 1.0;

const char* kPlatform = R"(name: closed-form
sites: 1
tiers:
  - name: device
    scope: device
    classes:
      - {name: dev, count: 1, cores: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},
         power_per_core: {idle: 0.5W, busy: 2W}, energy_per_mac: {fp32: 4.6pJ, binary: 0.03pJ}}
  - name: cloud
    scope: central
    classes:
      - {name: srv, count: 1, cores: 1, throughput: {fp32: 10GMAC/s, binary: 40GMAC/s},
         power_per_core: {idle: 10W, busy: 30W}, energy_per_mac: {fp32: 4.6pJ, binary: 0.03pJ}}
links:
  access: {bandwidth: 8Mbps, latency: 10ms}
  uplink: {bandwidth: 100Mbps, latency: 20ms}
  ingress: {bandwidth: 10Gbps, latency: 1ms, sharing: fatpipe}
)";

std::string scenario(const TempDir& dir, double threshold) {
  dir.write("platform.yaml", kPlatform);
  return dir.write("scenario.yaml",
                   "name: closed-form\nseed: 3\nplatform: platform.yaml\n"
                   "model:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
                       "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
                       "\npolicy: {name: entropy, threshold: " + std::to_string(threshold) +
                       "}\n"
                       "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 3, order: sequential}\n"
                       "network: {model: CM02}\n");
}

struct RunOutputs {
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples, hosts;
};

RunOutputs run(const TempDir& dir, double threshold) {
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", scenario(dir, threshold), "-o", out, "--no-progress"});
  EXPECT_EQ(r.status, 0) << r.err;
  return {read_json(out + "/summary.json"), read_csv(out + "/samples.csv"), read_csv(out + "/hosts.csv")};
}

const double kDeviceSeconds = kDeviceFp32Macs / kDeviceFp32 + kDeviceBinaryMacs / kDeviceBinary;
const double kCloudSeconds = kCloudFp32Macs / kCloudFp32;
const double kPathLatency = kAccessLatency + kUplinkLatency + kIngressLatency;
const double kUpload = kPathLatency + kCutBytes / std::min(kAccessBandwidth, kUplinkBandwidth);
const double kDownload = kPathLatency + kResultBytes / std::min(kAccessBandwidth, kUplinkBandwidth);
const double kDeviceComputeEnergy = kDeviceFp32Macs * kFp32Energy + kDeviceBinaryMacs * kBinaryEnergy;

TEST(ClosedForm, EverythingExitsEarly) {
  TempDir dir;
  const RunOutputs r = run(dir, 100.0);  // every entropy is below 100 nats
  ASSERT_EQ(r.samples.size(), static_cast<size_t>(kSamples));
  for (const auto& s : r.samples) {
    EXPECT_EQ(s.at("exit"), "exit1");
    expect_close(std::stod(s.at("latency_s")), kDeviceSeconds, "latency");
    EXPECT_EQ(std::stod(s.at("bytes_sent")), 0.0);
  }
  const double end = (kSamples - 1) * kPeriod + kDeviceSeconds;
  expect_close(r.summary["sim_time_s"].get<double>(), end, "sim_time_s");
  expect_close(r.summary["latency_s"]["max"].get<double>(), kDeviceSeconds, "latency max");
  const double device_energy = kDeviceIdle * end + (kDeviceBusy - kDeviceIdle) * kSamples * kDeviceSeconds;
  const double cloud_energy = kCloudIdle * end;
  expect_close(r.summary["energy_j"]["by_tier"]["device"].get<double>(), device_energy, "device energy");
  expect_close(r.summary["energy_j"]["by_tier"]["cloud"].get<double>(), cloud_energy, "cloud energy");
  expect_close(r.summary["compute_energy_j"]["by_tier"]["device"].get<double>(), kSamples * kDeviceComputeEnergy,
               "device compute energy");
  EXPECT_EQ(r.summary["compute_energy_j"]["by_tier"]["cloud"].get<double>(), 0.0);
  EXPECT_EQ(r.summary["exit_fraction"]["exit1"].get<double>(), 1.0);
  EXPECT_EQ(r.summary["bytes"]["total"].get<double>(), 0.0);
}

TEST(ClosedForm, NothingExitsEarly) {
  TempDir dir;
  const RunOutputs r = run(dir, 0.0);  // no entropy is below 0
  const double latency = kDeviceSeconds + kUpload + kCloudSeconds + kDownload;
  ASSERT_EQ(r.samples.size(), static_cast<size_t>(kSamples));
  for (const auto& s : r.samples) {
    EXPECT_EQ(s.at("exit"), "final");
    expect_close(std::stod(s.at("latency_s")), latency, "latency");
    expect_close(std::stod(s.at("compute_s")), kDeviceSeconds + kCloudSeconds, "compute part");
    expect_close(std::stod(s.at("transfer_s")), kUpload + kDownload, "transfer part");
    EXPECT_EQ(std::stod(s.at("queue_s")), 0.0);
    EXPECT_EQ(std::stod(s.at("bytes_sent")), kCutBytes + kResultBytes);
  }
  const double end = (kSamples - 1) * kPeriod + latency;
  expect_close(r.summary["sim_time_s"].get<double>(), end, "sim_time_s");
  const double device_energy = kDeviceIdle * end + (kDeviceBusy - kDeviceIdle) * kSamples * kDeviceSeconds;
  const double cloud_energy = kCloudIdle * end + (kCloudBusy - kCloudIdle) * kSamples * kCloudSeconds;
  expect_close(r.summary["energy_j"]["by_tier"]["device"].get<double>(), device_energy, "device energy");
  expect_close(r.summary["energy_j"]["by_tier"]["cloud"].get<double>(), cloud_energy, "cloud energy");
  expect_close(r.summary["energy_j"]["total"].get<double>(), device_energy + cloud_energy, "total energy");
  expect_close(r.summary["compute_energy_j"]["by_tier"]["cloud"].get<double>(), kSamples * kCloudFp32Macs * kFp32Energy,
               "cloud compute energy");
  EXPECT_EQ(r.summary["exit_fraction"]["final"].get<double>(), 1.0);
  EXPECT_EQ(r.summary["bytes"]["total"].get<double>(), kSamples * (kCutBytes + kResultBytes));
  for (const char* link_class : {"access", "uplink", "ingress"})
    EXPECT_EQ(r.summary["bytes"]["by_link_class"][link_class].get<double>(), kSamples * (kCutBytes + kResultBytes))
        << link_class;
}

TEST(ClosedForm, CloudOnlySendsTheRawInputAndRunsEverythingThere) {
  TempDir dir;
  const std::string out = dir.file("out");
  const CommandResult r =
      run_hybridfog({"run", scenario(dir, 1.0), "-o", out, "--no-progress", "--set", "model.placement=cloud-only"});
  ASSERT_EQ(r.status, 0) << r.err;
  const nlohmann::json summary = read_json(out + "/summary.json");
  const double input_bytes = 28 * 28;  // the raw 1x28x28 uint8 image
  // All layers (not the exit head) on the cloud host: fp32 at 10 GMAC/s, binary at kCloudBinary.
  const double cloud_seconds = (2e6 + kCloudFp32Macs) / kCloudFp32 + kDeviceBinaryMacs / kCloudBinary;
  const double latency = kPathLatency + input_bytes / kAccessBandwidth + cloud_seconds + kDownload;
  for (const auto& s : read_csv(out + "/samples.csv")) {
    EXPECT_EQ(s.at("exit"), "final");
    expect_close(std::stod(s.at("latency_s")), latency, "latency");
  }
  const double end = (kSamples - 1) * kPeriod + latency;
  expect_close(summary["energy_j"]["by_tier"]["device"].get<double>(), kDeviceIdle * end, "device energy: idle only");
  expect_close(summary["energy_j"]["by_tier"]["cloud"].get<double>(),
               kCloudIdle * end + (kCloudBusy - kCloudIdle) * kSamples * cloud_seconds, "cloud energy");
  EXPECT_EQ(summary["bytes"]["total"].get<double>(), kSamples * (input_bytes + kResultBytes));
}

}  // namespace
}  // namespace hybridfog::testing

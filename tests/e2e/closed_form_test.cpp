// Closed-form checks: one device, one cloud host, known MACs, throughputs, links and power. The simulated
// latency and energy must equal the formulas written here to 1e-9 relative.
#include <gtest/gtest.h>

#include <cmath>

#include "synthetic_chain.hpp"

namespace hybridfog::testing {
namespace {

using namespace synthetic_chain;

constexpr int kSamples = 3;  // periodic, 1/s, first at t = 0: no two samples overlap
constexpr double kPeriod = 1.0;

ScenarioRun run_closed_form(const TempDir& dir, double threshold, const std::vector<std::string>& extra = {}) {
  return run_scenario_in(dir, platform("closed-form"),
                         scenario("closed-form", "{name: entropy, threshold: " + std::to_string(threshold) + "}", kSamples),
                         extra);
}

struct RunOutputs {
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples, hosts;
};

RunOutputs run(const TempDir& dir, double threshold) {
  const ScenarioRun run = run_closed_form(dir, threshold);
  EXPECT_EQ(run.result.status, 0) << run.result.err;
  return {read_json(run.out + "/summary.json"), read_csv(run.out + "/samples.csv"), read_csv(run.out + "/hosts.csv")};
}

const double kDeviceComputeEnergy = kDeviceFp32Macs * kFp32Energy + kDeviceBinaryMacs * kBinaryEnergy;

TEST(ClosedForm, EverythingExitsEarly) {
  TempDir dir;
  const RunOutputs r = run(dir, 2.3);  // every entropy of the trace is below 2.3 nats (ln 10 = 2.3026 is the most there is)
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
  const ScenarioRun run = run_closed_form(dir, 1.0, {"--set", "model.placement=cloud-only"});
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const std::string& out = run.out;
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

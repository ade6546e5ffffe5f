// Send queues (docs/formats.md, "Send queue"): a host keeps at most `send_flows` transfers in flight and
// the others wait, first come first served. One device sends raw inputs to one cloud host (cloud-only);
// samples arrive 1 ms apart while one upload takes ~32 ms, so they queue at the device. The latencies
// and the time in the send queue must equal the formulas written here.
#include <gtest/gtest.h>

#include <cmath>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr Closeness kCloseness{1e-9, 1e-12};
constexpr double kAccessBandwidth = 8e6 / 8;  // bytes/s; the uplink (100 Mbps) is faster
constexpr double kPathLatency = 0.010 + 0.020 + 0.001;
constexpr double kInputBytes = 28 * 28, kResultBytes = 64;
constexpr double kPeriod = 0.001;  // 1000 samples/s
constexpr double kUpload = kPathLatency + kInputBytes / kAccessBandwidth;
constexpr double kDownload = kPathLatency + kResultBytes / kAccessBandwidth;
// Every layer of tests/data/synthetic-chain.yaml but the exit head on the cloud host (cloud-only).
constexpr double kCloudSeconds = (2e6 + 6e6 + 31360) / 10e9 + 16e6 / 40e9;

std::string platform(const std::string& device_send_flows) {
  return "name: send-queue\nsites: 1\ntiers:\n"
         "  - name: device\n    scope: device\n" + device_send_flows +
         "    classes:\n"
         "      - {name: dev, count: 1, cores: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},\n"
         "         power_per_core: {idle: 0.5W, busy: 2W}}\n"
         "  - name: cloud\n    scope: central\n    send_flows: unlimited\n    classes:\n"
         "      - {name: srv, count: 1, cores: 4, throughput: {fp32: 10GMAC/s, binary: 40GMAC/s},\n"
         "         power_per_core: {idle: 10W, busy: 30W}}\n"
         "links:\n"
         "  access: {bandwidth: 8Mbps, latency: 10ms}\n"
         "  uplink: {bandwidth: 100Mbps, latency: 20ms}\n"
         "  ingress: {bandwidth: 10Gbps, latency: 1ms, sharing: fatpipe}\n";
}

std::string scenario(const TempDir& dir, const std::string& device_send_flows, const std::string& rate = "1000/s",
                     int samples = 3) {
  dir.write("platform.yaml", platform(device_send_flows));
  return dir.write("scenario.yaml",
                   "name: send-queue\nseed: 3\nplatform: platform.yaml\n"
                   "model:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
                       "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
                       "\n  placement: cloud-only\npolicy: {name: static}\n"
                       "workload: {arrivals: periodic, rate: " + rate + ", phase: zero, samples_per_device: " +
                       std::to_string(samples) + ", order: sequential}\nnetwork: {model: CM02}\n");
}

std::vector<std::map<std::string, std::string>> run_samples(const TempDir& dir, const std::string& send_flows) {
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", scenario(dir, send_flows), "-o", out, "--no-progress"});
  EXPECT_EQ(r.status, 0) << r.err;
  return read_csv(out + "/samples.csv");
}

// Sample k starts its upload at `start[k]`; everything after it is uncontended (the cloud has 4 cores,
// the answers' and uploads' bandwidth phases never overlap: latency dominates each transfer).
void expect_samples(const std::vector<std::map<std::string, std::string>>& samples, const std::vector<double>& start) {
  ASSERT_EQ(samples.size(), start.size());
  for (size_t k = 0; k < samples.size(); ++k) {
    const auto& s = samples[k];
    const double arrival = k * kPeriod;
    const std::string which = "sample " + std::to_string(k);
    expect_close(std::stod(s.at("send_queue_s")), start[k] - arrival, which + " send_queue_s", kCloseness);
    expect_close(std::stod(s.at("transfer_s")), kUpload + kDownload, which + " transfer_s", kCloseness);
    expect_close(std::stod(s.at("latency_s")), start[k] - arrival + kUpload + kCloudSeconds + kDownload,
                 which + " latency_s", kCloseness);
    // The latency is made of its parts.
    expect_close(std::stod(s.at("latency_s")),
                 std::stod(s.at("compute_s")) + std::stod(s.at("queue_s")) + std::stod(s.at("send_queue_s")) +
                     std::stod(s.at("transfer_s")),
                 which + " parts", kCloseness);
  }
}

TEST(SendQueue, DefaultOneFlowPerHostSendsOneAfterTheOther) {
  TempDir dir;
  // Sample k waits for the k uploads before it: it starts at k x kUpload.
  expect_samples(run_samples(dir, ""), {0.0, kUpload, 2 * kUpload});
  const nlohmann::json summary = read_json(dir.file("out") + "/summary.json");
  expect_close(summary["latency_parts_mean_s"]["send_queue"].get<double>(),
               ((kUpload - kPeriod) + (2 * kUpload - 2 * kPeriod)) / 3, "mean send_queue", kCloseness);
  const nlohmann::json manifest = read_json(dir.file("out") + "/manifest.json");
  EXPECT_EQ(manifest["scenario"]["platform"]["send_flows"]["device"], 1);
  EXPECT_EQ(manifest["scenario"]["platform"]["send_flows"]["cloud"], "unlimited");
}

TEST(SendQueue, TwoFlowsLetTheSecondSampleGoAtOnceAndTheThirdWait) {
  TempDir dir;
  // Samples 0 and 1 start at arrival; sample 2 takes sample 0's flow when its upload ends.
  expect_samples(run_samples(dir, "    send_flows: 2\n"), {0.0, kPeriod, kUpload});
}

TEST(SendQueue, UnlimitedFlowsNeverWait) {
  TempDir dir;
  const auto samples = run_samples(dir, "    send_flows: unlimited\n");
  ASSERT_EQ(samples.size(), 3u);
  for (const auto& s : samples) EXPECT_EQ(std::stod(s.at("send_queue_s")), 0.0);
}

TEST(SendQueue, BadSendFlowsIsAnInputError) {
  for (const char* bad : {"0", "-1", "lots", "[1]"}) {
    TempDir dir;
    const std::string out = dir.file("out");
    const CommandResult r =
        run_hybridfog({"run", scenario(dir, "    send_flows: " + std::string(bad) + "\n"), "-o", out, "--no-progress"});
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("platform.yaml:6:17: tiers[0].send_flows: expected"), std::string::npos) << bad << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

// Offered load: cloud-only sends 784 + 64 bytes per sample over the device's access link.
TEST(OfferedLoad, ValidateAndRunWarnWithTheNumbersWhenALinkCannotKeepUp) {
  TempDir dir;
  // 2000 samples/s x 848 bytes x 8 = 13.568 Mbps on an 8 Mbps access link; the cloud host is offered
  // 2000 x kCloudSeconds = 2.41 busy cores of its 4.
  const std::string file = scenario(dir, "", "2000/s");
  const CommandResult v = run_hybridfog({"validate", file});
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_NE(v.err.find("[warning] access: offered 13.6 Mbps > capacity 8 Mbps; queues will grow without bound"),
            std::string::npos)
      << v.err;
  EXPECT_EQ(v.err.find("uplink"), std::string::npos) << "13.6 Mbps of 100 Mbps is no overload: " << v.err;
  EXPECT_EQ(v.err.find("cloud/srv"), std::string::npos) << v.err;
  const CommandResult r = run_hybridfog({"run", file, "-o", dir.file("out"), "--no-progress"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("access: offered 13.6 Mbps > capacity 8 Mbps"), std::string::npos) << r.err;
}

TEST(OfferedLoad, ServerClassWarningCountsBusyCores) {
  TempDir dir;
  // 4000 samples/s x kCloudSeconds (1.2031 ms) = 4.81 busy cores > 4 cores.
  const CommandResult v = run_hybridfog({"validate", scenario(dir, "", "4000/s")});
  EXPECT_EQ(v.status, 0) << v.err;
  char expected[128];
  std::snprintf(expected, sizeof expected, "cloud/srv: offered %.3g busy cores > capacity 4 cores", 4000 * kCloudSeconds);
  EXPECT_NE(v.err.find(expected), std::string::npos) << expected << " in " << v.err;
}

TEST(OfferedLoad, NoWarningBelowCapacity) {
  TempDir dir;
  const CommandResult v = run_hybridfog({"validate", scenario(dir, "", "10/s")});
  EXPECT_EQ(v.status, 0) << v.err;
  // No offered-load warning (this test platform's cloud class gives no energy_per_mac: that warning is another).
  EXPECT_EQ(v.err.find("offered"), std::string::npos) << v.err;
}

TEST(OfferedLoad, WarningsAreQuietAtLogLevelError) {
  TempDir dir;
  const CommandResult v = run_hybridfog({"validate", scenario(dir, "", "2000/s"), "--log-level", "error"});
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_EQ(v.err.find("warning"), std::string::npos) << v.err;
}

}  // namespace
}  // namespace hybridfog::testing

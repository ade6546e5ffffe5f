// Radio energy with states on a real run, in closed form: one device sends 3 samples (1 per second) to
// the cloud; each pays its upload at transmit power, its download at receive power, and the tails that
// follow its transfers (cut short by the device's next transfer). Per-sample shares plus idle add up to
// the device's radio energy, and every energy account in summary.json adds up.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kTx = 1.5, kRx = 1.0, kIdle = 0.5, kTailPower = 1.2;  // W
constexpr double kDevice = (2e6 + 62720) / 1e9 + 16e6 / 20e9;         // s on the device
constexpr double kUpload = 0.010 + 784 / 1e6, kDownload = 0.010 + 64 / 1e6;  // s: 8 Mbps, 10 ms
constexpr double kCloud = (6e6 + 31360) / 10e9;                         // s on the cloud
constexpr double kPerBit = 100e-9;                                      // J/bit on the access link
constexpr int kSamples = 3;

struct Run {
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples, hosts;
};

Run run(const std::string& tail) {
  TempDir dir;
  dir.write("platform.yaml",
            "name: radio\nsites: 1\ntiers:\n"
            "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
            " power_per_core: {idle: 0.5W, busy: 2W}, energy_per_mac: {fp32: 4.6pJ, binary: 0.03pJ}}]}\n"
            "  - {name: cloud, scope: central, classes: [{name: srv, cores: 2, throughput: {fp32: 10GMAC/s},"
            " power_per_core: {idle: 10W, busy: 30W}}]}\n"
            "links:\n  access: {bandwidth: 8Mbps, latency: 10ms, energy_per_bit: 100nJ,\n"
            "           radio: {transmit: 1.5W, receive: 1W, idle: 0.5W, tail: " + tail + ", tail_power: 1.2W}}\n"
            "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n");
  const std::string scenario = dir.write(
      "scenario.yaml",
      "name: radio\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
          "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
          "\npolicy: {name: entropy, threshold: 0}\n"
          "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 3, order: sequential}\n"
          "network: {model: CM02}\n");
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", scenario, "-o", out, "--no-progress"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("radio"), std::string::npos) << "the console summary shows radio energy:\n" << r.out;
  return {read_json(out + "/summary.json"), read_csv(out + "/samples.csv"), read_csv(out + "/hosts.csv")};
}

constexpr Closeness kCloseness{1e-9, 1e-21};  // relative 1e-9 of max(|expected|, 1e-12)
// What every sample pays apart from its tails: active radio time above idle.
const double kActive = (kTx - kIdle) * kUpload + (kRx - kIdle) * kDownload;
const double kBusy = kUpload + kCloud + kDownload;  // radio timeline of one sample after its device part
const double kSimTime = (kSamples - 1) + kDevice + kBusy;

void check_accounts(const Run& r, const std::vector<double>& expected_radio) {
  ASSERT_EQ(r.samples.size(), static_cast<size_t>(kSamples));
  double radio_sum = 0, caused_sum = 0;
  for (const auto& s : r.samples) {
    const int id = std::stoi(s.at("sample_id"));
    expect_close(std::stod(s.at("radio_energy_j")), expected_radio[id], "radio energy of sample " + std::to_string(id), kCloseness);
    const double network = (784 + 64) * 8 * kPerBit;
    expect_close(std::stod(s.at("network_energy_j")), network, "network energy", kCloseness);
    const double dynamic = (2.0 - 0.5) * kDevice + (30.0 - 10.0) * kCloud;
    expect_close(std::stod(s.at("host_dynamic_energy_j")), dynamic, "host dynamic energy", kCloseness);
    expect_close(std::stod(s.at("energy_j")), dynamic + expected_radio[id] + network, "energy caused", kCloseness);
    radio_sum += std::stod(s.at("radio_energy_j"));
    caused_sum += std::stod(s.at("energy_j"));
  }
  expect_close(r.summary["sim_time_s"].get<double>(), kSimTime, "sim time", kCloseness);
  for (const auto& h : r.hosts) {
    if (h.at("tier") != "device") {
      EXPECT_EQ(h.at("radio_energy_j"), "");
      continue;
    }
    expect_close(std::stod(h.at("radio_idle_energy_j")), kIdle * kSimTime, "radio idle", kCloseness);
    expect_close(std::stod(h.at("radio_energy_j")), kIdle * kSimTime + radio_sum, "device radio = idle + Σ samples", kCloseness);
    expect_close(std::stod(h.at("idle_energy_j")) + std::stod(h.at("dynamic_energy_j")), std::stod(h.at("energy_j")),
                 "host idle + dynamic = plugin", kCloseness);
  }
  const auto& a = r.summary["energy_account_j"];
  const auto& t = a["total"];
  expect_close(a["caused_total"].get<double>(), caused_sum, "caused total = Σ samples", kCloseness);
  expect_close(t["radio_above_idle"].get<double>(), radio_sum, "radio above idle = Σ samples", kCloseness);
  expect_close(t["host_idle"].get<double>() + t["host_dynamic"].get<double>(), r.summary["energy_j"]["total"].get<double>(),
               "host idle + dynamic = plugin total", kCloseness);
  expect_close(a["fleet_total"].get<double>(),
               t["host_idle"].get<double>() + t["host_dynamic"].get<double>() + t["radio_idle"].get<double>() +
                   t["radio_above_idle"].get<double>() + t["network"].get<double>(),
               "fleet total = Σ components", kCloseness);
  expect_close(a["idle_total"].get<double>(), t["host_idle"].get<double>() + t["radio_idle"].get<double>(), "idle total", kCloseness);
  // The per-sample total with the host-dynamic view equals the fleet total minus idle.
  expect_close(a["caused_total"].get<double>(), a["fleet_total"].get<double>() - a["idle_total"].get<double>(),
               "caused = fleet - idle", kCloseness);
  double by_tier_dynamic = 0;
  for (const auto& [tier, c] : a["by_tier"].items()) by_tier_dynamic += c["host_dynamic"].get<double>();
  expect_close(by_tier_dynamic, t["host_dynamic"].get<double>(), "Σ tiers = total", kCloseness);
}

TEST(RadioEnergy, ShortTailEndsBetweenSamples) {
  // Tail 0.5 s: the upload's tail is cut by the download after kCloud s; the download's tail runs in full
  // before the next sample's upload (≈ 0.98 s later).
  const double per_sample = kActive + (kTailPower - kIdle) * (kCloud + 0.5);
  check_accounts(run("0.5s"), {per_sample, per_sample, per_sample});
}

TEST(RadioEnergy, LongTailSpansSamples) {
  // Tail 5 s: each download's tail is cut by the next sample's upload, 1 - kBusy s later; the last runs
  // in full (past the end of the run).
  const double gap = 1.0 - kBusy;
  const double cut = kActive + (kTailPower - kIdle) * (kCloud + gap);
  check_accounts(run("5s"), {cut, cut, kActive + (kTailPower - kIdle) * (kCloud + 5.0)});
}

TEST(RadioEnergy, NoTail) {
  check_accounts(run("0s"), {kActive, kActive, kActive});
}

// Bad input to every new platform key: exit 2, one line naming file:line:col and the key path, no output.
struct BadPlatform {
  const char* what;
  std::string links;     // the platform's links: block
  const char* key_path;  // expected in the message
};

void PrintTo(const BadPlatform& bad, std::ostream* out) { *out << bad.what; }

class RadioBadInput : public ::testing::TestWithParam<BadPlatform> {};

TEST_P(RadioBadInput, IsRefusedWithFilePositionAndKeyPath) {
  const BadPlatform& bad = GetParam();
  TempDir dir;
  dir.write("platform.yaml",
            "name: bad\nsites: 1\ntiers:\n"
            "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
            " power_per_core: {idle: 0.5W, busy: 2W}}]}\n"
            "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s},"
            " power_per_core: {idle: 10W, busy: 30W}}]}\n"
            "links:\n" + bad.links);
  const std::string scenario = dir.write(
      "scenario.yaml",
      "name: bad\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
          "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
          "\npolicy: {name: entropy, threshold: 0}\nworkload: {arrivals: periodic, rate: 1/s, samples_per_device: 1}\n"
          "network: {model: CM02}\n");
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", scenario, "-o", out, "--no-progress"});
  EXPECT_EQ(r.status, 2) << bad.what << ": " << r.err;
  EXPECT_NE(r.err.find(std::string("platform.yaml:")), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad.key_path), std::string::npos) << bad.what << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

const std::string kAccess = "  access: {bandwidth: 8Mbps, latency: 10ms, radio: ";
const std::string kIngress = "  ingress: {bandwidth: 1Gbps, latency: 1ms}\n";

INSTANTIATE_TEST_SUITE_P(
    Platform, RadioBadInput,
    ::testing::Values(
        BadPlatform{"negative power", kAccess + "{transmit: -1W}}\n" + kIngress, "links.access.radio.transmit"},
        BadPlatform{"transmit below idle", kAccess + "{transmit: 0.5W, idle: 0.8W}}\n" + kIngress,
                    "links.access.radio.transmit"},
        BadPlatform{"default receive below a high idle", kAccess + "{transmit: 3W, idle: 2W}}\n" + kIngress,
                    "links.access.radio"},
        BadPlatform{"tail without its power", kAccess + "{tail: 2s}}\n" + kIngress, "links.access.radio.tail"},
        BadPlatform{"tail power without a tail", kAccess + "{tail_power: 1W}}\n" + kIngress,
                    "links.access.radio.tail_power"},
        BadPlatform{"tail power below idle", kAccess + "{tail: 1s, tail_power: 0.1W}}\n" + kIngress,
                    "links.access.radio.tail_power"},
        BadPlatform{"negative tail", kAccess + "{tail: -1s, tail_power: 1W}}\n" + kIngress, "links.access.radio.tail"},
        BadPlatform{"unknown radio key", kAccess + "{power: 1W}}\n" + kIngress, "links.access.radio.power"},
        BadPlatform{"radio on an uplink",
                    "  access: {bandwidth: 8Mbps, latency: 10ms}\n  uplink: {bandwidth: 8Mbps, latency: 10ms, radio: {}}\n",
                    "links.uplink.radio"},
        BadPlatform{"no way to the cloud", "  access: {bandwidth: 8Mbps, latency: 10ms}\n", "links"}),
    [](const ::testing::TestParamInfo<BadPlatform>& param_info) { return "case" + std::to_string(param_info.index); });

}  // namespace
}  // namespace hybridfog::testing

// Devices that fail (docs/formats.md, "Devices that fail"), on real runs:
//   - closed form: one device with periodic arrivals whose random failure timeline is computed here from the
//     documented streams (derive_seed(seed, 0x4641494C00000000 + host index), exponential up and down times);
//     the seed is chosen here so that its one failure falls in a given phase of a sample: during its
//     computation on the device, during its upload, while it computes on the cloud (its answer is then given
//     up when it would be sent back) and during the answer's download. Which arrivals are not generated, the
//     cut sample's outcome, finish, bytes and parts, the others' latency, devices.csv, summary.json, events.csv
//     and the device's idle energy (nothing while down) follow from the platform's figures;
//   - a battery-powered device that fails: its battery does not drain while it is down; a radio that draws
//     nothing while down, its energy still all accounted for;
//   - the arrival stream after a recovery is the run without failures' stream (poisson arrivals, many devices);
//   - conservation at several seeds with devices, edge hosts and links failing;
//   - bad input: exit 2, one line naming file:line:col and the key path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../../sim/core/random.hpp"  // the documented random streams (header only), to compute timelines here
#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr Closeness kExact{1e-9, 1e-12};

double cell(const std::map<std::string, std::string>& row, const std::string& column) { return std::stod(row.at(column)); }

// tests/data/synthetic-chain, partition device (conv1..block2, exit1) | cloud (block3, fc), every sample going
// on to the cloud (entropy threshold 0). The device: 10 MMAC/s fp32, 200 MMAC/s binary; the cloud 10 MMAC/s fp32;
// access 8 kbps with 10 ms latency, ingress 100 Gbps without latency.
constexpr double kDevice = 2e6 / 1e7 + 62720 / 1e7 + 16e6 / 2e8;  // 0.286272 s on the device
constexpr double kUpload = 0.010 + 784 / 1000.0;                    // block2's output, 784 B at 1000 B/s
constexpr double kCloud = (6e6 + 31360) / 1e7;                      // 0.603136 s on the cloud
constexpr double kAnswer = 0.010 + 64 / 1000.0;                     // the 64 B answer
constexpr double kLatency = kDevice + kUpload + kCloud + kAnswer;   // 1.757408 s < the period
constexpr double kPeriod = 2.0;
constexpr int kSamples = 20;                                        // arrivals at 0, 2, ..., 38 s
constexpr double kIdleW = 0.5;
constexpr std::uint64_t kFailureStreams = 0x4641494C00000000ULL;
constexpr int kDeviceHost = 1;  // the device's host index: its row in hosts.csv, after the cloud's (checked below)

std::string platform(const std::string& battery = "") {
  return "name: devfail\nsites: 1\ntiers:\n"
         "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 10MMAC/s, binary: 200MMAC/s},"
         " power_per_core: {idle: 0.5W, busy: 2W}" + battery + "}]}\n"
         "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10MMAC/s},"
         " power_per_core: {idle: 10W, busy: 30W}}]}\n"
         "links:\n  access: {bandwidth: 8kbps, latency: 10ms}\n"
         "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
}

std::string scenario(std::uint64_t seed, const std::string& failures, int samples = kSamples) {
  return "name: devfail\nseed: " + std::to_string(seed) + "\nplatform: platform.yaml\nmodel:\n  profile: " +
         source_path("tests/data/synthetic-chain.yaml") + "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
         "\npolicy: {name: entropy, threshold: 0}\n"
         "workload: {arrivals: periodic, rate: 0.5/s, phase: zero, samples_per_device: " + std::to_string(samples) +
         ", order: sequential}\nnetwork: {model: CM02}\n" + failures;
}

struct Interval {
  double down_s, up_s;
};

// The timeline of host `host` under {mttf, mttr} from `seed` (docs/formats.md, "Failures and recovery"): up
// from 0 for an exponential time of mean mttf, down for one of mean mttr, ...; the intervals that start before
// `until_s`.
std::vector<Interval> timeline(std::uint64_t seed, std::uint64_t host, double mttf_s, double mttr_s, double until_s) {
  Rng rng(derive_seed(seed, kFailureStreams + host));
  std::vector<Interval> out;
  for (double t = 0;;) {
    const double down = t + rng.exponential(1.0 / mttf_s);
    if (down >= until_s) return out;
    const double up = down + rng.exponential(1.0 / mttr_s);
    out.push_back({down, up});
    t = up;
  }
}

// The phases of a sample arriving at t (offsets from its arrival), and where a failure cuts it.
enum class Phase { device_compute, upload, cloud_compute, answer };
std::pair<double, double> window(Phase phase) {  // offsets, with a margin from the phase's ends and latencies
  switch (phase) {
    case Phase::device_compute: return {0.01, kDevice - 0.01};
    case Phase::upload: return {kDevice + 0.02, kDevice + kUpload - 0.01};
    case Phase::cloud_compute: return {kDevice + kUpload + 0.01, kDevice + kUpload + kCloud - 0.01};
    case Phase::answer: return {kDevice + kUpload + kCloud + 0.02, kLatency - 0.01};
  }
  return {0, 0};
}

constexpr double kMttf = 20, kMttr = 5;
// The failures that matter to a run: those that start before its last arrival's answer (plus a second). Drawing a
// timeline to 1e9 s instead built 40 million intervals and took seconds per test.
constexpr double kHorizon = (kSamples - 1) * kPeriod + kLatency + 1;
const std::string kFailures = "failures: {random: {device/dev: {mttf: 20s, mttr: 5s}}}\n";

// The first seed whose timeline has exactly one failure during the arrivals, falling in `phase` of a sample,
// and back up (having missed at least one arrival) before the last arrival.
std::uint64_t seed_for(Phase phase) {
  const auto [from, to] = window(phase);
  for (std::uint64_t seed = 1; seed < 100000; ++seed) {
    const auto t = timeline(seed, kDeviceHost, kMttf, kMttr, kHorizon);
    if (t.size() != 1) continue;
    const double offset = std::fmod(t[0].down_s, kPeriod);
    const double next_arrival = (std::floor(t[0].down_s / kPeriod) + 1) * kPeriod;
    if (offset > from && offset < to && t[0].up_s > next_arrival + 0.01 && t[0].up_s < (kSamples - 2) * kPeriod &&
        std::fmod(t[0].up_s, kPeriod) > 0.01)
      return seed;
  }
  ADD_FAILURE() << "no seed found";
  return 0;
}

using Outputs = DeviceRunOutputs;
Outputs run(const std::string& platform, const std::string& scenario) { return run_device_scenario(platform, scenario); }

class OneFailure : public ::testing::TestWithParam<Phase> {};

TEST_P(OneFailure, CutsWhatTheDeviceHoldsAndGeneratesNoArrivalWhileDown) {
  const Phase phase = GetParam();
  const std::uint64_t seed = seed_for(phase);
  ASSERT_NE(seed, 0u);
  const Interval down = timeline(seed, kDeviceHost, kMttf, kMttr, kHorizon).at(0);
  const Outputs o = run(platform(), scenario(seed, kFailures));
  ASSERT_FALSE(o.samples.empty());
  ASSERT_EQ(o.hosts.at(kDeviceHost).at("tier"), "device");  // the host index the streams are derived from

  // Arrivals at 2k s; those in [down, up) are not generated, the others are samples, at exactly those times.
  std::vector<double> expected_arrivals;
  int while_down = 0;
  for (int k = 0; k < kSamples; ++k) {
    const double t = k * kPeriod;
    if (t >= down.down_s && t < down.up_s)
      ++while_down;
    else
      expected_arrivals.push_back(t);
  }
  ASSERT_GE(while_down, 1);
  ASSERT_EQ(o.samples.size(), expected_arrivals.size());
  const double cut_arrival = std::floor(down.down_s / kPeriod) * kPeriod;  // the sample the failure finds
  int given_up = 0;
  for (size_t i = 0; i < o.samples.size(); ++i) {
    const auto& s = o.samples[i];
    expect_close(cell(s, "arrival_s"), expected_arrivals[i], "arrival_s", kExact);
    const double t = cell(s, "arrival_s");
    if (std::abs(t - cut_arrival) > 1e-9) {
      EXPECT_EQ(s.at("outcome"), "completed");
      expect_close(cell(s, "latency_s"), kLatency, "latency of an undisturbed sample", kExact);
      continue;
    }
    ++given_up;
    EXPECT_EQ(s.at("outcome"), "device_down");
    EXPECT_EQ(s.at("exit"), "");
    EXPECT_EQ(s.at("correct"), "0");
    EXPECT_EQ(s.at("losses"), "0");
    const double f = down.down_s;
    switch (phase) {
      case Phase::device_compute:  // cut mid-computation: the part done is accounted
        expect_close(cell(s, "finish_s"), f, "given up at the failure", kExact);
        expect_close(cell(s, "compute_s"), f - t, "the part computed", kExact);
        expect_close(cell(s, "host_dynamic_energy_j"), 1.5 * (f - t), "(busy - idle) x the part computed", kExact);
        EXPECT_EQ(cell(s, "bytes_sent"), 0.0);
        break;
      case Phase::upload:  // cut mid-upload: the bytes carried after the latency at 1000 B/s
        expect_close(cell(s, "finish_s"), f, "given up at the failure", kExact);
        expect_close(cell(s, "compute_s"), kDevice, "compute_s", kExact);
        expect_close(cell(s, "transfer_s"), f - t - kDevice, "transfer_s", kExact);
        expect_close(cell(s, "bytes_sent"), (f - t - kDevice - 0.010) * 1000, "bytes carried", {1e-6, 1e-6});
        break;
      case Phase::cloud_compute:  // the cloud does not know: given up when its answer would be sent back
        expect_close(cell(s, "finish_s"), t + kDevice + kUpload + kCloud, "given up at the cloud's answer", kExact);
        expect_close(cell(s, "compute_s"), kDevice + kCloud, "compute_s", kExact);
        expect_close(cell(s, "bytes_sent"), 784, "bytes_sent", kExact);
        break;
      case Phase::answer:  // the answer on its way back is cut
        expect_close(cell(s, "finish_s"), f, "given up at the failure", kExact);
        expect_close(cell(s, "transfer_s"), kUpload + (f - t - kDevice - kUpload - kCloud), "transfer_s", kExact);
        expect_close(cell(s, "bytes_sent"), 784 + (f - t - kDevice - kUpload - kCloud - 0.010) * 1000, "bytes",
                     {1e-6, 1e-6});
        break;
    }
  }
  EXPECT_EQ(given_up, 1);

  // devices.csv, summary.json.
  ASSERT_EQ(o.devices.size(), 1u);
  EXPECT_EQ(o.devices[0].at("failures"), "1");
  expect_close(cell(o.devices[0], "down_s"), down.up_s - down.down_s, "down_s", kExact);
  EXPECT_EQ(std::stoi(o.devices[0].at("arrivals_while_down")), while_down);
  const auto& r = o.summary.at("recovery");
  EXPECT_EQ(r.at("arrivals"), kSamples - while_down);
  EXPECT_EQ(r.at("given_up"), 1);
  EXPECT_EQ(r.at("completed"), kSamples - while_down - 1);
  const auto& d = o.summary.at("device_failures");
  EXPECT_EQ(d.at("failures"), 1);
  EXPECT_EQ(d.at("devices_failed"), 1);
  EXPECT_EQ(d.at("given_up"), 1);
  EXPECT_EQ(d.at("arrivals_while_down"), while_down);
  expect_close(d.at("down_s").get<double>(), down.up_s - down.down_s, "summary down_s", kExact);

  // events.csv: down at the failure (with the samples it held), up at the recovery.
  const auto sim_time = o.summary.at("sim_time_s").get<double>();
  expect_close(sim_time, (kSamples - 1) * kPeriod + kLatency, "the last answer ends the run", kExact);
  std::vector<std::map<std::string, std::string>> changes;
  for (const auto& e : o.events)
    if (e.at("kind") == "failure" || e.at("kind") == "recovery") changes.push_back(e);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].at("kind"), "failure");
  EXPECT_EQ(changes[0].at("subject"), "site0-device-dev-0");
  EXPECT_EQ(changes[0].at("detail"), phase == Phase::cloud_compute ? "hosts=1;given_up_samples=0" : "hosts=1;given_up_samples=1");
  expect_close(cell(changes[0], "time_s"), down.down_s, "failure time", kExact);
  EXPECT_EQ(changes[1].at("kind"), "recovery");
  EXPECT_EQ(changes[1].at("detail"), "hosts=1");
  expect_close(cell(changes[1], "time_s"), down.up_s, "recovery time", kExact);

  // The device drew no power while down: its idle floor counts the time it was up.
  const auto& device = o.hosts.at(kDeviceHost);
  expect_close(cell(device, "idle_energy_j"), kIdleW * (sim_time - (down.up_s - down.down_s)), "idle energy while up",
               kExact);
}

std::string phase_name(const ::testing::TestParamInfo<Phase>& param_info) {
  switch (param_info.param) {
    case Phase::device_compute: return "DuringDeviceComputation";
    case Phase::upload: return "DuringUpload";
    case Phase::cloud_compute: return "DuringCloudComputation";
    case Phase::answer: return "DuringAnswerDownload";
  }
  return "";
}

INSTANTIATE_TEST_SUITE_P(DeviceFailures, OneFailure,
                         ::testing::Values(Phase::device_compute, Phase::upload, Phase::cloud_compute, Phase::answer),
                         phase_name);

// A battery-powered device that fails draws nothing while down: it dies later by exactly its down time.
// Placement cloud-only, no radio: the device idles at 0.5 W and 60 J last 120 s of being up.
TEST(DeviceFailures, ABatteryDoesNotDrainWhileTheDeviceIsDown) {
  constexpr double kCapacityJ = 60;
  std::uint64_t seed = 0;
  Interval down{};
  for (std::uint64_t candidate = 1; candidate < 100000 && seed == 0; ++candidate) {
    const auto t = timeline(candidate, kDeviceHost, kMttf, kMttr, 200);
    if (t.size() == 1 && t[0].up_s < 100) {  // one failure, over well before the death
      seed = candidate;
      down = t[0];
    }
  }
  ASSERT_NE(seed, 0u);
  std::string text = scenario(seed, kFailures, 100);
  text.replace(text.find("\npolicy:"), 0, "\n  placement: cloud-only");
  const Outputs o = run(platform(", battery: {capacity: 60J}"), text);
  ASSERT_EQ(o.devices.size(), 1u);
  const double death = kCapacityJ / kIdleW + (down.up_s - down.down_s);
  expect_close(cell(o.devices[0], "death_s"), death, "death = capacity / idle power + down time", kExact);
  expect_close(cell(o.devices[0], "down_s"), down.up_s - down.down_s, "down_s", kExact);
  expect_close(cell(o.hosts.at(kDeviceHost), "idle_energy_j"), kCapacityJ, "idle energy = the capacity", kExact);
  expect_close(cell(o.hosts.at(kDeviceHost), "energy_j"), kCapacityJ, "the host energy plugin's account", kExact);
  // Arrivals at 2k s: those before the death and outside [down, up) are samples; the rest are counted apart.
  int generated = 0, while_down = 0;
  for (int k = 0; k < 100; ++k) {
    const double t = k * kPeriod;
    if (t >= death) break;
    if (t >= down.down_s && t < down.up_s)
      ++while_down;
    else
      ++generated;
  }
  EXPECT_EQ(o.samples.size(), static_cast<size_t>(generated));
  EXPECT_EQ(std::stoi(o.devices[0].at("arrivals_while_down")), while_down);
  EXPECT_EQ(std::stoi(o.devices[0].at("arrivals_not_generated")), 100 - generated - while_down);
}

// A device with a radio model (a 3 s tail) that fails mid-upload: its radio draws nothing while it is down
// (radio_idle_energy_j = idle power x the time up), and every joule above idle is still some sample's:
// radio_energy_j = radio_idle_energy_j + the samples' radio_energy_j, the cut upload's and tail's included.
TEST(DeviceFailures, TheRadioDrawsNothingWhileDownAndItsEnergyIsStillAccountedFor) {
  const std::uint64_t seed = seed_for(Phase::upload);
  ASSERT_NE(seed, 0u);
  const Interval down = timeline(seed, kDeviceHost, kMttf, kMttr, kHorizon).at(0);
  std::string text = platform();
  const std::string access = "  access: {bandwidth: 8kbps, latency: 10ms}\n";
  text.replace(text.find(access), access.size(),
               "  access: {bandwidth: 8kbps, latency: 10ms, radio: {transmit: 1.14W, receive: 0.94W, idle: 0.82W, "
               "tail: 3s, tail_power: 1W}}\n");
  const Outputs o = run(text, scenario(seed, kFailures));
  ASSERT_FALSE(o.samples.empty());
  const double sim_time = o.summary.at("sim_time_s").get<double>();
  const auto& device = o.hosts.at(kDeviceHost);
  expect_close(cell(device, "radio_idle_energy_j"), 0.82 * (sim_time - (down.up_s - down.down_s)),
               "radio idle energy while up", kExact);
  double samples_radio = 0;
  for (const auto& s : o.samples) samples_radio += cell(s, "radio_energy_j");
  expect_close(cell(device, "radio_energy_j"), cell(device, "radio_idle_energy_j") + samples_radio,
               "radio energy = idle + the samples' shares", {1e-9, 1e-9});
  int cut = 0;
  for (const auto& s : o.samples) cut += s.at("outcome") == "device_down";
  EXPECT_EQ(cut, 1);
}

// Many devices with poisson arrivals, devices failing: every arrival of the failure run is an arrival of the
// run without failures (same device, same time), and the arrivals of the run without failures that are
// missing are exactly those that fell while their device was down (events.csv), as many as devices.csv says.
TEST(DeviceFailures, TheArrivalStreamAfterARecoveryIsTheStreamWithoutFailures) {
  const std::string base =
      "name: stream\nseed: 7\nplatform: " + source_path("platforms/quickstart.yaml") + "\nmodel:\n  profile: " +
      source_path("models/profiles/appealnet-fmnist.yaml") + "\n  trace: " + source_path("models/traces/appealnet-fmnist.csv") +
      "\n  partition: [{tier: edge, until: edge.features.4}, {tier: cloud}]\n"
      "policy: {name: appealnet, threshold: 0.907983}\n"
      "workload: {arrivals: poisson, rate: 20/s, samples_per_device: 40}\nnetwork: {model: CM02}\n";
  TempDir dir;
  const std::string with = dir.write("with.yaml", base + "failures: {random: {device/rpi4: {mttf: 600ms, mttr: 300ms}}}\n");
  const std::string without = dir.write("without.yaml", base);
  ASSERT_EQ(run_hybridfog({"run", with, "-o", dir.file("a"), "--no-progress"}).status, 0);
  ASSERT_EQ(run_hybridfog({"run", without, "-o", dir.file("b"), "--no-progress"}).status, 0);
  const auto a = read_csv(dir.file("a") + "/samples.csv");
  const auto b = read_csv(dir.file("b") + "/samples.csv");
  const auto hosts = read_csv(dir.file("a") + "/hosts.csv");
  const auto devices = read_csv(dir.file("a") + "/devices.csv");
  const auto events = read_csv(dir.file("a") + "/events.csv");
  // Down intervals per device host, from events.csv.
  std::map<std::string, std::vector<Interval>> down;
  for (const auto& e : events) {
    if (e.at("kind") == "failure") down[e.at("subject")].push_back({cell(e, "time_s"), 1e300});
    if (e.at("kind") == "recovery") down[e.at("subject")].back().up_s = cell(e, "time_s");
  }
  ASSERT_FALSE(down.empty());
  std::map<int, std::string> host_of;
  for (const auto& d : devices) host_of[std::stoi(d.at("device"))] = d.at("host");
  std::set<std::pair<int, std::string>> arrivals_a, arrivals_b;
  for (const auto& s : a) arrivals_a.insert({std::stoi(s.at("device")), s.at("arrival_s")});
  std::map<int, int> missing;
  for (const auto& s : b) {
    const int device = std::stoi(s.at("device"));
    arrivals_b.insert({device, s.at("arrival_s")});
    const double t = cell(s, "arrival_s");
    bool is_down = false;
    for (const Interval& i : down[host_of.at(device)]) is_down = is_down || (t >= i.down_s && t < i.up_s);
    EXPECT_EQ(arrivals_a.count({device, s.at("arrival_s")}) == 0, is_down) << "device " << device << " at " << t;
    missing[device] += is_down ? 1 : 0;
  }
  for (const auto& arrival : arrivals_a) EXPECT_EQ(arrivals_b.count(arrival), 1u) << arrival.first << " " << arrival.second;
  long long total_missing = 0;
  for (const auto& d : devices) {
    EXPECT_EQ(std::stoi(d.at("arrivals_while_down")), missing[std::stoi(d.at("device"))]) << d.at("device");
    total_missing += std::stoll(d.at("arrivals_while_down"));
  }
  EXPECT_GT(total_missing, 0);
  EXPECT_EQ(static_cast<long long>(a.size()) + total_missing, static_cast<long long>(b.size()));
  (void)hosts;
}

// Conservation with devices failing beside edge hosts and links, at several seeds and recovery policies:
// every generated arrival is one row (completed + fell back + given up), and with the arrivals not generated
// they make the whole stream (10 devices x 40).
struct Pattern {
  std::string name, policy, failures;
};
class Conservation : public ::testing::TestWithParam<Pattern> {};

TEST_P(Conservation, EveryArrivalIsOneRowOrCountedWhileDown) {
  const Pattern& p = GetParam();
  const std::string text =
      "name: cons\nplatform: " + source_path("platforms/quickstart.yaml") + "\nmodel:\n  profile: " +
      source_path("models/profiles/appealnet-fmnist.yaml") + "\n  trace: " + source_path("models/traces/appealnet-fmnist.csv") +
      "\n  partition: [{tier: device, until: edge.features.4}, {tier: cloud}]\n"
      "policy: {name: appealnet, threshold: 0.907983}\n"
      "workload: {arrivals: poisson, rate: 20/s, samples_per_device: 40}\nnetwork: {model: CM02}\n"
      "failures:\n  random:\n" + p.failures + "recovery: {policy: " + p.policy + ", detection_timeout: 50ms, max_retries: 2}\n";
  TempDir dir;
  const std::string file = dir.write("scenario.yaml", text);
  for (const char* seed : {"1", "2", "3"}) {
    const std::string out = dir.file(std::string("out") + seed);
    const CommandResult r = run_hybridfog({"run", file, "-o", out, "--no-progress", "--seed", seed});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto samples = read_csv(out + "/samples.csv");
    const auto devices = read_csv(out + "/devices.csv");
    const auto summary = read_json(out + "/summary.json");
    long long completed = 0, fell_back = 0, given_up = 0, device_down = 0, while_down = 0;
    std::set<long long> ids;
    for (const auto& s : samples) {
      EXPECT_TRUE(ids.insert(std::stoll(s.at("sample_id"))).second);
      completed += s.at("outcome") == "completed";
      fell_back += s.at("outcome") == "fell_back";
      given_up += s.at("outcome") == "given_up" || s.at("outcome") == "device_down";
      device_down += s.at("outcome") == "device_down";
    }
    for (const auto& d : devices) while_down += std::stoll(d.at("arrivals_while_down"));
    const long long arrivals = static_cast<long long>(samples.size());
    EXPECT_EQ(completed + fell_back + given_up, arrivals);
    EXPECT_EQ(arrivals + while_down, 10 * 40) << "seed " << seed;
    const auto& rec = summary.at("recovery");
    EXPECT_EQ(rec.at("arrivals"), arrivals);
    EXPECT_EQ(rec.at("completed"), completed);
    EXPECT_EQ(rec.at("fell_back"), fell_back);
    EXPECT_EQ(rec.at("given_up"), given_up);
    EXPECT_EQ(summary.at("device_failures").at("given_up"), device_down);
    EXPECT_EQ(summary.at("device_failures").at("arrivals_while_down"), while_down);
    EXPECT_GT(summary.at("device_failures").at("failures").get<long long>(), 0) << "seed " << seed;
    EXPECT_GT(device_down + while_down, 0) << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(
    DeviceFailures, Conservation,
    ::testing::Values(Pattern{"DevicesRetry", "retry", "    device/rpi4: {mttf: 1s, mttr: 300ms}\n"},
                      Pattern{"DevicesAndCloudFallback", "fallback",
                              "    device/rpi4: {mttf: 800ms, mttr: 200ms}\n    cloud/xeon: {mttf: 500ms, mttr: 100ms}\n"},
                      Pattern{"EverythingEscalate", "escalate",
                              "    device/rpi4: {mttf: 700ms, mttr: 200ms}\n    edge/nuc: {mttf: 800ms, mttr: 200ms}\n"
                              "    uplink: {mttf: 800ms, mttr: 200ms}\n    access: {mttf: 3s, mttr: 200ms}\n"}),
    [](const ::testing::TestParamInfo<Pattern>& param_info) { return param_info.param.name; });

TEST(DeviceFailures, ASweepWritesTheDeviceFailureColumnsAndSeveralApplicationsConserveEveryArrival) {
  // Two applications on the quickstart's devices (docs/formats.md, "Several applications"), devices that fail: every
  // arrival of each application is one row of samples.csv or counted while down, and results.csv carries
  // device_failures.* as each point's summary.json says.
  TempDir dir;
  const std::string model = "{profile: " + source_path("models/profiles/appealnet-fmnist.yaml") + ", trace: " +
                            source_path("models/traces/appealnet-fmnist.csv") +
                            ", partition: [{tier: device, until: edge.features.4}, {tier: cloud}]}";
  dir.write("scenario.yaml",
            "name: apps-fail\nplatform: " + source_path("platforms/quickstart.yaml") + "\napplications:\n"
            "  - {name: a, model: " + model + ", policy: {name: appealnet, threshold: 0.907983},"
            " workload: {arrivals: poisson, rate: 20/s, samples_per_device: 30}}\n"
            "  - {name: b, model: " + model + ", policy: {name: appealnet, threshold: 0.5},"
            " workload: {arrivals: poisson, rate: 10/s, samples_per_device: 20}, devices: {share: 0.5}}\n"
            "network: {model: CM02}\nfailures:\n  random:\n    device/rpi4: {mttf: 1s, mttr: 300ms}\n"
            "recovery: {policy: retry, detection_timeout: 50ms, max_retries: 2}\n");
  const std::string study = dir.write("study.yaml", "name: s\nbase: scenario.yaml\nseed: 4\nreplications: 2\naxes:\n"
                                                    "  - grid:\n      failures.random.device/rpi4.mttr: [100ms, 300ms]\n");
  const std::string out = dir.file("sweep");
  const CommandResult r = run_hybridfog({"sweep", study, "-o", out, "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = read_csv(out + "/results.csv");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    const std::string run = out + "/" + row.at("output_dir");
    const auto summary = read_json(run + "/summary.json");
    const auto& failures = summary.at("device_failures");
    for (const char* key : {"failures", "devices_failed", "given_up", "arrivals_while_down"})
      EXPECT_EQ(std::stoll(row.at(std::string("device_failures.") + key)), failures.at(key).get<long long>()) << key;
    expect_close(std::stod(row.at("device_failures.down_s")), failures.at("down_s").get<double>(), "down_s", {1e-12, 0});
    long long while_down = 0;
    for (const auto& d : read_csv(run + "/devices.csv")) while_down += std::stoll(d.at("arrivals_while_down"));
    const auto samples = read_csv(run + "/samples.csv");
    // Each application's arrivals: 10 devices x 30 for a, 5 devices x 20 for b.
    EXPECT_EQ(static_cast<long long>(samples.size()) + while_down, 10 * 30 + 5 * 20) << row.at("output_dir");
    long long down = 0;
    for (const auto& s : samples) down += s.at("outcome") == "device_down";
    EXPECT_EQ(failures.at("given_up").get<long long>(), down);
    EXPECT_EQ(summary.at("recovery").at("arrivals").get<long long>(), static_cast<long long>(samples.size()));
    EXPECT_GT(failures.at("failures").get<long long>(), 0);
  }
}

// Bad input: exit 2, one line naming file:line:col and the key path.
TEST(DeviceFailures, BadInputNamesThePlaceAndTheKey) {
  struct Case {
    std::string platform, failures, at, key, detail;  // `at`: the text in `failures` where the error is placed
  };
  const std::string wifi =
      "name: wifi\nsites: 1\ntiers:\n"
      "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
      " power_per_core: {idle: 0.5W, busy: 2W}}]}\n"
      "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s},"
      " power_per_core: {idle: 5W, busy: 20W}}]}\n"
      "links:\n  access:\n    wifi:\n      rates: [{up_to: 50m, bandwidth: 54Mbps}]\n"
      "      sites:\n        - {x: 0m, y: 0m, coverage_radius: 50m}\n"
      "  ingress: {bandwidth: 1Gbps, latency: 1ms}\n";
  const std::vector<Case> cases = {
      {platform(), "failures: {random: {device/dev: {mttf: 1s}}}\n", "{mttf: 1s}", "failures.random.device/dev",
       "missing required key 'mttr'"},
      {platform(), "failures: {random: {device/dev: {mttf: 1s, mttr: 0s}}}\n", "0s", "failures.random.device/dev.mttr",
       "must be greater than zero"},
      {platform(), "failures: {random: {device/phone: {mttf: 1s, mttr: 1s}}}\n", "{mttf", "failures.random.device/phone",
       "no host class phone in tier device"},
      {wifi, "failures: {random: {device/dev: {mttf: 1s, mttr: 1s}}}\n", "{mttf", "failures.random.device/dev",
       "devices that fail cannot be combined with a wireless access (links.access.wifi)"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    dir.write("platform.yaml", c.platform);
    const std::string text = scenario(1, c.failures);
    const std::string file = dir.write("scenario.yaml", text);
    // The place, computed from the text: the line of `failures:` and the column of `at` in it (1-based).
    const size_t line_start = text.find("failures:");
    const int line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(line_start), '\n')) + 1;
    const int column = static_cast<int>(c.failures.find(c.at)) + 1;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"validate", file}, std::vector<std::string>{"run", file, "-o", dir.file("out"), "--no-progress"}}) {
      const CommandResult r = run_hybridfog(args);
      EXPECT_EQ(r.status, 2) << args[0] << ": " << r.err;
      EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_EQ(r.err.rfind(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + c.key + ": ", 0), 0u)
          << r.err;
      EXPECT_NE(r.err.find(c.detail), std::string::npos) << r.err;
    }
  }
}

}  // namespace
}  // namespace hybridfog::testing

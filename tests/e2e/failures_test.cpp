// Failures and recovery (docs/formats.md, "Failures and recovery"), on real runs:
//   - closed form: an edge host fails in the middle of a computation; the sample is recovered by each policy
//     (retry on the other edge host, escalate to the cloud, fall back to the device's exit head, give up),
//     its latency, parts, energy and outcome exact to 1e-9; a link goes down under a transfer (the bytes it
//     carried so far are counted, the sample is retried);
//   - conservation (every arrival is one row: completed + fell back + given up) and determinism (same seed,
//     same bytes) at several random failure patterns; bad failure input refused with its place.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

// tests/data/synthetic-chain with the partition device (conv1..block2, exit1) | edge (block3) | cloud (fc):
constexpr double kDevice = 2e6 / 1e9 + 16e6 / 20e9 + 62720 / 1e9;  // s on the device (1 GMAC/s fp32, 20 binary)
constexpr double kEdge = 6e6 / 1e9;                                // block3 on an edge host (1 GMAC/s)
constexpr double kCloud = 31360 / 10e9;                            // fc on the cloud (10 GMAC/s)
constexpr double kB = 100e6;                                       // every link: 800 Mbps, 0 latency
constexpr double kCut = 784, kEdgeOut = 64.0 * 7 * 7 * 4, kAnswer = 64;  // bytes
constexpr double kFail = 0.005, kTimeout = 0.010;                 // edge host a goes down at 5 ms; detection

std::string chain_platform(const std::string& edge_a_extra, const std::string& uplink_extra = "") {
  return "name: fail\nsites: 1\ntiers:\n"
         "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
         " power_per_core: {idle: 1W, busy: 3W}}]}\n"
         "  - name: edge\n    scope: site\n    send_flows: unlimited\n    classes:\n"
         "      - {name: a, throughput: {fp32: 1GMAC/s}, power_per_core: {idle: 1W, busy: 2W}" + edge_a_extra + "}\n"
         "      - {name: b, throughput: {fp32: 1GMAC/s}, power_per_core: {idle: 1W, busy: 2W}}\n"
         "  - {name: cloud, scope: central, send_flows: unlimited, classes: [{name: srv, throughput: {fp32: 10GMAC/s},"
         " power_per_core: {idle: 1W, busy: 2W}}]}\n"
         "links:\n  access: {bandwidth: 800Mbps, latency: 0ms}\n"
         "  uplink: {bandwidth: 800Mbps, latency: 0ms" + uplink_extra + "}\n"
         "  ingress: {bandwidth: 800Mbps, latency: 0ms, sharing: fatpipe}\n";
}

const std::string kEdgeAFails = ", profiles: {availability: {steps: [[5ms, off], [1s, on]]}}";

std::string chain_scenario(const std::string& policy, const std::string& extra = "") {
  return "name: fail\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
         "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
         "\n  partition: [{tier: device, until: block2}, {tier: edge, until: block3}, {tier: cloud}]\n"
         "policy: {name: entropy, threshold: 0}\n"
         "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 1, order: sequential}\n"
         "network: {model: CM02}\nrecovery: {policy: " + policy + ", detection_timeout: 10ms}\n" + extra;
}

using RunResult = ScenarioRun;

double cell(const std::map<std::string, std::string>& row, const std::string& column) { return std::stod(row.at(column)); }

constexpr Closeness kCloseness{1e-9, 1e-12};  // relative 1e-9 of max(|expected|, 1e-3)
// The part of block3 edge host a computed before it failed.
constexpr double kEdgeStart = kDevice + kCut / kB;
constexpr double kEdgeDone = kFail - kEdgeStart;

std::map<std::string, std::string> only_sample(const RunResult& run) {
  const auto samples = read_csv(run.out + "/samples.csv");
  EXPECT_EQ(samples.size(), 1u);
  return samples.empty() ? std::map<std::string, std::string>{} : samples[0];
}

void expect_retried_on_edge_b(const RunResult& run) {
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto s = only_sample(run);
  const double restart = kFail + kTimeout;
  const double finish = restart + kCut / kB + kEdge + kEdgeOut / kB + kCloud + kAnswer / kB;
  expect_close(cell(s, "latency_s"), finish, "latency_s", kCloseness);
  expect_close(cell(s, "compute_s"), kDevice + kEdgeDone + kEdge + kCloud, "compute_s", kCloseness);
  expect_close(cell(s, "transfer_s"), 2 * kCut / kB + kEdgeOut / kB + kAnswer / kB, "transfer_s", kCloseness);
  expect_close(cell(s, "recovery_wait_s"), kTimeout, "recovery_wait_s", kCloseness);
  // (busy - idle) x the time computed on each host: device 2 W, edge a (the part done) and b, cloud 1 W.
  expect_close(cell(s, "host_dynamic_energy_j"), 2 * kDevice + kEdgeDone + kEdge + kCloud, "host_dynamic_energy_j", kCloseness);
  expect_close(cell(s, "bytes_sent"), 2 * kCut + kEdgeOut + kAnswer, "bytes_sent", kCloseness);
  EXPECT_EQ(s.at("outcome"), "completed");
  EXPECT_EQ(s.at("exit"), "final");
  EXPECT_EQ(s.at("losses"), "1");
  EXPECT_EQ(s.at("retries"), "1");
  // Edge host a: busy for the part it did, idle while up (5 ms), nothing while down; host b did the rest.
  const auto hosts = read_csv(run.out + "/hosts.csv");
  for (const auto& h : hosts) {
    if (h.at("host_class") == "a") {
      expect_close(cell(h, "busy_core_s"), kEdgeDone, "edge a busy_core_s", kCloseness);
      expect_close(cell(h, "energy_j"), kFail + kEdgeDone, "edge a energy_j", kCloseness);
      expect_close(cell(h, "idle_energy_j"), kFail, "edge a idle_energy_j", kCloseness);
    }
    if (h.at("host_class") == "b") expect_close(cell(h, "busy_core_s"), kEdge, "edge b busy_core_s", kCloseness);
  }
  const auto summary = read_json(run.out + "/summary.json");
  EXPECT_EQ(summary.at("recovery").at("arrivals"), 1);
  EXPECT_EQ(summary.at("recovery").at("completed"), 1);
  EXPECT_EQ(summary.at("recovery").at("retried"), 1);
  EXPECT_EQ(summary.at("recovery").at("given_up"), 0);
  const auto events = read_csv(run.out + "/events.csv");
  ASSERT_EQ(events.size(), 1u);  // the run ends before the host comes back at 1 s
  EXPECT_EQ(events[0].at("time_s"), "0.005");
  EXPECT_EQ(events[0].at("kind"), "failure");
  EXPECT_EQ(events[0].at("subject"), "edge/a");
  EXPECT_EQ(events[0].at("detail"), "hosts=1;lost_samples=1");
}

TEST(Failures, EdgeHostFailsMidComputationRetryOnTheOtherEdgeHost) {
  ASSERT_GT(kEdgeDone, 0);
  ASSERT_LT(kEdgeDone, kEdge);  // the failure is in the middle of block3
  TempDir dir;
  expect_retried_on_edge_b(run_scenario_in(dir, chain_platform(kEdgeAFails), chain_scenario("retry")));
}

TEST(Failures, EscalateRetriesWhenTheCloudNeedsTheEdgesTensors) {
  // fc reads block3's output, made on the edge: the device cannot skip the edge, so escalate retries.
  TempDir dir;
  expect_retried_on_edge_b(run_scenario_in(dir, chain_platform(kEdgeAFails), chain_scenario("escalate")));
}

TEST(Failures, FallbackAnswersWithTheDevicesExitHead) {
  TempDir dir;
  const RunResult run = run_scenario_in(dir, chain_platform(kEdgeAFails), chain_scenario("fallback"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto s = only_sample(run);
  expect_close(cell(s, "latency_s"), kFail + kTimeout, "latency_s", kCloseness);
  expect_close(cell(s, "compute_s"), kDevice + kEdgeDone, "compute_s", kCloseness);
  EXPECT_EQ(s.at("outcome"), "fell_back");
  EXPECT_EQ(s.at("exit"), "exit1");
  // Trace row 0 (sequential order): label 5, exit1.pred 6: the fallback answer is wrong, and counted so.
  EXPECT_EQ(s.at("correct"), "0");
  const auto summary = read_json(run.out + "/summary.json");
  EXPECT_EQ(summary.at("recovery").at("fell_back"), 1);
  EXPECT_EQ(summary.at("recovery").at("completed"), 0);
  EXPECT_EQ(summary.at("exit_count").at("exit1"), 1);
  EXPECT_EQ(summary.at("accuracy"), 0.0);
}

TEST(Failures, GiveUpRecordsTheSampleAsWrongWithoutAnAnswer) {
  TempDir dir;
  const RunResult run = run_scenario_in(dir, chain_platform(kEdgeAFails), chain_scenario("give-up"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto s = only_sample(run);
  expect_close(cell(s, "finish_s"), kFail + kTimeout, "finish_s", kCloseness);
  EXPECT_EQ(s.at("outcome"), "given_up");
  EXPECT_EQ(s.at("exit"), "");
  EXPECT_EQ(s.at("correct"), "0");
  const auto summary = read_json(run.out + "/summary.json");
  EXPECT_EQ(summary.at("samples"), 1);
  EXPECT_EQ(summary.at("recovery").at("given_up"), 1);
  EXPECT_EQ(summary.at("accuracy"), 0.0);
  EXPECT_EQ(summary.at("exit_count").at("final"), 0);
}

TEST(Failures, EscalateSendsTheRawInputToTheCloudWhenTheModelAllowsIt) {
  // AppealNet: the cloud model reads the raw input. The edge model runs on the edge (stage 0: the device
  // sends the raw 784 B image); row 0 would exit at the edge head (appeal 0.997096 >= 0.907983).
  TempDir dir;
  const std::string scenario =
      "name: fail\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("models/profiles/appealnet-fmnist.yaml") +
      "\n  trace: " + source_path("models/traces/appealnet-fmnist.csv") +
      "\n  partition: [{tier: edge, until: edge.features.4}, {tier: cloud}]\n"
      "policy: {name: appealnet, threshold: 0.907983}\n"
      "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 1, order: sequential}\n"
      "network: {model: CM02}\nrecovery: {policy: escalate, detection_timeout: 10ms}\n";
  const std::string fails = ", profiles: {availability: {steps: [[500us, off]]}}";
  const RunResult run = run_scenario_in(dir, chain_platform(fails), scenario);
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto s = only_sample(run);
  constexpr double edge = (112896 + 903168 + 19808) / 1e9;
  constexpr double cloud = (225792 + 3612672 + 3612672 + 147456 + 1280) / 10e9;
  const double done = 500e-6 - kCut / kB;
  ASSERT_GT(done, 0);
  ASSERT_LT(done, edge);
  const double finish = 500e-6 + kTimeout + kCut / kB + cloud + kAnswer / kB;
  expect_close(cell(s, "latency_s"), finish, "latency_s", kCloseness);
  expect_close(cell(s, "compute_s"), done + cloud, "compute_s", kCloseness);
  EXPECT_EQ(s.at("exit"), "cloud");
  EXPECT_EQ(s.at("correct"), "1");  // row 0: label 9, cloud.pred 9
  EXPECT_EQ(s.at("retries"), "1");
}

TEST(Failures, LinkDownUnderATransferCountsTheBytesCarriedAndRetries) {
  // The uplink goes down 1 ms into the edge -> cloud transfer of block3's output (12544 B at 100 MB/s takes
  // 125.44 us) and comes back at 12 ms; the device notices at 18.9 ms and sends the sample again.
  TempDir dir;
  const double start = kEdgeStart + kEdge;  // the edge -> cloud transfer starts
  const double down = start + 20e-6;
  char steps[128];
  std::snprintf(steps, sizeof steps, ", profiles: {availability: {steps: [[%.17gs, off], [12ms, on]]}}", down);
  const RunResult run = run_scenario_in(dir, chain_platform("", steps), chain_scenario("retry"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto s = only_sample(run);
  const double carried = (down - start) * kB;
  const double finish = down + kTimeout + kCut / kB + kEdge + kEdgeOut / kB + kCloud + kAnswer / kB;
  expect_close(cell(s, "latency_s"), finish, "latency_s", kCloseness);
  expect_close(cell(s, "bytes_sent"), kCut + carried + kCut + kEdgeOut + kAnswer, "bytes_sent", kCloseness);
  const auto links = read_csv(run.out + "/links.csv");
  for (const auto& l : links)
    if (l.at("link_class") == "uplink") expect_close(cell(l, "bytes"), carried + kEdgeOut + kAnswer, "uplink bytes", kCloseness);
  EXPECT_EQ(s.at("outcome"), "completed");
  const auto events = read_csv(run.out + "/events.csv");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].at("kind"), "failure");
  EXPECT_EQ(events[0].at("subject"), "uplink");
  EXPECT_EQ(events[1].at("kind"), "recovery");
  EXPECT_EQ(events[1].at("time_s"), "0.012");
}

// Random failures on a quickstart-like fog: every arrival accounted for exactly once, and the same seed gives
// the same bytes.
std::string random_scenario(const std::string& policy, const std::string& failures) {
  return "name: random\nplatform: " + source_path("platforms/quickstart.yaml") + "\nmodel:\n  profile: " +
         source_path("models/profiles/appealnet-fmnist.yaml") + "\n  trace: " +
         source_path("models/traces/appealnet-fmnist.csv") +
         "\n  partition: [{tier: edge, until: edge.features.4}, {tier: cloud}]\n"
         "policy: {name: appealnet, threshold: 0.907983}\n"
         "workload: {arrivals: poisson, rate: 20/s, samples_per_device: 40}\n"
         "network: {model: CM02}\nfailures:\n  random:\n" + failures +
         "recovery: {policy: " + policy + ", detection_timeout: 50ms, max_retries: 2}\n";
}

void expect_conserved(const std::string& out, long long arrivals) {
  const auto samples = read_csv(out + "/samples.csv");
  ASSERT_EQ(static_cast<long long>(samples.size()), arrivals);
  std::set<long long> ids;
  long long completed = 0, fell_back = 0, given_up = 0, losses = 0;
  for (const auto& s : samples) {
    EXPECT_TRUE(ids.insert(std::stoll(s.at("sample_id"))).second) << "sample " << s.at("sample_id") << " twice";
    completed += s.at("outcome") == "completed";
    fell_back += s.at("outcome") == "fell_back";
    given_up += s.at("outcome") == "given_up";
    losses += std::stoll(s.at("losses"));
    if (s.at("outcome") == "given_up") {
      EXPECT_EQ(s.at("correct"), "0");
    }
  }
  EXPECT_EQ(*ids.begin(), 0);
  EXPECT_EQ(*ids.rbegin(), arrivals - 1);
  EXPECT_EQ(completed + fell_back + given_up, arrivals);
  const auto summary = read_json(out + "/summary.json");
  const auto& r = summary.at("recovery");
  EXPECT_EQ(r.at("arrivals"), arrivals);
  EXPECT_EQ(r.at("completed").get<long long>() + r.at("fell_back").get<long long>() + r.at("given_up").get<long long>(),
            arrivals);
  EXPECT_EQ(r.at("completed"), completed);
  EXPECT_EQ(r.at("given_up"), given_up);
  EXPECT_EQ(r.at("losses"), losses);
  EXPECT_EQ(summary.at("samples"), arrivals);
  EXPECT_GT(losses, 0) << "the pattern should lose some work";
}

struct Pattern {
  std::string name, policy, failures;
};

class RandomFailures : public ::testing::TestWithParam<Pattern> {};

TEST_P(RandomFailures, EveryArrivalIsAccountedForOnceAndTheSameSeedGivesTheSameBytes) {
  const Pattern& p = GetParam();
  TempDir dir;
  const std::string scenario = dir.write("scenario.yaml", random_scenario(p.policy, p.failures));
  const CommandResult first = run_hybridfog({"run", scenario, "-o", dir.file("a"), "--no-progress", "--seed", "11"});
  ASSERT_EQ(first.status, 0) << first.err;
  expect_conserved(dir.file("a"), 10 * 40);
  const CommandResult second = run_hybridfog({"run", scenario, "-o", dir.file("b"), "--no-progress", "--seed", "11"});
  ASSERT_EQ(second.status, 0) << second.err;
  for (const char* file : {"samples.csv", "hosts.csv", "links.csv", "events.csv", "link_windows.csv", "manifest.json"})
    EXPECT_EQ(read_file(dir.file("a") + "/" + file), read_file(dir.file("b") + "/" + file)) << file;
  const CommandResult other = run_hybridfog({"run", scenario, "-o", dir.file("c"), "--no-progress", "--seed", "12"});
  ASSERT_EQ(other.status, 0) << other.err;
  EXPECT_NE(read_file(dir.file("a") + "/events.csv"), read_file(dir.file("c") + "/events.csv"));
}

INSTANTIATE_TEST_SUITE_P(
    Failures, RandomFailures,
    ::testing::Values(Pattern{"EdgeRetry", "retry", "    edge/nuc: {mttf: 1s, mttr: 300ms}\n"},
                      Pattern{"EdgeAndUplinkEscalate", "escalate",
                              "    edge/nuc: {mttf: 1s, mttr: 300ms}\n    uplink: {mttf: 700ms, mttr: 200ms}\n"},
                      Pattern{"CloudAndAccessGiveUp", "give-up",
                              "    cloud/xeon: {mttf: 500ms, mttr: 100ms}\n    access: {mttf: 2s, mttr: 100ms}\n"},
                      Pattern{"EverythingFallback", "fallback",
                              "    edge/nuc: {mttf: 800ms, mttr: 200ms}\n    cloud/xeon: {mttf: 800ms, mttr: 200ms}\n"
                              "    uplink: {mttf: 800ms, mttr: 200ms}\n    access: {mttf: 3s, mttr: 200ms}\n"}),
    [](const ::testing::TestParamInfo<Pattern>& param_info) { return param_info.param.name; });

// `mttf` is the mean time up; `mtbf`, its old name, is read as the same number (the same run byte for byte)
// with one warning naming file:line:col, the key path and what it is read as.
TEST(RandomFailuresKeys, TheOldNameMtbfIsReadAsMttfWithAWarning) {
  TempDir dir;
  const std::string mttf = dir.write("mttf.yaml", random_scenario("retry", "    edge/nuc: {mttf: 1s, mttr: 300ms}\n"));
  const std::string mtbf = dir.write("mtbf.yaml", random_scenario("retry", "    edge/nuc: {mtbf: 1s, mttr: 300ms}\n"));
  const CommandResult a = run_hybridfog({"run", mttf, "-o", dir.file("a"), "--no-progress"});
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.err.find("mtbf"), std::string::npos) << a.err;
  const CommandResult b = run_hybridfog({"run", mtbf, "-o", dir.file("b"), "--no-progress"});
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_TRUE(std::regex_search(b.err, std::regex(R"(\[warning\] .*mtbf\.yaml:\d+:\d+: failures\.random\.edge/nuc\.mtbf: read )"
                                                  R"(as mttf, the mean time up before a failure \(the mean time between )"
                                                  R"(failures is mttf \+ mttr\); write mttf)")))
      << b.err;
  for (const char* file : {"samples.csv", "hosts.csv", "links.csv", "events.csv"})
    EXPECT_EQ(read_file(dir.file("a") + "/" + file), read_file(dir.file("b") + "/" + file)) << file;
  const CommandResult v = run_hybridfog({"validate", mtbf});
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_NE(v.err.find("failures.random.edge/nuc.mtbf: read as mttf"), std::string::npos) << v.err;
}

// Bad failure input: exit 2, one line naming the place and the key.
struct BadCase {
  std::string name, policy, failures, key, detail;
};
class BadFailures : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadFailures, ExitTwoWithPlaceAndKey) {
  const BadCase& c = GetParam();
  TempDir dir;
  dir.write("platform.yaml", chain_platform(""));
  const std::string scenario = dir.write("scenario.yaml", chain_scenario(c.policy, c.failures));
  const CommandResult r = run_hybridfog({"validate", scenario});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(scenario + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": " + c.key + ": "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(c.detail), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Failures, BadFailures,
    ::testing::Values(
        BadCase{"MttrZero", "retry", "failures: {random: {edge/a: {mttf: 1s, mttr: 0s}}}\n", "failures.random.edge/a.mttr", "must be greater than zero"},
        BadCase{"BothMttfAndItsOldName", "retry", "failures: {random: {edge/a: {mttf: 1s, mtbf: 1s, mttr: 1s}}}\n",
                "failures.random.edge/a.mtbf", "give mttf (the mean time up) only; mtbf is its old name"},
        BadCase{"MttfMissing", "retry", "failures: {random: {edge/a: {mttr: 1s}}}\n", "failures.random.edge/a", "missing required key 'mttf'"},
        BadCase{"UnknownLinkClass", "retry", "failures: {random: {backbone: {mttf: 1s, mttr: 1s}}}\n", "failures.random.backbone", "unknown target"},
        BadCase{"UnknownTier", "retry", "failures: {random: {fog/a: {mttf: 1s, mttr: 1s}}}\n", "failures.random.fog/a", "no tier fog"},
        BadCase{"UnknownClass", "retry", "failures: {random: {edge/z: {mttf: 1s, mttr: 1s}}}\n", "failures.random.edge/z", "no host class z"},
        BadCase{"PolicyUnknown", "sometimes", "", "recovery.policy", "expected one of retry, escalate, fallback, give-up"},
        BadCase{"RetriesNegative", "retry, max_retries: -1", "", "recovery.max_retries", "expected an integer in [0, 1000]"}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace hybridfog::testing

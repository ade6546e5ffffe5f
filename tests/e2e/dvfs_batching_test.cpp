// DVFS (performance states with a fixed or ondemand governor) and batching, in closed form on real runs.
// Devices send to one cloud host; every number below is derived here from the platform's figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kUp = 0.010 + 784 / 1e6, kDown = 0.010 + 64 / 1e6;  // s: 8 Mbps, 10 ms
constexpr double kCloudMacs = 6e6 + 31360;                            // fp32 MACs of the cloud part
double device_seconds(double fp32) { return (2e6 + 62720) / fp32 + 16e6 / 20e9; }

constexpr Closeness kCloseness{1e-9, 1e-21};  // relative 1e-9 of max(|expected|, 1e-12)
struct RunResult {
  int status = -1;
  std::string err;
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples, hosts;
  std::string samples_csv, hosts_csv;
};

// `devices`: YAML class list of the device tier; `cloud`: the cloud class's extra keys.
RunResult run(const std::string& devices, const std::string& cloud, int samples_per_device = 1) {
  TempDir dir;
  dir.write("platform.yaml", "name: dvfs\nsites: 1\ntiers:\n  - name: device\n    scope: device\n    send_flows: unlimited\n    classes:\n" + devices +
                                 "  - name: cloud\n    scope: central\n    send_flows: unlimited\n    classes:\n"
                                 "      - {name: srv, " + cloud + "}\n"
                                 "links:\n  access: {bandwidth: 8Mbps, latency: 10ms}\n"
                                 "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n");
  const std::string scenario = dir.write(
      "scenario.yaml",
      "name: dvfs\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
          "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
          "\npolicy: {name: entropy, threshold: 0}\n"
          "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: " +
          std::to_string(samples_per_device) + ", order: sequential}\nnetwork: {model: CM02}\n");
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", scenario, "-o", out, "--no-progress"});
  RunResult result;
  result.status = r.status;
  result.err = r.err;
  if (r.status != 0) return result;
  result.summary = read_json(out + "/summary.json");
  result.samples = read_csv(out + "/samples.csv");
  result.hosts = read_csv(out + "/hosts.csv");
  result.samples_csv = read_file(out + "/samples.csv");
  result.hosts_csv = read_file(out + "/hosts.csv");
  return result;
}

const std::string kOneDevice =
    "      - {name: dev, count: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}}\n";
std::string devices(int count) {
  return "      - {name: dev, count: " + std::to_string(count) +
         ", throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}}\n";
}
const std::string kPstates = "throughput: {fp32: 10GMAC/s}, pstates: [{speed: 1, idle: 10W, busy: 30W}, "
                             "{speed: 0.5, idle: 4W, busy: 12W}]";
double cloud_energy(const RunResult& r) {
  for (const auto& h : r.hosts)
    if (h.at("tier") == "cloud") return std::stod(h.at("energy_j"));
  return -1;
}
const std::map<std::string, std::string>& cloud_row(const RunResult& r) {
  for (const auto& h : r.hosts)
    if (h.at("tier") == "cloud") return h;
  throw std::runtime_error("no cloud host in hosts.csv");
}
// The energy account's identities (docs/outputs.md, "Energy account"), and no component below zero: per
// host idle + dynamic = energy_j; in summary.json caused_total = fleet_total - idle_total (host-dynamic view).
void expect_account_holds(const RunResult& r) {
  for (const auto& h : r.hosts) {
    const double idle = std::stod(h.at("idle_energy_j")), dynamic = std::stod(h.at("dynamic_energy_j"));
    EXPECT_GE(idle, 0) << h.at("host");
    EXPECT_GE(dynamic, -1e-9) << h.at("host");
    expect_close(idle + dynamic, std::stod(h.at("energy_j")), "idle + dynamic = energy_j of " + h.at("host"), kCloseness);
  }
  const auto& account = r.summary.at("energy_account_j");
  for (const auto& [key, value] : account.at("total").items()) EXPECT_GE(value.get<double>(), -1e-9) << "total." << key;
  for (const char* key : {"fleet_total", "idle_total", "caused_total"}) EXPECT_GE(account.at(key).get<double>(), 0) << key;
  expect_close(account.at("caused_total").get<double>(),
               account.at("fleet_total").get<double>() - account.at("idle_total").get<double>(), "caused = fleet - idle", kCloseness);
}
double cloud_dynamic_of(const std::map<std::string, std::string>& sample, double device_s) {
  return std::stod(sample.at("host_dynamic_energy_j")) - (2.0 - 0.5) * device_s;
}

TEST(Dvfs, FixedSlowStateStretchesComputeAndUsesItsPower) {
  const RunResult r = run(kOneDevice, kPstates + ", governor: {name: fixed, pstate: 1}", 3);
  ASSERT_EQ(r.status, 0) << r.err;
  const double t1 = kCloudMacs / 10e9, slow = t1 / 0.5, dev = device_seconds(1e9);
  const double latency = dev + kUp + slow + kDown, end = 2 + latency;
  for (const auto& s : r.samples) {
    expect_close(std::stod(s.at("latency_s")), latency, "latency at half speed", kCloseness);
    expect_close(cloud_dynamic_of(s, dev), (12.0 - 4.0) * slow, "dynamic energy in state 1", kCloseness);
  }
  expect_close(r.summary["sim_time_s"].get<double>(), end, "end", kCloseness);
  expect_close(cloud_energy(r), 4.0 * end + (12.0 - 4.0) * 3 * slow, "cloud energy in state 1", kCloseness);
  // Idle is charged at the idle power of the state in force (state 1), not state 0's.
  expect_close(std::stod(cloud_row(r).at("idle_energy_j")), 4.0 * end, "cloud idle in state 1", kCloseness);
  expect_close(std::stod(cloud_row(r).at("dynamic_energy_j")), (12.0 - 4.0) * 3 * slow, "cloud dynamic in state 1", kCloseness);
  expect_account_holds(r);
}

TEST(Dvfs, FixedNonZeroStateOnTwoCoresChargesThatStatesIdle) {
  // A 2-core host, state 0 {1: 3 W idle, 9 W busy per core}, state 1 {0.4: 2 W, 4.5 W}, fixed at state 1.
  const RunResult r = run(kOneDevice, "cores: 2, throughput: {fp32: 10GMAC/s}, pstates: [{speed: 1, idle: 3W, busy: 9W}, "
                                      "{speed: 0.4, idle: 2W, busy: 4.5W}], governor: {name: fixed, pstate: 1}", 3);
  ASSERT_EQ(r.status, 0) << r.err;
  const double slow = kCloudMacs / 10e9 / 0.4, end = 2 + device_seconds(1e9) + kUp + slow + kDown;
  expect_close(r.summary["sim_time_s"].get<double>(), end, "end", kCloseness);
  expect_close(std::stod(cloud_row(r).at("idle_energy_j")), 2 * 2.0 * end, "2 cores x state 1's idle x T", kCloseness);
  expect_close(std::stod(cloud_row(r).at("dynamic_energy_j")), (4.5 - 2.0) * 3 * slow, "(busy - idle) of state 1 x busy core-s", kCloseness);
  expect_close(cloud_energy(r), 2 * 2.0 * end + (4.5 - 2.0) * 3 * slow, "cloud energy", kCloseness);
  expect_account_holds(r);
}

TEST(Dvfs, OndemandRaisesOnWorkAndLowersAfterIdle) {
  // up_queue 0: any work raises the host to state 0 at once; it drops to state 1 after 0.2 s idle.
  const RunResult r = run(kOneDevice, kPstates + ", governor: {name: ondemand, up_queue: 0, down_after: 200ms}", 3);
  ASSERT_EQ(r.status, 0) << r.err;
  const double t1 = kCloudMacs / 10e9, dev = device_seconds(1e9), arrive = dev + kUp;
  const double latency = dev + kUp + t1 + kDown, end = 2 + latency;
  for (const auto& s : r.samples) {
    expect_close(std::stod(s.at("latency_s")), latency, "latency at full speed", kCloseness);
    expect_close(cloud_dynamic_of(s, dev), (30.0 - 10.0) * t1, "dynamic energy in state 0", kCloseness);
  }
  // Fast from each arrival until 0.2 s after its computation (the last: until the run ends).
  const double fast = 2 * (t1 + 0.2) + (end - (2 + arrive));
  const double slow = end - fast;
  expect_close(r.summary["sim_time_s"].get<double>(), end, "the pending governor timer does not extend the run", kCloseness);
  expect_close(cloud_energy(r), 4.0 * slow + 10.0 * fast + (30.0 - 10.0) * 3 * t1, "cloud energy over both states", kCloseness);
  // Idle follows the governor: state 0's idle while fast, state 1's while slow.
  expect_close(std::stod(cloud_row(r).at("idle_energy_j")), 4.0 * slow + 10.0 * fast, "cloud idle over both states", kCloseness);
  expect_close(std::stod(cloud_row(r).at("dynamic_energy_j")), (30.0 - 10.0) * 3 * t1, "cloud dynamic in state 0", kCloseness);
  expect_account_holds(r);
}

TEST(Dvfs, OndemandRaiseInTheMiddleOfAComputation) {
  // A cloud of 1 GMAC/s so that computations are long. Sample A (fast device) starts in state 1 (half
  // speed); B (slow device) arrives delta later, finds the core busy and waits: the queue reaches
  // up_queue 1 and the host goes to state 0, where A finishes its remaining work at full speed.
  const std::string two = "      - {name: fast, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}}\n"
                          "      - {name: slow, throughput: {fp32: 0.5GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}}\n";
  const RunResult r = run(two, "throughput: {fp32: 1GMAC/s}, pstates: [{speed: 1, idle: 10W, busy: 30W}, "
                         "{speed: 0.5, idle: 4W, busy: 12W}], governor: {name: ondemand, up_queue: 1, down_after: 1s}");
  ASSERT_EQ(r.status, 0) << r.err;
  const double t1 = kCloudMacs / 1e9;
  const double dev_a = device_seconds(1e9), dev_b = device_seconds(0.5e9);
  const double t_a = dev_a + kUp, t_b = dev_b + kUp, delta = t_b - t_a;
  ASSERT_LT(delta, 2 * t1);  // B arrives while A still computes at half speed
  const double a_done = t_b + (t1 - 0.5 * delta), b_done = a_done + t1, end = b_done + kDown;
  ASSERT_EQ(r.samples.size(), 2u);
  for (const auto& s : r.samples) {
    if (s.at("device") == "0") {
      expect_close(std::stod(s.at("latency_s")), a_done + kDown, "A: half speed, then full speed", kCloseness);
      expect_close(cloud_dynamic_of(s, dev_a), (12.0 - 4.0) / 0.5 * (0.5 * delta) + (30.0 - 10.0) * (t1 - 0.5 * delta),
                   "A: energy of each part in its state", kCloseness);
      expect_close(std::stod(s.at("queue_s")), 0.0, "A did not wait", kCloseness);
    } else {
      expect_close(std::stod(s.at("latency_s")), end, "B: waits for A, then full speed", kCloseness);
      expect_close(std::stod(s.at("queue_s")), a_done - t_b, "B's wait for the core", kCloseness);
      expect_close(cloud_dynamic_of(s, dev_b), (30.0 - 10.0) * t1, "B: all in state 0", kCloseness);
    }
  }
  expect_close(r.summary["sim_time_s"].get<double>(), end, "end", kCloseness);
  expect_close(cloud_energy(r), 4.0 * t_b + 8.0 * delta + 10.0 * (end - t_b) + 20.0 * (b_done - t_b), "cloud energy", kCloseness);
  expect_close(std::stod(cloud_row(r).at("idle_energy_j")), 4.0 * t_b + 10.0 * (end - t_b), "cloud idle: state 1, then 0", kCloseness);
  expect_account_holds(r);
}

const std::string kCloudPower = "throughput: {fp32: 10GMAC/s}, power_per_core: {idle: 10W, busy: 30W}";

TEST(Batching, AFullBatchStartsAtOnceAndTakesItsRelativeTime) {
  // 3 devices arrive together; a batch of 3 is full at once: time(3) = t1 x (0.5 + 0.5 x 3) = 2 t1.
  const RunResult r = run(devices(3), kCloudPower + ", batching: {max_size: 3, max_wait: 50ms, time: {fixed: 0.5, per_sample: 0.5}}");
  ASSERT_EQ(r.status, 0) << r.err;
  const double t1 = kCloudMacs / 10e9, dev = device_seconds(1e9), batch = 2 * t1;
  const double latency = dev + kUp + batch + kDown;
  ASSERT_EQ(r.samples.size(), 3u);
  for (const auto& s : r.samples) {
    EXPECT_EQ(s.at("batch_size"), "3");
    expect_close(std::stod(s.at("batch_wait_s")), 0, "no wait: the batch was full", kCloseness);
    expect_close(std::stod(s.at("latency_s")), latency, "latency", kCloseness);
    expect_close(std::stod(s.at("compute_s")), dev + batch, "compute part", kCloseness);
    expect_close(cloud_dynamic_of(s, dev), 20.0 * batch / 3, "a third of the batch's dynamic energy", kCloseness);
  }
  expect_close(cloud_energy(r), 10.0 * (latency) + 20.0 * batch, "cloud energy", kCloseness);
  for (const auto& h : r.hosts)
    if (h.at("tier") == "cloud") {
      EXPECT_EQ(h.at("executions"), "1");
      expect_close(std::stod(h.at("busy_core_s")), batch, "one batch of work", kCloseness);
    }
}

TEST(Batching, AnIncompleteBatchStartsAfterMaxWait) {
  // 2 devices: the batch never fills to 3 and starts 50 ms after its first sample: time(2) = 1.5 t1.
  const RunResult r = run(devices(2), kCloudPower + ", batching: {max_size: 3, max_wait: 50ms, time: {fixed: 0.5, per_sample: 0.5}}");
  ASSERT_EQ(r.status, 0) << r.err;
  const double t1 = kCloudMacs / 10e9, dev = device_seconds(1e9), batch = 1.5 * t1;
  for (const auto& s : r.samples) {
    EXPECT_EQ(s.at("batch_size"), "2");
    expect_close(std::stod(s.at("batch_wait_s")), 0.050, "waited max_wait", kCloseness);
    expect_close(std::stod(s.at("queue_s")), 0.050, "the batch wait is queue time", kCloseness);
    expect_close(std::stod(s.at("latency_s")), dev + kUp + 0.050 + batch + kDown, "latency", kCloseness);
  }
}

TEST(Batching, BatchesQueueForACoreAndATableGivesTheirTime) {
  // 4 devices, batches of 2 from a measured table (time(2) = 1.25 t1), one core: the second batch waits
  // for the first.
  const RunResult r = run(devices(4), kCloudPower + ", batching: {max_size: 2, max_wait: 1s, table: [1, 1.25]}");
  ASSERT_EQ(r.status, 0) << r.err;
  const double t1 = kCloudMacs / 10e9, dev = device_seconds(1e9), batch = 1.25 * t1;
  std::vector<double> latencies;
  for (const auto& s : r.samples) latencies.push_back(std::stod(s.at("latency_s")));
  std::sort(latencies.begin(), latencies.end());
  ASSERT_EQ(latencies.size(), 4u);
  const double first = dev + kUp + batch + kDown;
  for (int i = 0; i < 2; ++i) expect_close(latencies[i], first, "first batch", kCloseness);
  for (int i = 2; i < 4; ++i) expect_close(latencies[i], first + batch, "second batch waited one batch time", kCloseness);
}

TEST(Batching, BatchSizeOneIsExactlyNoBatching) {
  const RunResult plain = run(devices(3), kCloudPower, 2);
  const RunResult one = run(devices(3), kCloudPower + ", batching: {max_size: 1, max_wait: 10ms}", 2);
  ASSERT_EQ(plain.status, 0) << plain.err;
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(plain.samples_csv, one.samples_csv);
  EXPECT_EQ(plain.hosts_csv, one.hosts_csv);
}

TEST(Dvfs, OneStateEqualsPowerPerCore) {
  const RunResult plain = run(devices(2), kCloudPower, 2);
  const RunResult one = run(devices(2), "throughput: {fp32: 10GMAC/s}, pstates: [{speed: 1, idle: 10W, busy: 30W}]", 2);
  ASSERT_EQ(plain.status, 0) << plain.err;
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(plain.samples_csv, one.samples_csv);
  EXPECT_EQ(plain.hosts_csv, one.hosts_csv);
}

struct BadCloud {
  const char* what;
  std::string cloud;
  const char* key_path;
};
void PrintTo(const BadCloud& bad, std::ostream* out) { *out << bad.what; }

class DvfsBatchingBadInput : public ::testing::TestWithParam<BadCloud> {};

TEST_P(DvfsBatchingBadInput, IsRefusedWithFilePositionAndKeyPath) {
  const BadCloud& bad = GetParam();
  const RunResult r = run(kOneDevice, "throughput: {fp32: 10GMAC/s}, " + bad.cloud);
  EXPECT_EQ(r.status, 2) << bad.what << ": " << r.err;
  EXPECT_NE(r.err.find("platform.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad.key_path), std::string::npos) << bad.what << ": " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
}

const std::string kPower = "power_per_core: {idle: 1W, busy: 2W}, ";
const std::string kTwo = "pstates: [{speed: 1, idle: 2W, busy: 4W}, {speed: 0.5, idle: 1W, busy: 2W}], ";
INSTANTIATE_TEST_SUITE_P(
    Platform, DvfsBatchingBadInput,
    ::testing::Values(
        BadCloud{"pstates out of order", "pstates: [{speed: 1, idle: 1W, busy: 2W}, {speed: 0.5, idle: 1W, busy: 2W}, "
                                         "{speed: 0.7, idle: 1W, busy: 2W}]",
                 "tiers[1].classes[0].pstates[2].speed"},
        BadCloud{"first pstate not the fastest", "pstates: [{speed: 0.8, idle: 1W, busy: 2W}]",
                 "tiers[1].classes[0].pstates[0].speed"},
        BadCloud{"negative power in a pstate", "pstates: [{speed: 1, idle: -1W, busy: 2W}]",
                 "tiers[1].classes[0].pstates[0].idle"},
        BadCloud{"busy below idle in a pstate", "pstates: [{speed: 1, idle: 3W, busy: 2W}]",
                 "tiers[1].classes[0].pstates[0].busy"},
        BadCloud{"pstates and power_per_core", kPower + "pstates: [{speed: 1, idle: 1W, busy: 2W}]",
                 "tiers[1].classes[0].power_per_core"},
        BadCloud{"fixed state that does not exist", kTwo + "governor: {name: fixed, pstate: 2}",
                 "tiers[1].classes[0].governor.pstate"},
        BadCloud{"ondemand with one state", kPower + "governor: {name: ondemand}", "tiers[1].classes[0].governor.name"},
        BadCloud{"unknown governor", kTwo + "governor: {name: performance}", "tiers[1].classes[0].governor.name"},
        BadCloud{"negative down_after", kTwo + "governor: {name: ondemand, down_after: -1s}",
                 "tiers[1].classes[0].governor.down_after"},
        BadCloud{"batch size 0", kPower + "batching: {max_size: 0}", "tiers[1].classes[0].batching.max_size"},
        BadCloud{"table shorter than max_size", kPower + "batching: {max_size: 3, table: [1, 1.5]}",
                 "tiers[1].classes[0].batching.table"},
        BadCloud{"table not starting at 1", kPower + "batching: {max_size: 2, table: [2, 3]}",
                 "tiers[1].classes[0].batching.table[0]"},
        BadCloud{"table decreasing", kPower + "batching: {max_size: 2, table: [1, 0.5]}",
                 "tiers[1].classes[0].batching.table[1]"},
        BadCloud{"time and table", kPower + "batching: {max_size: 2, time: {fixed: 1}, table: [1, 1]}",
                 "tiers[1].classes[0].batching.table"},
        BadCloud{"negative per-sample cost", kPower + "batching: {max_size: 2, time: {per_sample: -1}}",
                 "tiers[1].classes[0].batching.time.per_sample"},
        BadCloud{"negative max_wait", kPower + "batching: {max_size: 2, max_wait: -1ms}",
                 "tiers[1].classes[0].batching.max_wait"}),
    [](const ::testing::TestParamInfo<BadCloud>& param_info) { return "case" + std::to_string(param_info.index); });

}  // namespace
}  // namespace hybridfog::testing

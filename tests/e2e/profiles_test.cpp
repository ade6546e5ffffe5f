// Profiles over time (docs/formats.md, "Profiles"), closed form to 1e-9 on real runs:
//   - a transfer that straddles a bandwidth step of the access link (inline steps, and the same from a CSV);
//   - a computation that straddles a speed step of the device (a periodic profile: the next period's
//     sample sees the same step);
//   - a latency step between two transfers;
// and what the run reports about them: events.csv (the steps that happened), link_windows.csv (bytes per
// window and class add up to links.csv; the drop shows), and bad profiles refused with file:line:col.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

// tests/data/synthetic-chain: device runs conv1..block2 + exit1 (fp32 1 GMAC/s, binary 20 GMAC/s per core),
// the cloud block3 + fc (fp32 10 GMAC/s); 784 B cross the cut (32x14x14 bits).
constexpr double kDeviceStage0 = 2e6 / 1e9 + 16e6 / 20e9 + 62720 / 1e9;  // conv1, block1, block2, exit1
constexpr double kDeviceStage1 = 6e6 / 1e9 + 31360 / 1e9;               // block3, fc (device-only runs)
constexpr double kCloudSeconds = (6e6 + 31360) / 10e9;
constexpr double kCutBytes = 32.0 * 14 * 14 / 8;

std::string platform_yaml(const std::string& access_extra, const std::string& device_extra = "") {
  return "name: dyn\nsites: 1\ntiers:\n"
         "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
         " power_per_core: {idle: 1W, busy: 3W}" + device_extra + "}]}\n"
         "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s},"
         " power_per_core: {idle: 1W, busy: 2W}}]}\n"
         "links:\n  access: {bandwidth: 800Mbps, latency: 0ms" + access_extra + "}\n"
         "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
}

std::string scenario_yaml(const std::string& workload_extra, const std::string& model_extra = "") {
  return "name: dyn\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
         "\n  trace: " + source_path("tests/data/synthetic-chain.csv") + model_extra +
         "\npolicy: {name: entropy, threshold: 0}\n"
         "workload: {arrivals: periodic, rate: 1/s, phase: zero, order: sequential" + workload_extra + "}\n"
         "network: {model: CM02}\noutputs: {utilization_window: 100ms}\n";
}

struct RunResult {
  CommandResult result;
  std::string out;
};

RunResult run_in(TempDir& dir, const std::string& platform, const std::string& scenario) {
  dir.write("platform.yaml", platform);
  const std::string file = dir.write("scenario.yaml", scenario);
  RunResult run;
  run.out = dir.file("out");
  run.result = run_hybridfog({"run", file, "-o", run.out, "--no-progress"});
  return run;
}

double cell(const std::map<std::string, std::string>& row, const std::string& column) { return std::stod(row.at(column)); }

// The answer (result_size bytes) leaves the cloud at `start` over an access link of B1 bytes/s that drops to
// B2 at `step`: B1 x (step - start) bytes before the step, the rest at B2.
double straddling_finish(double start, double bytes, double b1, double b2, double step) {
  const double before = b1 * (step - start);
  return before >= bytes ? start + bytes / b1 : step + (bytes - before) / b2;
}

constexpr double kB1 = 100e6, kB2 = 25e6, kStep = 0.5, kResult = 100e6;  // bytes/s, bytes/s, s, bytes

double expected_bandwidth_latency() {
  const double answer_start = kDeviceStage0 + kCutBytes / kB1 + kCloudSeconds;
  return straddling_finish(answer_start, kResult, kB1, kB2, kStep);
}

TEST(Profiles, TransferStraddlingABandwidthStep) {
  TempDir dir;
  const RunResult run = run_in(dir, platform_yaml(", profiles: {bandwidth: {steps: [[500ms, 200Mbps]]}}"),
                         scenario_yaml(", samples_per_device: 1, result_size: 100MB"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto samples = read_csv(run.out + "/samples.csv");
  ASSERT_EQ(samples.size(), 1u);
  const double expected = expected_bandwidth_latency();
  // The step matters: without it the answer would be back at 1.0 s, with it at 2.5 s.
  ASSERT_GT(expected, kStep + 1.5);
  EXPECT_NEAR(cell(samples[0], "latency_s"), expected, expected * 1e-9);
  EXPECT_NEAR(cell(samples[0], "transfer_s"), expected - kDeviceStage0 - kCloudSeconds, expected * 1e-9);

  // events.csv: the one step, with its value.
  const auto events = read_csv(run.out + "/events.csv");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("time_s"), "0.5");
  EXPECT_EQ(events[0].at("kind"), "bandwidth");
  EXPECT_EQ(events[0].at("subject"), "access");
  EXPECT_EQ(events[0].at("detail"), "bandwidth_bytes_per_s=2.5e+07");

  // link_windows.csv: the access class's bytes add up to links.csv's; windows before the step carry the
  // declared bandwidth, after it the dropped one, and the window holding the step their time-weighted mean.
  const auto windows = read_csv(run.out + "/link_windows.csv");
  const auto links = read_csv(run.out + "/links.csv");
  double window_bytes = 0, link_bytes = 0;
  for (const auto& w : windows) {
    if (w.at("link_class") != "access") continue;
    window_bytes += cell(w, "bytes");
    const double start = cell(w, "window_start_s"), end = cell(w, "window_end_s");
    const double mean = start >= kStep ? kB2 : end <= kStep ? kB1 : (kB1 * (kStep - start) + kB2 * (end - kStep)) / (end - start);
    EXPECT_NEAR(cell(w, "bandwidth_bytes_per_s"), mean, mean * 1e-12) << start;
  }
  for (const auto& l : links)
    if (l.at("link_class") == "access") link_bytes += cell(l, "bytes");
  EXPECT_NEAR(window_bytes, link_bytes, link_bytes * 1e-6);  // windows hold float sums
  EXPECT_NEAR(link_bytes, kCutBytes + kResult, 1e-6);
}

TEST(Profiles, BandwidthStepFromACsvFileGivesTheSameAnswer) {
  TempDir dir;
  dir.write("access-bandwidth.csv", "# access link: 800 Mbps, then 200 Mbps from 0.5 s\n"
                                    "time_s,bandwidth_bytes_per_s\n0,100000000\n0.5,25000000\n");
  const RunResult run = run_in(dir, platform_yaml(", profiles: {bandwidth: {file: access-bandwidth.csv}}"),
                         scenario_yaml(", samples_per_device: 1, result_size: 100MB"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto samples = read_csv(run.out + "/samples.csv");
  ASSERT_EQ(samples.size(), 1u);
  const double expected = expected_bandwidth_latency();
  EXPECT_NEAR(cell(samples[0], "latency_s"), expected, expected * 1e-9);
  // The file is an input of the run: its checksum is in the manifest.
  const auto manifest = read_json(run.out + "/manifest.json");
  bool listed = false;
  for (const auto& in : manifest.at("inputs"))
    listed = listed || (in.at("role") == "profile:access.bandwidth" && in.at("path") == dir.file("access-bandwidth.csv"));
  EXPECT_TRUE(listed) << manifest.at("inputs").dump();
}

TEST(Profiles, ComputationStraddlingASpeedStepEveryPeriod) {
  TempDir dir;
  // The device alone runs the whole model (one tier); its speed drops to a quarter at 4 ms into every
  // second, and comes back at 0.5 s. Two samples, at 0 s and 1 s, meet the same step.
  const std::string platform =
      "name: solo\nsites: 1\ntiers:\n"
      "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
      " power_per_core: {idle: 1W, busy: 3W}, profiles: {speed: {steps: [[4ms, 0.25], [500ms, 1]], period: 1s}}}]}\n";
  const RunResult run = run_in(dir, platform,
                         scenario_yaml(", samples_per_device: 2", "\n  partition: [{tier: device}]"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto samples = read_csv(run.out + "/samples.csv");
  ASSERT_EQ(samples.size(), 2u);
  // Stage 0 (2.86 ms) ends before the step; stage 1 runs 4 ms - 2.86 ms at full speed, the rest at 0.25.
  const double done_before = 0.004 - kDeviceStage0;
  const double expected = 0.004 + (kDeviceStage1 - done_before) / 0.25;
  ASSERT_GT(expected, kDeviceStage0 + kDeviceStage1 + 0.01);  // the step matters
  // The slowed part is external load (SimGrid's meaning of a speed profile): SimGrid's energy plugin charges
  // a core at a quarter of its speed a quarter of (busy - idle), so the energy above idle is that of the
  // full-speed work, 2 W x the full-speed seconds, however long it took.
  const double work = kDeviceStage0 + kDeviceStage1;
  for (const auto& s : samples) {
    EXPECT_NEAR(cell(s, "latency_s"), expected, expected * 1e-9) << s.at("sample_id");
    EXPECT_NEAR(cell(s, "compute_s"), expected, expected * 1e-9);
    EXPECT_NEAR(cell(s, "host_dynamic_energy_j"), 2.0 * work, work * 1e-9);
  }
  const auto hosts = read_csv(run.out + "/hosts.csv");
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_NEAR(cell(hosts[0], "busy_core_s"), 2 * work, work * 1e-9);
  // The plugin, step by step: 1 W idle all along; 2 W above idle at full speed (done_before + stage 0),
  // 0.5 W for the slowed rest.
  const double end = 1.0 + expected;
  const double above_idle = 2 * (2.0 * 0.004 + 0.5 * (expected - 0.004));
  EXPECT_NEAR(cell(hosts[0], "energy_j"), 1.0 * end + above_idle, end * 1e-9);
  EXPECT_NEAR(above_idle, 2.0 * 2 * work, work * 1e-9);  // the same thing, said the other way

  // events.csv: the steps up to the end of the run (4 ms, 0.5 s, 1.004 s), repetition included.
  const auto events = read_csv(run.out + "/events.csv");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].at("time_s"), "0.004");
  EXPECT_EQ(events[1].at("time_s"), "0.5");
  EXPECT_NEAR(cell(events[2], "time_s"), 1.004, 1e-12);
  for (const auto& e : events) {
    EXPECT_EQ(e.at("kind"), "speed");
    EXPECT_EQ(e.at("subject"), "device/dev");
  }
  EXPECT_EQ(events[0].at("detail"), "speed_fraction=0.25");
  EXPECT_EQ(events[1].at("detail"), "speed_fraction=1");
}

TEST(Profiles, LatencyStepBetweenTwoTransfers) {
  TempDir dir;
  // Access latency 0 until 0.5 s, then 30 ms: the sample at 0 s crosses it twice with 0 latency, the sample
  // at 1 s twice with 30 ms.
  const RunResult run = run_in(dir, platform_yaml(", profiles: {latency: {steps: [[500ms, 30ms]]}}"),
                         scenario_yaml(", samples_per_device: 2"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const auto samples = read_csv(run.out + "/samples.csv");
  ASSERT_EQ(samples.size(), 2u);
  const double before = kDeviceStage0 + kCutBytes / kB1 + kCloudSeconds + 64 / kB1;
  EXPECT_NEAR(cell(samples[0], "latency_s"), before, before * 1e-9);
  // With 30 ms of latency SimGrid's TCP window (4 MiB by default) caps each flow at 4 MiB / (2 x 30 ms).
  const double capped = std::min(kB1, 4194304.0 / (2 * 0.030));
  const double after = kDeviceStage0 + 0.030 + kCutBytes / capped + kCloudSeconds + 0.030 + 64 / capped;
  EXPECT_NEAR(cell(samples[1], "latency_s"), after, after * 1e-9);
}

TEST(Profiles, NoProfileMeansNoNewFiles) {
  TempDir dir;
  const RunResult run = run_in(dir, platform_yaml(""), scenario_yaml(", samples_per_device: 1"));
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  EXPECT_FALSE(std::filesystem::exists(run.out + "/events.csv"));
  EXPECT_FALSE(std::filesystem::exists(run.out + "/link_windows.csv"));
  const auto manifest = read_json(run.out + "/manifest.json");
  EXPECT_FALSE(manifest.at("scenario").at("outputs").contains("events"));
}

// Bad profiles: exit 2, one line that starts with FILE:LINE:COL: KEY, nothing written.
struct BadCase {
  std::string name;
  std::string access_extra;                 // in the platform's access link
  std::string csv;                          // access-bandwidth.csv ("" for none)
  std::string where_file;                   // "platform.yaml" or "access-bandwidth.csv"
  int line, column;
  std::string key, detail;
};

class BadProfile : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadProfile, ExitTwoWithPlaceAndKey) {
  const BadCase& c = GetParam();
  TempDir dir;
  dir.write("platform.yaml", platform_yaml(c.access_extra));
  if (!c.csv.empty()) dir.write("access-bandwidth.csv", c.csv);
  const std::string scenario = dir.write("scenario.yaml", scenario_yaml(", samples_per_device: 1"));
  const std::string out = dir.file("out");
  for (const std::string command : {"run", "validate"}) {
    const CommandResult r = command == std::string("run") ? run_hybridfog({"run", scenario, "-o", out, "--no-progress"})
                                                          : run_hybridfog({"validate", scenario});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    const std::string prefix = dir.file(c.where_file) + ":" + std::to_string(c.line) + ":" + std::to_string(c.column) +
                               ": " + (c.key.empty() ? "" : c.key + ": ");
    EXPECT_EQ(r.err.substr(0, prefix.size()), prefix) << r.err;
    EXPECT_NE(r.err.find(c.detail), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

// The access line of platform_yaml() is line 7; it starts "  access: {bandwidth: 800Mbps, latency: 0ms".
constexpr int kAccessLine = 7;
const int kExtraColumn = static_cast<int>(std::string("  access: {bandwidth: 800Mbps, latency: 0ms").size()) + 1;
int col(const std::string& extra, const std::string& marker) { return kExtraColumn + static_cast<int>(extra.find(marker)); }

std::vector<BadCase> bad_cases() {
  const std::string order = ", profiles: {bandwidth: {steps: [[2s, 10Mbps], [1s, 5Mbps]]}}";
  const std::string negative = ", profiles: {bandwidth: {steps: [[1s, -5Mbps]]}}";
  const std::string zero = ", profiles: {bandwidth: {steps: [[1s, 0Mbps]]}}";
  const std::string period = ", profiles: {bandwidth: {steps: [[1s, 5Mbps], [3s, 6Mbps]], period: 2s}}";
  const std::string not_pair = ", profiles: {bandwidth: {steps: [[1s]]}}";
  const std::string no_unit = ", profiles: {latency: {steps: [[1, 5ms]]}}";
  const std::string both = ", profiles: {bandwidth: {steps: [[1s, 5Mbps]], file: x.csv}}";
  const std::string kind = ", profiles: {speed: {steps: [[1s, 0.5]]}}";
  const std::string state = ", profiles: {availability: {steps: [[1s, maybe]]}}";
  const std::string file = ", profiles: {bandwidth: {file: access-bandwidth.csv}}";
  const std::string missing = ", profiles: {bandwidth: {file: nowhere.csv}}";
  const std::string csv_header = "time_s,bandwidth_bytes_per_s\n";
  return {
      {"TimesOutOfOrder", order, "", "platform.yaml", kAccessLine, col(order, "1s"), "links.access.profiles.bandwidth.steps[1][0]", "strictly increasing time order"},
      {"NegativeBandwidth", negative, "", "platform.yaml", kAccessLine, col(negative, "-5"), "links.access.profiles.bandwidth.steps[0][1]", "must not be negative"},
      {"ZeroBandwidth", zero, "", "platform.yaml", kAccessLine, col(zero, "0Mbps"), "links.access.profiles.bandwidth.steps[0][1]", "a bandwidth must be > 0"},
      {"PeriodTooShort", period, "", "platform.yaml", kAccessLine, col(period, "2s}"), "links.access.profiles.bandwidth.period", "longer than the time of the last step"},
      {"StepNotAPair", not_pair, "", "platform.yaml", kAccessLine, col(not_pair, "[1s]"), "links.access.profiles.bandwidth.steps[0]", "expected a step [time, value]"},
      {"TimeWithoutUnit", no_unit, "", "platform.yaml", kAccessLine, col(no_unit, "1, 5ms") , "links.access.profiles.latency.steps[0][0]", "expected a time"},
      {"StepsAndFile", both, "", "platform.yaml", kAccessLine, col(both, "{steps"), "links.access.profiles.bandwidth", "exactly one of `steps`"},
      {"SpeedOnALink", kind, "", "platform.yaml", kAccessLine, col(kind, "speed"), "links.access.profiles.speed", "unknown key"},
      {"AvailabilityWord", state, "", "platform.yaml", kAccessLine, col(state, "maybe"), "links.access.profiles.availability.steps[0][1]", "expected one of on, off"},
      {"CsvMissing", missing, "", "platform.yaml", kAccessLine, col(missing, "nowhere"), "links.access.profiles.bandwidth.file", "file not found"},
      {"CsvWrongHeader", file, "time_s,bandwidth_mbps\n0,5\n", "access-bandwidth.csv", 1, 8, "", "expected the header \"time_s,bandwidth_bytes_per_s\""},
      {"CsvTimesOutOfOrder", file, csv_header + "2,1000\n1,2000\n", "access-bandwidth.csv", 3, 1, "time_s", "strictly increasing time order"},
      {"CsvNegativeBandwidth", file, csv_header + "0,1000\n1,-5\n", "access-bandwidth.csv", 3, 3, "bandwidth_bytes_per_s", "a bandwidth must be > 0"},
      {"CsvNotANumber", file, csv_header + "0,fast\n", "access-bandwidth.csv", 2, 3, "bandwidth_bytes_per_s", "expected a number"},
      {"CsvNegativeTime", file, csv_header + "-1,1000\n", "access-bandwidth.csv", 2, 1, "time_s", "a time must be >= 0"},
  };
}

INSTANTIATE_TEST_SUITE_P(Profiles, BadProfile, ::testing::ValuesIn(bad_cases()),
                         [](const ::testing::TestParamInfo<BadCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace hybridfog::testing

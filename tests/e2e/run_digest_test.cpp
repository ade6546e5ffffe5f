// What a run tells its user besides its files (docs/outputs.md): the console digest (deadline misses, accuracy
// in time and goodput when the scenario has deadlines; bytes with units; tiers from the device outwards; host
// idle and radio idle apart), and `sim_time_s`, the end of the run, against samples.csv.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <regex>
#include <string>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

TEST(RunDigest, DeadlinesBytesAndTiersOnTheConsole) {
  TempDir dir;
  // The golden case quickstart-deadline-aware: a 60 ms deadline over a 2 Mbps uplink, fallback at the deadline.
  const CommandResult r = run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("out"), "--no-progress", "--set",
                                         "policy={name: deadline-aware, base: entropy, threshold: 0.78, on_late: fallback}",
                                         "--set", "workload.deadline=60ms", "--set", "platform.links.uplink.bandwidth=2Mbps"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto summary = read_json(dir.file("out") + "/summary.json");
  const auto& d = summary.at("deadline");
  // The numbers of summary.json, as the digest prints them.
  const std::string line = "deadline     " + std::to_string(d.at("misses").get<long long>()) + " misses (" +
                           fixed(d.at("miss_fraction").get<double>() * 100, 2) + " % of samples), " +
                           std::to_string(d.at("fallbacks").get<long long>()) + " fallbacks; accuracy in time " +
                           fixed(d.at("accuracy_in_time").get<double>(), 4) + " (all answers " +
                           fixed(summary.at("accuracy").get<double>(), 4) + "); goodput " +
                           fixed(d.at("goodput_per_s").get<double>(), 3) + " correct answers in time/s";
  EXPECT_NE(r.out.find(line), std::string::npos) << r.out << "\nexpected: " << line;
  // Tiers from the device outwards, one line each, host idle apart from radio idle.
  const size_t device = r.out.find("\n  device   host idle "), edge = r.out.find("\n  edge     host idle "),
               cloud = r.out.find("\n  cloud    host idle ");
  ASSERT_NE(device, std::string::npos) << r.out;
  ASSERT_NE(edge, std::string::npos) << r.out;
  ASSERT_NE(cloud, std::string::npos) << r.out;
  EXPECT_LT(device, edge);
  EXPECT_LT(edge, cloud);
  EXPECT_NE(r.out.find("= host idle "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" + radio idle "), std::string::npos) << r.out;
  // Bytes with their unit: summary.json's total in kB or MB, link classes access, uplink, ingress in that order.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(bytes        sent \d+\.\d+ (kB|MB); carried by link class: access \d+\.\d+ (kB|MB) uplink \d+\.\d+ (kB|MB) ingress \d+\.\d+ (kB|MB)\n)")))
      << r.out;

  // Step down: without a deadline, no deadline line.
  const CommandResult plain = run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("plain"), "--no-progress", "--set",
                                             "workload.samples_per_device=5"});
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(plain.out.find("deadline"), std::string::npos) << plain.out;
}

// sim_time_s is the end of the run: when the last sample finished, answered or given up (docs/outputs.md).
void expect_end_of_run(const std::string& out, bool expect_given_up_last) {
  const auto summary = read_json(out + "/summary.json");
  const double end = summary.at("sim_time_s").get<double>();
  double last_finish = 0, last_answer = 0;
  std::string last_outcome;
  for (const auto& row : read_csv(out + "/samples.csv")) {
    const double finish = std::stod(row.at("finish_s"));
    const std::string outcome = row.count("outcome") ? row.at("outcome") : "completed";
    if (finish >= last_finish) {
      last_finish = finish;
      last_outcome = outcome;
    }
    if (outcome != "given_up") last_answer = std::max(last_answer, finish);
  }
  EXPECT_EQ(end, last_finish) << out;
  if (expect_given_up_last) {
    EXPECT_EQ(last_outcome, "given_up") << out;
    EXPECT_LT(last_answer, end) << out;
  } else {
    EXPECT_EQ(last_answer, end) << out;
  }
}

TEST(RunDigest, SimTimeIsWhenTheLastSampleFinished) {
  TempDir dir;
  // Answers only: the end of the run is the last answer.
  ASSERT_EQ(run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("q"), "--no-progress", "--set",
                           "workload.samples_per_device=20"}).status, 0);
  expect_end_of_run(dir.file("q"), false);
  // The commuter's walk: every sample answered.
  const CommandResult walk = run_hybridfog({"run", "scenarios/commuter.yaml", "-o", dir.file("c"), "--no-progress"});
  ASSERT_EQ(walk.status, 0) << walk.err;
  expect_end_of_run(dir.file("c"), false);
  // A walk that leaves the last site for good at about 200 s (and ends at 280 s, far away): samples that need the
  // link wait for a coverage that never comes back and are given up at the end of the run, after the last answer.
  const std::string away = dir.write("away.csv", "time_s,device,x_m,y_m\n0,0,-20,5\n200,0,230,5\n280,0,2000,5\n");
  const CommandResult lost = run_hybridfog({"run", "scenarios/commuter.yaml", "-o", dir.file("a"), "--no-progress", "--set",
                                            "mobility.models=[{trace: " + away + "}]"});
  ASSERT_EQ(lost.status, 0) << lost.err;
  const auto summary = read_json(dir.file("a") + "/summary.json");
  ASSERT_GT(summary.at("recovery").at("given_up").get<long long>(), 0) << lost.out;
  expect_end_of_run(dir.file("a"), true);
}

// `validate` warns when a host class runs MACs of a precision it gives no energy per MAC for (its analytic
// compute energy then counts them as 0 J), naming the platform file and the key path; not when it gives one.
TEST(RunDigest, ValidateWarnsWhenATierLeavesOutEnergyPerMac) {
  TempDir dir;
  std::string platform = read_file(source_path("platforms/quickstart.yaml"));
  const std::string full = "energy_per_mac: {fp32: 4.6pJ, fp16: 1.5pJ, int8: 0.23pJ, int4: 0.115pJ, binary: 0.029pJ}";
  const size_t first = platform.find(full);  // the device class (rpi4): runs the binary edge part
  ASSERT_NE(first, std::string::npos);
  platform.replace(first, full.size(), "energy_per_mac: {fp32: 4.6pJ}");
  dir.write("platform.yaml", platform);
  const std::string scenario = dir.write(
      "scenario.yaml", "name: w\nseed: 1\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("models/profiles/hybrid-binary-fmnist.yaml") +
                           "\n  trace: " + source_path("models/traces/hybrid-binary-fmnist.csv") +
                           "\npolicy:\n  name: entropy\n  threshold: 0.78\nworkload:\n  arrivals: poisson\n  rate: 2/s\n"
                           "  samples_per_device: 3\nnetwork:\n  model: CM02\n");
  const CommandResult v = run_hybridfog({"validate", scenario});
  ASSERT_EQ(v.status, 0) << v.err;
  EXPECT_TRUE(std::regex_search(v.err, std::regex(R"(\[warning\] .*platform\.yaml: tiers\[0\]\.classes\[0\]\.energy_per_mac\.binary: host class rpi4 of tier device runs binary MACs)")))
      << v.err;
  EXPECT_EQ(v.err.find("energy_per_mac.fp32"), std::string::npos) << v.err;  // it gives fp32
  // Step up: the shipped platform gives every precision: no warning.
  const CommandResult ok = run_hybridfog({"validate", "scenarios/quickstart.yaml"});
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(ok.err.find("energy_per_mac"), std::string::npos) << ok.err;
}

}  // namespace
}  // namespace hybridfog::testing

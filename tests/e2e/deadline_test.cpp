// Deadlines and the deadline-aware policy in closed form (docs/outputs.md "Deadlines", docs/policies.md):
// one device, one cloud host, periodic samples that never overlap, the synthetic chain profile. The answer
// of an offloaded sample comes back after L = device + upload + cloud + download seconds; deadlines just
// below or above L decide every figure here.
#include <gtest/gtest.h>

#include <cmath>

#include "synthetic_chain.hpp"

namespace hybridfog::testing {
namespace {

using namespace synthetic_chain;

struct Outputs {
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples;
  std::string header;
};

Outputs run(const TempDir& dir, const std::string& policy, const std::string& deadline) {
  const ScenarioRun run = run_scenario_in(
      dir, platform("deadline"), scenario("deadline", policy, 3, deadline.empty() ? "" : ", deadline: " + deadline));
  EXPECT_EQ(run.result.status, 0) << run.result.err;
  const std::string& out = run.out;
  const std::string csv = read_file(out + "/samples.csv");
  return {read_json(out + "/summary.json"), read_csv(out + "/samples.csv"), csv.substr(0, csv.find('\n'))};
}

std::string seconds(double s) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17gs", s);
  return text;
}

TEST(Deadlines, NoDeadlineNoDeadlineOutputs) {
  TempDir dir;
  const Outputs r = run(dir, "{name: static}", "");
  EXPECT_EQ(r.header.find("deadline_s"), std::string::npos);
  EXPECT_FALSE(r.summary.contains("deadline"));
}

TEST(Deadlines, LateCloudAnswersAreCountedLate) {
  TempDir dir;
  const double deadline = kOffloaded - 0.001;
  const Outputs r = run(dir, "{name: static}", seconds(deadline));
  ASSERT_EQ(r.samples.size(), 3u);
  for (const auto& s : r.samples) {
    EXPECT_EQ(s.at("exit"), "final");
    expect_close(std::stod(s.at("latency_s")), kOffloaded, "latency");
    expect_close(std::stod(s.at("deadline_s")), deadline, "deadline_s");
    EXPECT_EQ(s.at("late"), "1");
    EXPECT_EQ(s.at("fallback"), "0");
  }
  const auto& d = r.summary["deadline"];
  EXPECT_EQ(d["misses"].get<int>(), 3);
  EXPECT_EQ(d["miss_fraction"].get<double>(), 1.0);
  EXPECT_EQ(d["correct_in_time"].get<int>(), 0);
  EXPECT_EQ(d["goodput_per_s"].get<double>(), 0.0);
  expect_close(d["latency_over_deadline"]["p50"].get<double>(), kOffloaded / deadline, "p50 ratio");
  EXPECT_EQ(r.summary["accuracy"].get<double>(), 1.0);  // the late answers are still the cloud's, all correct
}

TEST(Deadlines, AnswersInTimeMakeGoodput) {
  TempDir dir;
  const double deadline = kOffloaded + 0.001;
  const Outputs r = run(dir, "{name: static}", "{dev: " + seconds(deadline) + "}");  // per device class
  const auto& d = r.summary["deadline"];
  EXPECT_EQ(d["misses"].get<int>(), 0);
  EXPECT_EQ(d["correct_in_time"].get<int>(), 3);
  const double end = 2.0 + kOffloaded;  // the last sample arrives at 2 s
  expect_close(r.summary["sim_time_s"].get<double>(), end, "sim_time_s");
  expect_close(d["goodput_per_s"].get<double>(), 3.0 / end, "goodput");
  expect_close(d["latency_over_deadline"]["max"].get<double>(), kOffloaded / deadline, "max ratio");
}

// The first sample goes on (no measurement yet) and is late; its upload and answer teach the device
// throughput = cut / upload and rtt = download, so the estimate for the next samples is exactly L, which
// misses the deadline: they exit on the device.
TEST(Deadlines, DeadlineAwareLearnsFromItsFirstOffload) {
  TempDir dir;
  const double deadline = kOffloaded - 0.001;
  const Outputs r = run(dir, "{name: deadline-aware, base: static}", seconds(deadline));
  ASSERT_EQ(r.samples.size(), 3u);
  EXPECT_EQ(r.samples[0].at("exit"), "final");
  EXPECT_EQ(r.samples[0].at("late"), "1");
  for (int i : {1, 2}) {
    EXPECT_EQ(r.samples[i].at("exit"), "exit1") << i;
    expect_close(std::stod(r.samples[i].at("latency_s")), kDeviceSeconds, "device latency");
    EXPECT_EQ(r.samples[i].at("late"), "0");
    EXPECT_EQ(std::stod(r.samples[i].at("bytes_sent")), 0.0);
  }
  EXPECT_EQ(r.summary["deadline"]["misses"].get<int>(), 1);
  EXPECT_EQ(r.summary["deadline"]["correct_in_time"].get<int>(), 2);  // rows 1 and 2: exit1 is right
  // With a deadline just above L the same estimate meets it: every sample goes on.
  TempDir other;
  const Outputs met = run(other, "{name: deadline-aware, base: static}", seconds(kOffloaded + 0.001));
  for (const auto& s : met.samples) EXPECT_EQ(s.at("exit"), "final");
}

// on_late: fallback: the device answers at the deadline with its exit head (row 0: exit1 predicts 6, the
// label is 5: wrong); the late cloud answer is discarded, its bytes still counted.
TEST(Deadlines, FallbackAnswersOnTheDeviceAtTheDeadline) {
  TempDir dir;
  const double deadline = kOffloaded - 0.001;
  const Outputs r = run(dir, "{name: deadline-aware, base: static, on_late: fallback}", seconds(deadline));
  ASSERT_EQ(r.samples.size(), 3u);
  const auto& first = r.samples[0];
  EXPECT_EQ(first.at("exit"), "exit1");
  EXPECT_EQ(first.at("fallback"), "1");
  EXPECT_EQ(first.at("late"), "0");
  EXPECT_EQ(first.at("correct"), "0");
  expect_close(std::stod(first.at("latency_s")), deadline, "fallback latency");
  EXPECT_EQ(std::stod(first.at("bytes_sent")), kCutBytes + kResultBytes);
  const auto& d = r.summary["deadline"];
  EXPECT_EQ(d["misses"].get<int>(), 0);
  EXPECT_EQ(d["fallbacks"].get<int>(), 1);
  EXPECT_EQ(r.summary["samples"].get<int>(), 3);  // one record per sample: nothing counted twice
  EXPECT_EQ(r.summary["exit_count"]["exit1"].get<int>(), 3);
  EXPECT_EQ(r.summary["exit_count"]["final"].get<int>(), 0);
  EXPECT_EQ(d["correct_in_time"].get<int>(), 2);
}

}  // namespace
}  // namespace hybridfog::testing

// hybridfog sweep end to end: results.csv, resume after kill -9, bad study files.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <regex>
#include <thread>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

std::string study_file(const TempDir& dir, const std::string& axes, int samples = 20, int replications = 2) {
  return dir.write("study.yaml", "name: t\nbase: " + source_path("scenarios/quickstart.yaml") +
                                     "\nseed: 11\nreplications: " + std::to_string(replications) +
                                     "\nset:\n  workload.samples_per_device: " + std::to_string(samples) + "\naxes:\n" + axes);
}

const char* kAxes =
    "  - grid:\n      policy.threshold: [0.3, 0.9]\n"
    "  - points:\n      - {platform.links.uplink.bandwidth: 5Mbps}\n      - {platform.links.uplink.bandwidth: 50Mbps, "
    "workload.rate: 4/s}\n";

TEST(Sweep, ResultsHaveOneRowPerPointAndReplicationMatchingEachRun) {
  TempDir dir;
  const std::string out = dir.file("study");
  const CommandResult r = run_hybridfog({"sweep", study_file(dir, kAxes), "-o", out, "-j", "2", "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = read_csv(out + "/results.csv");
  ASSERT_EQ(rows.size(), 8u);
  std::set<std::string> seeds;
  for (const auto& row : rows) {
    const auto summary = read_json(out + "/" + row.at("output_dir") + "/summary.json");
    EXPECT_EQ(row.at("accuracy"), summary["accuracy"].dump()) << row.at("output_dir");
    EXPECT_EQ(std::stod(row.at("latency_s.p95")), summary["latency_s"]["p95"].get<double>());
    EXPECT_EQ(std::stod(row.at("bytes.by_link_class.uplink")), summary["bytes"]["by_link_class"]["uplink"].get<double>());
    const auto manifest = read_json(out + "/" + row.at("output_dir") + "/manifest.json");
    EXPECT_EQ(row.at("seed"), std::to_string(manifest["seed"].get<std::uint64_t>()));
    seeds.insert(row.at("seed"));
  }
  EXPECT_EQ(seeds.size(), 2u);  // one seed per replication, shared by all points
  EXPECT_EQ(rows[0].at("policy.threshold"), "0.3");
  EXPECT_EQ(rows[0].at("platform.links.uplink.bandwidth"), "5Mbps");
  EXPECT_EQ(rows[0].at("workload.rate"), "");
  EXPECT_EQ(rows[2].at("workload.rate"), "4/s");
  // The uplink bandwidth really reached the platform: a slower uplink, a slower p95.
  EXPECT_GT(std::stod(rows[0].at("latency_s.p95")), std::stod(rows[2].at("latency_s.p95")));
}

TEST(Sweep, KilledMidwayResumesWithoutRecomputingAndGivesIdenticalResults) {
  TempDir dir;
  const std::string study = study_file(dir, kAxes, 3000, 2);
  // Reference: uninterrupted.
  const std::string reference = dir.file("reference");
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", reference, "-j", "1", "--no-progress"}).status, 0);

  // Interrupted: kill -9 once at least two runs are complete.
  const std::string out = dir.file("interrupted");
  const std::string command = "exec '" + std::string(HYBRIDFOG_BINARY) + "' sweep '" + study + "' -o '" + out +
                              "' -j 1 --no-progress >/dev/null 2>&1 & echo $! > '" + dir.file("pid") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const auto done = [&] {
    int n = 0;
    if (fs::exists(out + "/points"))
      for (const auto& e : fs::directory_iterator(out + "/points")) n += fs::exists(e.path() / "summary.json");
    return n;
  };
  for (int i = 0; i < 600 && done() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(::kill(std::stoi(read_file(dir.file("pid"))), SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const int finished_before = done();
  ASSERT_GE(finished_before, 2);
  ASSERT_LT(finished_before, 8) << "the sweep finished before it could be killed";
  EXPECT_FALSE(fs::exists(out + "/results.csv"));
  std::map<std::string, double> wall_before;
  for (const auto& e : fs::directory_iterator(out + "/points"))
    if (fs::exists(e.path() / "summary.json"))
      wall_before[e.path().filename()] = read_json((e.path() / "summary.json").string())["wall_time_s"].get<double>();

  // The same command again: resumes.
  const CommandResult resumed = run_hybridfog({"sweep", study, "-o", out, "-j", "1", "--no-progress"});
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(read_file(out + "/results.csv"), read_file(reference + "/results.csv"));
  for (const auto& [name, wall] : wall_before)  // not recomputed: the same summary, same measured wall time
    EXPECT_EQ(read_json(out + "/points/" + name + "/summary.json")["wall_time_s"].get<double>(), wall) << name;
  for (const auto& e : fs::directory_iterator(out + "/points"))
    EXPECT_NE(e.path().filename().string().front(), '.') << "staging folder left behind";
}

TEST(Sweep, AnotherStudyInTheSameFolderIsRefused) {
  TempDir dir;
  const std::string out = dir.file("study");
  ASSERT_EQ(run_hybridfog({"sweep", study_file(dir, kAxes, 5, 1), "-o", out, "--no-progress"}).status, 0);
  const CommandResult r = run_hybridfog({"sweep", study_file(dir, kAxes, 6, 1), "-o", out, "--no-progress"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("another study"), std::string::npos) << r.err;
}

void expect_bad_study(const std::string& axes, const std::string& pattern) {
  TempDir dir;
  const std::string out = dir.file("study");
  const CommandResult r = run_hybridfog({"sweep", study_file(dir, axes), "-o", out, "--no-progress"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex(pattern))) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(out)) << "nothing may run on a bad study";
}

TEST(Sweep, AxisOverAKeyThatDoesNotExist) {
  expect_bad_study("  - grid:\n      policy.treshold: [0.3, 0.9]\n",
                   R"(study\.yaml:9:25: axes\[0\]\.grid\.policy\.treshold\[0\]: point 0 sets policy\.treshold: policy\.treshold: unknown key)");
}

TEST(Sweep, EmptyAxis) {
  expect_bad_study("  - grid:\n      policy.threshold: []\n", R"(study\.yaml:9:25: axes\[0\]\.grid\.policy\.threshold: expected a non-empty list)");
}

TEST(Sweep, TypeMismatch) {
  expect_bad_study("  - zip:\n      workload.rate: [2/s, fast]\n",
                   R"(study\.yaml:9:28: axes\[0\]\.zip\.workload\.rate\[1\]: point 1 sets workload\.rate: workload\.rate: expected a rate like "10/s", got "fast")");
}

TEST(Sweep, ZipListsOfDifferentLengths) {
  expect_bad_study("  - zip:\n      policy.threshold: [0.1, 0.2]\n      workload.rate: [1/s]\n",
                   R"(study\.yaml:10:22: axes\[0\]\.zip\.workload\.rate: zip lists must have the same length \(2\))");
}

}  // namespace
}  // namespace hybridfog::testing

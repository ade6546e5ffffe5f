// What `hybridfog sweep` tells the user: the heartbeat (with the running run's own progress), the
// interrupted message, `--dry-run` and `validate STUDY` (output format, not timing).
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <regex>
#include <thread>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

// Points of unequal size: scale-10k with 1 and 3 samples per device (10,000 and 30,000 samples).
std::string slow_study(const TempDir& dir, const std::string& sizes = "[1, 3]") {
  return dir.write("study.yaml", "name: slow\nbase: " + source_path("scenarios/scale-10k.yaml") +
                                     "\nseed: 2\nreplications: 1\naxes:\n  - grid:\n      workload.samples_per_device: " +
                                     sizes + "\n");
}

TEST(SweepProgress, DryRunChecksEveryPointAndCountsPointsRunsAndSamples) {
  TempDir dir;
  const std::string study = slow_study(dir);
  const CommandResult r = run_hybridfog({"sweep", study, "--dry-run"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, study + ": ok (study slow: 2 points x 1 replications = 2 runs, 40,000 samples; every point's "
                           "scenario checked)\n");
  EXPECT_FALSE(fs::exists(dir.file("study")));
}

TEST(SweepProgress, ValidateAcceptsAStudyFile) {
  TempDir dir;
  const std::string study = slow_study(dir);
  const CommandResult r = run_hybridfog({"validate", study});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(": ok (study slow: 2 points x 1 replications = 2 runs"), std::string::npos) << r.out;
}

TEST(SweepProgress, DryRunAndValidateRejectABadPointWithItsStudyPosition) {
  TempDir dir;
  const std::string study = slow_study(dir, "[1, many]");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"sweep", study, "--dry-run"}, std::vector<std::string>{"validate", study}}) {
    const CommandResult r = run_hybridfog(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(study\.yaml:7:[0-9]+: .*samples_per_device)")))
        << r.err;
  }
}

TEST(SweepProgress, WithoutDryRunTheOutputFolderIsRequired) {
  TempDir dir;
  const CommandResult r = run_hybridfog({"sweep", slow_study(dir)});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("-o: required"), std::string::npos) << r.err;
}

TEST(SweepProgress, HeartbeatShowsRunsEtaAndTheRunningRunsOwnProgress) {
  TempDir dir;
  const std::string out = dir.file("study");
  const CommandResult r =
      run_hybridfog({"sweep", slow_study(dir), "-o", out, "-j", "1", "--progress-interval", "0.2"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::regex heartbeat(R"(\[[#.]{30}\] [0-2]/2 runs, elapsed [0-9]+:[0-9]{2}, ETA ([0-9]+:[0-9]{2}|\?)(; running points/[01]-r0( \([0-9,]+/[0-9,]+ samples \([0-9.]+%\), simulated [0-9.]+ s\))?)?)");
  int lines = 0, with_run_progress = 0;
  std::istringstream err(r.err);
  for (std::string l; std::getline(err, l);) {
    if (l.rfind("[#", 0) != 0 && l.rfind("[.", 0) != 0) continue;  // not a progress line ([info] ...)
    ++lines;
    EXPECT_TRUE(std::regex_match(l, heartbeat)) << l;
    with_run_progress += l.find(" samples (") != std::string::npos;
  }
  EXPECT_GE(lines, 3) << r.err;
  EXPECT_GE(with_run_progress, 1) << "no heartbeat carried a running run's progress: " << r.err;
}

TEST(SweepProgress, SigtermStopsWithAResumeMessage) {
  TempDir dir;
  const std::string study = slow_study(dir, "[3, 3]");
  const std::string out = dir.file("study");
  const std::string command = "exec '" + std::string(HYBRIDFOG_BINARY) + "' sweep '" + study + "' -o '" + out +
                              "' -j 1 --progress-interval 0.2 2>'" + dir.file("err") + "' >/dev/null & echo $! > '" +
                              dir.file("pid") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const pid_t pid = std::stoi(read_file(dir.file("pid")));
  // Wait until the first run has started (its log exists), then stop the sweep.
  for (int i = 0; i < 600 && !fs::exists(out + "/logs/0-r0.log"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  for (int i = 0; i < 600 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string err = read_file(dir.file("err"));
  EXPECT_TRUE(std::regex_search(err, std::regex(R"(\ninterrupted \(SIGTERM\) after [0-2] of 2 runs: rerun the same command to resume\n$)")))
      << err;
  EXPECT_FALSE(fs::exists(out + "/results.csv"));
}

}  // namespace
}  // namespace hybridfog::testing

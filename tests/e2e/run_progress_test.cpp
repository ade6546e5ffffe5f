// What `hybridfog run` tells the user while it runs: progress lines (format, not timing), quiet at
// --log-level warn, global options after the subcommand, and --max-wall (a clean stop, no outputs).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

// scale-10k with one sample per device: 10,000 samples, enough for several progress reports.
std::vector<std::string> scale_run(const std::string& out) {
  return {"run", "scenarios/scale-10k.yaml", "-o", out, "--set", "workload.samples_per_device=1"};
}

TEST(RunProgress, WithoutATerminalEveryLineSaysDoneTotalSimulatedElapsedRateAndEta) {
  TempDir dir;
  auto args = scale_run(dir.file("out"));
  args.insert(args.end(), {"--progress-interval", "0"});  // every report the engine makes, not every 5 s
  const CommandResult r = run_hybridfog(args);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string duration = R"(([0-9]+\.[0-9] s|[0-9]+ min [0-9]{2} s|[0-9]+ h [0-9]{2} min))";
  const std::regex line(R"(progress: [0-9,]+/10,000 samples \([0-9]+\.[0-9]%\), simulated [0-9]+\.[0-9] s, elapsed )" +
                        duration + "(, [0-9,]+ samples/s, ETA " + duration + ")?");
  int lines = 0;
  std::istringstream err(r.err);
  for (std::string l; std::getline(err, l);) {
    if (l.rfind("progress:", 0) != 0) continue;
    ++lines;
    EXPECT_TRUE(std::regex_match(l, line)) << l;
    EXPECT_EQ(l.find('\r'), std::string::npos) << "no carriage return off a terminal";
  }
  EXPECT_GE(lines, 2) << r.err;  // 10,000 samples: a report at 4,096 and 8,192 finished samples at least
}

TEST(RunProgress, ALongPlatformBuildSaysHowManySitesAreBuilt) {
  // At --progress-interval 0 every site is reported; at the default interval a small platform says nothing.
  TempDir dir;
  auto args = scale_run(dir.file("out"));
  args.insert(args.end(), {"--set", "platform.sites=40", "--progress-interval", "0"});
  const CommandResult r = run_hybridfog(args);
  ASSERT_EQ(r.status, 0) << r.err;
  const std::regex line(R"(platform: ([0-9,]+)/40 sites built, elapsed [0-9]+\.[0-9] s)");
  std::vector<int> built;
  std::istringstream err(r.err);
  for (std::string l; std::getline(err, l);) {
    if (l.rfind("platform:", 0) != 0) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(l, m, line)) << l;
    built.push_back(std::stoi(m[1]));
  }
  ASSERT_EQ(built.size(), 40u) << r.err;
  for (size_t i = 0; i < built.size(); ++i) EXPECT_EQ(built[i], static_cast<int>(i) + 1);
  EXPECT_LT(r.err.find("platform: 40/40"), r.err.find("progress:")) << "the platform is built before any sample";

  const CommandResult quiet = run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("quiet")});
  ASSERT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("platform:"), std::string::npos) << quiet.err;
  const CommandResult none = run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("none"), "--no-progress",
                                            "--progress-interval", "0"});
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_EQ(none.err.find("platform:"), std::string::npos) << none.err;
}

TEST(RunProgress, LogLevelWarnAfterTheSubcommandSilencesProgressAndInfo) {
  TempDir dir;
  auto args = scale_run(dir.file("out"));
  args.insert(args.end(), {"--progress-interval", "0", "--log-level", "warn"});
  const CommandResult r = run_hybridfog(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(std::filesystem::exists(dir.file("out") + "/summary.json"));
}

TEST(RunProgress, LogLevelBeforeTheSubcommandStillWorks) {
  TempDir dir;
  auto args = scale_run(dir.file("out"));
  args.insert(args.begin(), {"--log-level", "warn"});
  args.insert(args.end(), {"--progress-interval", "0"});
  const CommandResult r = run_hybridfog(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(RunProgress, BadLogLevelAfterTheSubcommandIsABadOption) {
  TempDir dir;
  auto args = scale_run(dir.file("out"));
  args.insert(args.end(), {"--log-level", "loud"});
  const CommandResult r = run_hybridfog(args);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--log-level"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

TEST(MaxWall, StopsCleanlyWithAMessageAndNoOutputFolder) {
  TempDir dir;
  const std::string out = dir.file("out");
  // 1,000,000 samples cannot finish in a tenth of a second.
  const CommandResult r =
      run_hybridfog({"run", "scenarios/scale-10k.yaml", "-o", out, "--no-progress", "--max-wall", "0.1"});
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.err, std::regex(R"(stopped: --max-wall 0\.1 s reached after [0-9,]+ of 1,000,000 samples \(simulated [0-9.]+ s, wall [0-9.]+ s\); no outputs written to )")))
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ADD_FAILURE() << "left behind: " << entry.path();
  EXPECT_EQ(r.out, "");
}

TEST(MaxWall, MustBePositive) {
  TempDir dir;
  const CommandResult r =
      run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("out"), "--max-wall", "0"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--max-wall"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hybridfog::testing

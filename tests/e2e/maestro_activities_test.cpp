// The engine takes its activities off SimGrid 3.32's list of maestro's activities (engine/maestro_activities.hpp,
// docs/performance.md): a change of bookkeeping inside SimGrid that must change nothing in a run's results.
// Each scenario runs twice, with the list kept as SimGrid keeps it (HYBRIDFOG_KEEP_MAESTRO_LIST=1) and taken
// off; every output file must be byte-identical (summary.json but for its wall time), and the debug log must
// say the list was taken off (so a SimGrid upgrade that turns it off is seen here, not only as a slow run).
#include <gtest/gtest.h>

#include <regex>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

void expect_same_outputs(const std::vector<std::string>& scenario_args) {
  TempDir dir;
  std::vector<std::string> kept = {"run"}, taken = {"run"};
  kept.insert(kept.end(), scenario_args.begin(), scenario_args.end());
  taken.insert(taken.end(), scenario_args.begin(), scenario_args.end());
  for (auto* args : {&kept, &taken}) args->insert(args->end(), {"--set", "outputs.samples=true", "--log-level", "debug"});
  kept.insert(kept.end(), {"-o", dir.file("kept")});
  taken.insert(taken.end(), {"-o", dir.file("taken")});

  const CommandResult k = run_hybridfog_in(HYBRIDFOG_SOURCE_DIR, kept, "HYBRIDFOG_KEEP_MAESTRO_LIST=1");
  ASSERT_EQ(k.status, 0) << k.err;
  const CommandResult t = run_hybridfog(taken);
  ASSERT_EQ(t.status, 0) << t.err;
  EXPECT_NE(k.err.find("maestro activity list: left as SimGrid keeps it (disabled)"), std::string::npos) << k.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(t.err, m, std::regex("maestro activity list: ([0-9]+) activities taken off"))) << t.err;
  EXPECT_GT(std::stoll(m[1].str()), 1000);

  for (const char* file : {"samples.csv", "hosts.csv", "links.csv"}) {
    const std::string a = read_file(dir.file("kept") + "/" + file), b = read_file(dir.file("taken") + "/" + file);
    EXPECT_FALSE(a.empty()) << file;
    EXPECT_TRUE(a == b) << file << " differs";
  }
  const std::regex wall("\"wall_time_s\": [0-9.e+-]+");
  EXPECT_EQ(std::regex_replace(read_file(dir.file("kept") + "/summary.json"), wall, ""),
            std::regex_replace(read_file(dir.file("taken") + "/summary.json"), wall, ""));
}

TEST(MaestroActivities, ScaleScenarioOutputsAreIdentical) {
  // 500 devices on 5 sites, 5 samples each: thousands of concurrent transfers and executions.
  expect_same_outputs({"scenarios/scale-10k.yaml", "--set", "platform.sites=5", "--set", "workload.samples_per_device=5"});
}

TEST(MaestroActivities, AppealNetScenarioOutputsAreIdentical) {
  expect_same_outputs({"scenarios/appealnet.yaml"});
}

}  // namespace
}  // namespace hybridfog::testing

// study/: a study expanded into points and replications, their overrides and seeds, results.csv quoting.
#include "study/study_spec.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "study/results.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

using testing::source_path;

TEST(StudySpec, ExpandsTheSmokeStudy) {
  const StudySpec study = load_study(source_path("scenarios/studies/smoke.yaml"));
  EXPECT_EQ(study.name, "smoke");
  // grid of 2 thresholds x zip of 2 bandwidths = 4 points, 2 replications each.
  ASSERT_EQ(study.points.size(), 4u);
  EXPECT_EQ(study.runs(), 8);
  EXPECT_EQ(study.axis_keys, (std::vector<std::string>{"policy.threshold", "platform.links.uplink.bandwidth"}));
  const std::vector<std::string> overrides = study.overrides_of(study.points[3]);
  ASSERT_EQ(overrides.size(), 3u);
  EXPECT_EQ(overrides[0], "workload.samples_per_device=20");  // common `set:` first
  EXPECT_EQ(study.replication_seed(0), study.replication_seed(0));
  EXPECT_NE(study.replication_seed(0), study.replication_seed(1));
  EXPECT_EQ(StudySpec::run_dir(3, 1), "points/3-r1");
}

TEST(StudySpec, AnAxisValueTheScenarioRejectsIsAnInputErrorInTheStudyFile) {
  testing::TempDir dir;
  const std::string file = dir.write("bad.yaml", "name: bad\nbase: " + source_path("scenarios/quickstart.yaml") +
                                                     "\naxes:\n  - grid:\n      policy.threshold: [0.5, oops]\n");
  try {
    load_study(file);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, file);
    EXPECT_EQ(e.where().line, 5) << e.what();
  }
}

TEST(Results, CsvFieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace hybridfog

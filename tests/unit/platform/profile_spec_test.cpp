// platform/profile_spec: profiles over time parsed into SI steps; repetitions of a periodic profile;
// bad steps refused at their place.
#include "platform/profile_spec.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "core/yaml_node.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

LinkProfiles link_profiles(const std::string& yaml, const std::string& file = "p.yaml") {
  return parse_link_profiles(YNode::load_string(yaml, file));
}

TEST(ProfileSpec, InlineStepsInSIUnits) {
  const LinkProfiles p = link_profiles(
      "bandwidth: {steps: [[0s, 8Mbps], [1.5s, 800kbps]], period: 10s}\n"
      "latency: {steps: [[250ms, 40ms]]}\navailability: {steps: [[1min, off], [2min, on]]}\n");
  ASSERT_TRUE(p.bandwidth && p.latency && p.availability);
  ASSERT_EQ(p.bandwidth->steps.size(), 2u);
  EXPECT_DOUBLE_EQ(p.bandwidth->steps[1].time_s, 1.5);
  EXPECT_DOUBLE_EQ(p.bandwidth->steps[0].value, 1e6);
  EXPECT_DOUBLE_EQ(p.bandwidth->steps[1].value, 1e5);
  EXPECT_DOUBLE_EQ(*p.bandwidth->period_s, 10);
  EXPECT_DOUBLE_EQ(p.latency->steps[0].value, 0.04);
  EXPECT_FALSE(p.latency->period_s);
  EXPECT_DOUBLE_EQ(p.availability->steps[0].time_s, 60);
  EXPECT_EQ(p.availability->steps[0].value, 0);
  EXPECT_EQ(p.availability->steps[1].value, 1);
}

TEST(ProfileSpec, StepsUntilRepeatsAPeriodicProfile) {
  ValueProfile p;
  p.steps = {{1, 5}, {3, 7}};
  p.period_s = 10;
  const auto steps = p.steps_until(21);
  ASSERT_EQ(steps.size(), 5u);  // 1, 3, 11, 13, 21
  EXPECT_DOUBLE_EQ(steps[2].time_s, 11);
  EXPECT_DOUBLE_EQ(steps[3].value, 7);
  EXPECT_DOUBLE_EQ(steps[4].time_s, 21);
  p.period_s.reset();
  EXPECT_EQ(p.steps_until(21).size(), 2u);
  EXPECT_EQ(p.steps_until(0.5).size(), 0u);
}

TEST(ProfileSpec, CsvFileRelativeToTheYamlFile) {
  testing::TempDir dir;
  dir.write("speed.csv", "# a comment\ntime_s,speed_fraction\n0,1\n2.5, 0.25\n# another\n7,0.5\n");
  const HostProfiles p = parse_host_profiles(YNode::load_string("speed: {file: speed.csv}\n", dir.file("platform.yaml")));
  ASSERT_TRUE(p.speed);
  EXPECT_EQ(p.speed->file, dir.file("speed.csv"));
  ASSERT_EQ(p.speed->steps.size(), 3u);
  EXPECT_DOUBLE_EQ(p.speed->steps[1].time_s, 2.5);
  EXPECT_DOUBLE_EQ(p.speed->steps[1].value, 0.25);
}

// The common CSV rules (docs/formats.md): every line clean UTF-8, decimal numbers only, indented comments
// and lines of spaces skipped.
TEST(ProfileSpec, CsvFileFollowsTheCommonCsvRules) {
  testing::TempDir dir;
  const auto error_of = [&](const std::string& csv) -> std::string {
    dir.write("speed.csv", csv);
    try {
      parse_host_profiles(YNode::load_string("speed: {file: speed.csv}\n", dir.file("platform.yaml")));
    } catch (const InputError& e) {
      const std::string message = e.what();
      return message.substr(message.find("speed.csv"));
    }
    return "";
  };
  EXPECT_EQ(error_of("time_s,speed_fraction\n0,1\n2.5,0.2\xff\n"), "speed.csv:3:8: the line is not clean UTF-8 text");
  EXPECT_EQ(error_of("# \xff\ntime_s,speed_fraction\n0,1\n"), "speed.csv:1:3: the line is not clean UTF-8 text");
  EXPECT_EQ(error_of("time_s,speed_fraction\n0,1\n2.5,0x1\n"), "speed.csv:3:5: speed_fraction: expected a number, got \"0x1\"");
  EXPECT_EQ(error_of("time_s,speed_fraction\n0,1\n2.5,0.5\r\n  # indented\n \t\n7,0.25\n"), "");
}

void expect_error(const std::string& yaml, int line, int column, const std::string& key, const std::string& detail) {
  try {
    link_profiles(yaml);
    ADD_FAILURE() << "accepted: " << yaml;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
    EXPECT_EQ(e.key_path(), key) << e.what();
    EXPECT_NE(e.detail().find(detail), std::string::npos) << e.what();
  }
}

TEST(ProfileSpec, BadStepsAreRefusedAtTheirPlace) {
  expect_error("bandwidth: {steps: [[2s, 1Mbps], [2s, 2Mbps]]}\n", 1, 35, "bandwidth.steps[1][0]", "strictly increasing");
  expect_error("bandwidth: {steps: [[2s, -1Mbps]]}\n", 1, 26, "bandwidth.steps[0][1]", "must not be negative");
  expect_error("latency: {steps: [[-1s, 1ms]]}\n", 1, 20, "latency.steps[0][0]", "must not be negative");
  expect_error("bandwidth: {steps: []}\n", 1, 20, "bandwidth.steps", "non-empty list");
  expect_error("bandwidth: {period: 1s}\n", 1, 12, "bandwidth", "exactly one of `steps`");
  expect_error("bandwidth: {steps: [[1s, 1Mbps]], period: 1s}\n", 1, 43, "bandwidth.period", "longer than the time of the last step");
  expect_error("speed: {steps: [[1s, 0.5]]}\n", 1, 1, "speed", "unknown key");
}

TEST(ProfileSpec, HostSpeedMustBeAFraction) {
  for (const char* value : {"0", "1.5", "-0.5"}) {
    try {
      parse_host_profiles(YNode::load_string(std::string("speed: {steps: [[1s, ") + value + "]]}\n", "h.yaml"));
      ADD_FAILURE() << value;
    } catch (const InputError& e) {
      EXPECT_EQ(e.key_path(), "speed.steps[0][1]");
      EXPECT_NE(e.detail().find("in (0, 1]"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace hybridfog

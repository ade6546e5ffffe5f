// scenario/: loading a shipped scenario with overrides, and bad input pointing at the scenario or the
// platform key path.
#include "scenario/scenario_spec.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

using testing::source_path;

TEST(ScenarioSpec, LoadsTheQuickstartWithOverrides) {
  const ScenarioSpec spec = load_scenario(source_path("scenarios/quickstart.yaml"),
                                          {"workload.samples_per_device=7", "platform.links.uplink.bandwidth=8Mbps"}, 99);
  EXPECT_EQ(spec.name, "quickstart");
  EXPECT_EQ(spec.seed, 99u);
  EXPECT_EQ(*spec.workload.samples_per_device, 7);
  EXPECT_DOUBLE_EQ(spec.platform.uplink->bandwidth_bytes_per_s, 1e6);
  EXPECT_EQ(spec.policy.name, "entropy");
  ASSERT_TRUE(spec.exit_policy);
  EXPECT_EQ(spec.partition.back().tier, "cloud");
  EXPECT_EQ(spec.trace.heads.size(), spec.profile.heads.size());  // re-ordered to the profile's heads
  ASSERT_EQ(spec.inputs.size(), 4u);
  EXPECT_EQ(spec.inputs[1].role, "platform");
  const nlohmann::json resolved = scenario_to_json(spec);
  EXPECT_EQ(resolved["workload"]["samples_per_device"], 7);
}

std::string error_of(const std::vector<std::string>& overrides) {
  try {
    load_scenario(source_path("scenarios/quickstart.yaml"), overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ScenarioSpec, BadInputNamesTheKeyPath) {
  EXPECT_NE(error_of({"policy.name=no-such-policy"}).find("unknown policy"), std::string::npos);
  const std::string tier = error_of({"model.partition=[{tier: fog}]"});
  EXPECT_NE(tier.find("partition[0].tier"), std::string::npos) << tier;
  const std::string bandwidth = error_of({"platform.links.uplink.bandwidth=fast"});
  EXPECT_NE(bandwidth.find("platform.links.uplink.bandwidth"), std::string::npos) << bandwidth;
  const std::string workload = error_of({"workload.duration=10s"});
  EXPECT_NE(workload.find("exactly one of samples_per_device and duration"), std::string::npos) << workload;
}

}  // namespace
}  // namespace hybridfog

// engine/: where a recovered sample goes (docs/formats.md, "Failures and recovery"), on the shipped
// edge-failure scenario's stage plan and on hand-made samples; no simulation.
//   edge-failure: AppealNet, the device runs nothing, stage 0 on the edge, stage 1 in the cloud, which reads
//   the raw input (1 x 28 x 28 at 8 bits: 784 bytes), so an escalated sample can skip the edge.
#include "engine/recovery.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "scenario/stage_plan.hpp"
#include "scenario/scenario_spec.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

struct Fixture {
  explicit Fixture(const std::vector<std::string>& overrides)
      : spec(load_scenario(testing::source_path("scenarios/edge-failure.yaml"), overrides)), plan(build_stage_plan(spec)),
        recovery(spec, plan) {}
  ScenarioSpec spec;
  StagePlan plan;
  Recovery recovery;
};

constexpr int kEdgeTier = 1, kCloudTier = 2, kDeviceHost = 3;

Sample lost_sample(int tier, int retries = 0, int device_head = -1) {
  Sample s;
  s.alive = true;
  s.host = 7;
  s.stage = 0;
  s.device_head = device_head;
  s.retries = retries;
  Recovery::lose(s, 10.0, tier);
  return s;
}

TEST(Recovery, StagePlanTargetsOfEdgeFailure) {
  const Fixture f({});
  ASSERT_EQ(f.plan.stage_tier, (std::vector<int>{kEdgeTier, kCloudTier}));
  EXPECT_EQ(f.recovery.first_remote_stage(), 0);
  EXPECT_EQ(f.recovery.escalate_stage(), 1);
}

TEST(Recovery, EachApplicationHasItsOwnStagesAndTargets) {
  // Several applications (docs/formats.md): edge-failure's AppealNet, then the same model with its first layers on
  // the device. One plan holds both, one after the other; each application's indices point into its own stages.
  const std::string dir = ::testing::TempDir();
  const std::string model = "{profile: " + testing::source_path("models/profiles/appealnet-fmnist.yaml") +
                            ", trace: " + testing::source_path("models/traces/appealnet-fmnist.csv");
  std::ofstream(dir + "/apps.yaml")
      << "name: apps\nplatform: " << testing::source_path("platforms/edge-failure.yaml") << "\napplications:\n"
      << "  - {name: a, model: " << model << ", partition: [{tier: edge, until: edge.features.4}, {tier: cloud}]},"
      << " policy: {name: appealnet, threshold: 0.9}, workload: {arrivals: poisson, rate: 1/s, samples_per_device: 2}}\n"
      << "  - {name: b, model: " << model << ", partition: [{tier: device, until: edge.features.4}, {tier: cloud}]},"
      << " policy: {name: appealnet, threshold: 0.9}, workload: {arrivals: poisson, rate: 1/s, samples_per_device: 2}}\n"
      << "network: {model: CM02}\nrecovery: {policy: escalate, detection_timeout: 1s, max_retries: 3}\n";
  const ScenarioSpec spec = load_scenario(dir + "/apps.yaml");
  const StagePlan plan = build_stage_plan(spec);
  ASSERT_EQ(plan.first_stage, (std::vector<int>{0, 2}));
  ASSERT_EQ(plan.stage_tier, (std::vector<int>{kEdgeTier, kCloudTier, 0, kCloudTier}));
  EXPECT_EQ(plan.stage_app, (std::vector<int>{0, 0, 1, 1}));
  EXPECT_EQ(plan.final_head, (std::vector<bool>{false, true, false, true}));
  EXPECT_EQ(plan.escalate_to[0], 1);
  EXPECT_EQ(plan.escalate_to[2], 3);  // b's escalation stays within b's stages
  const Recovery recovery(spec, plan);
  EXPECT_EQ(recovery.first_remote_stage(0), 0);
  EXPECT_EQ(recovery.escalate_stage(0), 1);
  EXPECT_EQ(recovery.first_remote_stage(1), 3);  // b restarts from its device at its cloud stage
  Sample s = lost_sample(kCloudTier);
  s.app = 1;
  s.stage = 3;
  const Recovery::Next next = recovery.recover(s, 11.0, kDeviceHost);
  EXPECT_EQ(next.kind, Recovery::Next::Kind::restart);
  EXPECT_EQ(s.stage, 3);
  EXPECT_DOUBLE_EQ(next.bytes_in, plan.stages[3].bytes_in);
}

TEST(Recovery, LoseMarksTheSampleAndCountsTheLoss) {
  Sample s = lost_sample(kEdgeTier);
  EXPECT_TRUE(s.lost);
  EXPECT_EQ(s.lost_tier, kEdgeTier);
  EXPECT_DOUBLE_EQ(s.lost_at_s, 10.0);
  EXPECT_EQ(s.losses, 1);
  EXPECT_EQ(s.pending, Pending::none);
  EXPECT_FALSE(s.batch.valid());
}

TEST(Recovery, EscalateSkipsTheEdgeWithTheRawInput) {
  const Fixture f({});  // policy: escalate, max_retries 3
  Sample s = lost_sample(kEdgeTier);
  const Recovery::Next next = f.recovery.recover(s, 11.0, kDeviceHost);
  EXPECT_EQ(next.kind, Recovery::Next::Kind::restart);
  EXPECT_EQ(s.stage, 1);
  EXPECT_DOUBLE_EQ(next.bytes_in, 784.0);
  EXPECT_EQ(s.host, kDeviceHost);
  EXPECT_FALSE(s.lost);
  EXPECT_EQ(s.retries, 1);
  EXPECT_DOUBLE_EQ(s.recovery_wait_s, 1.0);
}

TEST(Recovery, EscalateFromTheLastTierRetriesFromTheFirstRemoteStage) {
  const Fixture f({});
  Sample s = lost_sample(kCloudTier);
  const Recovery::Next next = f.recovery.recover(s, 11.5, kDeviceHost);
  EXPECT_EQ(next.kind, Recovery::Next::Kind::restart);
  EXPECT_EQ(s.stage, 0);
  EXPECT_DOUBLE_EQ(next.bytes_in, f.plan.stages[0].bytes_in);
}

TEST(Recovery, RetryStartsAgainFromTheFirstRemoteStageUntilMaxRetries) {
  const Fixture f({"recovery.policy=retry", "recovery.max_retries=2"});
  Sample s = lost_sample(kEdgeTier, 1);
  EXPECT_EQ(f.recovery.recover(s, 11.0, kDeviceHost).kind, Recovery::Next::Kind::restart);
  EXPECT_EQ(s.stage, 0);
  EXPECT_EQ(s.retries, 2);
  Recovery::lose(s, 12.0, kEdgeTier);
  EXPECT_EQ(f.recovery.recover(s, 13.0, kDeviceHost).kind, Recovery::Next::Kind::give_up);  // 2 retries used
  EXPECT_EQ(s.retries, 2);
  EXPECT_EQ(s.losses, 2);
  EXPECT_DOUBLE_EQ(s.recovery_wait_s, 2.0);
}

TEST(Recovery, FallbackAnswersFromTheDeviceHeadOrGivesUpWithoutOne) {
  const Fixture f({"recovery.policy=fallback"});
  Sample with_head = lost_sample(kEdgeTier, 0, 0);
  EXPECT_EQ(f.recovery.recover(with_head, 11.0, kDeviceHost).kind, Recovery::Next::Kind::fall_back);
  EXPECT_EQ(with_head.exit_head, 0);
  EXPECT_EQ(with_head.outcome, SampleRecord::Outcome::fell_back);
  Sample without = lost_sample(kEdgeTier);
  EXPECT_EQ(f.recovery.recover(without, 11.0, kDeviceHost).kind, Recovery::Next::Kind::give_up);
}

TEST(Recovery, GiveUpGivesUp) {
  const Fixture f({"recovery.policy=give-up"});
  Sample s = lost_sample(kEdgeTier, 0, 0);
  EXPECT_EQ(f.recovery.recover(s, 11.0, kDeviceHost).kind, Recovery::Next::Kind::give_up);
  EXPECT_EQ(s.retries, 0);
}

}  // namespace
}  // namespace hybridfog

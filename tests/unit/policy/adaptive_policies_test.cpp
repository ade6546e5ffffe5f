// The adaptive policies on hand-built contexts (docs/policies.md, "Adaptive policies").
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "model/model_profile.hpp"
#include "policy/adaptive_support.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

// Profile with heads edge, final; trace rows with the edge head's entropy, confidence and appeal given.
ModelProfile two_heads() {
  ModelProfile p;
  p.name = "p";
  p.classes = 10;
  for (const char* name : {"edge", "final"}) p.heads.push_back(HeadSpec{name, 0, 0, Precision::fp32});
  return p;
}

Trace rows(const std::vector<double>& entropy, const std::vector<double>& confidence) {
  Trace t;
  t.file = "t.csv";
  const auto n = static_cast<Eigen::Index>(entropy.size());
  t.sample = Eigen::VectorXi::LinSpaced(n, 0, static_cast<int>(n) - 1);
  t.label = Eigen::VectorXi::LinSpaced(n, 0, static_cast<int>(n) - 1);  // classes 0..n-1
  for (const char* name : {"edge", "final"}) {
    HeadColumns h;
    h.name = name;
    h.pred = Eigen::VectorXi::Zero(n);
    h.entropy_nats = Eigen::Map<const Eigen::VectorXd>(entropy.data(), n);
    h.confidence = Eigen::Map<const Eigen::VectorXd>(confidence.data(), n);
    h.extras["appeal"] = h.confidence;
    t.heads.push_back(h);
  }
  return t;
}

std::unique_ptr<ExitPolicy> make(const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) {
  const PolicyInfo* info = PolicyRegistry::find(spec.name);
  EXPECT_NE(info, nullptr) << spec.name;
  return info->create(spec, profile, trace);
}

const HeadInfo kEdge{0, true};

TEST(DeadlineAware, CompletionEstimateAddsTransferRttAndQueuedCompute) {
  PolicyContext c;
  c.age_s = 0.010;
  c.offload_bytes = 1000;
  c.remaining_compute_s = 0.002;
  EXPECT_DOUBLE_EQ(estimated_completion_age_s(c), 0.012);  // nothing measured yet: transfer and rtt count 0
  c.throughput_bytes_per_s = 1e5;
  c.throughput_samples = 3;
  c.rtt_s = 0.030;
  c.queue_known = true;
  c.advertised_queue = 8;
  c.next_host_cores = 4;
  // 0.010 + 1000 / 1e5 + 0.030 + 0.002 x (1 + 8 / 4)
  EXPECT_DOUBLE_EQ(estimated_completion_age_s(c), 0.010 + 0.010 + 0.030 + 0.006);
}

TEST(DeadlineAware, GoesOnOnlyWhenTheEstimateMeetsTheDeadline) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({0.1, 1.0}, {0.9, 0.4});  // row 0: entropy exits; row 1: entropy goes on
  PolicySpec spec{"deadline-aware", 0.5, {}, {}, {{"base", "entropy"}}};
  const auto policy = make(spec, profile, trace);
  EXPECT_TRUE(policy->context_needs().context);
  EXPECT_TRUE(policy->context_needs().deadline);
  PolicyContext c;
  c.deadline_s = 0.1;
  c.offload_bytes = 10000;
  c.throughput_samples = 1;
  c.throughput_age_s = 0;
  c.throughput_bytes_per_s = 2e5;  // 0.05 s: meets 0.1 s
  EXPECT_EQ(policy->decide_in_context(trace, 0, kEdge, c, nullptr), Decision::exit);  // the base exits
  EXPECT_EQ(policy->decide_in_context(trace, 1, kEdge, c, nullptr), Decision::next);
  c.throughput_bytes_per_s = 5e4;  // 0.2 s: misses
  EXPECT_EQ(policy->decide_in_context(trace, 1, kEdge, c, nullptr), Decision::exit);
  c.age_s = 0.05;                  // 0.05 + 0.05 = 0.1: meets exactly
  c.throughput_bytes_per_s = 2e5;
  EXPECT_EQ(policy->decide_in_context(trace, 1, kEdge, c, nullptr), Decision::next);
  c.age_s = 0.0501;
  EXPECT_EQ(policy->decide_in_context(trace, 1, kEdge, c, nullptr), Decision::exit);
}

TEST(DeadlineAware, ProbesWhenItsEstimateIsOld) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({1.0}, {0.4});
  PolicySpec spec{"deadline-aware", std::nullopt, {}, {{"probe_interval", 5.0}}, {{"base", "static"}}};
  const auto policy = make(spec, profile, trace);
  PolicyContext c;
  c.deadline_s = 0.1;
  c.offload_bytes = 1e6;
  c.throughput_samples = 1;
  c.throughput_bytes_per_s = 1e6;  // 1 s: misses
  c.throughput_age_s = 4.9;
  EXPECT_EQ(policy->decide_in_context(trace, 0, kEdge, c, nullptr), Decision::exit);
  c.throughput_age_s = 5.0;
  EXPECT_EQ(policy->decide_in_context(trace, 0, kEdge, c, nullptr), Decision::next);
}

TEST(DeadlineAware, RefusesAnAdaptiveOrUnknownBaseAndBaseParameters) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({1.0}, {0.4});
  for (const char* base : {"budget-controller", "deadline-aware", "nope"}) {
    try {
      make(PolicySpec{"deadline-aware", 0.5, {}, {}, {{"base", base}}}, profile, trace);
      FAIL() << base;
    } catch (const PolicyParameterError& e) {
      EXPECT_EQ(e.key, "base");
    }
  }
  try {
    make(PolicySpec{"deadline-aware", 0.5, {}, {}, {{"base", "static"}}}, profile, trace);
    FAIL();
  } catch (const PolicyParameterError& e) {
    EXPECT_EQ(e.key, "threshold");
  }
}

TEST(CongestionAware, ThresholdFollowsTheThroughputEstimate) {
  PolicyContext c;
  EXPECT_DOUBLE_EQ(congestion_threshold(0.8, 2.0, 1e6, c), 0.8);  // nothing measured yet
  c.throughput_samples = 1;
  c.throughput_bytes_per_s = 2e6;
  EXPECT_DOUBLE_EQ(congestion_threshold(0.8, 2.0, 1e6, c), 0.8);
  c.throughput_bytes_per_s = 2.5e5;  // a quarter of the reference: 2.0 + (0.8 - 2.0) / 4
  EXPECT_DOUBLE_EQ(congestion_threshold(0.8, 2.0, 1e6, c), 1.7);
  c.throughput_bytes_per_s = 0;
  EXPECT_DOUBLE_EQ(congestion_threshold(0.8, 2.0, 1e6, c), 2.0);
}

TEST(CongestionAware, DecidesWithTheMovedThresholdForEachBase) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({1.0}, {0.6});  // entropy 1.0, confidence and appeal 0.6
  PolicyContext c;
  c.throughput_samples = 1;
  c.throughput_bytes_per_s = 1e6;  // at the reference: `threshold`
  {
    const auto p = make(PolicySpec{"congestion-aware", 0.5, {}, {{"congested_threshold", 2.0}, {"reference_throughput", 1e6}},
                                   {{"base", "entropy"}}}, profile, trace);
    auto state = p->new_state();
    EXPECT_EQ(p->decide_in_context(trace, 0, kEdge, c, state.get()), Decision::next);  // 1.0 >= 0.5
    c.throughput_bytes_per_s = 2.5e5;  // T = 2.0 - 1.5 / 4 = 1.625: 1.0 exits
    EXPECT_EQ(p->decide_in_context(trace, 0, kEdge, c, state.get()), Decision::exit);
    EXPECT_DOUBLE_EQ(state->threshold, 1.625);
  }
  for (const char* base : {"max-softmax", "appealnet"}) {
    c.throughput_bytes_per_s = 1e6;
    const auto p = make(PolicySpec{"congestion-aware", 0.9, {}, {{"congested_threshold", 0.1}, {"reference_throughput", 1e6}},
                                   {{"base", base}}}, profile, trace);
    auto state = p->new_state();
    EXPECT_EQ(p->decide_in_context(trace, 0, kEdge, c, state.get()), Decision::next) << base;  // 0.6 < 0.9
    c.throughput_bytes_per_s = 0.25e6;  // T = 0.1 + 0.8 / 4 = 0.3: 0.6 exits
    EXPECT_EQ(p->decide_in_context(trace, 0, kEdge, c, state.get()), Decision::exit) << base;
  }
}

TEST(BudgetController, StepsOncePerControlPeriodOnTheHostsOwnTotals) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({1.0}, {0.6});
  // entropy from 0.5, wan target 1000 B/s, kp 0.05, ki 0, period 1 s, range [0, 0.7]
  PolicySpec spec{"budget-controller", 0.5, {},
                  {{"target_wan_bandwidth", 1000}, {"gain_p", 0.05}, {"gain_i", 0}, {"control_period", 1},
                   {"threshold_max", 0.7}},
                  {{"base", "entropy"}}};
  const auto policy = make(spec, profile, trace);
  auto state = policy->new_state();
  PolicyContext c;
  c.now_s = 0.5;
  EXPECT_EQ(policy->decide_in_context(trace, 0, kEdge, c, state.get()), Decision::next);  // 1.0 >= 0.5
  EXPECT_DOUBLE_EQ(state->threshold, 0.5);  // no step before 1 s
  c.now_s = 1.0;
  c.offloaded_bytes = 3000;  // 3000 B/s: e = 2; T = 0.5 + 0.05 x 2
  policy->decide_in_context(trace, 0, kEdge, c, state.get());
  EXPECT_DOUBLE_EQ(state->threshold, 0.6);
  c.now_s = 1.5;
  c.offloaded_bytes = 3500;
  policy->decide_in_context(trace, 0, kEdge, c, state.get());
  EXPECT_DOUBLE_EQ(state->threshold, 0.6);  // unchanged: not a period since the last step
  c.now_s = 2.0;
  c.offloaded_bytes = 3000 + 10000;  // 10000 B/s: e = 9: 0.5 + 0.45 is above 0.7: clamped
  EXPECT_EQ(policy->decide_in_context(trace, 0, kEdge, c, state.get()), Decision::next);  // 1.0 >= 0.7
  EXPECT_DOUBLE_EQ(state->threshold, 0.7);
}

TEST(BudgetController, ConfidenceRulesMoveTheOtherWayAndEnergyIsPerDecision) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({1.0}, {0.6});
  PolicySpec spec{"budget-controller", 0.8, {},
                  {{"target_device_energy", 0.01}, {"gain_p", 0.2}, {"gain_i", 0.0}},
                  {{"base", "appealnet"}}};
  const auto policy = make(spec, profile, trace);
  auto state = policy->new_state();
  PolicyContext c;
  c.now_s = 2.0;
  c.decisions = 10;
  c.energy_j = 0.15;  // 0.015 J per decision: e = 0.5; more exits = lower delta: 0.8 - 0.2 x 0.5
  EXPECT_EQ(policy->decide_in_context(trace, 0, kEdge, c, state.get()), Decision::next);  // 0.6 < 0.7
  EXPECT_DOUBLE_EQ(state->threshold, 0.7);
  c.now_s = 3.0;
  c.decisions = 20;
  c.energy_j = 0.15 + 10 * 0.001;  // 0.001 J per decision: e = -0.9: 0.8 + 0.18
  policy->decide_in_context(trace, 0, kEdge, c, state.get());
  EXPECT_DOUBLE_EQ(state->threshold, 0.98);
}

TEST(BudgetController, RefusesNegativeGainsAndMissingOrSeveralTargets) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({1.0}, {0.6});
  const auto key_of = [&](const PolicySpec& spec) {
    try {
      make(spec, profile, trace);
    } catch (const PolicyParameterError& e) {
      return e.key;
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(key_of({"budget-controller", 0.5, {}, {{"target_cloud_requests", 2}, {"gain_p", -0.1}}, {{"base", "entropy"}}}),
            "gain_p");
  EXPECT_EQ(key_of({"budget-controller", 0.5, {}, {{"target_cloud_requests", 2}, {"gain_i", -1}}, {{"base", "entropy"}}}),
            "gain_i");
  EXPECT_EQ(key_of({"budget-controller", 0.5, {}, {}, {{"base", "entropy"}}}), "name");
  EXPECT_EQ(key_of({"budget-controller", 0.5, {}, {{"target_cloud_requests", 2}, {"target_wan_bandwidth", 2}},
                    {{"base", "entropy"}}}),
            "name");
  EXPECT_EQ(key_of({"budget-controller", 0.5, {}, {{"target_cloud_requests", 2}}, {{"base", "ddnn"}}}), "base");
  EXPECT_EQ(key_of({"budget-controller", 1.5, {}, {{"target_cloud_requests", 2}}, {{"base", "max-softmax"}}}), "threshold");
  EXPECT_EQ(key_of({"budget-controller", 0.5, {}, {{"target_cloud_requests", 2}}, {{"base", "max-softmax"}}}), "(accepted)");
  EXPECT_EQ(key_of({"budget-controller", 2.4, {}, {{"target_cloud_requests", 2}}, {{"base", "entropy"}}}), "threshold");  // > ln 10
  EXPECT_EQ(key_of({"budget-controller", 0.5, {}, {{"target_cloud_requests", 2}, {"threshold_min", 0.6}}, {{"base", "entropy"}}}),
            "threshold");
}

TEST(StaticPolicies, AskForNoContext) {
  const ModelProfile profile = two_heads();
  const Trace trace = rows({1.0}, {0.6});
  for (const char* name : {"entropy", "max-softmax", "appealnet", "static", "oracle"}) {
    PolicySpec spec{name, 0.5, {}};
    if (std::string(name) == "static" || std::string(name) == "oracle") spec.threshold.reset();
    const auto policy = make(spec, profile, trace);
    EXPECT_FALSE(policy->context_needs().context) << name;
    EXPECT_EQ(policy->new_state(), nullptr) << name;
  }
}

}  // namespace
}  // namespace hybridfog

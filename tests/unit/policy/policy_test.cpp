#include "policy/exit_policy.hpp"

#include <gtest/gtest.h>

#include "model/model_profile.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

// Profile with heads exit1, exit2, final; only the head names and count matter to policies.
ModelProfile three_heads() {
  ModelProfile p;
  p.name = "p";
  p.classes = 10;
  for (const char* name : {"exit1", "exit2", "final"}) p.heads.push_back(HeadSpec{name, 0, 0, Precision::fp32});
  return p;
}

// Hand-written rows: per head entropy and confidence.
Trace rows(const std::vector<std::array<double, 2>>& exit1, const std::vector<std::array<double, 2>>& exit2) {
  Trace t;
  const auto n = static_cast<Eigen::Index>(exit1.size());
  t.sample = Eigen::VectorXi::LinSpaced(n, 0, static_cast<int>(n) - 1);
  t.label = Eigen::VectorXi::Zero(n);
  for (const auto* values : {&exit1, &exit2, &exit1}) {
    HeadColumns h;
    h.pred = Eigen::VectorXi::Zero(n);
    h.entropy_nats.resize(n);
    h.confidence.resize(n);
    for (Eigen::Index r = 0; r < n; ++r) {
      h.entropy_nats[r] = (*values)[r][0];
      h.confidence[r] = (*values)[r][1];
    }
    t.heads.push_back(h);
  }
  t.heads[0].name = "exit1";
  t.heads[1].name = "exit2";
  t.heads[2].name = "final";
  return t;
}

std::unique_ptr<ExitPolicy> make(const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) {
  const PolicyInfo* info = PolicyRegistry::find(spec.name);
  EXPECT_NE(info, nullptr) << spec.name;
  return info->create(spec, profile, trace);
}

TEST(Policies, AllSeedPoliciesAreRegistered) {
  for (const char* name : {"entropy", "max-softmax", "edge-only", "ddnn", "appealnet", "meanet", "oracle", "static"})
    EXPECT_NE(PolicyRegistry::find(name), nullptr) << name;
  EXPECT_EQ(PolicyRegistry::find("no-such-policy"), nullptr);
  EXPECT_EQ(PolicyRegistry::find("cloud-only"), nullptr);  // a placement (model.placement), not a policy
}

TEST(Policies, EntropyExitsStrictlyBelowThePerHeadThreshold) {
  const ModelProfile profile = three_heads();
  const Trace trace = rows({{0.2, 0.9}, {0.5, 0.7}, {0.8, 0.4}}, {{1.0, 0.5}, {1.0, 0.5}, {0.3, 0.9}});
  PolicySpec spec{"entropy", 0.5, {{"exit2", 0.35}}};
  const auto policy = make(spec, profile, trace);
  const HeadInfo exit1{0, false}, exit2{1, false};
  EXPECT_EQ(policy->decide(trace, 0, exit1), Decision::exit);  // 0.2 < 0.5
  EXPECT_EQ(policy->decide(trace, 1, exit1), Decision::next);  // 0.5 is not < 0.5
  EXPECT_EQ(policy->decide(trace, 2, exit1), Decision::next);
  EXPECT_EQ(policy->decide(trace, 2, exit2), Decision::exit);  // 0.3 < 0.35 (per-head override)
  EXPECT_EQ(policy->decide(trace, 0, exit2), Decision::next);
}

TEST(Policies, MaxSoftmaxExitsAtOrAboveTheThreshold) {
  const ModelProfile profile = three_heads();
  const Trace trace = rows({{0.2, 0.9}, {0.5, 0.7}, {0.8, 0.4}}, {{1.0, 0.5}, {1.0, 0.5}, {0.3, 0.9}});
  const auto policy = make(PolicySpec{"max-softmax", 0.7, {}}, profile, trace);
  const HeadInfo exit1{0, false};
  EXPECT_EQ(policy->decide(trace, 0, exit1), Decision::exit);
  EXPECT_EQ(policy->decide(trace, 1, exit1), Decision::exit);  // 0.7 >= 0.7
  EXPECT_EQ(policy->decide(trace, 2, exit1), Decision::next);
}

TEST(Policies, EdgeOnlyStopsAtTheLastHeadBeforeTheLastTier) {
  const ModelProfile profile = three_heads();
  const Trace trace = rows({{2.0, 0.1}}, {{2.0, 0.1}});
  const auto policy = make(PolicySpec{"edge-only", {}, {}}, profile, trace);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{0, false}), Decision::next);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{1, true}), Decision::exit);
}

TEST(Policies, StaticNeverExits) {
  const ModelProfile profile = three_heads();
  const Trace trace = rows({{0.0, 1.0}}, {{0.0, 1.0}});
  const auto policy = make(PolicySpec{"static", {}, {}}, profile, trace);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{0, true}), Decision::next);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{1, false}), Decision::next);
}

TEST(Policies, DdnnNormalisesByLnClasses) {
  const ModelProfile profile = three_heads();  // 10 classes: ln 10 = 2.302585
  const Trace trace = rows({{0.4, 0.9}, {0.5, 0.9}}, {{2.0, 0.1}, {2.0, 0.1}});
  const auto policy = make(PolicySpec{"ddnn", 0.2, {}}, profile, trace);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{0, false}), Decision::exit);  // 0.4 / 2.3026 = 0.174 < 0.2
  EXPECT_EQ(policy->decide(trace, 1, HeadInfo{0, false}), Decision::next);  // 0.5 / 2.3026 = 0.217
}

TEST(Policies, OracleExitsWhenThePredictionIsRight) {
  const ModelProfile profile = three_heads();
  Trace trace = rows({{1.0, 0.5}, {1.0, 0.5}}, {{1.0, 0.5}, {1.0, 0.5}});
  trace.label << 3, 4;
  trace.heads[0].pred << 3, 7;
  const auto policy = make(PolicySpec{"oracle", {}, {}}, profile, trace);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{0, false}), Decision::exit);
  EXPECT_EQ(policy->decide(trace, 1, HeadInfo{0, false}), Decision::next);
}

TEST(Policies, StaticNeverExitsEarly) {
  const ModelProfile profile = three_heads();
  const Trace trace = rows({{0.0, 1.0}}, {{0.0, 1.0}});
  const auto policy = make(PolicySpec{"static", {}, {}}, profile, trace);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{0, false}), Decision::next);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{1, true}), Decision::next);
}

TEST(Policies, AppealNetKeepsTheEdgeAnswerWhenTheAppealScoreIsHigh) {
  ModelProfile profile = three_heads();
  profile.heads.erase(profile.heads.begin() + 1);  // edge head + final
  Trace trace = rows({{1.0, 0.5}, {1.0, 0.5}, {1.0, 0.5}}, {{1.0, 0.5}, {1.0, 0.5}, {1.0, 0.5}});
  trace.heads.erase(trace.heads.begin() + 1);
  EXPECT_THROW(make(PolicySpec{"appealnet", 0.5, {}}, profile, trace), PolicyParameterError);  // no appeal column
  trace.heads[0].extras["appeal"] = (Eigen::VectorXd(3) << 0.9, 0.5, 0.1).finished();
  const auto policy = make(PolicySpec{"appealnet", 0.5, {}}, profile, trace);
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{0, true}), Decision::exit);
  EXPECT_EQ(policy->decide(trace, 1, HeadInfo{0, true}), Decision::exit);  // q >= delta keeps it
  EXPECT_EQ(policy->decide(trace, 2, HeadInfo{0, true}), Decision::next);  // appeal
  EXPECT_THROW(make(PolicySpec{"appealnet", 1.5, {}}, profile, trace), PolicyParameterError);
}

TEST(Policies, MeaNetRoutesEasyHardAndComplex) {
  const ModelProfile profile = three_heads();  // main, extension, final
  Trace trace = rows({{0.2, 0.9}, {0.2, 0.9}, {1.5, 0.3}}, {{0.0, 1.0}, {0.0, 1.0}, {0.0, 1.0}});
  EXPECT_THROW(make(PolicySpec{"meanet", 1.0, {}}, profile, trace), PolicyParameterError);  // no hard column
  trace.heads[0].extras["hard"] = (Eigen::VectorXd(3) << 0, 1, 0).finished();
  const auto policy = make(PolicySpec{"meanet", 1.0, {}}, profile, trace);
  EXPECT_TRUE(policy->may_escalate());
  EXPECT_EQ(policy->decide(trace, 0, HeadInfo{0, false}), Decision::exit);      // easy
  EXPECT_EQ(policy->decide(trace, 1, HeadInfo{0, false}), Decision::next);      // hard -> extension
  EXPECT_EQ(policy->decide(trace, 2, HeadInfo{0, false}), Decision::escalate);  // complex -> cloud
  EXPECT_EQ(policy->decide(trace, 1, HeadInfo{1, false}), Decision::exit);      // the extension answers
}

TEST(Policies, BadParameters) {
  const ModelProfile profile = three_heads();
  const Trace trace = rows({{0.0, 1.0}}, {{0.0, 1.0}});
  EXPECT_THROW(make(PolicySpec{"entropy", {}, {{"exit1", 0.5}}}, profile, trace), PolicyParameterError);  // exit2 has none
  EXPECT_THROW(make(PolicySpec{"entropy", 0.5, {{"nope", 0.5}}}, profile, trace), PolicyParameterError);
  EXPECT_THROW(make(PolicySpec{"entropy", 0.5, {{"final", 0.5}}}, profile, trace), PolicyParameterError);
  EXPECT_THROW(make(PolicySpec{"entropy", -1.0, {}}, profile, trace), PolicyParameterError);
  EXPECT_THROW(make(PolicySpec{"max-softmax", 1.5, {}}, profile, trace), PolicyParameterError);
}

}  // namespace
}  // namespace hybridfog

#include "search/constraints.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "core/input_error.hpp"
#include "search/analytic_estimator.hpp"
#include "search/partition_search.hpp"

namespace hybridfog::search {
namespace {

using testing::source_path;

// tests/data/partition/exits-*: layers a b c (one block each), tiers device (dev) and cloud (srv, slow).
const AnalyticEstimator& estimator() {
  static const ScenarioSpec spec = load_scenario(source_path("tests/data/partition/exits-scenario.yaml"));
  static const AnalyticEstimator e(spec);
  return e;
}

std::string error_of(const std::vector<std::string>& queries, const std::vector<std::string>& uploads = {},
                     const std::vector<std::string>& times = {}) {
  try {
    const ConstraintSet set = parse_constraints(estimator().space(), queries, uploads, times);
    run_search(estimator(), set, parse_objective("latency", {}), 10);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> ranked(const std::vector<std::string>& queries, const std::vector<std::string>& uploads = {},
                                const std::vector<std::string>& times = {}) {
  const ConstraintSet set = parse_constraints(estimator().space(), queries, uploads, times);
  const SearchResult result = run_search(estimator(), set, parse_objective("latency", {}), 0);
  std::vector<std::string> out;
  for (const auto& r : result.ranked)
    out.push_back(partition_yaml(estimator().space(), r.config) + " " +
                  (r.config.uses(1) ? estimator().space().machines[1][r.config.host_class[1]].name : "-"));
  return out;
}

TEST(Constraints, LayerNamesAndIndicesPlaceLayers) {
  // layer b (index 1) must run in the cloud, on srv; a must not run there.
  EXPECT_EQ(ranked({"cloud=1,srv,!a"}), (std::vector<std::string>{"[{tier: \"device\", until: \"a\"}, {tier: \"cloud\"}] srv"}));
  EXPECT_EQ(ranked({"cloud=-1"}).size(), 1u);  // device runs everything
  EXPECT_EQ(ranked({"device=-1", "cloud=!slow"}).size(), 1u);
  EXPECT_EQ(ranked({"cloud=layer:c,class:slow"}).size(), 3u);
}

TEST(Constraints, UploadAndTimeCaps) {
  // Out of the device: 2000 B after a, 1000 B after b, nothing when the device runs all, and the raw
  // input (1000 B) when it runs nothing.
  EXPECT_EQ(ranked({}, {"device=1kB"}).size(), 5u);
  EXPECT_EQ(ranked({}, {"device=0B"}).size(), 1u);
  // Cloud compute: srv all = 0.501 ms, slow all = 5.01 ms, srv c only = 0.2 ms expected, ...
  EXPECT_EQ(ranked({"cloud=!-1"}, {}, {"cloud=0.5ms"}).size(), 2u);
  // At most 10 % of the compute on the device: only the configurations where the device runs nothing.
  EXPECT_EQ(ranked({}, {}, {"device=10%"}).size(), 2u);
}

TEST(Constraints, UnknownNamesAreErrorsNamingThem) {
  EXPECT_NE(error_of({"cloud=conv9"}).find("no layer or host class called \"conv9\""), std::string::npos);
  EXPECT_NE(error_of({"fog=a"}).find("no tier called \"fog\""), std::string::npos);
  EXPECT_NE(error_of({"cloud=7"}).find("\"7\""), std::string::npos);
  EXPECT_NE(error_of({"cloud"}).find("TIER=VALUE"), std::string::npos);
  EXPECT_NE(error_of({}, {"device=lots"}).find("--max-upload device=lots"), std::string::npos);
  EXPECT_NE(error_of({}, {}, {"device=120%"}).find("percentage"), std::string::npos);
}

TEST(Constraints, ImpossibleSetsAreErrorsNamingBothConstraints) {
  const std::string both = error_of({"cloud=-1,!-1"});
  EXPECT_NE(both.find("--query cloud=!-1"), std::string::npos) << both;
  EXPECT_NE(both.find("--query cloud=-1"), std::string::npos) << both;
  EXPECT_NE(error_of({"device=b", "cloud=b"}).find("one tier only"), std::string::npos);
  EXPECT_NE(error_of({"device=c", "cloud=a"}).find("in order"), std::string::npos);
  EXPECT_NE(error_of({"cloud=-1,srv"}).find("impossible"), std::string::npos);
  EXPECT_NE(error_of({"cloud=srv,!srv"}).find("also excluded"), std::string::npos);
}

TEST(Constraints, EmptyResultNamesTheConstraintThatEmptiedIt) {
  // Each alone is satisfiable; together nothing is left, and the upload cap removed the last ones.
  const std::string message = error_of({"device=a", "cloud=!-1"}, {"device=500B"});
  EXPECT_NE(message.find("--max-upload device=500B"), std::string::npos) << message;
  EXPECT_NE(message.find("empty result"), std::string::npos) << message;
}

TEST(Objective, ParsesMetricsAndWeights) {
  EXPECT_EQ(parse_objective("device-energy", {}).metric, Metric::device_energy);
  const Objective w = parse_objective("weighted", {"latency=1", "wan-bytes=0.001"});
  Estimate e;
  e.latency_s = 2;
  e.wan_bytes = 1000;
  EXPECT_DOUBLE_EQ(w.value(e), 3.0);
  EXPECT_THROW(parse_objective("speed", {}), InputError);
  EXPECT_THROW(parse_objective("weighted", {}), InputError);
  EXPECT_THROW(parse_objective("weighted", {"latency=-1"}), InputError);
  EXPECT_THROW(parse_objective("latency", {"latency=1"}), InputError);
}

}  // namespace
}  // namespace hybridfog::search

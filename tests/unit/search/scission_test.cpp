// --model scission gives exactly Scission's ranking on a hand-computed example
// (tests/data/partition/scission-*: one device raspi4, edge 2500 or vm2Core, cloud 6700k, 3 blocks).
//
// Scission: latency = Σ block times + per hop (ping + bytes / bandwidth), bytes = output of the last block
// before the hop or the raw input (0.15 MB) when the device runs nothing, no return trip; bandwidth in
// bytes/s = round(Mbps x 125000): 1.6 Mbps = 200000 B/s, 50 Mbps = 6250000 B/s.
#include "search/scission_estimator.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "core/input_error.hpp"
#include "search/partition_search.hpp"
#include "search/report.hpp"

namespace hybridfog::search {
namespace {

using testing::source_path;

struct Fixture {
  ScenarioSpec spec = load_scenario(source_path("tests/data/partition/scission-scenario.yaml"));
  Benchmark bench = load_benchmark_csv(source_path("tests/data/partition/scission-benchmark.csv"), "scission-chain", spec.profile);
  NetworkTable network = load_network_csv(source_path("tests/data/partition/scission-network.csv"));
};

TEST(ScissionEstimator, RankingEqualsTheHandComputedRanking) {
  Fixture f;
  const ScissionEstimator estimator(f.spec, f.bench, f.network, 150000);
  // Blocks: raspi4 .10 .20 .40 s; 2500 .02 .04 .08; vm2Core .03 .06 .12; 6700k .005 .01 .02.
  // Outputs: 100000, 20000, 4000 B. Hops: raspi4->edge 66.7 ms, raspi4->6700k 100 ms, edge->6700k 20 ms.
  struct Expected {
    const char* config;
    double latency_s;
  };
  const std::vector<Expected> expected = {
      {"device:raspi4[0-1] > cloud:6700k[2]", 0.30 + 0.02 + 0.100 + 20000.0 / 200000},
      {"device:raspi4[0-1] > edge:2500[2]", 0.30 + 0.08 + 0.0667 + 20000.0 / 200000},
      {"device:raspi4[0-1] > edge:vm2Core[2]", 0.30 + 0.12 + 0.0667 + 20000.0 / 200000},
      {"device:raspi4[0-2]", 0.70},
      {"device:raspi4[0] > cloud:6700k[1-2]", 0.10 + 0.03 + 0.100 + 100000.0 / 200000},
      {"device:raspi4[0] > edge:2500[1] > cloud:6700k[2]", 0.10 + 0.04 + 0.02 + 0.0667 + 0.5 + 0.020 + 20000.0 / 6250000},
      {"device:raspi4[0] > edge:vm2Core[1] > cloud:6700k[2]", 0.10 + 0.06 + 0.02 + 0.0667 + 0.5 + 0.020 + 20000.0 / 6250000},
      {"device:raspi4[0] > edge:2500[1-2]", 0.10 + 0.12 + 0.0667 + 0.5},
      {"device:raspi4[0] > edge:vm2Core[1-2]", 0.10 + 0.18 + 0.0667 + 0.5},
      {"device:raspi4[-] > cloud:6700k[0-2]", 0.035 + 0.100 + 150000.0 / 200000},
      {"device:raspi4[-] > edge:2500[0] > cloud:6700k[1-2]", 0.02 + 0.03 + 0.0667 + 0.75 + 0.020 + 100000.0 / 6250000},
      {"device:raspi4[-] > edge:vm2Core[0] > cloud:6700k[1-2]", 0.03 + 0.03 + 0.0667 + 0.75 + 0.020 + 100000.0 / 6250000},
      {"device:raspi4[-] > edge:2500[0-1] > cloud:6700k[2]", 0.06 + 0.02 + 0.0667 + 0.75 + 0.020 + 20000.0 / 6250000},
      {"device:raspi4[-] > edge:vm2Core[0-1] > cloud:6700k[2]", 0.09 + 0.02 + 0.0667 + 0.75 + 0.020 + 20000.0 / 6250000},
      {"device:raspi4[-] > edge:2500[0-2]", 0.14 + 0.0667 + 0.75},
      {"device:raspi4[-] > edge:vm2Core[0-2]", 0.21 + 0.0667 + 0.75},
  };
  const SearchResult result = run_search(estimator, ConstraintSet{}, parse_objective("latency", {}), 0);
  ASSERT_EQ(result.enumerated, 16);  // 4 splits without edge + 6 splits with edge x 2 edge machines
  ASSERT_EQ(result.ranked.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(describe_configuration(estimator.space(), result.ranked[i].config), expected[i].config) << "rank " << i + 1;
    EXPECT_NEAR(result.ranked[i].estimate.latency_s, expected[i].latency_s, 1e-12) << "rank " << i + 1;
  }
}

TEST(ScissionEstimator, QueriesFilterLikeScission) {
  Fixture f;
  const ScissionEstimator estimator(f.spec, f.bench, f.network, 150000);
  // Device unused (-1), layer l2 must run in the cloud, no vm2Core.
  const ConstraintSet constraints =
      parse_constraints(estimator.space(), {"device=-1", "cloud=l2", "edge=!vm2Core"}, {}, {});
  const SearchResult result = run_search(estimator, constraints, parse_objective("latency", {}), 0);
  ASSERT_EQ(result.ranked.size(), 3u);
  EXPECT_EQ(describe_configuration(estimator.space(), result.ranked[0].config), "device:raspi4[-] > cloud:6700k[0-2]");
  EXPECT_EQ(describe_configuration(estimator.space(), result.ranked[2].config),
            "device:raspi4[-] > edge:2500[0-1] > cloud:6700k[2]");
}

TEST(ScissionEstimator, RawInputSizeIsAnOption) {
  Fixture f;
  const ScissionEstimator estimator(f.spec, f.bench, f.network, 1.0);  // a 1-byte input
  Configuration cloud_only;
  cloud_only.host_class = {0, -1, 0};
  cloud_only.begin = {0, 0, 0};
  cloud_only.end = {0, 0, 3};
  EXPECT_NEAR(estimator.evaluate(cloud_only).latency_s, 0.035 + 0.100 + 1.0 / 200000, 1e-12);
}

TEST(ScissionEstimator, MissingNetworkPairIsAnError) {
  Fixture f;
  f.network.links.erase({"vm2Core", "6700k"});
  try {
    ScissionEstimator(f.spec, f.bench, f.network, 150000);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("vm2Core -> 6700k"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hybridfog::search

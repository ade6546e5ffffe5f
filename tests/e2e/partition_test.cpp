// `hybridfog partition` through the real binary: verified rankings equal the simulation where no contention
// exists, Scission semantics from imported CSVs, and bad input (exit status 2, one line naming the culprit).
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

const std::string kExits = "tests/data/partition/exits-scenario.yaml";
const std::string kScission = "tests/data/partition/scission-scenario.yaml";

double number(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

// One device, one sample at a time, every trace row once: the simulation has nothing the analytic estimate
// leaves out, so latency and energies (as `run` counts what a sample causes) agree to rounding for every
// configuration; also with a radio with a tail, a slow pstate and batching (docs/partition.md, "Objectives").
void expect_verified_ranking_equals_the_simulation(const std::vector<std::string>& sets, const std::string& objective,
                                                   bool energies = true) {
  TempDir dir;
  std::vector<std::string> args = {"partition", kExits, "--top", "0", "--verify", "7", "--objective", objective, "-o",
                                   dir.file("ranking.csv")};
  for (const auto& set : sets) args.insert(args.end(), {"--set", set});
  const auto r = run_hybridfog(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("the analytic and simulated rankings agree"), std::string::npos) << r.out;
  const auto rows = read_csv(dir.file("ranking.csv"));
  ASSERT_EQ(rows.size(), 7u);
  for (const auto& row : rows) {
    SCOPED_TRACE(row.at("partition"));
    EXPECT_EQ(row.at("sim.rank"), row.at("rank"));
    EXPECT_NEAR(number(row.at("sim.latency_s")), number(row.at("latency_s")), 1e-9 * number(row.at("latency_s")));
    if (energies) {
      EXPECT_NEAR(number(row.at("sim.device_energy_j")), number(row.at("device_energy_j")), 1e-9 * number(row.at("device_energy_j")));
      EXPECT_NEAR(number(row.at("sim.total_energy_j")), number(row.at("total_energy_j")), 1e-9 * number(row.at("total_energy_j")));
    }
    EXPECT_NEAR(number(row.at("sim.wan_bytes")), number(row.at("wan_bytes")), 1e-9);
  }
}

TEST(Partition, VerifiedRankingEqualsTheSimulationWithoutContention) {
  expect_verified_ranking_equals_the_simulation({}, "latency");
  TempDir dir;
  const auto r = run_hybridfog({"partition", kExits, "--top", "0", "-o", dir.file("ranking.csv")});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = read_csv(dir.file("ranking.csv"));
  // The best: everything on the device (5.01 ms, computed by hand in tests/unit/search_analytic_test.cpp).
  EXPECT_EQ(rows[0].at("device.blocks"), "0-2");
  EXPECT_NEAR(number(rows[0].at("latency_s")), 5.01e-3, 1e-12);
}

TEST(Partition, TotalEnergyIsWhatRunCountsRadioAndTailIncluded) {
  expect_verified_ranking_equals_the_simulation(
      {"platform.links.access.radio={transmit: 1.5W, receive: 1W, idle: 0.5W, tail: 20ms, tail_power: 1W}"}, "total-energy");
}

TEST(Partition, ASlowPstateAndBatchingAreCounted) {
  const std::string slow_device =
      "platform.tiers[0].classes[0]={name: dev, count: 1, cores: 1, throughput: {fp32: 1GMAC/s}, pstates: [{speed: 1, "
      "idle: 1W, busy: 2W}, {speed: 0.5, idle: 0.5W, busy: 1W}], governor: {name: fixed, pstate: 1}, energy_per_mac: {fp32: 1pJ}}";
  const std::string batching = "platform.tiers[1].classes[0].batching={max_size: 4, max_wait: 5ms}";
  // Batching alone: latency and energies agree.
  expect_verified_ranking_equals_the_simulation({batching}, "total-energy");
  // A slow pstate (the engine charges idle power at the state in force): latency and energies agree.
  expect_verified_ranking_equals_the_simulation({slow_device, batching}, "latency");
  expect_verified_ranking_equals_the_simulation({slow_device, batching}, "total-energy");
}

TEST(Partition, VerifyInParallelGivesTheSameRanking) {
  TempDir dir;
  const auto one = run_hybridfog({"partition", kExits, "--top", "0", "--verify", "4", "-o", dir.file("one.csv")});
  ASSERT_EQ(one.status, 0) << one.err;
  const auto three =
      run_hybridfog({"partition", kExits, "--top", "0", "--verify", "4", "-j", "3", "-o", dir.file("three.csv")});
  ASSERT_EQ(three.status, 0) << three.err;
  EXPECT_EQ(read_file(dir.file("three.csv")), read_file(dir.file("one.csv")));
  const auto without_timing = [](const std::string& text) {  // the search's own speed differs run to run
    std::string kept, line;
    std::istringstream in(text);
    while (std::getline(in, line))
      if (line.find("scored in") == std::string::npos) kept += line + "\n";
    return kept;
  };
  EXPECT_EQ(without_timing(three.out), without_timing(one.out));
  const auto bad = run_hybridfog({"partition", kExits, "--verify", "2", "-j", "0"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--jobs"), std::string::npos) << bad.err;
}

TEST(Partition, ObjectivesRankByTheirMetric) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> objectives = {
      {"latency", "latency_s"}, {"device-energy", "device_energy_j"}, {"total-energy", "total_energy_j"}, {"wan-bytes", "wan_bytes"}};
  for (const auto& [objective, column] : objectives) {
    SCOPED_TRACE(objective);
    const auto r = run_hybridfog({"partition", kExits, "--objective", objective, "--top", "0", "-o", dir.file("r.csv")});
    ASSERT_EQ(r.status, 0) << r.err;
    const auto rows = read_csv(dir.file("r.csv"));
    ASSERT_EQ(rows.size(), 7u);
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].at("objective"), rows[i].at(column));
      if (i > 0) {
        EXPECT_LE(number(rows[i - 1].at(column)), number(rows[i].at(column)));
      }
    }
  }
  // The energy as `run` counts it (host-dynamic view): computing costs the device 1 W x 5.01 ms when it runs
  // everything, sending the raw input and getting the answer (1100 B x 8 x 100 nJ/bit) 0.88 mJ: all in the cloud wins.
  auto r = run_hybridfog({"partition", kExits, "--objective", "device-energy", "--top", "1", "-o", dir.file("e.csv")});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NEAR(number(read_csv(dir.file("e.csv"))[0].at("device_energy_j")), 1100 * 8 * 100e-9, 1e-15);
  EXPECT_EQ(read_csv(dir.file("e.csv"))[0].at("device.blocks"), "");
  // The MAC view (outputs.compute_energy_view: analytic): sending bits costs the device more than computing:
  // 3.01e6 MAC x 1 pJ + half the samples 4e6 MAC x 1 pJ when it runs everything.
  r = run_hybridfog({"partition", kExits, "--objective", "device-energy", "--top", "1", "-o", dir.file("m.csv"), "--set",
                     "outputs.compute_energy_view=analytic"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NEAR(number(read_csv(dir.file("m.csv"))[0].at("device_energy_j")), 5.01e-6, 1e-18);
  EXPECT_EQ(read_csv(dir.file("m.csv"))[0].at("device.blocks"), "0-2");
  r = run_hybridfog({"partition", kExits, "--objective", "weighted", "--weight", "latency=1", "--weight", "wan-bytes=1e-3"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("objective weighted: 1*latency + 0.001*wan-bytes"), std::string::npos) << r.out;
}

TEST(Partition, ScissionSemanticsFromImportedCsvs) {
  TempDir dir;
  const auto r = run_hybridfog({"partition", kScission, "--model", "scission", "--benchmark",
                                "tests/data/partition/scission-benchmark.csv", "--network",
                                "tests/data/partition/scission-network.csv", "--top", "3", "-o", dir.file("s.csv")});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = read_csv(dir.file("s.csv"));
  ASSERT_EQ(rows.size(), 3u);
  // Hand-computed in tests/unit/search_scission_test.cpp: 0.52 s, 0.5467 s, 0.5867 s.
  EXPECT_EQ(rows[0].at("cloud.class"), "6700k");
  EXPECT_NEAR(number(rows[0].at("latency_s")), 0.52, 1e-12);
  EXPECT_EQ(rows[1].at("edge.class"), "2500");
  EXPECT_NEAR(number(rows[1].at("latency_s")), 0.5467, 1e-12);
  EXPECT_EQ(rows[2].at("edge.class"), "vm2Core");
  EXPECT_NEAR(number(rows[2].at("latency_s")), 0.5867, 1e-12);
}

struct BadInput {
  std::vector<std::string> args;
  std::string message;  // expected in stderr
};

TEST(Partition, BadInputExitsWithStatus2AndNamesTheCulprit) {
  const std::string bench = "tests/data/partition/scission-benchmark.csv";
  const std::string network = "tests/data/partition/scission-network.csv";
  const std::vector<BadInput> cases = {
      {{"partition", kExits, "--query", "cloud=conv9"}, "--query cloud=conv9: no layer or host class called \"conv9\""},
      {{"partition", kExits, "--query", "cloud=-1", "--query", "cloud=b"}, "impossible together with --query cloud=-1"},
      {{"partition", kExits, "--query", "device=a", "--query", "cloud=!-1", "--max-upload", "device=500B"},
       "--max-upload device=500B: empty result"},
      {{"partition", kScission, "--model", "scission", "--benchmark", "tests/data/partition/scission-benchmark-missing-block.csv",
        "--network", network},
       "system 2500 has no block 2"},
      {{"partition", kScission, "--model", "scission", "--benchmark", bench}, "--model scission needs --network"},
      {{"partition", kScission, "--model", "scission", "--benchmark", bench, "--network", network, "--verify", "2"},
       "--verify needs --model hybridfog"},
      {{"partition", kExits, "--set", "model.placement=cloud-only"}, "nothing to search"},
      {{"partition", kExits, "--objective", "speed"}, "--objective speed"},
  };
  for (const auto& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    SCOPED_TRACE(joined);
    const auto r = run_hybridfog(c.args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace hybridfog::testing

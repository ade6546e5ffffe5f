// Every policy, end to end on the real traces: each sample's exit must be the one the policy's rule gives
// for its trace row (the rule is written again here, from the docs), and the summary's exit fractions and
// accuracy must be what those decisions imply.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

using Row = std::map<std::string, std::string>;

double num(const Row& row, const std::string& column) { return std::stod(row.at(column)); }

struct PolicyCase {
  std::string name;
  std::string scenario;
  std::vector<std::string> overrides;
  std::function<std::string(const Row&)> expected_exit;  // from the trace row
};

std::vector<PolicyCase> cases() {
  const double ln10 = std::log(10.0);
  return {
      {"entropy", "scenarios/hybrid-binary.yaml", {"policy={name: entropy, threshold: 0.6}"},
       [](const Row& r) { return num(r, "exit.entropy_nats") < 0.6 ? "exit" : "final"; }},
      {"ddnn", "scenarios/hybrid-int4.yaml", {"policy={name: ddnn, threshold: 0.2}"},
       [ln10](const Row& r) { return num(r, "exit.entropy_nats") / ln10 < 0.2 ? "exit" : "final"; }},
      {"max-softmax", "scenarios/hybrid-fp32.yaml", {"policy={name: max-softmax, threshold: 0.9}"},
       [](const Row& r) { return num(r, "exit.confidence") >= 0.9 ? "exit" : "final"; }},
      {"oracle", "scenarios/hybrid-binary.yaml", {"policy={name: oracle}"},
       [](const Row& r) { return r.at("exit.pred") == r.at("label") ? "exit" : "final"; }},
      {"edge-only", "scenarios/hybrid-binary.yaml", {"policy={name: edge-only}"}, [](const Row&) { return "exit"; }},
      {"cloud_only_placement", "scenarios/hybrid-binary.yaml", {"model.placement=cloud-only", "policy={name: static}"},
       [](const Row&) { return "final"; }},
      {"static", "scenarios/hybrid-binary.yaml", {"policy={name: static}"}, [](const Row&) { return "final"; }},
      {"appealnet", "scenarios/appealnet.yaml", {"policy={name: appealnet, threshold: 0.6}"},
       [](const Row& r) { return num(r, "edge.appeal") >= 0.6 ? "edge" : "cloud"; }},
      {"meanet", "scenarios/meanet.yaml", {"policy={name: meanet, threshold: 1.0}"},
       [](const Row& r) -> std::string {
         if (num(r, "main.entropy_nats") > 1.0) return "cloud";
         return num(r, "main.hard") != 0 ? "extension" : "main";
       }},
  };
}

void PrintTo(const PolicyCase& c, std::ostream* os) { *os << c.name; }

class PolicyReplay : public ::testing::TestWithParam<PolicyCase> {};

TEST_P(PolicyReplay, ExitsAndAccuracyFollowTheTrace) {
  const PolicyCase& c = GetParam();
  TempDir dir;
  const std::string out = dir.file("out");
  std::vector<std::string> args = {"run", c.scenario, "-o", out, "--no-progress", "--set", "workload.samples_per_device=60"};
  for (const auto& o : c.overrides) args.insert(args.end(), {"--set", o});
  const CommandResult r = run_hybridfog(args);
  ASSERT_EQ(r.status, 0) << r.err;

  const auto manifest = read_json(out + "/manifest.json");
  std::string trace_path;
  for (const auto& input : manifest["inputs"])
    if (input["role"] == "trace") trace_path = input["path"].get<std::string>();
  const auto trace = read_csv(source_path(trace_path));
  const auto samples = read_csv(out + "/samples.csv");
  const auto summary = read_json(out + "/summary.json");
  ASSERT_EQ(samples.size(), 600u);

  std::map<std::string, double> exits;
  double correct = 0;
  for (const auto& s : samples) {
    const Row& row = trace.at(std::stoul(s.at("trace_row")));
    const std::string expected = c.expected_exit(row);
    ASSERT_EQ(s.at("exit"), expected) << c.name << " trace row " << s.at("trace_row");
    const bool is_correct = row.at(expected + ".pred") == row.at("label");
    EXPECT_EQ(s.at("correct"), is_correct ? "1" : "0");
    exits[expected] += 1;
    correct += is_correct;
  }
  EXPECT_DOUBLE_EQ(summary["accuracy"].get<double>(), correct / samples.size());
  for (const auto& [head, fraction] : summary["exit_fraction"].items())
    EXPECT_DOUBLE_EQ(fraction.get<double>(), exits[head] / samples.size()) << head;
  if (c.name == "oracle") {
    EXPECT_GE(summary["accuracy"].get<double>(), 0.9);
  }
}

INSTANTIATE_TEST_SUITE_P(AllPolicies, PolicyReplay, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<PolicyCase>& param_info) {
                           std::string name = param_info.param.name;
                           for (char& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

}  // namespace
}  // namespace hybridfog::testing

// Adaptive policies end to end (docs/policies.md): the context path changes nothing but the decisions, and
// the decisions follow the network the deciding host has seen.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

std::vector<std::map<std::string, std::string>> run_quickstart(const TempDir& dir, const std::string& name,
                                                               const std::string& policy) {
  const std::string out = dir.file(name);
  const CommandResult r = run_hybridfog({"run", "scenarios/quickstart.yaml", "-o", out, "--no-progress", "--set",
                                         "workload.samples_per_device=20", "--set", "policy=" + policy});
  EXPECT_EQ(r.status, 0) << r.err;
  return read_csv(out + "/samples.csv");
}

// An adaptive policy whose threshold cannot move decides exactly as its base rule: same samples, same exits,
// same times and energy (the context is read, never acted on), and policy_threshold holds the fixed value.
TEST(AdaptivePolicies, AThresholdThatCannotMoveDecidesAsTheStaticRule) {
  TempDir dir;
  const auto reference = run_quickstart(dir, "entropy", "{name: entropy, threshold: 0.78}");
  const auto congestion = run_quickstart(
      dir, "congestion", "{name: congestion-aware, base: entropy, threshold: 0.78, congested_threshold: 0.78, "
                         "reference_throughput: 1MBps}");
  const auto controller = run_quickstart(
      dir, "controller", "{name: budget-controller, base: entropy, threshold: 0.78, target_cloud_requests: 1/s, "
                         "gain_p: 0, gain_i: 0}");
  ASSERT_EQ(reference.size(), 200u);
  for (const auto* other : {&congestion, &controller}) {
    ASSERT_EQ(other->size(), reference.size());
    for (size_t i = 0; i < reference.size(); ++i) {
      for (const char* column : {"sample_id", "trace_row", "exit", "correct", "finish_s", "bytes_sent", "energy_j"})
        EXPECT_EQ((*other)[i].at(column), reference[i].at(column)) << column << " of row " << i;
      EXPECT_EQ((*other)[i].at("policy_threshold"), "0.78");
    }
  }
  EXPECT_EQ(reference.front().count("policy_threshold"), 0u);  // static policies write no such column
}

}  // namespace
}  // namespace hybridfog::testing

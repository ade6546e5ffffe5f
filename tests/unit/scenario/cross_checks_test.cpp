// scenario/cross_checks: a trace against a profile (moved here from trace/ with the function).
#include "scenario/cross_checks.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "core/yaml_node.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

using testing::TempDir;

const char* kHeader = "sample,label,exit.pred,exit.confidence,exit.entropy_nats,final.pred,final.confidence,final.entropy_nats";

TEST(CrossChecks, TraceMustMatchTheProfileHeads) {
  TempDir dir;
  const ModelProfile profile = parse_profile(YNode::load_string(
      "name: p\nclasses: 4\ninput: {shape: [4], element_bits: 8}\n"
      "layers:\n  - {name: a, macs: 1, precision: fp32, output: {shape: [4], element_bits: 32}}\n"
      "heads:\n  - {name: early, after: a, macs: 1, precision: fp32}\n  - {name: final, after: a, macs: 0, precision: fp32}\n"
      "partition:\n  - {tier: cloud}\n",
      "p.yaml"));
  Trace t = load_trace(dir.write("t.csv", std::string(kHeader) + "\n0,1,1,0.9,0.1,1,0.9,0.1\n"));
  try {
    check_trace_against_profile(t, profile);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does not declare"), std::string::npos) << e.what();
  }
}

TEST(CrossChecks, TraceClassesOutOfRange) {
  TempDir dir;
  const ModelProfile profile = parse_profile(YNode::load_string(
      "name: p\nclasses: 2\ninput: {shape: [4], element_bits: 8}\n"
      "layers:\n  - {name: a, macs: 1, precision: fp32, output: {shape: [4], element_bits: 32}}\n"
      "heads:\n  - {name: exit, after: a, macs: 1, precision: fp32}\n  - {name: final, after: a, macs: 0, precision: fp32}\n"
      "partition:\n  - {tier: cloud}\n",
      "p.yaml"));
  Trace t = load_trace(dir.write("t.csv", std::string(kHeader) + "\n0,1,1,0.9,0.1,1,0.9,0.1\n1,5,1,0.9,0.1,1,0.9,0.1\n"));
  try {
    check_trace_against_profile(t, profile);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.key_path(), "label");
  }
}

}  // namespace
}  // namespace hybridfog

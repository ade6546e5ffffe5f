#include "trace/trace.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "core/yaml_node.hpp"
#include "model/model_profile.hpp"
#include "scenario/cross_checks.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

using testing::TempDir;

const char* kHeader = "sample,label,exit.pred,exit.confidence,exit.entropy_nats,final.pred,final.confidence,final.entropy_nats";

std::string error_loading(const std::string& csv) {
  TempDir dir;
  try {
    load_trace(dir.write("t.csv", csv));
  } catch (const InputError& e) {
    std::string message = e.what();
    return message.substr(message.find("t.csv"));
  }
  return "";
}

TEST(Trace, LoadsColumnsAndExtras) {
  TempDir dir;
  const std::string path = dir.write(
      "t.csv", std::string("# a comment\nsample,label,edge.pred,edge.confidence,edge.entropy_nats,edge.appeal\n") +
                   "7,3,3,0.9,0.2,0.75\n8,1,2,0.5,1.1,0.1\n");
  const Trace t = load_trace(path);
  ASSERT_EQ(t.rows(), 2u);
  EXPECT_EQ(t.sample[1], 8);
  EXPECT_EQ(t.label[0], 3);
  ASSERT_NE(t.head("edge"), nullptr);
  EXPECT_EQ(t.head("edge")->pred[1], 2);
  EXPECT_DOUBLE_EQ(t.head("edge")->entropy_nats[1], 1.1);
  EXPECT_DOUBLE_EQ(t.head("edge")->extras.at("appeal")[0], 0.75);
}

TEST(Trace, BadCellsNameLineColumnAndColumnName) {
  EXPECT_EQ(error_loading(std::string(kHeader) + "\n0,1,1,0.9,0.1,1,0.9,0.1\n1,2,2,high,0.1,2,0.9,0.1\n"),
            "t.csv:3:7: exit.confidence: expected a number, got \"high\"");
  EXPECT_EQ(error_loading(std::string(kHeader) + "\n0,1,1,1.5,0.1,1,0.9,0.1\n"),
            "t.csv:2:7: exit.confidence: confidence must be in [0, 1], got 1.5");
  EXPECT_EQ(error_loading(std::string(kHeader) + "\n0,1,1,0.5,-0.1,1,0.9,0.1\n"),
            "t.csv:2:11: exit.entropy_nats: entropy must not be negative, got -0.1");
  EXPECT_EQ(error_loading(std::string(kHeader) + "\n0,1,1,0.5\n"), "t.csv:2:1: expected 8 fields, got 4");
}

TEST(Trace, EmptyAndHeaderProblems) {
  EXPECT_NE(error_loading("").find("empty trace"), std::string::npos);
  EXPECT_NE(error_loading(std::string(kHeader) + "\n").find("no sample rows"), std::string::npos);
  EXPECT_NE(error_loading("sample,label,exit.pred\n0,1,1\n").find("exit.confidence: missing required column"),
            std::string::npos);
  EXPECT_NE(error_loading("sample,label,weird\n").find("weird: unknown column"), std::string::npos);
}

TEST(Trace, MustMatchTheProfileHeads) {
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

TEST(Trace, ClassesOutOfRange) {
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

#include "trace/trace.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
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

}  // namespace
}  // namespace hybridfog

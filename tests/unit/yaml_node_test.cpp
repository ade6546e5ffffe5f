#include "core/yaml_node.hpp"

#include <gtest/gtest.h>

namespace hybridfog {
namespace {

// Runs `f` and returns the InputError message it throws ("" when it does not throw).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(YNode, QuantityErrorNamesFileLineColumnAndKeyPath) {
  const YNode root = YNode::load_string("tiers:\n  - name: a\n  - name: b\n    uplink:\n      bandwidth: fast\n", "x.yaml");
  const YNode bandwidth = root.required("tiers").items()[1].required("uplink").required("bandwidth");
  EXPECT_EQ(error_of([&] { bandwidth.as_quantity(QuantityKind::bandwidth, true); }),
            "x.yaml:5:18: tiers[1].uplink.bandwidth: expected a bandwidth like \"100Mbps\", got \"fast\"");
}

TEST(YNode, UnknownKeyPointsAtTheKey) {
  const YNode root = YNode::load_string("name: a\nspeed: 3\n", "p.yaml");
  EXPECT_EQ(error_of([&] { root.expect_keys({"name"}); }), "p.yaml:2:1: speed: unknown key (allowed here: name)");
}

TEST(YNode, DuplicateKeyIsAnError) {
  const YNode root = YNode::load_string("name: a\nname: b\n", "p.yaml");
  EXPECT_NE(error_of([&] { root.expect_keys({"name"}); }).find("key given twice"), std::string::npos);
}

TEST(YNode, MissingKeyNamesTheFullPath) {
  const YNode root = YNode::load_string("link:\n  latency: 5ms\n", "p.yaml");
  EXPECT_EQ(error_of([&] { root.required("link").required("bandwidth"); }),
            "p.yaml:2:3: link: missing required key 'bandwidth'");
}

TEST(YNode, ZeroAndNegativeQuantities) {
  const YNode root = YNode::load_string("rate: 0/s\nlatency: -1ms\n", "w.yaml");
  EXPECT_NE(error_of([&] { root.required("rate").as_quantity(QuantityKind::rate, true); }).find("greater than zero"),
            std::string::npos);
  EXPECT_NE(error_of([&] { root.required("latency").as_quantity(QuantityKind::time, false); }).find("must not be negative"),
            std::string::npos);
}

TEST(YNode, SyntaxErrorsAndMissingFiles) {
  EXPECT_EQ(error_of([] { YNode::load_string("a: [1, 2\n", "s.yaml"); }).rfind("s.yaml:", 0), 0u);
  EXPECT_NE(error_of([] { YNode::load_file("/nonexistent/file.yaml"); }).find("file not found"), std::string::npos);
  EXPECT_NE(error_of([] { YNode::load_file("/dev/zero"); }).find("not a regular file"), std::string::npos);
  EXPECT_NE(error_of([] { YNode::load_file("/tmp"); }).find("not a regular file"), std::string::npos);
}

TEST(YNode, StrictScalars) {
  const YNode root = YNode::load_string("n: 3.5\nb: maybe\nc: 12\n", "s.yaml");
  EXPECT_NE(error_of([&] { root.required("n").as_int(0, 10); }).find("expected an integer"), std::string::npos);
  EXPECT_NE(error_of([&] { root.required("b").as_bool(); }).find("expected true or false"), std::string::npos);
  EXPECT_NE(error_of([&] { root.required("c").as_int(0, 10); }).find("[0, 10]"), std::string::npos);
  EXPECT_EQ(root.required("c").as_int(0, 100), 12);
  EXPECT_DOUBLE_EQ(root.required("n").as_number(), 3.5);
}

}  // namespace
}  // namespace hybridfog

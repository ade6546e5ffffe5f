#include "model/model_profile.hpp"

#include <gtest/gtest.h>

#include "core/yaml_node.hpp"

namespace hybridfog {
namespace {

// A profile from a compact list of layers "name:inputs" (inputs separated by '+', "" = previous layer).
ModelProfile profile_from(const std::string& layers_yaml, const std::string& heads_yaml, const std::string& partition_yaml) {
  const std::string text = "name: t\nclasses: 10\ninput: {shape: [1, 10, 10], element_bits: 8}\nlayers:\n" + layers_yaml +
                           "heads:\n" + heads_yaml + "partition:\n" + partition_yaml;
  return parse_profile(YNode::load_string(text, "t.yaml"));
}

std::string layer(const std::string& name, const std::string& inputs, long macs, const std::string& precision,
                  int elements, int bits) {
  std::string out = "  - {name: " + name + ", macs: " + std::to_string(macs) + ", precision: " + precision +
                    ", output: {shape: [" + std::to_string(elements) + "], element_bits: " + std::to_string(bits) + "}";
  if (!inputs.empty()) out += ", inputs: [" + inputs + "]";
  return out + "}\n";
}

TEST(ModelProfile, ChainCutPointsAreEveryLayer) {
  const ModelProfile p = profile_from(layer("a", "", 10, "fp32", 100, 32) + layer("b", "", 10, "fp32", 50, 32) +
                                          layer("c", "", 10, "fp32", 10, 32),
                                      "  - {name: final, after: c, macs: 0, precision: fp32}\n", "  - {tier: cloud}\n");
  EXPECT_EQ(p.cut_points, (std::vector<int>{0, 1}));
  EXPECT_DOUBLE_EQ(p.input_bytes, 100.0);
  EXPECT_DOUBLE_EQ(p.layers[0].output_bytes, 400.0);
}

TEST(ModelProfile, ResidualBlockHasNoCutInside) {
  // stem -> conv1 -> conv2 -> add(conv2, stem) -> fc
  const ModelProfile p = profile_from(layer("stem", "", 1, "fp32", 8, 32) + layer("conv1", "", 1, "fp32", 8, 32) +
                                          layer("conv2", "", 1, "fp32", 8, 32) + layer("add", "conv2, stem", 0, "fp32", 8, 32) +
                                          layer("fc", "", 1, "fp32", 2, 32),
                                      "  - {name: final, after: fc, macs: 0, precision: fp32}\n", "  - {tier: cloud}\n");
  EXPECT_EQ(p.cut_points, (std::vector<int>{0, 3}));
}

TEST(ModelProfile, InceptionLikeForkMerge) {
  // stem -> (b1, b2a -> b2b, b3) -> concat -> fc
  const ModelProfile p = profile_from(layer("stem", "", 1, "fp32", 8, 32) + layer("b1", "stem", 1, "fp32", 8, 32) +
                                          layer("b2a", "stem", 1, "fp32", 8, 32) + layer("b2b", "b2a", 1, "fp32", 8, 32) +
                                          layer("b3", "stem", 1, "fp32", 8, 32) +
                                          layer("concat", "b1, b2b, b3", 0, "fp32", 24, 32) + layer("fc", "", 1, "fp32", 2, 32),
                                      "  - {name: final, after: fc, macs: 0, precision: fp32}\n", "  - {tier: cloud}\n");
  EXPECT_EQ(p.cut_points, (std::vector<int>{0, 5}));
}

TEST(ModelProfile, LongSkipConnectionBlocksEveryCutItSpans) {
  // a -> b -> c -> d -> e(d, a) -> f: after a only a's output crosses (read twice); after b..d two tensors do
  const ModelProfile p = profile_from(layer("a", "", 1, "fp32", 8, 32) + layer("b", "", 1, "fp32", 8, 32) +
                                          layer("c", "", 1, "fp32", 8, 32) + layer("d", "", 1, "fp32", 8, 32) +
                                          layer("e", "d, a", 1, "fp32", 8, 32) + layer("f", "", 1, "fp32", 2, 32),
                                      "  - {name: final, after: f, macs: 0, precision: fp32}\n", "  - {tier: cloud}\n");
  EXPECT_EQ(p.cut_points, (std::vector<int>{0, 4}));
}

TEST(ModelProfile, StagesSplitAtHeadsAndSegmentsWithBytesCarried) {
  const ModelProfile p = profile_from(
      layer("conv", "", 100, "fp32", 64, 32) + layer("bin1", "", 400, "binary", 64, 1) + layer("bin2", "", 400, "binary", 32, 1) +
          layer("deep", "", 300, "fp32", 16, 32) + layer("fc", "", 10, "fp32", 10, 32),
      "  - {name: e1, after: bin1, macs: 5, precision: fp32}\n  - {name: e2, after: bin2, macs: 7, precision: fp32}\n"
      "  - {name: final, after: fc, macs: 0, precision: fp32}\n",
      "  - {tier: device, until: bin2}\n  - {tier: cloud}\n");
  const auto stages = build_stages(p, p.partition);
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[0].tier, "device");
  EXPECT_EQ(stages[0].head, 0);
  EXPECT_DOUBLE_EQ(stages[0].macs[static_cast<int>(Precision::fp32)], 105.0);
  EXPECT_DOUBLE_EQ(stages[0].macs[static_cast<int>(Precision::binary)], 400.0);
  EXPECT_DOUBLE_EQ(stages[0].bytes_in, 100.0);  // the raw input, if stage 0 were not on the device
  EXPECT_EQ(stages[1].head, 1);
  EXPECT_EQ(stages[1].first_layer, 2);
  EXPECT_DOUBLE_EQ(stages[1].bytes_in, 8.0);  // bin1's output: 64 binary elements
  EXPECT_EQ(stages[2].tier, "cloud");
  EXPECT_EQ(stages[2].head, 2);
  EXPECT_DOUBLE_EQ(stages[2].bytes_in, 4.0);  // bin2's output: 32 binary elements
  EXPECT_DOUBLE_EQ(stages[2].macs[static_cast<int>(Precision::fp32)], 310.0);
}

TEST(ModelProfile, RawOffloadRunsOnlyWhatTheFinalHeadNeeds) {
  // Two-model system: an edge net (e1, e2) and a cloud net (c1, c2) both reading the input.
  const ModelProfile p = profile_from(layer("e1", "input", 100, "int8", 8, 8) + layer("e2", "", 100, "int8", 8, 8) +
                                          layer("c1", "input", 1000, "fp32", 8, 32) + layer("c2", "", 1000, "fp32", 10, 32),
                                      "  - {name: edge, after: e2, macs: 1, precision: fp32}\n"
                                      "  - {name: cloud, after: c2, macs: 2, precision: fp32}\n",
                                      "  - {tier: device, until: e2}\n  - {tier: cloud}\n");
  const auto normal = build_stages(p, p.partition);
  ASSERT_EQ(normal.size(), 2u);
  EXPECT_DOUBLE_EQ(normal[1].bytes_in, 100.0);  // the cloud net reads the raw input
  const auto raw = build_raw_offload_stages(p, "cloud");
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_DOUBLE_EQ(raw[0].macs[static_cast<int>(Precision::int8)], 0.0);
  EXPECT_DOUBLE_EQ(raw[0].macs[static_cast<int>(Precision::fp32)], 2002.0);
  EXPECT_DOUBLE_EQ(raw[0].bytes_in, 100.0);
}

std::string error_of_profile(const std::string& layers, const std::string& heads, const std::string& partition) {
  try {
    profile_from(layers, heads, partition);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(ModelProfile, BadProfiles) {
  const std::string two = layer("a", "", 1, "fp32", 8, 32) + layer("b", "", 1, "fp32", 8, 32);
  const std::string final_head = "  - {name: final, after: b, macs: 0, precision: fp32}\n";
  EXPECT_NE(error_of_profile(two, final_head, "  - {tier: device, until: zz}\n  - {tier: cloud}\n").find("no layer called \"zz\""),
            std::string::npos);
  EXPECT_NE(error_of_profile(two, "  - {name: final, after: a, macs: 0, precision: fp32}\n", "  - {tier: cloud}\n")
                .find("final classifier"),
            std::string::npos);
  EXPECT_NE(error_of_profile(layer("a", "b", 1, "fp32", 8, 32) + layer("b", "", 1, "fp32", 8, 32), final_head,
                             "  - {tier: cloud}\n")
                .find("topological order"),
            std::string::npos);
  EXPECT_NE(error_of_profile(layer("a", "", 1, "fp64", 8, 32) + layer("b", "", 1, "fp32", 8, 32), final_head, "  - {tier: cloud}\n")
                .find("unknown precision"),
            std::string::npos);
  EXPECT_NE(error_of_profile(two, final_head, "  - {tier: device, until: b}\n  - {tier: cloud}\n").find("empty"),
            std::string::npos);
  EXPECT_NE(error_of_profile(two, final_head, "  - {tier: device}\n  - {tier: cloud}\n").find("only the last segment"),
            std::string::npos);
}

}  // namespace
}  // namespace hybridfog

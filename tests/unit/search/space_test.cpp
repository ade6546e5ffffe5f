#include "search/search_space.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/yaml_node.hpp"

namespace hybridfog::search {
namespace {

// A profile from "name:inputs" layers ("" = previous layer); every layer outputs 8 fp32 (32 B) unless given.
ModelProfile profile_from(const std::string& layers_yaml) {
  const std::string text = "name: t\nclasses: 10\ninput: {shape: [100], element_bits: 8}\nlayers:\n" + layers_yaml +
                           "heads:\n  - {name: final, after: " + "z" + ", macs: 0, precision: fp32}\n"
                           "partition:\n  - {tier: cloud}\n";
  return parse_profile(YNode::load_string(text, "t.yaml"));
}

std::string layer(const std::string& name, const std::string& inputs, int elements = 8) {
  std::string out = "  - {name: " + name + ", macs: 1, precision: fp32, output: {shape: [" + std::to_string(elements) +
                    "], element_bits: 32}";
  if (!inputs.empty()) out += ", inputs: [" + inputs + "]";
  return out + "}\n";
}

SearchSpace space_of(const ModelProfile& p, std::vector<std::string> tiers, std::vector<int> classes_per_tier) {
  SearchSpace s;
  for (const auto& l : p.layers) s.layer_names.push_back(l.name);
  s.blocks = blocks_from_cut_points(p);
  s.tier_names = tiers;
  for (int n : classes_per_tier) {
    std::vector<Machine> machines;
    for (int i = 0; i < n; ++i) machines.push_back({"m" + std::to_string(i), true});
    s.machines.push_back(machines);
  }
  return s;
}

TEST(SearchSpace, BlocksOfAResidualNetworkAreTheLayersBetweenCutPoints) {
  // stem -> conv1 -> conv2 -> add(conv2, stem) -> z: cut points after stem and after add.
  const ModelProfile p = profile_from(layer("stem", "") + layer("conv1", "") + layer("conv2", "") + layer("add", "conv2, stem") +
                                      layer("z", "", 2));
  const auto blocks = blocks_from_cut_points(p);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].first_layer, 0);
  EXPECT_EQ(blocks[0].last_layer, 0);
  EXPECT_EQ(blocks[1].first_layer, 1);
  EXPECT_EQ(blocks[1].last_layer, 3);
  EXPECT_EQ(blocks[2].first_layer, 4);
  EXPECT_EQ(blocks[2].last_layer, 4);
  // Bytes into each block: the raw input (100 B), then exactly one 32 B tensor at each cut point.
  EXPECT_EQ(boundary_bytes(p, blocks), (std::vector<double>{100, 32, 32}));
}

TEST(SearchSpace, LongSkipConnectionMakesOneBigBlock) {
  // a -> b -> c -> d -> e(d, a) -> z: no cut after b, c, d.
  const ModelProfile p = profile_from(layer("a", "") + layer("b", "") + layer("c", "") + layer("d", "") + layer("e", "d, a") +
                                      layer("z", ""));
  const auto blocks = blocks_from_cut_points(p);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[1].first_layer, 1);
  EXPECT_EQ(blocks[1].last_layer, 4);
  const SearchSpace s = space_of(p, {"device", "cloud"}, {1, 1});
  EXPECT_EQ(s.block_of_layer(0), 0);
  EXPECT_EQ(s.block_of_layer(3), 1);
  EXPECT_EQ(s.block_of_layer(5), 2);
}

TEST(SearchSpace, EnumeratesEverySplitOnceWithoutDuplicateClassesOnUnusedTiers) {
  const ModelProfile p = profile_from(layer("a", "") + layer("b", "") + layer("c", "") + layer("z", ""));
  // 4 blocks, 3 tiers with 2, 3 and 2 classes.
  const SearchSpace s = space_of(p, {"device", "edge", "cloud"}, {2, 3, 2});
  std::set<std::string> seen;
  long long edge_and_cloud = 0, edge_only = 0, cloud_only = 0, neither = 0;
  const long long count = enumerate_configurations(s, [&](const Configuration& c) {
    std::string key;
    for (int t = 0; t < 3; ++t)
      key += std::to_string(c.host_class[t]) + ":" + std::to_string(c.begin[t]) + "-" + std::to_string(c.end[t]) + " ";
    EXPECT_TRUE(seen.insert(key).second) << "duplicate " << key;
    EXPECT_EQ(c.begin[0], 0);
    EXPECT_EQ(c.end[0], c.begin[1]);
    EXPECT_EQ(c.end[1], c.begin[2]);
    EXPECT_EQ(c.end[2], 4);
    EXPECT_GE(c.host_class[0], 0);
    for (int t = 1; t < 3; ++t) EXPECT_EQ(c.host_class[t] >= 0, c.uses(t));
    edge_and_cloud += c.uses(1) && c.uses(2);
    edge_only += c.uses(1) && !c.uses(2);
    cloud_only += !c.uses(1) && c.uses(2);
    neither += !c.uses(1) && !c.uses(2);
  });
  // Splits of 4 blocks over 3 ordered tiers: C(6, 2) = 15. By used tiers (device class x 2 always):
  //   edge and cloud used: device range 0..2 blocks, edge >= 1, cloud >= 1: 6 splits x 3 x 2 classes
  //   edge only: 4 splits x 3; cloud only: 4 splits x 2; neither (device runs all): 1 split.
  EXPECT_EQ(edge_and_cloud, 2 * 6 * 3 * 2);
  EXPECT_EQ(edge_only, 2 * 4 * 3);
  EXPECT_EQ(cloud_only, 2 * 4 * 2);
  EXPECT_EQ(neither, 2 * 1);
  EXPECT_EQ(count, edge_and_cloud + edge_only + cloud_only + neither);
}

TEST(SearchSpace, PartitionYamlListsUsedTiersWithTheirLastLayer) {
  const ModelProfile p = profile_from(layer("a", "") + layer("b", "") + layer("z", ""));
  const SearchSpace s = space_of(p, {"device", "edge", "cloud"}, {1, 1, 1});
  Configuration c;
  c.host_class = {0, -1, 0};
  c.begin = {0, 2, 2};
  c.end = {2, 2, 3};
  EXPECT_EQ(partition_yaml(s, c), "[{tier: \"device\", until: \"b\"}, {tier: \"cloud\"}]");
  EXPECT_EQ(block_range_text(c, 0), "0-1");
  EXPECT_EQ(block_range_text(c, 1), "-");
  EXPECT_EQ(block_range_text(c, 2), "2");
  c.begin = {0, 0, 1};
  c.end = {0, 1, 3};
  c.host_class = {0, 0, 0};
  EXPECT_EQ(partition_yaml(s, c), "[{tier: \"edge\", until: \"a\"}, {tier: \"cloud\"}]");
}

}  // namespace
}  // namespace hybridfog::search

#pragma once
// The space a partition search walks: the model's blocks (layers between two cut points), the platform's
// ordered tiers and their candidate machines (host classes), and the configurations: one contiguous range
// of blocks per tier (possibly empty) plus one host class per used tier.
#include <array>
#include <functional>
#include <string>
#include <vector>

#include "model/model_profile.hpp"

namespace hybridfog::search {

// The platform has at most three tiers (device, site, central; see platform_spec.hpp).
inline constexpr int kMaxTiers = 3;

struct Block {
  int first_layer = 0;  // inclusive layer indices of the profile
  int last_layer = 0;
};

// Blocks of a profile: the layers between consecutive cut points (ModelProfile::cut_points), in order.
std::vector<Block> blocks_from_cut_points(const ModelProfile& profile);

// Bytes that enter block b from the tiers before it: every tensor (layer output, or the raw input for
// b == 0) made before the block's first layer and read at or after it. Exactly one tensor at a cut point.
std::vector<double> boundary_bytes(const ModelProfile& profile, const std::vector<Block>& blocks);

// A candidate machine: one host class of one tier.
struct Machine {
  std::string name;        // host class name
  bool available = true;   // false: cannot be used (e.g. no benchmark for it under --model scission)
};

struct SearchSpace {
  std::vector<std::string> layer_names;    // the profile's layers, in order
  std::vector<Block> blocks;               // tile the layers, in order
  std::vector<std::string> tier_names;     // ordered from the data outwards; tier 0 holds the devices
  std::vector<std::vector<Machine>> machines;  // per tier, the platform's host classes in order

  int tier_count() const { return static_cast<int>(tier_names.size()); }
  int block_count() const { return static_cast<int>(blocks.size()); }
  int block_of_layer(int layer) const;  // REQUIRES: 0 <= layer < layer_names.size()
};

// One assignment. Tier t runs blocks [begin[t], end[t]); the ranges tile 0..blocks in tier order.
// host_class[t] is an index into SearchSpace::machines[t], or -1 when tier t runs nothing. The device
// tier (0) always has a class: the data comes from a device and its answer goes back there.
struct Configuration {
  std::array<int, kMaxTiers> host_class{{-1, -1, -1}};
  std::array<int, kMaxTiers> begin{{0, 0, 0}};
  std::array<int, kMaxTiers> end{{0, 0, 0}};

  bool uses(int tier) const { return begin[tier] < end[tier]; }
  int last_used_tier(int tier_count) const;
};

// Calls `visit` once for every configuration: every tuple of host classes (a tier that runs nothing
// contributes no class, so no duplicates) times every split of the blocks into contiguous, possibly empty
// ranges, one per tier. Order: device class, then the classes of the later tiers (outer loops), then the
// splits (device range growing slowest). Returns the number of configurations visited.
// With m blocks and k tiers a class tuple has C(m + k - 1, k - 1) splits.
long long enumerate_configurations(const SearchSpace& space, const std::function<void(const Configuration&)>& visit);

// "0-3" (blocks 0 to 3), "2" (one block) or "-" (nothing).
std::string block_range_text(const Configuration& config, int tier);

// The partition for a scenario (`model.partition`), as YAML flow text:
// [{tier: "device", until: "conv3"}, {tier: "cloud"}]. The device tier is left out when it runs nothing.
std::string partition_yaml(const SearchSpace& space, const Configuration& config);

}  // namespace hybridfog::search

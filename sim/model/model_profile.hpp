#pragma once
// Room model/ (docs/architecture.md). Owns: ModelProfile (layer DAG, MACs, precisions, tensor sizes, exit
// heads, cut points) and stages. May use: core, Boost.Graph.
//
// ModelProfile: a network as a DAG of layers with their costs, its exit heads and its partition.
// Stage: what one host does for one sample between two decisions (see build_stages).
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/precision.hpp"

namespace hybridfog {

class YNode;

inline constexpr int kInputTensor = -1;  // "layer index" of the raw input in LayerSpec::inputs

struct LayerSpec {
  std::string name;
  std::vector<int> inputs;  // indices of earlier layers, or kInputTensor
  double macs = 0;          // per sample, >= 0
  long long params = 0;     // informational
  Precision precision = Precision::fp32;
  std::vector<long long> output_shape;
  int output_element_bits = 32;
  double output_bytes = 0;  // ceil(prod(shape) * bits / 8)
};

struct HeadSpec {
  std::string name;
  int after = 0;  // index of the layer whose output the head reads
  double macs = 0;
  Precision precision = Precision::fp32;
};

struct PartitionSegment {
  std::string tier;    // platform tier name
  int last_layer = 0;  // inclusive; segments are contiguous in list order, the first starts at layer 0
};

struct ModelProfile {
  std::string name;
  std::string file;
  int classes = 0;
  std::vector<long long> input_shape;
  int input_element_bits = 8;
  double input_bytes = 0;
  std::vector<LayerSpec> layers;  // topological order
  std::vector<HeadSpec> heads;    // in the order samples meet them; back() is the final classifier
  std::vector<PartitionSegment> partition;
  std::vector<int> cut_points;    // computed: layer indices after which exactly one tensor crosses

  int layer_index(const std::string& name) const;  // -1 when absent
  int head_index(const std::string& name) const;   // -1 when absent
  const HeadSpec& final_head() const { return heads.back(); }
};

// Loads and validates a profile (DAG, heads, partition layer names; tiers are checked by the scenario).
ModelProfile load_profile(const std::string& file);
ModelProfile parse_profile(const YNode& root);
// Parses a partition list (`[{tier: device, until: conv3}, {tier: cloud}]`) against a profile.
std::vector<PartitionSegment> parse_partition(const YNode& node, const ModelProfile& profile);

// Layer indices p such that exactly one tensor (a layer output or the raw input) is produced at or before
// p and read after p. Computed on the layer DAG.
std::vector<int> compute_cut_points(const ModelProfile& profile);

struct Stage {
  std::string tier;
  int first_layer = 0;  // inclusive range of layers run in this stage; empty when first_layer > last_layer
  int last_layer = -1;
  int head = -1;        // head evaluated at the end of the stage, -1 when the stage just hands over
  std::array<double, kPrecisionCount> macs{};  // MACs of the stage's layers and head, per precision
  // Bytes carried into this stage when it runs on another tier than the previous stage (for stage 0:
  // when it does not run on the device tier): every tensor read from here on that earlier stages made.
  double bytes_in = 0;
};

// Splits the partition into stages: a new stage after every head and at every segment boundary.
std::vector<Stage> build_stages(const ModelProfile& profile, const std::vector<PartitionSegment>& partition);
// Where Decision::escalate from stage `from` lands: the first later stage on the tier of the last stage.
// REQUIRES: from + 1 < stages.size().
int escalation_target(const std::vector<Stage>& stages, int from);

// One stage on `tier` running only what the final head needs, fed with the raw input (placement cloud-only).
std::vector<Stage> build_raw_offload_stages(const ModelProfile& profile, const std::string& tier);

}  // namespace hybridfog

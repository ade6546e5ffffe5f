#include "model/model_profile.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <cmath>
#include <map>
#include <set>

#include "core/yaml_node.hpp"

namespace hybridfog {

int ModelProfile::layer_index(const std::string& layer_name) const {
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i].name == layer_name) return static_cast<int>(i);
  return -1;
}

int ModelProfile::head_index(const std::string& head_name) const {
  for (size_t i = 0; i < heads.size(); ++i)
    if (heads[i].name == head_name) return static_cast<int>(i);
  return -1;
}

namespace {

// Vertex 0 is the raw input, vertex i+1 is layer i; an edge u -> v means v reads u's output.
using LayerGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

LayerGraph make_graph(const ModelProfile& profile) {
  LayerGraph graph(profile.layers.size() + 1);
  for (size_t i = 0; i < profile.layers.size(); ++i)
    for (int input : profile.layers[i].inputs) boost::add_edge(static_cast<size_t>(input + 1), i + 1, graph);
  return graph;
}

double tensor_bytes(const std::vector<long long>& shape, int bits) {
  double elements = 1;
  for (long long d : shape) elements *= static_cast<double>(d);
  return std::ceil(elements * bits / 8.0);
}

std::vector<long long> parse_shape(const YNode& node) {
  std::vector<long long> shape;
  double elements = 1;
  for (const YNode& d : node.items()) {
    shape.push_back(d.as_int(1, 1'000'000'000));
    elements *= static_cast<double>(shape.back());
  }
  // A tensor of at most 1e11 elements (at most 4e11 bytes at 32 bits): byte counts stay exact in a double and
  // sums of them fit the 64-bit payload sizes SimGrid takes.
  if (elements > 1e11)
    node.fail("a tensor of " + std::to_string(elements) + " elements, at most 1e11");
  return shape;
}

Precision parse_precision_node(const YNode& node) {
  const auto p = parse_precision(node.as_string());
  if (!p) node.fail("unknown precision \"" + node.as_string() + "\" (expected one of " + precision_choices() + ")");
  return *p;
}

}  // namespace

std::vector<int> compute_cut_points(const ModelProfile& profile) {
  const LayerGraph graph = make_graph(profile);
  const int n = static_cast<int>(profile.layers.size());
  // last_reader[v]: the highest layer index reading tensor v (vertex numbering), heads count as their layer.
  std::vector<int> last_reader(boost::num_vertices(graph), -1);
  for (auto v : boost::make_iterator_range(boost::vertices(graph)))
    for (auto e : boost::make_iterator_range(boost::out_edges(v, graph)))
      last_reader[v] = std::max(last_reader[v], static_cast<int>(boost::target(e, graph)) - 1);
  std::vector<int> cuts;
  for (int p = 0; p + 1 < n; ++p) {
    int crossing = 0;
    for (int v = 0; v <= p + 1; ++v)  // tensors made at or before p: the input and layers 0..p
      if (last_reader[v] > p) ++crossing;
    if (crossing == 1) cuts.push_back(p);
  }
  return cuts;
}

std::vector<PartitionSegment> parse_partition(const YNode& node, const ModelProfile& profile) {
  std::vector<PartitionSegment> partition;
  const auto items = node.items();
  int previous_last = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    const YNode& item = items[i];
    item.expect_keys({"tier", "until"});
    PartitionSegment segment;
    segment.tier = item.required("tier").as_string();
    const bool last = i + 1 == items.size();
    if (auto until = item.optional("until")) {
      const std::string layer = until->as_string();
      segment.last_layer = profile.layer_index(layer);
      if (segment.last_layer < 0) until->fail("no layer called \"" + layer + "\" in profile " + profile.name);
      if (segment.last_layer <= previous_last)
        until->fail("segment would be empty: \"" + layer + "\" is not after the previous segment's last layer");
      if (last && segment.last_layer != static_cast<int>(profile.layers.size()) - 1)
        until->fail("the last segment must run the network to its end (omit `until`)");
    } else if (!last) {
      item.fail("only the last segment may omit `until`");
    } else {
      segment.last_layer = static_cast<int>(profile.layers.size()) - 1;
      if (segment.last_layer <= previous_last) item.fail("segment would be empty: no layers are left for it");
    }
    previous_last = segment.last_layer;
    partition.push_back(segment);
  }
  return partition;
}

ModelProfile parse_profile(const YNode& root) {
  root.expect_keys({"name", "description", "classes", "input", "layers", "heads", "partition", "cut_points",
                    "metadata"});
  if (const auto description = root.optional("description")) (void)description->as_string();  // text, if given
  ModelProfile profile;
  profile.file = root.file();
  profile.name = root.required("name").as_string();
  profile.classes = static_cast<int>(root.required("classes").as_int(2, 1'000'000));
  const YNode input = root.required("input");
  input.expect_keys({"shape", "element_bits"});
  profile.input_shape = parse_shape(input.required("shape"));
  profile.input_element_bits = static_cast<int>(input.required("element_bits").as_int(1, 64));
  profile.input_bytes = tensor_bytes(profile.input_shape, profile.input_element_bits);

  std::map<std::string, int> index_of;
  for (const YNode& layer_node : root.required("layers").items()) {
    layer_node.expect_keys({"name", "inputs", "macs", "params", "precision", "output"});
    LayerSpec layer;
    const YNode name = layer_node.required("name");
    layer.name = name.as_string();
    if (layer.name == "input") name.fail("\"input\" is reserved for the raw input tensor");
    if (index_of.count(layer.name)) name.fail("layer name used twice");
    const int index = static_cast<int>(profile.layers.size());
    if (auto inputs = layer_node.optional("inputs")) {
      for (const YNode& in : inputs->items()) {
        const std::string source = in.as_string();
        if (source == "input") {
          layer.inputs.push_back(kInputTensor);
        } else if (auto it = index_of.find(source); it != index_of.end()) {
          layer.inputs.push_back(it->second);
        } else {
          in.fail("\"" + source + "\" is not an earlier layer (layers must be listed in topological order)");
        }
      }
    } else {
      layer.inputs.push_back(index == 0 ? kInputTensor : index - 1);
    }
    layer.macs = static_cast<double>(layer_node.required("macs").as_int(0, (1LL << 53)));
    if (auto params = layer_node.optional("params")) layer.params = params->as_int(0, (1LL << 53));
    layer.precision = parse_precision_node(layer_node.required("precision"));
    const YNode output = layer_node.required("output");
    output.expect_keys({"shape", "element_bits"});
    layer.output_shape = parse_shape(output.required("shape"));
    layer.output_element_bits = static_cast<int>(output.required("element_bits").as_int(1, 64));
    layer.output_bytes = tensor_bytes(layer.output_shape, layer.output_element_bits);
    index_of[layer.name] = index;
    profile.layers.push_back(std::move(layer));
  }

  const YNode heads = root.required("heads");
  int previous_after = -1;
  for (const YNode& head_node : heads.items()) {
    head_node.expect_keys({"name", "after", "macs", "precision"});
    HeadSpec head;
    head.name = head_node.required("name").as_string();
    if (profile.head_index(head.name) >= 0) head_node.required("name").fail("head name used twice");
    const YNode after = head_node.required("after");
    head.after = profile.layer_index(after.as_string());
    if (head.after < 0) after.fail("no layer called \"" + after.as_string() + "\"");
    if (head.after < previous_after) after.fail("heads must be listed in the order samples meet them");
    previous_after = head.after;
    head.macs = static_cast<double>(head_node.required("macs").as_int(0, (1LL << 53)));
    head.precision = parse_precision_node(head_node.required("precision"));
    profile.heads.push_back(std::move(head));
  }
  if (profile.heads.back().after != static_cast<int>(profile.layers.size()) - 1)
    heads.items().back().required("after").fail("the last head is the final classifier: it must read the last layer");

  profile.partition = parse_partition(root.required("partition"), profile);
  profile.cut_points = compute_cut_points(profile);
  return profile;
}

ModelProfile load_profile(const std::string& file) { return parse_profile(YNode::load_file(file)); }

namespace {

// For each tensor (vertex numbering: 0 = input, i+1 = layer i): the stage that makes it (-1 for the input,
// which exists before stage 0) and the last stage that reads it (-2 when none does).
struct TensorUse {
  std::vector<int> made_in;
  std::vector<int> last_read_in;
};

TensorUse tensor_use(const ModelProfile& profile, const std::vector<Stage>& stages) {
  const int tensors = static_cast<int>(profile.layers.size()) + 1;
  TensorUse use{std::vector<int>(tensors, -1), std::vector<int>(tensors, -2)};
  for (size_t s = 0; s < stages.size(); ++s) {
    for (int l = stages[s].first_layer; l <= stages[s].last_layer; ++l) {
      use.made_in[l + 1] = static_cast<int>(s);
      for (int in : profile.layers[l].inputs)
        use.last_read_in[in + 1] = std::max(use.last_read_in[in + 1], static_cast<int>(s));
    }
  }
  return use;
}

double tensor_size(const ModelProfile& profile, int vertex) {
  return vertex == 0 ? profile.input_bytes : profile.layers[vertex - 1].output_bytes;
}

// bytes_in of stage j: the tensors made before j and read at or after j.
void fill_bytes_in(const ModelProfile& profile, std::vector<Stage>& stages) {
  const TensorUse use = tensor_use(profile, stages);
  for (size_t s = 0; s < stages.size(); ++s) {
    double bytes = 0;
    for (size_t v = 0; v < use.made_in.size(); ++v)
      if (use.made_in[v] < static_cast<int>(s) && use.last_read_in[v] >= static_cast<int>(s))
        bytes += tensor_size(profile, static_cast<int>(v));
    stages[s].bytes_in = bytes;
  }
}

void add_layer_macs(const ModelProfile& profile, Stage& stage, int layer) {
  stage.macs[static_cast<int>(profile.layers[layer].precision)] += profile.layers[layer].macs;
}

}  // namespace

std::vector<Stage> build_stages(const ModelProfile& profile, const std::vector<PartitionSegment>& partition) {
  std::vector<Stage> stages;
  int first = 0;
  size_t next_head = 0;
  for (const PartitionSegment& segment : partition) {
    Stage stage;
    stage.tier = segment.tier;
    stage.first_layer = first;
    for (int l = first; l <= segment.last_layer; ++l) {
      add_layer_macs(profile, stage, l);
      stage.last_layer = l;
      while (next_head < profile.heads.size() && profile.heads[next_head].after == l) {
        const HeadSpec& head = profile.heads[next_head];
        stage.head = static_cast<int>(next_head);
        stage.macs[static_cast<int>(head.precision)] += head.macs;
        stages.push_back(stage);
        stage = Stage{};
        stage.tier = segment.tier;
        stage.first_layer = l + 1;
        ++next_head;
      }
    }
    if (stage.first_layer <= segment.last_layer) stages.push_back(stage);  // a hand-over without a head
    first = segment.last_layer + 1;
  }
  fill_bytes_in(profile, stages);
  return stages;
}

int escalation_target(const std::vector<Stage>& stages, int from) {
  int target = from + 1;
  while (target + 1 < static_cast<int>(stages.size()) && stages[target].tier != stages.back().tier) ++target;
  return target;
}

std::vector<Stage> build_raw_offload_stages(const ModelProfile& profile, const std::string& tier) {
  // Only the ancestors of the final head's layer run (e.g. AppealNet's cloud model, not the edge model).
  const LayerGraph graph = make_graph(profile);
  const auto reversed = boost::make_reverse_graph(graph);
  std::vector<boost::default_color_type> color(boost::num_vertices(graph), boost::white_color);
  const size_t final_vertex = static_cast<size_t>(profile.final_head().after) + 1;
  boost::breadth_first_visit(reversed, final_vertex,
                             boost::visitor(boost::default_bfs_visitor())
                                 .color_map(boost::make_iterator_property_map(
                                     color.begin(), boost::get(boost::vertex_index, reversed))));
  Stage stage;
  stage.tier = tier;
  stage.first_layer = 0;
  stage.last_layer = static_cast<int>(profile.layers.size()) - 1;
  stage.head = static_cast<int>(profile.heads.size()) - 1;
  for (size_t l = 0; l < profile.layers.size(); ++l)
    if (color[l + 1] != boost::white_color) add_layer_macs(profile, stage, static_cast<int>(l));
  stage.macs[static_cast<int>(profile.final_head().precision)] += profile.final_head().macs;
  stage.bytes_in = profile.input_bytes;
  return {stage};
}

}  // namespace hybridfog

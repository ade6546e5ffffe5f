#include "search/search_space.hpp"

#include <algorithm>

namespace hybridfog::search {

std::vector<Block> blocks_from_cut_points(const ModelProfile& profile) {
  std::vector<Block> blocks;
  int first = 0;
  for (int cut : profile.cut_points) {
    blocks.push_back({first, cut});
    first = cut + 1;
  }
  blocks.push_back({first, static_cast<int>(profile.layers.size()) - 1});
  return blocks;
}

std::vector<double> boundary_bytes(const ModelProfile& profile, const std::vector<Block>& blocks) {
  const int n = static_cast<int>(profile.layers.size());
  // last_reader[v] for tensor v (0 = raw input, i + 1 = layer i): the highest layer reading it.
  std::vector<int> last_reader(n + 1, -1);
  for (int l = 0; l < n; ++l)
    for (int in : profile.layers[l].inputs) last_reader[in + 1] = std::max(last_reader[in + 1], l);
  std::vector<double> bytes;
  for (const Block& block : blocks) {
    double sum = 0;
    for (int v = 0; v <= block.first_layer; ++v)  // made before the block: the input and layers < first
      if (last_reader[v] >= block.first_layer) sum += v == 0 ? profile.input_bytes : profile.layers[v - 1].output_bytes;
    bytes.push_back(sum);
  }
  return bytes;
}

int SearchSpace::block_of_layer(int layer) const {
  const auto it = std::upper_bound(blocks.begin(), blocks.end(), layer,
                                   [](int l, const Block& b) { return l < b.first_layer; });
  return static_cast<int>(it - blocks.begin()) - 1;
}

int Configuration::last_used_tier(int tier_count) const {
  for (int t = tier_count - 1; t >= 0; --t)
    if (uses(t)) return t;
  return -1;
}

namespace {

// Every split of m blocks over the tiers from `tier` on, starting at block `from`.
void splits(int tier, int tiers, int from, int m, Configuration& config, const std::function<void()>& done) {
  config.begin[tier] = from;
  if (tier + 1 >= tiers || tier + 1 >= kMaxTiers) {  // tiers <= kMaxTiers: the second test bounds the recursion
    config.end[tier] = m;
    done();
    return;
  }
  for (int to = from; to <= m; ++to) {
    config.end[tier] = to;
    splits(tier + 1, tiers, to, m, config, done);
  }
}

}  // namespace

long long enumerate_configurations(const SearchSpace& space, const std::function<void(const Configuration&)>& visit) {
  const int tiers = space.tier_count();
  const int m = space.block_count();
  long long count = 0;
  std::array<int, kMaxTiers> classes{{0, 0, 0}};
  // Odometer over class tuples; tier 0 is the slowest digit.
  while (true) {
    Configuration config;
    splits(0, tiers, 0, m, config, [&] {
      // A tier that runs nothing has no class: visit the split once, with its first class index only.
      for (int t = 1; t < tiers; ++t)
        if (!config.uses(t) && classes[t] != 0) return;
      Configuration c = config;
      for (int t = 0; t < tiers; ++t) c.host_class[t] = t == 0 || c.uses(t) ? classes[t] : -1;
      ++count;
      visit(c);
    });
    int t = tiers - 1;
    while (t >= 0 && ++classes[t] == static_cast<int>(space.machines[t].size())) classes[t--] = 0;
    if (t < 0) break;
  }
  return count;
}

std::string block_range_text(const Configuration& config, int tier) {
  if (!config.uses(tier)) return "-";
  if (config.end[tier] - config.begin[tier] == 1) return std::to_string(config.begin[tier]);
  return std::to_string(config.begin[tier]) + "-" + std::to_string(config.end[tier] - 1);
}

namespace {
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string partition_yaml(const SearchSpace& space, const Configuration& config) {
  const int last = config.last_used_tier(space.tier_count());
  std::string out = "[";
  for (int t = 0; t < space.tier_count(); ++t) {
    if (!config.uses(t)) continue;
    if (out.size() > 1) out += ", ";
    out += "{tier: " + quoted(space.tier_names[t]);
    if (t != last) out += ", until: " + quoted(space.layer_names[space.blocks[config.end[t] - 1].last_layer]);
    out += "}";
  }
  return out + "]";
}

}  // namespace hybridfog::search

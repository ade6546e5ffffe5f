#pragma once
// Measured benchmarks as input to the partition search (docs/partition.md, "Measured benchmarks"):
// per-block execution times and output sizes measured on real machines, and the network between them:
// the same information Scission's benchmarking produces.
//
//   benchmark CSV: [tier,]system,model,block,first_layer,last_layer,seconds,output_bytes
//   network CSV:   source,destination,ping_ms,bandwidth_mbps
//
// Every malformed cell is an InputError naming file:line:col and the column.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "search/search_space.hpp"

namespace hybridfog::search {

struct MeasuredSystem {
  std::string name;                 // a host class name of the scenario's platform
  std::string tier;                 // the optional `tier` column; empty when the file has none
  std::vector<double> seconds;      // per block: mean execution time on this system
  std::vector<double> output_bytes; // per block: size of the block's output as measured on this system
};

struct Benchmark {
  std::string file;
  std::string model;
  std::vector<Block> blocks;            // profile layer ranges; they tile the profile's layers in order
  std::vector<MeasuredSystem> systems;  // in order of first appearance in the file

  const MeasuredSystem* find(const std::string& system) const;  // nullptr when absent
};

// Reads the rows of `model` from a benchmark CSV. Layers are the profile's layer names or 0-based
// indices. Every system must have every block, the blocks must be the same for every system and must
// tile the profile's layers (block 0 starts at the first layer, each next block right after, the last
// ends at the last layer).
Benchmark load_benchmark_csv(const std::string& file, const std::string& model, const ModelProfile& profile);

struct NetworkLink {
  double ping_s = 0;       // one-way latency figure as measured (Scission adds it once per hop)
  double bytes_per_s = 0;  // round(Mbps × 125000), Scission's conversion
};

struct NetworkTable {
  std::string file;
  std::map<std::pair<std::string, std::string>, NetworkLink> links;  // (source, destination)

  // The link source -> destination, else destination -> source, else nullptr.
  const NetworkLink* find(const std::string& source, const std::string& destination) const;
};

// Reads a network CSV. The header may also be Scission's own: source,destination,ping(ms),bandwidth(mbps).
NetworkTable load_network_csv(const std::string& file);

}  // namespace hybridfog::search

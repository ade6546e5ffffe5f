#include "search/benchmark_csv.hpp"

#include <cmath>
#include <set>

#include "core/csv_reader.hpp"
#include "core/input_error.hpp"
#include "model/model_profile.hpp"

namespace hybridfog::search {

const MeasuredSystem* Benchmark::find(const std::string& system) const {
  for (const auto& s : systems)
    if (s.name == system) return &s;
  return nullptr;
}

const NetworkLink* NetworkTable::find(const std::string& source, const std::string& destination) const {
  if (auto it = links.find({source, destination}); it != links.end()) return &it->second;
  if (auto it = links.find({destination, source}); it != links.end()) return &it->second;
  return nullptr;
}

namespace {

struct Row {
  int line = 0;
  std::vector<CsvCell> cells;  // trimmed (split_csv_line)
};

// Header and data rows of a small CSV (the common rules of CsvLines).
struct Table {
  std::string file;
  Row header;
  std::vector<Row> rows;

  [[noreturn]] void fail(int line, int column, const std::string& key, const std::string& detail) const {
    throw InputError({file, line, column}, key, detail);
  }
};

Table read_table(const std::string& file, const std::vector<std::vector<std::string>>& headers) {
  CsvLines lines(file, {file, 0, 0}, "");
  Table table;
  table.file = file;
  CsvLine line;
  bool have_header = false;
  while (lines.next(line)) {
    Row row{line.number, split_csv_line(line.text)};
    if (!have_header) {
      bool matched = false;
      for (const auto& expected : headers) {
        if (row.cells.size() != expected.size()) continue;
        matched = true;
        for (size_t i = 0; i < expected.size(); ++i) matched = matched && row.cells[i].text == expected[i];
        if (matched) break;
      }
      if (!matched) {
        std::string want;
        for (const auto& h : headers[0]) want += (want.empty() ? "" : ",") + h;
        table.fail(line.number, 1, "header",
                   "expected the header line \"" + want + "\", got \"" +
                       excerpt(trim_csv_cell(line.text)) + "\"");
      }
      table.header = row;
      have_header = true;
      continue;
    }
    if (row.cells.size() != table.header.cells.size())
      table.fail(line.number, 1, "", "expected " + std::to_string(table.header.cells.size()) + " cells, got " +
                                         std::to_string(row.cells.size()));
    table.rows.push_back(std::move(row));
  }
  if (!have_header) table.fail(0, 0, "", "empty file: no header line");
  return table;
}

double number_cell(const Table& table, const Row& row, size_t index, bool positive) {
  const CsvCell& cell = row.cells[index];
  const std::string& column = table.header.cells[index].text;
  const auto number = parse_csv_number(cell.text);
  if (!number) table.fail(row.line, cell.column, column, "expected a number, got \"" + excerpt(cell.text) + "\"");
  const double value = *number;
  if (positive ? value <= 0 : value < 0)
    table.fail(row.line, cell.column, column, std::string("must be ") + (positive ? "> 0" : ">= 0") + ", got " + excerpt(cell.text));
  return value;
}

int layer_cell(const Table& table, const Row& row, size_t index, const ModelProfile& profile) {
  const CsvCell& cell = row.cells[index];
  const int by_name = profile.layer_index(cell.text);
  if (by_name >= 0) return by_name;
  if (!cell.text.empty() && cell.text.find_first_not_of("0123456789") == std::string::npos) {
    // At most 9 digits: a longer index cannot name a layer (and would overflow).
    if (cell.text.size() <= 9 && std::stoll(cell.text) < static_cast<long long>(profile.layers.size()))
      return static_cast<int>(std::stoll(cell.text));
  }
  table.fail(row.line, cell.column, table.header.cells[index].text,
             "no layer called \"" + excerpt(cell.text) + "\" in profile " + profile.name + " (give a layer name or a 0-based index below " +
                 std::to_string(profile.layers.size()) + ")");
}

}  // namespace

Benchmark load_benchmark_csv(const std::string& file, const std::string& model, const ModelProfile& profile) {
  const Table table =
      read_table(file, {{"system", "model", "block", "first_layer", "last_layer", "seconds", "output_bytes"},
                        {"tier", "system", "model", "block", "first_layer", "last_layer", "seconds", "output_bytes"}});
  // With the optional leading `tier` column (written by `hybridfog import scission`), cells shift by one.
  const size_t o = table.header.cells.size() == 8 ? 1 : 0;
  std::map<std::string, std::string> tier_of;  // system -> tier column
  Benchmark bench;
  bench.file = file;
  bench.model = model;
  std::set<std::string> other_models;
  std::map<int, std::pair<Block, int>> layout;  // block -> (layers, line that defined it)
  std::map<std::string, std::map<int, std::pair<double, double>>> measured;  // system -> block -> (s, bytes)
  std::vector<std::string> order;
  for (const Row& row : table.rows) {
    if (row.cells[o + 1].text != model) {
      other_models.insert(row.cells[o + 1].text);
      continue;
    }
    const std::string& system = row.cells[o + 0].text;
    if (system.empty()) table.fail(row.line, row.cells[o + 0].column, "system", "empty system name");
    const double block_number = number_cell(table, row, o + 2, false);
    if (block_number != std::floor(block_number) || block_number > 1e6)
      table.fail(row.line, row.cells[o + 2].column, "block", "expected a block index (integer >= 0), got " + row.cells[o + 2].text);
    const int block = static_cast<int>(block_number);
    const Block layers{layer_cell(table, row, o + 3, profile), layer_cell(table, row, o + 4, profile)};
    if (layers.last_layer < layers.first_layer)
      table.fail(row.line, row.cells[o + 4].column, "last_layer", "comes before first_layer " + row.cells[o + 3].text);
    const double seconds = number_cell(table, row, o + 5, false);
    const double bytes = number_cell(table, row, o + 6, false);
    if (auto it = layout.find(block); it == layout.end()) {
      layout[block] = {layers, row.line};
    } else if (it->second.first.first_layer != layers.first_layer || it->second.first.last_layer != layers.last_layer) {
      table.fail(row.line, row.cells[o + 3].column, "first_layer",
                 "block " + std::to_string(block) + " has other layers than on line " + std::to_string(it->second.second));
    }
    if (!measured.count(system)) order.push_back(system);
    if (o == 1) {
      const std::string& tier = row.cells[0].text;
      if (tier.empty()) table.fail(row.line, row.cells[0].column, "tier", "empty tier name");
      if (auto [it, added] = tier_of.emplace(system, tier); !added && it->second != tier)
        table.fail(row.line, row.cells[0].column, "tier",
                   "system " + system + " was on tier " + it->second + " in an earlier row, here on " + tier);
    }
    if (!measured[system].emplace(block, std::make_pair(seconds, bytes)).second)
      table.fail(row.line, row.cells[o + 2].column, "block",
                 "system " + system + " has block " + std::to_string(block) + " twice");
  }
  if (measured.empty()) {
    std::string known;
    for (const auto& m : other_models) known += (known.empty() ? "" : ", ") + m;
    throw InputError({file, 0, 0}, "model",
                     "no rows for model \"" + model + "\"" + (known.empty() ? "" : " (models in the file: " + known + ")"));
  }
  const int blocks = layout.rbegin()->first + 1;
  for (int b = 0; b < blocks; ++b)
    if (!layout.count(b)) throw InputError({file, 0, 0}, "block", "no system has block " + std::to_string(b) + " of model " + model);
  for (const auto& system : order)
    for (int b = 0; b < blocks; ++b)
      if (!measured[system].count(b))
        throw InputError({file, 0, 0}, "block",
                         "system " + system + " has no block " + std::to_string(b) + " of model " + model + " (blocks 0-" +
                             std::to_string(blocks - 1) + " expected for every system)");
  // The blocks must tile the profile's layers.
  int next = 0;
  for (int b = 0; b < blocks; ++b) {
    const auto& [layers, line] = layout[b];
    if (layers.first_layer != next)
      throw InputError({file, line, 0}, "first_layer",
                       "block " + std::to_string(b) + " starts at layer " + profile.layers[layers.first_layer].name +
                           " but should start at " + (next < static_cast<int>(profile.layers.size()) ? profile.layers[next].name : "(end)") +
                           " (blocks must tile the profile's layers in order)");
    next = layers.last_layer + 1;
    bench.blocks.push_back(layers);
  }
  if (next != static_cast<int>(profile.layers.size()))
    throw InputError({file, layout[blocks - 1].second, 0}, "last_layer",
                     "the last block ends at layer " + profile.layers[next - 1].name + ", not at the profile's last layer " +
                         profile.layers.back().name);
  for (const auto& system : order) {
    MeasuredSystem s;
    s.name = system;
    if (auto it = tier_of.find(system); it != tier_of.end()) s.tier = it->second;
    for (int b = 0; b < blocks; ++b) {
      s.seconds.push_back(measured[system][b].first);
      s.output_bytes.push_back(measured[system][b].second);
    }
    bench.systems.push_back(std::move(s));
  }
  return bench;
}

NetworkTable load_network_csv(const std::string& file) {
  const Table table = read_table(file, {{"source", "destination", "ping_ms", "bandwidth_mbps"},
                                        {"source", "destination", "ping(ms)", "bandwidth(mbps)"}});
  NetworkTable network;
  network.file = file;
  for (const Row& row : table.rows) {
    const std::string& source = row.cells[0].text;
    const std::string& destination = row.cells[1].text;
    if (source.empty()) table.fail(row.line, row.cells[0].column, "source", "empty system name");
    if (destination.empty()) table.fail(row.line, row.cells[1].column, "destination", "empty system name");
    NetworkLink link;
    link.ping_s = number_cell(table, row, 2, false) / 1000.0;
    // nearbyint: ties to even, like Python's round() in Scission's megabits_to_bytes.
    link.bytes_per_s = std::nearbyint(number_cell(table, row, 3, true) * 125000.0);
    if (!network.links.emplace(std::make_pair(source, destination), link).second)
      table.fail(row.line, row.cells[0].column, "source", "the pair " + source + " -> " + destination + " is listed twice");
  }
  return network;
}

}  // namespace hybridfog::search

#include "search/report.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/units.hpp"

namespace hybridfog::search {

namespace {

// Shortest text that reads back to the same double.
std::string exact(double v) {
  char buffer[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
    if (std::strtod(buffer, nullptr) == v) break;
  }
  return buffer;
}

// 4 significant digits with an SI prefix: "12.35 ms", "784 B", "1.2 kB".
std::string pretty(double v, const char* unit) {
  static const struct {
    double scale;
    const char* prefix;
  } prefixes[] = {{1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}, {1e-3, "m"}, {1e-6, "u"}, {1e-9, "n"}, {1e-12, "p"}};
  const bool bytes = std::string(unit) == "B";
  char buffer[48];
  if (v == 0) {
    std::snprintf(buffer, sizeof buffer, "0 %s", unit);
    return buffer;
  }
  for (const auto& p : prefixes) {
    if (bytes && p.scale < 1) break;
    if (std::fabs(v) >= p.scale || (bytes && p.scale == 1)) {
      std::snprintf(buffer, sizeof buffer, "%.4g %s%s", v / p.scale, p.prefix, unit);
      return buffer;
    }
  }
  std::snprintf(buffer, sizeof buffer, "%.4g %s", v, unit);
  return buffer;
}

std::string objective_text(const Objective& objective, double value) {
  if (!objective.weighted && objective.metric == Metric::cost) {  // money: 4 significant digits and the currency
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.4g %s", value, objective.currency.c_str());
    return buffer;
  }
  return objective.weighted ? exact(std::round(value * 1e6) / 1e6) : pretty(value, metric_unit(objective.metric));
}

void print_rows(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string cell = row[i];
      if (i + 1 < row.size()) cell.resize(width[i] + 2, ' ');
      line += cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

// The tier's layers as profile layer indices ("0-12", "13"): the numbers that -q queries use (for an imported
// Scission model, Scission's layer indices), not block indices.
std::string layer_range_text(const SearchSpace& space, const Configuration& config, int tier) {
  if (!config.uses(tier)) return "-";
  const int first = space.blocks[config.begin[tier]].first_layer;
  const int last = space.blocks[config.end[tier] - 1].last_layer;
  return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

std::string hops_text(const SearchSpace& space, const Configuration& config, const Estimate& e) {
  std::string text;
  int from = 0;
  for (int t = 0; t < space.tier_count(); ++t) {
    if (!config.uses(t)) continue;
    if (t != from) {
      text += (text.empty() ? "" : ", ") + space.tier_names[from] + ">" + space.tier_names[t] + " " +
              pretty(e.tier[t].in_bytes, "B") + " " + pretty(e.tier[t].in_transfer_s, "s");
    }
    from = t;
  }
  return text.empty() ? "-" : text;
}

}  // namespace

std::string describe_configuration(const SearchSpace& space, const Configuration& config) {
  std::string text;
  for (int t = 0; t < space.tier_count(); ++t) {
    if (!config.uses(t)) continue;
    text += (text.empty() ? "" : " > ") + space.tier_names[t] + ":" + space.machines[t][config.host_class[t]].name + "[" +
            layer_range_text(space, config, t) + "]";
  }
  if (!config.uses(0)) text = space.tier_names[0] + ":" + space.machines[0][config.host_class[0]].name + "[-] > " + text;
  return text;
}

void print_ranking(std::ostream& out, const Estimator& estimator, const SearchResult& result, const Objective& objective) {
  const SearchSpace& space = estimator.space();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"rank", "objective", "latency", "compute", "transfer"};
  for (const auto& tier : space.tier_names) header.push_back(tier);
  header.push_back("hops (expected bytes, time)");
  header.push_back("device energy");
  rows.push_back(header);
  for (size_t i = 0; i < result.ranked.size(); ++i) {
    const Ranked& r = result.ranked[i];
    std::vector<std::string> row = {std::to_string(i + 1), objective_text(objective, r.objective), pretty(r.estimate.latency_s, "s"),
                                    pretty(r.estimate.compute_s, "s"), pretty(r.estimate.transfer_s + r.estimate.return_s, "s")};
    for (int t = 0; t < space.tier_count(); ++t)
      row.push_back(r.config.uses(t) ? space.machines[t][r.config.host_class[t]].name + "[" + layer_range_text(space, r.config, t) +
                                           "] " + pretty(r.estimate.tier[t].compute_s, "s")
                                     : "-");
    row.push_back(hops_text(space, r.config, r.estimate));
    row.push_back(pretty(r.estimate.device_energy_j, "J"));
    rows.push_back(row);
  }
  print_rows(out, rows);
}

void write_ranking_csv(std::ostream& out, const Estimator& estimator, const std::vector<Ranked>& ranked,
                       const Objective& objective, const std::vector<SimulatedFigures>& verified) {
  const SearchSpace& space = estimator.space();
  // Ranked by cost: the caused cost per sample, its unit the currency (docs/partition.md, "Output file").
  const bool cost = objective.uses(Metric::cost);
  const std::string cost_column = cost_key(objective.currency) + "_per_sample";
  out << "rank,objective,latency_s,compute_s,transfer_s,return_s,device_energy_j,total_energy_j,wan_bytes";
  if (cost) out << "," << cost_column;
  for (const auto& t : space.tier_names)
    out << "," << t << ".class," << t << ".blocks," << t << ".first_layer," << t << ".last_layer," << t << ".compute_s," << t
        << ".compute_energy_j," << t << ".reach," << t << ".in_bytes," << t << ".in_transfer_s," << t << ".max_upload_bytes";
  out << ",sim.rank,sim.objective,sim.latency_s,sim.device_energy_j,sim.total_energy_j,sim.wan_bytes";
  if (cost) out << ",sim." << cost_column;
  out << ",partition\n";
  const auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  for (size_t i = 0; i < ranked.size(); ++i) {
    const Ranked& r = ranked[i];
    const Estimate& e = r.estimate;
    out << i + 1 << "," << exact(r.objective) << "," << exact(e.latency_s) << "," << exact(e.compute_s) << ","
        << exact(e.transfer_s) << "," << exact(e.return_s) << "," << exact(e.device_energy_j) << ","
        << exact(e.total_energy_j) << "," << exact(e.wan_bytes);
    if (cost) out << "," << exact(e.caused_cost);
    for (int t = 0; t < space.tier_count(); ++t) {
      const TierFigures& f = e.tier[t];
      const int cls = r.config.host_class[t];
      out << "," << (cls >= 0 ? space.machines[t][cls].name : "");
      if (r.config.uses(t)) {
        out << "," << block_range_text(r.config, t) << ","
            << space.layer_names[space.blocks[r.config.begin[t]].first_layer] << ","
            << space.layer_names[space.blocks[r.config.end[t] - 1].last_layer];
      } else {
        out << ",,,";
      }
      out << "," << exact(f.compute_s) << "," << exact(f.compute_energy_j) << "," << exact(f.reach) << "," << exact(f.in_bytes)
          << "," << exact(f.in_transfer_s) << "," << exact(f.max_upload_bytes);
    }
    if (i < verified.size() && verified[i].ok) {
      const SimulatedFigures& s = verified[i];
      out << "," << s.rank << "," << exact(s.objective) << "," << exact(s.latency_s) << "," << exact(s.device_energy_j) << ","
          << exact(s.total_energy_j) << "," << exact(s.wan_bytes);
      if (cost) out << "," << exact(s.caused_cost);
    } else {
      out << ",,,,,," << (cost ? "," : "");
    }
    // Last: the only quoted cell (YAML flow text with commas), ready for --set model.partition=...
    out << "," << quote(partition_yaml(space, r.config)) << "\n";
  }
}

int print_verification(std::ostream& out, const Estimator& estimator, const std::vector<Ranked>& ranked,
                       const Objective& objective, const std::vector<SimulatedFigures>& verified) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"analytic rank", "simulated rank", "", "analytic", "simulated", "difference", "configuration"});
  int disagreements = 0;
  for (size_t i = 0; i < verified.size(); ++i) {
    const SimulatedFigures& s = verified[i];
    const bool differ = !s.ok || s.rank != static_cast<int>(i + 1);
    disagreements += differ ? 1 : 0;
    std::string difference = "-";
    if (s.ok && ranked[i].objective != 0) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%+.2f%%", 100.0 * (s.objective - ranked[i].objective) / ranked[i].objective);
      difference = buffer;
    }
    rows.push_back({std::to_string(i + 1), s.ok ? std::to_string(s.rank) : "failed", differ ? "*" : "",
                    objective_text(objective, ranked[i].objective), s.ok ? objective_text(objective, s.objective) : s.error,
                    difference, describe_configuration(estimator.space(), ranked[i].config)});
  }
  print_rows(out, rows);
  return disagreements;
}

}  // namespace hybridfog::search

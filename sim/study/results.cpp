#include "study/results.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/number_format.hpp"
#include "core/output_folder.hpp"

namespace fs = std::filesystem;

namespace hybridfog {
namespace {

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::string value_text(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_number_float()) return format_number(value.get<double>());
  if (value.is_number()) return value.dump();
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

bool run_complete(const StudySpec& study, const std::string& study_dir, int point, int replication) {
  const fs::path dir = fs::path(study_dir) / StudySpec::run_dir(point, replication);
  if (!fs::exists(dir / "summary.json") || !fs::exists(dir / "manifest.json")) return false;
  try {
    const auto manifest = read_json_file((dir / "manifest.json").string());
    return manifest.at("seed").get<std::uint64_t>() == study.replication_seed(replication) &&
           manifest.at("overrides").get<std::vector<std::string>>() == study.overrides_of(study.points[point]);
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<std::pair<int, int>> incomplete_runs(const StudySpec& study, const std::string& study_dir) {
  std::vector<std::pair<int, int>> out;
  for (const auto& point : study.points)
    for (int r = 0; r < study.replications; ++r)
      if (!run_complete(study, study_dir, point.index, r)) out.emplace_back(point.index, r);
  return out;
}

namespace {

// A key as one token of a JSON pointer (RFC 6901: '~' is "~0", '/' is "~1"), e.g. a head "camera/exit".
std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace

void write_results(const StudySpec& study, const std::string& study_dir) {
  const auto missing = incomplete_runs(study, study_dir);
  if (!missing.empty()) {
    std::string list;
    for (size_t i = 0; i < missing.size() && i < 5; ++i)
      list += (i ? ", " : "") + StudySpec::run_dir(missing[i].first, missing[i].second);
    throw std::runtime_error(std::to_string(missing.size()) + " of " + std::to_string(study.runs()) +
                             " runs are not finished (" + list + (missing.size() > 5 ? ", ..." : "") + ")");
  }
  struct Row {
    int point, replication;
    nlohmann::json summary;
  };
  std::vector<Row> rows;
  std::set<std::string> heads, tiers, link_classes;
  // Several applications (docs/outputs.md, "Several applications"): each application's heads.
  std::map<std::string, std::set<std::string>> applications;
  bool any_deadline = false;  // deadline columns only when a point sets workload.deadline
  // Cost accounts (docs/outputs.md, "Cost"), one per currency ("cost_usd"), with their tiers and link classes.
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> costs;
  for (const auto& point : study.points)
    for (int r = 0; r < study.replications; ++r) {
      Row row{point.index, r,
              read_json_file((fs::path(study_dir) / StudySpec::run_dir(point.index, r) / "summary.json").string())};
      for (const auto& [h, _] : row.summary["exit_fraction"].items()) heads.insert(h);
      for (const auto& [t, _] : row.summary["energy_j"]["by_tier"].items()) tiers.insert(t);
      for (const auto& [c, _] : row.summary["bytes"]["by_link_class"].items()) link_classes.insert(c);
      for (const auto& [c, _] : row.summary["link_utilization"].items()) link_classes.insert(c);
      any_deadline = any_deadline || row.summary.contains("deadline");
      if (row.summary.contains("by_application"))
        for (const auto& [name, app] : row.summary["by_application"].items())
          for (const auto& [h, _] : app["exit_fraction"].items()) applications[name].insert(h);
      for (const auto& [key, cost] : row.summary.items()) {
        if (key.rfind("cost_", 0) != 0 || !cost.is_object() || !cost.contains("by_tier")) continue;
        auto& [cost_tiers, cost_classes] = costs[key];
        for (const auto& [t, _] : cost["by_tier"].items()) cost_tiers.insert(t);
        for (const auto& [c, _] : cost["by_link_class"].items()) cost_classes.insert(c);
      }
      rows.push_back(std::move(row));
    }

  // Columns: (name, JSON pointer into summary.json); axis columns are handled apart.
  std::vector<std::pair<std::string, std::string>> columns = {
      {"samples", "/samples"}, {"correct", "/correct"}, {"accuracy", "/accuracy"}};
  for (const auto& h : heads) columns.push_back({"exit_fraction." + h, "/exit_fraction/" + pointer_token(h)});
  for (const char* p : {"mean", "p50", "p95", "p99", "max"}) columns.push_back({std::string("latency_s.") + p, std::string("/latency_s/") + p});
  for (const char* p : {"compute", "queue", "send_queue", "transfer"})
    columns.push_back({std::string("latency_parts_mean_s.") + p, std::string("/latency_parts_mean_s/") + p});
  columns.push_back({"energy_j.total", "/energy_j/total"});
  for (const auto& t : tiers) columns.push_back({"energy_j.by_tier." + t, "/energy_j/by_tier/" + t});
  columns.push_back({"compute_energy_j.total", "/compute_energy_j/total"});
  for (const auto& t : tiers) columns.push_back({"compute_energy_j.by_tier." + t, "/compute_energy_j/by_tier/" + t});
  columns.push_back({"network_energy_j.total", "/network_energy_j/total"});
  for (const char* key : {"caused_per_sample", "caused_total", "fleet_total", "idle_total"})
    columns.push_back({std::string("energy_account_j.") + key, std::string("/energy_account_j/") + key});
  static const char* const kComponents[] = {"host_idle", "host_dynamic", "compute_analytic", "radio_idle",
                                            "radio_above_idle"};
  for (const char* c : kComponents)
    columns.push_back({std::string("energy_account_j.total.") + c, std::string("/energy_account_j/total/") + c});
  columns.push_back({"energy_account_j.total.network", "/energy_account_j/total/network"});
  for (const auto& t : tiers)
    for (const char* c : kComponents)
      columns.push_back({"energy_account_j.by_tier." + t + "." + c, "/energy_account_j/by_tier/" + t + "/" + c});
  columns.push_back({"bytes.total", "/bytes/total"});
  for (const auto& c : link_classes) columns.push_back({"bytes.by_link_class." + c, "/bytes/by_link_class/" + c});
  for (const auto& c : link_classes) {
    columns.push_back({"link_utilization." + c + ".mean", "/link_utilization/" + c + "/mean"});
    columns.push_back({"link_utilization." + c + ".peak", "/link_utilization/" + c + "/peak"});
  }
  columns.push_back({"sim_time_s", "/sim_time_s"});
  // Studies with failures or a wireless access (docs/outputs.md, summary.json `recovery`); others keep their columns.
  bool failures = false;
  for (const Row& row : rows) failures = failures || row.summary.contains("recovery");
  if (failures)
    for (const char* key : {"arrivals", "completed", "fell_back", "given_up", "retried", "retries", "losses"})
      columns.push_back({std::string("recovery.") + key, std::string("/recovery/") + key});
  // Studies with devices that fail (docs/outputs.md, summary.json `device_failures`).
  bool device_failures = false;
  for (const Row& row : rows) device_failures = device_failures || row.summary.contains("device_failures");
  if (device_failures)
    for (const char* key : {"failures", "devices_failed", "down_s", "given_up", "arrivals_while_down"})
      columns.push_back({std::string("device_failures.") + key, std::string("/device_failures/") + key});
  // Studies with battery-powered devices (docs/outputs.md, summary.json `battery`).
  bool batteries = false;
  for (const Row& row : rows) batteries = batteries || row.summary.contains("battery");
  if (batteries)
    for (const char* key : {"battery_devices", "deaths", "devices_alive_at_end", "first_death_s", "died_10pct_s",
                            "died_50pct_s", "end_fraction_mean", "drained_j", "given_up", "arrivals_not_generated"})
      columns.push_back({std::string("battery.") + key, std::string("/battery/") + key});
  if (any_deadline) {
    for (const char* key : {"misses", "miss_fraction", "fallbacks", "correct_in_time", "accuracy_in_time", "goodput_per_s"})
      columns.push_back({std::string("deadline.") + key, std::string("/deadline/") + key});
    columns.push_back({"deadline.latency_over_deadline.p95", "/deadline/latency_over_deadline/p95"});
  }
  for (const auto& [name, app_heads] : applications) {
    const std::string column = "by_application." + name + ".", pointer = "/by_application/" + pointer_token(name) + "/";
    for (const char* key : {"devices", "samples", "accuracy", "given_up", "caused_energy_j", "caused_energy_per_sample_j", "bytes"})
      columns.push_back({column + key, pointer + key});
    for (const char* p : {"mean", "p50", "p95", "p99", "max"})
      columns.push_back({column + "latency_s." + p, pointer + "latency_s/" + p});
    for (const auto& h : app_heads) columns.push_back({column + "exit_fraction." + h, pointer + "exit_fraction/" + pointer_token(h)});
    if (any_deadline)
      for (const char* key : {"misses", "miss_fraction", "accuracy_in_time"})
        columns.push_back({column + "deadline." + key, pointer + "deadline/" + key});
  }
  for (const auto& [key, tiers_and_classes] : costs) {
    for (const char* total : {"total", "provisioned_total", "caused_total", "total_per_sample", "caused_per_sample"})
      columns.push_back({key + "." + total, "/" + key + "/" + total});
    for (const auto& t : tiers_and_classes.first)
      for (const char* part : {"provisioned", "caused"})
        columns.push_back({key + ".by_tier." + t + "." + part, "/" + key + "/by_tier/" + t + "/" + part});
    for (const auto& c : tiers_and_classes.second)
      columns.push_back({key + ".by_link_class." + c + ".caused", "/" + key + "/by_link_class/" + c + "/caused"});
  }

  std::ostringstream out;
  out << "point,replication,seed,scenario_name,policy_name,policy_threshold";
  for (const auto& key : study.axis_keys) out << "," << csv_field(key);
  for (const auto& [name, _] : columns) out << "," << name;
  out << ",output_dir\n";
  for (const Row& row : rows) {
    out << row.point << "," << row.replication << "," << study.replication_seed(row.replication) << ","
        << csv_field(row.summary.value("scenario", "")) << "," << csv_field(row.summary.value("policy", "")) << ","
        << (row.summary.contains("policy_threshold") ? value_text(row.summary["policy_threshold"]) : "");
    const auto& assignments = study.points[row.point].assignments;
    for (const auto& key : study.axis_keys) {
      std::string text;
      for (const auto& [k, v] : assignments)
        if (k == key) text = v;
      out << "," << csv_field(text);
    }
    for (const auto& [_, pointer] : columns) {
      const nlohmann::json::json_pointer ptr(pointer);
      const bool present = row.summary.contains(ptr);
      out << "," << (present ? csv_field(value_text(row.summary.at(ptr))) : "");
    }
    out << "," << StudySpec::run_dir(row.point, row.replication) << "\n";
  }
  const fs::path target = fs::path(study_dir) / "results.csv";
  const fs::path temporary = fs::path(study_dir) / ".results.csv.partial";
  // Every byte checked before the rename; on failure no partial file is left (a full disk says so).
  try {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error("cannot write " + temporary.string() + ": " + std::strerror(errno));
    file << out.str();
    file.flush();
    close_checked(file, temporary.string());
    fs::rename(temporary, target);
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

}  // namespace hybridfog

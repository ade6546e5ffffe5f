#include "search/verify.hpp"

#include "core/child_process.hpp"
#include "core/output_folder.hpp"
#include "core/units.hpp"
#include "platform/platform_yaml.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

namespace hybridfog::search {

namespace {

double number_at(const nlohmann::json& j, std::initializer_list<const char*> path, double fallback = 0) {
  const nlohmann::json* node = &j;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return fallback;
    node = &(*node)[key];
  }
  return node->is_number() ? node->get<double>() : fallback;
}

std::string last_line(const std::string& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

}  // namespace

SimulatedFigures figures_from_summary(const nlohmann::json& summary, const ScenarioSpec& spec, const Objective& objective) {
  SimulatedFigures f;
  f.ok = true;
  f.samples = static_cast<long long>(number_at(summary, {"samples"}));
  const double n = f.samples > 0 ? static_cast<double>(f.samples) : 1.0;
  const std::string device_tier = spec.platform.tiers.front().name;
  f.latency_s = number_at(summary, {"latency_s", "mean"});
  const double access_j = number_at(summary, {"network_energy_j", "by_link_class", "access"});
  // The energy a sample causes, as the estimator counts it (docs/partition.md): computation in the run's
  // compute view, radio above idle, network energy per bit.
  const bool analytic = spec.outputs.compute_energy_view == ComputeEnergyView::analytic;
  const char* compute = analytic ? "compute_analytic" : "host_dynamic";
  f.device_energy_j = (number_at(summary, {"energy_account_j", "by_tier", device_tier.c_str(), compute}) +
                       number_at(summary, {"energy_account_j", "by_tier", device_tier.c_str(), "radio_above_idle"}) + access_j) / n;
  f.total_energy_j = number_at(summary, {"energy_account_j", "caused_per_sample"});
  const char* wan_class = spec.platform.uplink ? "uplink" : "ingress";
  f.wan_bytes = number_at(summary, {"bytes", "by_link_class", wan_class}) / n;
  Estimate as_estimate;
  as_estimate.latency_s = f.latency_s;
  as_estimate.device_energy_j = f.device_energy_j;
  as_estimate.total_energy_j = f.total_energy_j;
  as_estimate.wan_bytes = f.wan_bytes;
  f.caused_cost = number_at(summary, {cost_key(spec.platform.currency).c_str(), "caused_per_sample"});
  as_estimate.caused_cost = f.caused_cost;
  f.objective = objective.value(as_estimate);
  return f;
}

std::optional<std::string> restricted_platform_yaml(const ScenarioSpec& spec, const Configuration& config) {
  bool needed = false;
  for (size_t t = 0; t < spec.platform.tiers.size(); ++t)
    needed = needed || (config.host_class[t] >= 0 && spec.platform.tiers[t].classes.size() > 1);
  if (!needed) return std::nullopt;
  // The platform as the scenario resolved it (its `--set platform.<path>` overrides included), restricted.
  PlatformSpec restricted = spec.platform;
  for (size_t t = 0; t < restricted.tiers.size(); ++t) {
    const int chosen = config.host_class[t];
    if (chosen < 0 || restricted.tiers[t].classes.size() < 2) continue;
    HostClassSpec kept = restricted.tiers[t].classes[static_cast<size_t>(chosen)];
    if (t == 0) kept.count = spec.platform.devices_per_site();
    restricted.tiers[t].classes = {kept};
  }
  return std::string("# written by hybridfog partition --verify from ") + spec.platform.file + "\n" +
         platform_to_yaml(restricted);
}

std::vector<SimulatedFigures> verify_by_simulation(const ScenarioSpec& spec, const SearchSpace& space,
                                                   const std::vector<Ranked>& configurations, const Objective& objective,
                                                   const VerifyOptions& options) {
  namespace fs = std::filesystem;
  std::vector<SimulatedFigures> results(configurations.size());
  fs::create_directories(options.work_dir);
  struct Started {
    size_t index;
    std::string output, log;
  };
  std::map<pid_t, Started> running;
  const auto collect = [&](pid_t pid, int status) {
    const Started& run = running.at(pid);
    SimulatedFigures f;
    if (status != 0) {
      f.error = "exit status " + std::to_string(status) + ": " + last_line(run.log);
    } else {
      std::ifstream in(run.output + "/summary.json");
      f = figures_from_summary(nlohmann::json::parse(in), spec, objective);
    }
    f.output_dir = run.output;
    results[run.index] = f;
    running.erase(pid);
  };
  for (size_t i = 0; i < configurations.size(); ++i) {
    const Configuration& config = configurations[i].config;
    const fs::path dir = fs::absolute(fs::path(options.work_dir) / ("rank-" + std::to_string(i + 1)));
    fs::create_directories(dir);
    RunCommandLine command;
    command.executable = options.executable;
    command.scenario = options.scenario_file;
    command.output_dir = (dir / "run").string();
    command.seed = options.seed;
    const auto platform = restricted_platform_yaml(spec, config);
    for (const auto& o : options.overrides)
      if (!platform || o.rfind("platform.", 0) != 0) command.overrides.push_back(o);  // else in the restricted copy
    command.overrides.push_back("model.partition=" + partition_yaml(space, config));
    if (platform) {
      const fs::path file = dir / "platform.yaml";
      std::ofstream out(file, std::ios::binary);
      out << *platform;
      close_checked(out, file.string());
      command.overrides.push_back("platform=" + file.string());
    }
    while (static_cast<int>(running.size()) >= std::max(1, options.jobs)) {
      const pid_t pid = running.begin()->first;  // the oldest first: finishing order does not matter
      collect(pid, wait_child(pid));
    }
    const std::string log = (dir / "run.log").string();
    running[start_child(run_arguments(command), log)] = Started{i, command.output_dir, log};
  }
  while (!running.empty()) {
    const pid_t pid = running.begin()->first;
    collect(pid, wait_child(pid));
  }
  // Rank by simulated objective (failed runs last), ties by analytic order.
  std::vector<size_t> order(results.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (results[a].ok != results[b].ok) return results[a].ok;
    return results[a].ok && results[a].objective < results[b].objective;
  });
  for (size_t r = 0; r < order.size(); ++r) results[order[r]].rank = static_cast<int>(r + 1);
  return results;
}

}  // namespace hybridfog::search

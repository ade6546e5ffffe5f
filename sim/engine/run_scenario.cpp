#include <algorithm>
#include "engine/run_scenario.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/version.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/input_error.hpp"
#include "core/sha256.hpp"
#include "hybridfog/version.hpp"
#include "metrics/output_dir.hpp"

namespace hybridfog {

void check_simgrid_config(const std::vector<std::string>& settings) {
  const SourceLocation command_line{"<command line>", 0, 0};
  for (const auto& setting : settings) {
    const size_t colon = setting.find(':');
    const std::string name = setting.substr(0, colon);
    const auto refuse = [&](const std::string& why) {
      throw InputError(command_line, "--simgrid-cfg", why + ", got \"" + excerpt(setting) + "\"");
    };
    if (colon == std::string::npos || colon == 0) refuse("expected NAME:VALUE");
    const std::string value = setting.substr(colon + 1);
    if (name == "network/model" || name == "network/crosstraffic" || name == "network/latency-factor" ||
        name == "network/bandwidth-factor" || name == "host/model" || name == "cpu/model")
      refuse(name + " is set by the scenario (network.model) and cannot be changed here");
    if (name == "network/TCP-gamma") refuse(name + " is set by the scenario (network.tcp_window) and cannot be changed here");
    const bool integer_setting = name == "contexts/stack-size" || name == "contexts/guard-size";
    const bool precision_setting = name == "maxmin/precision" || name == "surf/precision";
    if (!integer_setting && !precision_setting)
      refuse("not an allowed setting (allowed: contexts/stack-size, contexts/guard-size, maxmin/precision, "
             "surf/precision)");
    char* end = nullptr;
    errno = 0;
    const double number = integer_setting ? static_cast<double>(std::strtol(value.c_str(), &end, 10))
                                          : std::strtod(value.c_str(), &end);
    const bool parsed = !value.empty() && *end == '\0' && errno == 0 && std::isfinite(number);
    if (integer_setting && !(parsed && number >= 0 && number <= 1048576)) refuse("expected an integer in [0, 1048576]");
    if (precision_setting && !(parsed && number > 0 && number <= 0.1)) refuse("expected a number in (0, 0.1]");
  }
}

nlohmann::json make_manifest(const ScenarioSpec& spec, const std::vector<std::string>& overrides,
                             const std::vector<std::string>& simgrid_config) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& in : spec.inputs)
    inputs.push_back({{"role", in.role},
                      {"path", in.path},
                      {"bytes", std::filesystem::file_size(in.path)},
                      {"sha256", sha256_file(in.path)}});
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return {{"format", "hybridfog-run"},
          {"format_version", 1},
          {"hybridfog_version", kVersion},
          {"git_revision", kGitRevision},
          {"simgrid_version", std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch)},
          {"seed", spec.seed},
          {"overrides", overrides},
          {"simgrid_config", simgrid_config},
          {"scenario", scenario_to_json(spec)},
          {"inputs", inputs}};
}

nlohmann::json run_scenario(const ScenarioSpec& spec, const RunRequest& request) {
  OutputDir out(request.output_dir);
  // The manifest is computed first: its checksums describe the inputs as they were when the run began.
  check_simgrid_config(request.simulation.simgrid_config);
  const nlohmann::json manifest = make_manifest(spec, request.overrides, request.simulation.simgrid_config);

  std::vector<std::string> head_names, tier_names;
  for (const auto& tier : spec.platform.tiers) tier_names.push_back(tier.name);
  RunIdentity run{spec.name, spec.policy.name, spec.policy.threshold, spec.policy.thresholds, spec.seed};
  std::vector<RecorderLayout::Application> applications;
  bool policy_threshold = false;
  if (spec.applications.empty()) {
    for (const auto& head : spec.profile.heads) head_names.push_back(head.name);
    policy_threshold = spec.exit_policy->context_needs().context && spec.exit_policy->new_state() != nullptr;
  } else {
    // Several applications (docs/outputs.md): heads "<application>/<head>", the policies' names joined by "+".
    run.policy.clear();
    run.policy_threshold.reset();
    run.policy_thresholds.clear();
    std::vector<std::string> policies;
    for (const ApplicationSpec& app : spec.applications) {
      RecorderLayout::Application entry{app.name, app.policy.name, {}, static_cast<long long>(app.devices.size())};
      for (const auto& head : app.profile.heads) {
        entry.head_names.push_back(head.name);
        head_names.push_back(app.name + "/" + head.name);
      }
      if (std::find(policies.begin(), policies.end(), app.policy.name) == policies.end()) {
        policies.push_back(app.policy.name);
        run.policy += (run.policy.empty() ? "" : "+") + app.policy.name;
      }
      policy_threshold = policy_threshold || (app.exit_policy->context_needs().context && app.exit_policy->new_state() != nullptr);
      applications.push_back(std::move(entry));
    }
  }
  RecorderLayout layout{head_names, tier_names, run, compute_energy_view_name(spec.outputs.compute_energy_view),
                        spec.failures.any};
  layout.applications = std::move(applications);
  layout.deadlines = !spec.workload.deadline_s_by_class.empty();
  layout.policy_threshold = policy_threshold;
  layout.mobility = spec.mobility.has_value();
  layout.batteries = spec.platform.has_batteries();
  layout.device_failures = spec.failures.devices;
  if (spec.orchestration.any())
    for (const auto& tier : spec.platform.tiers) {
      if (tier.scope == TierScope::device) continue;
      layout.server_tiers.push_back(tier.name);
      layout.server_tier_sites.push_back(tier.scope == TierScope::site);
    }
  if (spec.platform.has_prices()) {
    // docs/formats.md, "Prices": a host class without a per_kwh of its own pays the platform's.
    CostPrices prices;
    prices.currency = spec.platform.currency;
    prices.link_per_kwh = spec.platform.price_per_kwh.value_or(0);
    for (const auto& tier : spec.platform.tiers)
      for (const auto& c : tier.classes) {
        const HostPriceSpec price = c.price.value_or(HostPriceSpec{});
        prices.host_classes.push_back({price.per_hour, price.per_busy_core_hour, price.per_kwh.value_or(prices.link_per_kwh)});
      }
    for (LinkClass c : {LinkClass::access, LinkClass::uplink, LinkClass::ingress})
      if (const LinkSpec* link = spec.platform.link(c); link && link->price_per_gb) prices.per_gb[link_class_name(c)] = *link->price_per_gb;
    layout.prices = std::move(prices);
  }
  Recorder recorder(std::move(layout), spec.outputs.samples ? out.file("samples.csv") : "");
  run_simulation(spec, recorder, request.simulation);

  const nlohmann::json summary = recorder.summary();
  if (spec.outputs.hosts) recorder.write_hosts_csv(out.file("hosts.csv"));
  if (spec.outputs.links) recorder.write_links_csv(out.file("links.csv"));
  if (spec.mobility || spec.platform.has_batteries() || spec.failures.devices) recorder.write_devices_csv(out.file("devices.csv"));
  if (spec.outputs.events) recorder.events().write_csv(out.file("events.csv"));
  if (spec.outputs.link_windows) write_link_windows_csv(out.file("link_windows.csv"), recorder.link_windows());
  out.write("manifest.json", manifest.dump(2) + "\n");
  out.write("summary.json", summary.dump(2) + "\n");  // last: its presence means the run completed
  out.commit();
  return summary;
}

}  // namespace hybridfog

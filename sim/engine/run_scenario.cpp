#include "engine/run_scenario.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/version.h>

#include <filesystem>

#include "core/sha256.hpp"
#include "hybridfog/version.hpp"
#include "metrics/output_dir.hpp"

namespace hybridfog {

nlohmann::json make_manifest(const ScenarioSpec& spec, const std::vector<std::string>& overrides) {
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
          {"scenario", scenario_to_json(spec)},
          {"inputs", inputs}};
}

nlohmann::json run_scenario(const ScenarioSpec& spec, const RunRequest& request) {
  OutputDir out(request.output_dir);
  // The manifest is computed first: its checksums describe the inputs as they were when the run began.
  const nlohmann::json manifest = make_manifest(spec, request.overrides);

  std::vector<std::string> head_names, tier_names;
  for (const auto& head : spec.profile.heads) head_names.push_back(head.name);
  for (const auto& tier : spec.platform.tiers) tier_names.push_back(tier.name);
  const RunIdentity run{spec.name, spec.policy.name, spec.policy.threshold, spec.policy.thresholds, spec.seed};
  const std::string compute_view =
      spec.outputs.compute_energy_view == ComputeEnergyView::analytic ? "analytic" : "host-dynamic";
  Recorder recorder({head_names, tier_names, run, compute_view}, spec.outputs.samples ? out.file("samples.csv") : "");
  run_simulation(spec, recorder, request.simulation);

  const nlohmann::json summary = recorder.summary();
  if (spec.outputs.hosts) recorder.write_hosts_csv(out.file("hosts.csv"));
  if (spec.outputs.links) recorder.write_links_csv(out.file("links.csv"));
  out.write("manifest.json", manifest.dump(2) + "\n");
  out.write("summary.json", summary.dump(2) + "\n");  // last: its presence means the run completed
  out.commit();
  return summary;
}

}  // namespace hybridfog

#pragma once
// One run from a resolved scenario to a complete output folder (docs/outputs.md):
// summary.json, samples.csv (optional), hosts.csv, links.csv, manifest.json, written atomically.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "engine/simulation.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

struct RunRequest {
  std::string output_dir;
  std::vector<std::string> overrides;  // the --set assignments, recorded in the manifest
  SimulationOptions simulation;
};

// Runs and writes the outputs; returns summary.json's content. Throws std::runtime_error on I/O errors
// (nothing is left at output_dir then).
nlohmann::json run_scenario(const ScenarioSpec& spec, const RunRequest& request);

// manifest.json: versions, seed, resolved scenario, overrides, SimGrid settings passed through, SHA-256 of
// every input file.
nlohmann::json make_manifest(const ScenarioSpec& spec, const std::vector<std::string>& overrides,
                             const std::vector<std::string>& simgrid_config = {});

// `--simgrid-cfg NAME:VALUE` settings are passed to SimGrid only from this allow-list (docs/outputs.md,
// "SimGrid settings"): contexts/stack-size and contexts/guard-size (integers), maxmin/precision and
// surf/precision (numbers in (0, 0.1]). Settings the scenario owns (network/model, network/crosstraffic,
// network/TCP-gamma, ...) and anything else are refused: InputError naming the option.
void check_simgrid_config(const std::vector<std::string>& settings);

}  // namespace hybridfog

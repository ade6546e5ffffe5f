// hybridfog run SCENARIO [-o DIR] [--set key.path=value ...] [--seed N]
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "cli/command.hpp"
#include "cli/summary_printer.hpp"
#include "core/output_folder.hpp"
#include "engine/run_scenario.hpp"

namespace hybridfog::cli {
namespace {

class RunCommand final : public Command {
 public:
  void setup(CLI::App& sub) override {
    sub.add_option("scenario", scenario_, "scenario YAML file")->required();
    sub.add_option("-o,--output", output_, "output folder (replaced if it is an earlier hybridfog output)")
        ->capture_default_str();
    sub.add_option("--set", overrides_, "override a scenario value: key.path=value (repeatable)");
    sub.add_option("--seed", seed_, "override the scenario's seed");
    sub.add_flag("--no-progress", no_progress_, "no progress lines on stderr");
    sub.add_option("--simgrid-cfg", simgrid_cfg_, "extra SimGrid setting, e.g. contexts/stack-size:16 (repeatable)");
  }

  int run() override {
    check_output_folder(output_, OutputKind::run);  // before any work: a folder we may not replace is refused
    const ScenarioSpec spec = load_scenario(scenario_, overrides_, seed_);
    RunRequest request;
    request.output_dir = output_;
    request.overrides = overrides_;
    request.simulation.simgrid_config = simgrid_cfg_;
    if (!no_progress_)
      request.simulation.progress = [](std::uint64_t done, std::uint64_t expected, double sim_time) {
        if (expected > 0)
          std::fprintf(stderr, "progress: %llu/%llu samples (%.1f%%), simulated %.1f s\n",
                       static_cast<unsigned long long>(done), static_cast<unsigned long long>(expected),
                       100.0 * static_cast<double>(done) / static_cast<double>(expected), sim_time);
        else
          std::fprintf(stderr, "progress: %llu samples, simulated %.1f s\n", static_cast<unsigned long long>(done), sim_time);
      };
    spdlog::info("running {} ({} devices, policy {}, network model {}) into {}", spec.name, spec.platform.device_count(),
                 spec.policy.name, network_model_name(spec.network_model), output_);
    const nlohmann::json summary = run_scenario(spec, request);
    print_summary(summary, std::cout);
    spdlog::info("outputs written to {}", output_);
    return 0;
  }

 private:
  std::string scenario_;
  std::string output_ = "out";
  std::vector<std::string> overrides_;
  std::optional<std::uint64_t> seed_;
  bool no_progress_ = false;
  std::vector<std::string> simgrid_cfg_;
};

HYBRIDFOG_REGISTER_COMMAND("run", "simulate a scenario and write its outputs", RunCommand);

}  // namespace
}  // namespace hybridfog::cli

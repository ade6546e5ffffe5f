// hybridfog run SCENARIO [-o DIR] [--set key.path=value ...] [--seed N] [--max-wall SECONDS]
#include <algorithm>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <iostream>

#include "cli/command.hpp"
#include "cli/summary_printer.hpp"
#include "core/input_error.hpp"
#include "core/output_folder.hpp"
#include "core/progress.hpp"
#include "engine/run_scenario.hpp"
#include "scenario/offered_load.hpp"
#include "engine/simulation.hpp"

namespace hybridfog::cli {
namespace {

// Exit status of a run stopped by --max-wall (docs/outputs.md, "Exit status").
constexpr int kExitWallLimit = 3;
constexpr int kExitBadInput = 2;

class RunCommand final : public Command {
 public:
  void setup(CLI::App& sub) override {
    sub.add_option("scenario", scenario_, "scenario YAML file")->required();
    sub.add_option("-o,--output", output_, "output folder (replaced if it is an earlier hybridfog output)")
        ->capture_default_str();
    sub.add_option("--set", overrides_, "override a scenario value: key.path=value (repeatable)");
    sub.add_option("--seed", seed_, "override the scenario's seed, in [0, 2^62]")->check(seed_range());
    sub.add_option("--max-memory", max_memory_, "refuse a scenario whose estimated memory exceeds this, e.g. 4GiB (Default: 16GiB)");
    sub.add_flag("--no-progress", no_progress_, "no progress lines on stderr");
    sub.add_option("--progress-interval", progress_interval_s_,
                   "seconds between progress lines (Default: 0.5 on a terminal, 5 otherwise)")
        ->check(seconds_range(false));
    sub.add_option("--max-wall", max_wall_s_, "stop the run after this many seconds of wall time; no outputs are written")
        ->check(seconds_range(true));
    sub.add_option("--simgrid-cfg", simgrid_cfg_, "extra SimGrid setting, e.g. contexts/stack-size:16 (repeatable)");
  }

  // network.model: ns-3 reads NS_ATTRIBUTE_DEFAULT only when its libraries load: without the value the run
  // needs (ns3_attribute_defaults), the process runs itself again, same command line, with it set.
  static void reexec_for_ns3(const ScenarioSpec& spec) {
    const std::string defaults = ns3_attribute_defaults(spec);
    const char* env = std::getenv("NS_ATTRIBUTE_DEFAULT");
    if (env != nullptr && defaults == env) return;
    std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
    std::vector<std::string> args;
    for (std::string arg; std::getline(cmdline, arg, '\0');) args.push_back(arg);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    setenv("NS_ATTRIBUTE_DEFAULT", defaults.c_str(), 1);
    std::fflush(nullptr);
    execv("/proc/self/exe", argv.data());
    throw std::runtime_error("network.model: ns-3: could not run hybridfog again with NS_ATTRIBUTE_DEFAULT set");
  }

  int run() override {
    check_output_folder(output_, OutputKind::run);  // before any work: a folder we may not replace is refused
    check_simgrid_config(simgrid_cfg_);
    const ScenarioSpec spec = load_scenario(scenario_, overrides_, seed_, scenario_limits(max_memory_));
    for (const std::string& warning : spec.failures.warnings) spdlog::warn("{}", warning);
    if (spec.network_model == NetworkModel::ns3) reexec_for_ns3(spec);
    for (const OfferedLoad& load : offered_loads(spec))
      if (load.utilization() >= 1) spdlog::warn("{}", describe_overload(load));
    RunRequest request;
    request.output_dir = output_;
    request.overrides = overrides_;
    request.simulation.simgrid_config = simgrid_cfg_;
    request.simulation.max_wall_s = max_wall_s_;
    // Progress is information: shown at --log-level info and below.
    const bool show_progress = !no_progress_ && spdlog::should_log(spdlog::level::info);
    ProgressPrinter printer(stderr, ::isatty(::fileno(stderr)) == 1, progress_interval_s_);
    const auto start = std::chrono::steady_clock::now();
    if (show_progress) {
      request.simulation.progress_interval_s = printer.interval_s();
      // A run bounded by a duration: the ETA comes from the simulated clock against that duration.
      std::optional<double> duration;  // several applications: the longest
      for (const ApplicationRef& app : application_refs(spec))
        if (app.workload->duration_s) duration = std::max(duration.value_or(0.0), *app.workload->duration_s);
      request.simulation.progress = [&printer, start, duration](std::uint64_t done, std::uint64_t expected, double sim_time) {
        ProgressSnapshot snapshot;
        snapshot.done = done;
        snapshot.total = expected;
        snapshot.sim_time_s = sim_time;
        if (expected == 0) snapshot.sim_duration_s = duration;
        snapshot.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        printer.update(snapshot, true);
      };
      // A large platform takes seconds to build before the first sample (100,000 sites: about 10 s).
      request.simulation.platform_progress = [](int built, int sites, double elapsed_s) {
        std::fprintf(stderr, "platform: %s/%s sites built, elapsed %.1f s\n",
                     with_separators(static_cast<std::uint64_t>(built)).c_str(),
                     with_separators(static_cast<std::uint64_t>(sites)).c_str(), elapsed_s);
      };
    }
    std::string policies = "policy " + spec.policy.name;
    if (!spec.applications.empty()) {
      policies = std::to_string(spec.applications.size()) + " applications:";
      for (const ApplicationSpec& app : spec.applications) policies += " " + app.name + " (" + app.policy.name + ")";
    }
    spdlog::info("running {} ({} devices, {}, network model {}) into {}", spec.name, spec.platform.device_count(),
                 policies, network_model_name(spec.network_model), output_);
    nlohmann::json summary;
    try {
      summary = run_scenario(spec, request);
    } catch (const WallLimitReached& stop) {
      printer.finish();
      std::string done = with_separators(stop.finished);
      if (stop.expected > 0) done += " of " + with_separators(stop.expected);
      std::fprintf(stderr,
                   "stopped: --max-wall %g s reached after %s samples (simulated %.1f s, wall %.1f s); no outputs "
                   "written to %s\n",
                   max_wall_s_, done.c_str(), stop.sim_time_s, stop.wall_s, output_.c_str());
      // The staging folder is gone (OutputDir's destructor ran on the way out). SimGrid's engine was left
      // mid-run (engine/simulation.cpp) and its exit-time teardown would crash: end here, streams flushed.
      std::fflush(stdout);
      std::fflush(stderr);
      std::_Exit(kExitWallLimit);
    } catch (const InputError& error) {
      // Bad input found while running (a policy written in Python that raised or answered wrongly): one line,
      // exit 2; nothing written (the staging folder is gone), and no teardown of the stopped engine, as above.
      printer.finish();
      std::fprintf(stderr, "%s\n", one_line(error.what()).c_str());
      std::fflush(stdout);
      std::fflush(stderr);
      std::_Exit(kExitBadInput);
    }
    printer.finish();
    std::vector<std::string> tiers;
    for (const auto& tier : spec.platform.tiers) tiers.push_back(tier.name);
    print_summary(summary, std::cout, tiers);
    spdlog::info("outputs written to {}", output_);
    return 0;
  }

 private:
  std::string scenario_;
  std::string output_ = "out";
  std::vector<std::string> overrides_;
  std::optional<std::uint64_t> seed_;
  std::string max_memory_;
  bool no_progress_ = false;
  double progress_interval_s_ = -1;
  double max_wall_s_ = 0;
  std::vector<std::string> simgrid_cfg_;
};

HYBRIDFOG_REGISTER_COMMAND("run", "simulate a scenario and write its outputs", RunCommand);

}  // namespace
}  // namespace hybridfog::cli

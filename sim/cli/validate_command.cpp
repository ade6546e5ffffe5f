// hybridfog validate SCENARIO [--set key.path=value ...]: parse and check everything, simulate nothing.
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/command.hpp"
#include "core/input_error.hpp"
#include "scenario/offered_load.hpp"
#include "scenario/scenario_spec.hpp"
#include "scenario/stage_plan.hpp"
#include "study/study_spec.hpp"

namespace hybridfog::cli {
namespace {

// Host classes that run MACs of a precision they declare no `energy_per_mac` for: their analytic compute
// energy (compute_energy_j, the energy account's compute_analytic) counts those MACs as 0 J. One warning per
// class and precision, naming the platform file and the key path.
std::vector<std::string> missing_energy_per_mac(const ScenarioSpec& spec) {
  const StagePlan plan = build_stage_plan(spec);
  std::vector<std::string> warnings;
  for (size_t t = 0; t < spec.platform.tiers.size(); ++t) {
    const TierSpec& tier = spec.platform.tiers[t];
    for (size_t c = 0; c < tier.classes.size(); ++c) {
      for (Precision p : kAllPrecisions) {
        double macs = 0;
        for (size_t k = 0; k < plan.stages.size(); ++k)
          if (plan.stage_tier[k] == static_cast<int>(t)) macs += plan.stages[k].macs[static_cast<int>(p)];
        if (macs <= 0 || tier.classes[c].energy_per_mac_j[static_cast<int>(p)]) continue;
        char text[512];
        std::snprintf(text, sizeof text,
                      "%s: tiers[%zu].classes[%zu].energy_per_mac.%s: host class %s of tier %s runs %s MACs (%.6g per "
                      "sample that reaches it) but declares no energy per MAC for %s; its analytic compute energy "
                      "(compute_energy_j, compute_analytic) counts them as 0 J",
                      spec.platform.file.c_str(), t, c, precision_name(p), tier.classes[c].name.c_str(),
                      tier.name.c_str(), precision_name(p), macs, precision_name(p));
        warnings.push_back(text);
      }
    }
  }
  return warnings;
}

class ValidateCommand final : public Command {
 public:
  void setup(CLI::App& sub) override {
    sub.add_option("scenario", scenario_, "scenario (or study) YAML file")->required();
    sub.add_option("--set", overrides_, "override a scenario value: key.path=value (repeatable)");
    sub.add_option("--max-memory", max_memory_, "refuse a scenario whose estimated memory exceeds this, e.g. 4GiB (Default: 16GiB)");
  }

  int run() override {
    if (is_study_file(scenario_)) {  // a study: every point's scenario, checked as sweep would
      if (!overrides_.empty())
        throw InputError(SourceLocation{"<command line>", 0, 0}, "--set", "a study sets its own values (its `set:`)");
      std::cout << describe_study(load_study(scenario_)) << "\n";
      return 0;
    }
    const ScenarioSpec spec = load_scenario(scenario_, overrides_, std::nullopt, scenario_limits(max_memory_));
    const WorkEstimate work = estimate_work(spec);
    // A duration bounds arrivals by time: their number is the processes' expectation.
    const std::uint64_t exact = expected_samples(spec);
    bool by_duration = false;
    for (const ApplicationRef& app : application_refs(spec)) by_duration = by_duration || app.workload->duration_s;
    const std::string samples = exact || !by_duration
                                    ? std::to_string(exact)
                                    : "about " + std::to_string(static_cast<long long>(std::llround(work.samples)));
    if (spec.applications.empty()) {
      std::cout << scenario_ << ": ok (" << spec.platform.device_count() << " devices, " << spec.profile.layers.size()
                << " layers, " << spec.trace.rows() << " trace rows, policy " << spec.policy.name << ", " << samples
                << " samples, estimated memory " << work.memory_bytes / (1 << 20) << " MiB)\n";
    } else {
      std::cout << scenario_ << ": ok (" << spec.platform.device_count() << " devices, " << spec.applications.size()
                << " applications, " << samples << " samples, estimated memory " << work.memory_bytes / (1 << 20) << " MiB)\n";
      for (const ApplicationSpec& app : spec.applications)
        std::cout << "  " << app.name << ": " << app.devices.size() << " devices, model " << app.profile.name << " ("
                  << app.profile.layers.size() << " layers, " << app.trace.rows() << " trace rows), policy "
                  << app.policy.name << "\n";
    }
    for (const std::string& warning : spec.failures.warnings) spdlog::warn("{}", warning);
    for (const OfferedLoad& load : offered_loads(spec))
      if (load.utilization() >= 1) spdlog::warn("{}", describe_overload(load));
    for (const std::string& warning : missing_energy_per_mac(spec)) spdlog::warn("{}", warning);
    return 0;
  }

 private:
  std::string scenario_;
  std::vector<std::string> overrides_;
  std::string max_memory_;
};

HYBRIDFOG_REGISTER_COMMAND("validate", "parse and check a scenario and everything it uses; simulate nothing",
                           ValidateCommand);

}  // namespace
}  // namespace hybridfog::cli

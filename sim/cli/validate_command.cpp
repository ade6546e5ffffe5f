// hybridfog validate SCENARIO [--set key.path=value ...]: parse and check everything, simulate nothing.
#include <spdlog/spdlog.h>

#include <cmath>
#include <iostream>

#include "cli/command.hpp"
#include "core/input_error.hpp"
#include "scenario/offered_load.hpp"
#include "scenario/scenario_spec.hpp"
#include "study/study_spec.hpp"

namespace hybridfog::cli {
namespace {

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
    const std::string samples = exact || !spec.workload.duration_s
                                    ? std::to_string(exact)
                                    : "about " + std::to_string(static_cast<long long>(std::llround(work.samples)));
    std::cout << scenario_ << ": ok (" << spec.platform.device_count() << " devices, " << spec.profile.layers.size()
              << " layers, " << spec.trace.rows() << " trace rows, policy " << spec.policy.name << ", " << samples
              << " samples, estimated memory " << work.memory_bytes / (1 << 20) << " MiB)\n";
    for (const OfferedLoad& load : offered_loads(spec))
      if (load.utilization() >= 1) spdlog::warn("{}", describe_overload(load));
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

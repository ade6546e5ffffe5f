// Uses the installed rooms: scenario (load and cross-check), policy (registry filled by the installed
// library's static registrars), cost (a segment's time), engine (a real run into a folder).
#include <cstdio>
#include <string>

#include "cost/cost_model.hpp"
#include "engine/run_scenario.hpp"
#include "scenario/scenario_spec.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer SCENARIO OUTPUT_DIR\n");
    return 2;
  }
  using namespace hybridfog;
  const ScenarioSpec spec = load_scenario(argv[1], {"workload.samples_per_device=3"});
  std::printf("scenario %s: %d devices, policies:", spec.name.c_str(), spec.platform.device_count());
  for (const auto& name : PolicyRegistry::names()) std::printf(" %s", name.c_str());
  const auto stages = build_stages(spec.profile, spec.partition);
  const int tier = spec.platform.tier_index(stages.front().tier);
  const cost::SegmentCost first = cost::segment_cost(stages.front().macs, spec.platform.tiers[tier].classes.front());
  std::printf("\nfirst stage: %.9g s\n", first.seconds);
  RunRequest request;
  request.output_dir = argv[2];
  const nlohmann::json summary = run_scenario(spec, request);
  std::printf("samples %d\n", summary["samples"].get<int>());
  return 0;
}

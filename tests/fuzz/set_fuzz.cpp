// libFuzzer target: `--set key.path=value` (split_assignment + apply_override) on the small fuzz scenario's
// YAML (tests/fuzz/seeds/scenario/small.yaml), then the scenario parse of the result. Seeds: tests/fuzz/seeds/set/*.
#include "fuzz_support.hpp"
#include "core/yaml_override.hpp"
#include "scenario/scenario_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string assignment(reinterpret_cast<const char*>(data), size);
  const std::string scenario = hybridfog::fuzz::work_dir() + "/scenarios/small.yaml";
  hybridfog::fuzz::expect_only_input_errors([&] { hybridfog::load_scenario(scenario, {assignment}); });
  return 0;
}

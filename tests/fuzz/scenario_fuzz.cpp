// libFuzzer target: scenario YAML (load_scenario: parse, resolve the files it names, cross-check them, the
// work estimate). The input is written to scenarios/fuzz.yaml of a tree laid out like the sources, so the
// shipped scenarios' relative paths resolve. Seeds: tests/fuzz/seeds/scenario/ and tests/data/partition/*scenario.yaml (paths rewritten), small
// models only: the shipped scenarios load traces of 10,000 rows (about 20 inputs/s under ASan).
#include "fuzz_support.hpp"
#include "scenario/scenario_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string file = hybridfog::fuzz::write_input("scenarios/fuzz.yaml", data, size);
  hybridfog::fuzz::expect_only_input_errors([&] { hybridfog::load_scenario(file); });
  return 0;
}

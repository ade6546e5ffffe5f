// libFuzzer target: study YAML (load_study: expansion of the axes, limits, every point validated against
// its base scenario). Seeds: tests/fuzz/seeds/study/ and the smoke and fleet-scaling studies with `base: ../small.yaml`.
#include "fuzz_support.hpp"
#include "study/study_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string file = hybridfog::fuzz::write_input("scenarios/studies/fuzz.yaml", data, size);
  hybridfog::fuzz::expect_only_input_errors([&] { hybridfog::load_study(file); });
  return 0;
}

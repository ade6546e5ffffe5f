// libFuzzer target: trace CSV (load_trace, then check_trace_against_profile with the synthetic chain
// profile). Seeds: the first lines of models/traces/*.csv and tests/data/*.csv.
#include "fuzz_support.hpp"
#include "model/model_profile.hpp"
#include "scenario/cross_checks.hpp"
#include "trace/trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const hybridfog::ModelProfile profile =
      hybridfog::load_profile(hybridfog::fuzz::work_dir() + "/tests/data/synthetic-chain.yaml");
  const std::string file = hybridfog::fuzz::write_input("fuzz-trace.csv", data, size);
  hybridfog::fuzz::expect_only_input_errors([&] {
    hybridfog::Trace trace = hybridfog::load_trace(file);
    hybridfog::check_trace_against_profile(trace, profile);
  });
  return 0;
}

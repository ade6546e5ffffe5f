// libFuzzer target: arrival trace CSV (load_arrival_trace for the quickstart platform's 10 devices).
// Seeds: tests/data/arrivals-*.csv.
#include "fuzz_support.hpp"
#include "platform/platform_spec.hpp"
#include "scenario/workload_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const hybridfog::PlatformSpec platform =
      hybridfog::load_platform(hybridfog::fuzz::work_dir() + "/platforms/quickstart.yaml");
  const std::string file = hybridfog::fuzz::write_input("fuzz-arrivals.csv", data, size);
  hybridfog::fuzz::expect_only_input_errors(
      [&] { hybridfog::load_arrival_trace(file, platform, {"scenario.yaml", 1, 1}, "workload.file"); });
  return 0;
}

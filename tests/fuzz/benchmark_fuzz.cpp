// libFuzzer target: partition benchmark CSV (load_benchmark_csv against the scission-chain test profile).
// Seeds: tests/data/partition/scission-benchmark*.csv.
#include "fuzz_support.hpp"
#include "model/model_profile.hpp"
#include "search/benchmark_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const hybridfog::ModelProfile profile =
      hybridfog::load_profile(hybridfog::fuzz::work_dir() + "/tests/data/partition/scission-profile.yaml");
  const std::string file = hybridfog::fuzz::write_input("fuzz-benchmark.csv", data, size);
  hybridfog::fuzz::expect_only_input_errors(
      [&] { hybridfog::search::load_benchmark_csv(file, "scission-chain", profile); });
  return 0;
}

// libFuzzer target: partition network CSV (load_network_csv). Seeds: tests/data/partition/scission-network.csv.
#include "fuzz_support.hpp"
#include "search/benchmark_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string file = hybridfog::fuzz::write_input("fuzz-network.csv", data, size);
  hybridfog::fuzz::expect_only_input_errors([&] { hybridfog::search::load_network_csv(file); });
  return 0;
}

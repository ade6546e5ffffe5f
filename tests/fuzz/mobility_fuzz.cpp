// libFuzzer target: mobility trace CSV (load_mobility_trace into a fleet of 12 devices, as in
// platforms/commuter-wifi.yaml). Seeds: scenarios/mobility/*.csv.
#include <vector>

#include "fuzz_support.hpp"
#include "scenario/mobility_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string file = hybridfog::fuzz::write_input("fuzz-mobility.csv", data, size);
  hybridfog::fuzz::expect_only_input_errors([&] {
    std::vector<hybridfog::DeviceMobility> devices(12);
    hybridfog::load_mobility_trace(file, devices);
  });
  return 0;
}

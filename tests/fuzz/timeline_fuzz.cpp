// libFuzzer target: a profile over time read from a CSV file (core/csv_reader + platform/profile_spec), the
// file named by a bandwidth profile of a link class. Seeds: tests/fuzz/seeds/timeline/.
#include "core/yaml_node.hpp"
#include "fuzz_support.hpp"
#include "platform/profile_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string file = hybridfog::fuzz::write_input("fuzz-timeline.csv", data, size);
  hybridfog::fuzz::expect_only_input_errors([&] {
    const auto profiles = hybridfog::parse_link_profiles(
        hybridfog::YNode::load_string("bandwidth: {file: " + file + ", period: 1h}\n", "fuzz-platform.yaml"));
    if (profiles.bandwidth) (void)profiles.bandwidth->steps_until(7200);
  });
  return 0;
}

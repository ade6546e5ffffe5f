// libFuzzer target: model profile YAML (parse_profile). Seeds: models/profiles/*.yaml, tests/data/*.yaml.
#include "fuzz_support.hpp"
#include "core/yaml_node.hpp"
#include "model/model_profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hybridfog::fuzz::expect_only_input_errors(
      [&] { hybridfog::parse_profile(hybridfog::YNode::load_string(text, "fuzz.yaml")); });
  return 0;
}

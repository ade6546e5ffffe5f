// libFuzzer target: platform YAML (parse_platform). Seeds: platforms/*.yaml, tests/data/partition/*platform.yaml.
#include "fuzz_support.hpp"
#include "core/yaml_node.hpp"
#include "platform/platform_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hybridfog::fuzz::expect_only_input_errors(
      [&] { hybridfog::parse_platform(hybridfog::YNode::load_string(text, "fuzz.yaml")); });
  return 0;
}

#pragma once
// `--set key.path=value` overrides applied to a YAML tree before it is parsed (scenarios, platforms).
// Key paths use dots for maps and [i] for list items; the value is YAML text. Missing map keys are
// created (the parser then judges them), list indices must exist.
#include <yaml-cpp/yaml.h>

#include <string>
#include <utility>

namespace hybridfog {

// "a.b=1" -> {"a.b", "1"}; an InputError (exit status 2) when there is no '=' or no key.
std::pair<std::string, std::string> split_assignment(const std::string& assignment);

// Replaces (or adds) the value at `path` in `root`; errors name `--set <shown_path>`. Returns the canonical
// key path (e.g. "tiers[1].classes") that YNode uses, so that errors on the value point at the command line.
std::string apply_override(YAML::Node root, const std::string& path, const std::string& value_text,
                           const std::string& shown_path);

}  // namespace hybridfog

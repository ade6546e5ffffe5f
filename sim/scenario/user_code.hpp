#pragma once
// Scenario keys that name code the user wrote in Python (policy `python`, orchestration rule `python`;
// docs/policies.md, docs/orchestration.md): the module, and the parameters handed to the user's class.
#include <nlohmann/json.hpp>

#include <string>

#include "core/yaml_node.hpp"

namespace hybridfog {

// A YAML value as JSON: maps, sequences, null, true/false, numbers; any other scalar, or a quoted one, a string.
nlohmann::json yaml_to_json(const YNode& node);

// A Python module: a file ending in .py, relative to the scenario's folder (absolute here), or a module name
// looked up on the interpreter's path (kept as written). A .py file that is not there fails at the key.
std::string python_module_path(const YNode& node);

}  // namespace hybridfog

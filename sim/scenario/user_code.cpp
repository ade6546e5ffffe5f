#include "scenario/user_code.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>

namespace hybridfog {

using nlohmann::json;

// A YAML value as JSON (policy parameters handed to code written by the user, docs/policies.md "Policies
// written in Python"): maps, sequences, null, true/false, numbers; any other scalar, or a quoted one, a string.
json yaml_to_json(const YNode& node) {
  if (node.is_null()) return nullptr;
  if (node.is_map()) {
    json object = json::object();
    for (const auto& [key, value] : node.entries()) object[key] = yaml_to_json(value);
    return object;
  }
  if (node.is_sequence()) {
    json array = json::array();
    for (const YNode& item : node.items(true)) array.push_back(yaml_to_json(item));
    return array;
  }
  const std::string text = node.as_string();
  if (node.raw().Tag() == "!") return text;  // quoted: a string whatever it reads
  if (text == "true" || text == "false") return text == "true";
  if (!text.empty()) {
    char* end = nullptr;
    errno = 0;
    const long long integer = std::strtoll(text.c_str(), &end, 10);
    if (*end == '\0' && errno == 0) return integer;
    const double number = std::strtod(text.c_str(), &end);
    if (*end == '\0' && std::isfinite(number)) return number;
  }
  return text;
}

// A Python module: a file ending in .py, relative to the scenario's folder (absolute here), or a module name
// looked up on the interpreter's path (kept as written).
std::string python_module_path(const YNode& node) {
  const std::string module = node.as_string();
  if (module.size() < 3 || module.compare(module.size() - 3, 3, ".py") != 0) return module;
  std::filesystem::path path(module);
  if (path.is_relative()) path = std::filesystem::path(node.file()).parent_path() / path;  // as every input file
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  if (error || !std::filesystem::is_regular_file(absolute, error))
    node.fail("no Python file " + path.string() + " (a path relative to the scenario's folder, or a module name)");
  return absolute.lexically_normal().string();
}

}  // namespace hybridfog

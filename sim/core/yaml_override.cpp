#include "core/yaml_override.hpp"

#include "core/yaml_node.hpp"

namespace hybridfog {
namespace {

const SourceLocation kCommandLine{"<command line>", 0, 0};

// Splits "a.b[2].c" into segments "a", "b", "[2]", "c".
std::vector<std::string> split_key_path(const std::string& path, const std::string& whole) {
  std::vector<std::string> parts;
  std::string current;
  for (size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.') {
      if (current.empty()) throw InputError(kCommandLine, "--set " + whole, "empty key in key path");
      parts.push_back(current);
      current.clear();
    } else if (c == '[') {
      if (!current.empty()) parts.push_back(current);
      current.clear();
      const size_t close = path.find(']', i);
      if (close == std::string::npos) throw InputError(kCommandLine, "--set " + whole, "missing ']' in key path");
      parts.push_back(path.substr(i, close - i + 1));
      i = close;
      if (i + 1 < path.size() && path[i + 1] == '.') ++i;
    } else {
      current += c;
    }
  }
  if (!current.empty()) parts.push_back(current);
  if (parts.empty()) throw InputError(kCommandLine, "--set " + whole, "empty key path");
  return parts;
}

}  // namespace

std::pair<std::string, std::string> split_assignment(const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(kCommandLine, "--set " + excerpt(assignment), "expected key.path=value");
  return {assignment.substr(0, eq), assignment.substr(eq + 1)};
}

std::string apply_override(YAML::Node root, const std::string& path, const std::string& value_text,
                           const std::string& shown_path) {
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::Exception& e) {
    throw InputError(kCommandLine, "--set " + shown_path, "value is not valid YAML: " + e.msg);
  }
  if (const auto tag = find_yaml_tag(value))
    throw InputError(kCommandLine, "--set " + shown_path,
                     "YAML tags are not accepted (got \"" + excerpt(tag->tag) + "\"): write the value plainly");
  const auto parts = split_key_path(path, shown_path);
  std::string canonical;
  YAML::Node node = root;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const std::string& part = parts[i];
    if (part.front() == '[') {
      if (!node.IsSequence()) throw InputError(kCommandLine, "--set " + shown_path, canonical + " is not a list");
      // Only decimal digits: "[1x]", "[-1]", "[ 1]" are refused, not read as [1].
      const std::string digits = part.substr(1, part.size() - 2);
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
        throw InputError(kCommandLine, "--set " + shown_path, "bad list index " + excerpt(part));
      const size_t index = std::stoul(digits);
      if (index >= node.size())
        throw InputError(kCommandLine, "--set " + shown_path, canonical + " has only " + std::to_string(node.size()) + " items");
      canonical += part;
      if (last) {
        node[index] = value;
      } else {
        node.reset(node[index]);
      }
    } else {
      if (!node.IsMap() && !node.IsNull())
        throw InputError(kCommandLine, "--set " + shown_path, (canonical.empty() ? "the scenario" : canonical) + " is not a map");
      canonical = join_path(canonical, part);
      if (last) {
        node[part] = value;
      } else {
        if (!node[part].IsDefined() || node[part].IsNull()) node[part] = YAML::Node(YAML::NodeType::Map);
        node.reset(node[part]);
      }
    }
  }
  return canonical;
}

}  // namespace hybridfog

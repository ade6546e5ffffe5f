#include "core/yaml_node.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hybridfog {

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

YNode::YNode(YAML::Node node, std::string path, std::shared_ptr<const YamlOrigin> origin)
    : node_(std::move(node)), path_(std::move(path)), origin_(std::move(origin)) {}

std::optional<YamlTag> find_yaml_tag(const YAML::Node& root) {
  // Depth first, in document order, without recursion (a deeply nested document cannot exhaust the stack).
  std::vector<std::pair<YAML::Node, std::string>> stack = {{root, ""}};
  while (!stack.empty()) {
    const auto [node, path] = stack.back();
    stack.pop_back();
    if (!node.IsDefined()) continue;
    const std::string& tag = node.Tag();
    if (!tag.empty() && tag != "?" && tag != "!") return YamlTag{path, tag, node.Mark()};
    std::vector<std::pair<YAML::Node, std::string>> children;
    if (node.IsMap()) {
      for (const auto& entry : node) {
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "?";
        children.emplace_back(entry.first, join_path(path, key));
        children.emplace_back(entry.second, join_path(path, key));
      }
    } else if (node.IsSequence()) {
      size_t index = 0;
      for (const auto& item : node) children.emplace_back(item, index_path(path, index++));
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return std::nullopt;
}

YNode YNode::load_string(const std::string& text, const std::string& file_label) {
  auto origin = std::make_shared<YamlOrigin>();
  origin->file = file_label;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SourceLocation where{file_label, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1};
    throw InputError(where, "", "YAML syntax error: " + e.msg);
  }
  if (const auto tag = find_yaml_tag(root))
    throw InputError({file_label, tag->mark.is_null() ? 0 : tag->mark.line + 1, tag->mark.is_null() ? 0 : tag->mark.column + 1},
                     tag->path, "YAML tags are not accepted (got \"" + excerpt(tag->tag) + "\"): write the value plainly");
  return YNode(root, "", origin);
}

YNode YNode::load_file(const std::string& file) {
  check_input_file(file, {file, 0, 0}, "", kMaxYamlFileBytes);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError({file, 0, 0}, "", std::string("cannot open file: ") + std::strerror(errno));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return load_string(buffer.str(), file);
}

SourceLocation YNode::location() const {
  for (const auto& overridden : origin_->overridden) {
    if (path_ == overridden || path_.rfind(overridden + ".", 0) == 0 || path_.rfind(overridden + "[", 0) == 0)
      return {"<command line --set " + (origin_->override_prefix + overridden) + ">", 0, 0};
  }
  const YAML::Mark mark = node_.Mark();
  if (mark.is_null()) {
    // A node the command line made (--set a.b=1 where the file has no `a`): the --set that made it.
    for (const auto& overridden : origin_->overridden)
      if (!path_.empty() && (overridden.rfind(path_ + ".", 0) == 0 || overridden.rfind(path_ + "[", 0) == 0))
        return {"<command line --set " + (origin_->override_prefix + overridden) + ">", 0, 0};
    return {origin_->file, 0, 0};
  }
  return {origin_->file, mark.line + 1, mark.column + 1};
}

void YNode::fail(const std::string& detail) const { throw InputError(location(), path_, detail); }

YNode YNode::child(const YAML::Node& node, const std::string& path) const { return YNode(node, path, origin_); }

std::string YNode::describe() const {
  if (node_.IsScalar()) return "\"" + excerpt(node_.Scalar()) + "\"";
  if (node_.IsMap()) return "a map";
  if (node_.IsSequence()) return "a list";
  return "nothing";
}

void YNode::expect_map() const {
  if (!node_.IsMap()) fail("expected a map of keys, got " + describe());
}

void YNode::expect_keys(const std::vector<std::string>& allowed) const {
  expect_map();
  std::set<std::string> seen;
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    YNode key_node = child(entry.first, join_path(path_, key));
    bool known = false;
    for (const auto& a : allowed) known = known || a == key;
    if (!known) {
      std::string choices;
      for (const auto& a : allowed) choices += (choices.empty() ? "" : ", ") + a;
      key_node.fail("unknown key (allowed here: " + choices + ")");
    }
    if (!seen.insert(key).second) key_node.fail("key given twice");
  }
}

bool YNode::has(const std::string& key) const {
  if (!node_.IsMap()) return false;
  const YAML::Node value = node_[key];
  return value.IsDefined() && !value.IsNull();
}

YNode YNode::required(const std::string& key) const {
  expect_map();
  if (!has(key)) fail("missing required key '" + key + "'");
  return child(node_[key], join_path(path_, key));
}

std::optional<YNode> YNode::optional(const std::string& key) const {
  expect_map();
  if (!has(key)) return std::nullopt;
  return child(node_[key], join_path(path_, key));
}

std::vector<std::pair<std::string, YNode>> YNode::entries() const {
  expect_map();
  std::vector<std::pair<std::string, YNode>> out;
  std::set<std::string> seen;
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    if (!seen.insert(key).second) child(entry.first, join_path(path_, key)).fail("key given twice");
    out.emplace_back(key, child(entry.second, join_path(path_, key)));
  }
  return out;
}

std::vector<YNode> YNode::items(bool allow_empty) const {
  if (!node_.IsSequence()) fail("expected a list, got " + describe());
  if (!allow_empty && node_.size() == 0) fail("expected a non-empty list");
  std::vector<YNode> out;
  for (size_t i = 0; i < node_.size(); ++i) out.push_back(child(node_[i], index_path(path_, i)));
  return out;
}

std::string YNode::as_string() const {
  if (!node_.IsScalar()) fail("expected a string, got " + describe());
  if (!is_clean_utf8(node_.Scalar())) fail("expected UTF-8 text without NUL bytes, got " + describe());
  return node_.Scalar();
}

long long YNode::as_int(long long min_value, long long max_value) const {
  const std::string range = "[" + std::to_string(min_value) + ", " + std::to_string(max_value) + "]";
  if (!node_.IsScalar()) fail("expected an integer in " + range + ", got " + describe());
  const std::string text = as_string();
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') fail("expected an integer, got " + describe());
  // An integer too large for 64 bits is out of range, not "not an integer".
  if (errno == ERANGE || value < min_value || value > max_value)
    fail("expected an integer in " + range + ", got " + describe());
  return value;
}

double YNode::as_number() const {
  if (!node_.IsScalar()) fail("expected a number, got " + describe());
  const std::string text = as_string();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value)) fail("expected a number, got " + describe());
  return value;
}

bool YNode::as_bool() const {
  const std::string text = as_string();
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  fail("expected true or false, got " + describe());
}

double YNode::as_quantity(QuantityKind kind, bool positive) const {
  if (!node_.IsScalar())
    fail(std::string("expected a ") + quantity_kind_name(kind) + " like \"" + quantity_example(kind) + "\", got " +
         describe());
  const auto value = parse_quantity(node_.Scalar(), kind);
  if (!value)
    fail(std::string("expected a ") + quantity_kind_name(kind) + " like \"" + quantity_example(kind) + "\", got " +
         describe());
  if (positive && !(*value > 0)) fail(std::string("must be greater than zero, got ") + describe());
  if (!positive && *value < 0) fail(std::string("must not be negative, got ") + describe());
  const QuantityRange range = quantity_range(kind);
  if (*value > range.max)
    fail(std::string("must be at most ") + range.max_text + ", got " + describe());
  if (*value != 0 && *value < range.min)
    fail(std::string("must be 0 or at least ") + range.min_text + ", got " + describe());
  return *value;
}

double YNode::as_price(const std::string& currency) const {
  const std::string expected = "expected a price like \"0.10 " + currency + "\" (a number and the platform's currency, " +
                               currency + "), got ";
  if (!node_.IsScalar()) fail(expected + describe());
  const auto value = parse_price(node_.Scalar(), currency);
  if (!value) fail(expected + describe());
  if (*value < 0) fail("a price must not be negative, got " + describe());
  if (*value > kMaxPrice) fail("must be at most 1e12 " + currency + ", got " + describe());
  return *value;
}

double YNode::as_coordinate() const {
  if (!node_.IsScalar()) fail(std::string("expected a length like \"-20m\", got ") + describe());
  const auto value = parse_quantity(node_.Scalar(), QuantityKind::length);
  if (!value) fail(std::string("expected a length like \"-20m\", got ") + describe());
  const QuantityRange range = quantity_range(QuantityKind::length);
  if (std::fabs(*value) > range.max) fail(std::string("must be within +-") + range.max_text + ", got " + describe());
  return *value;
}

std::string YNode::as_choice(const std::vector<std::string>& choices) const {
  const std::string text = as_string();
  std::string list;
  for (const auto& c : choices) {
    if (c == text) return text;
    list += (list.empty() ? "" : ", ") + c;
  }
  fail("expected one of " + list + ", got " + describe());
}

}  // namespace hybridfog

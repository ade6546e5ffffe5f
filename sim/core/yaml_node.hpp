#pragma once
// YNode: a yaml-cpp node that knows its file, its key path ("tiers[1].uplink.bandwidth") and where it
// came from, so that every complaint about it is an InputError naming file:line:col and the key path.
// All accessors are strict: wrong types, unknown keys, duplicate keys and missing units are errors.
#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "core/units.hpp"

namespace hybridfog {

struct YamlOrigin {
  std::string file;                    // file as the user named it
  std::set<std::string> overridden;    // key paths replaced from the command line (--set)
  std::string override_prefix;         // how the command line names this file's keys ("platform.")
};

class YNode {
 public:
  YNode(YAML::Node node, std::string path, std::shared_ptr<const YamlOrigin> origin);

  // Reads and parses a YAML file. A missing file or a syntax error is an InputError.
  static YNode load_file(const std::string& file);
  // Parses YAML text, reporting errors against `file_label`.
  static YNode load_string(const std::string& text, const std::string& file_label);

  const std::string& path() const { return path_; }
  const std::string& file() const { return origin_->file; }
  const YAML::Node& raw() const { return node_; }
  SourceLocation location() const;
  [[noreturn]] void fail(const std::string& detail) const;

  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_null() const { return !node_.IsDefined() || node_.IsNull(); }

  // Maps. expect_keys() fails on the first key not in `allowed` (or repeated), pointing at that key.
  void expect_map() const;
  void expect_keys(const std::vector<std::string>& allowed) const;
  bool has(const std::string& key) const;
  YNode required(const std::string& key) const;
  std::optional<YNode> optional(const std::string& key) const;
  std::vector<std::pair<std::string, YNode>> entries() const;

  // Sequences (a non-empty list unless allow_empty).
  std::vector<YNode> items(bool allow_empty = false) const;

  // Scalars.
  std::string as_string() const;
  long long as_int(long long min_value, long long max_value) const;
  double as_number() const;
  bool as_bool() const;
  // A quantity with a unit; must be > 0 when `positive`, >= 0 otherwise.
  double as_quantity(QuantityKind kind, bool positive) const;
  // A price "<number> <currency>" in [0, kMaxPrice], `currency` being the platform's (docs/formats.md, "Prices").
  double as_price(const std::string& currency) const;
  // A coordinate: a length of either sign ("-20m"), within the length range.
  double as_coordinate() const;
  // One of `choices`.
  std::string as_choice(const std::vector<std::string>& choices) const;

 private:
  YNode child(const YAML::Node& node, const std::string& path) const;
  std::string describe() const;  // the scalar as written, for "got ..." parts of messages

  YAML::Node node_;
  std::string path_;
  std::shared_ptr<const YamlOrigin> origin_;
};

// The first node of `root` (document order) with an explicit YAML tag (`!!binary`, `!custom`,
// `!!python/object`, even `!!str`): hybridfog's inputs take no tags, and yaml-cpp would drop them silently.
struct YamlTag {
  std::string path;  // its key path
  std::string tag;   // as yaml-cpp resolved it ("tag:yaml.org,2002:binary", "!custom")
  YAML::Mark mark;
};
std::optional<YamlTag> find_yaml_tag(const YAML::Node& root);

std::string join_path(const std::string& parent, const std::string& key);
std::string index_path(const std::string& parent, size_t index);

}  // namespace hybridfog

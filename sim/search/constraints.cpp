#include "search/constraints.hpp"

#include <algorithm>
#include <map>

#include "core/input_error.hpp"
#include "core/units.hpp"

namespace hybridfog::search {

namespace {

const SourceLocation kCommandLine{"<command line>", 0, 0};

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

std::string tier_list(const SearchSpace& space) {
  std::string out;
  for (const auto& t : space.tier_names) out += (out.empty() ? "" : ", ") + t;
  return out;
}

std::string class_list(const SearchSpace& space, int tier) {
  std::string out;
  for (const auto& m : space.machines[tier]) out += (out.empty() ? "" : ", ") + m.name;
  return out;
}

// "TIER=VALUE" -> (tier index, value).
std::pair<int, std::string> split_assignment(const SearchSpace& space, const std::string& option, const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(kCommandLine, option + " " + text, "expected TIER=VALUE");
  const std::string tier = trim(text.substr(0, eq));
  const auto it = std::find(space.tier_names.begin(), space.tier_names.end(), tier);
  if (it == space.tier_names.end())
    throw InputError(kCommandLine, option + " " + text, "no tier called \"" + tier + "\" (tiers: " + tier_list(space) + ")");
  return {static_cast<int>(it - space.tier_names.begin()), trim(text.substr(eq + 1))};
}

int find_layer(const SearchSpace& space, const std::string& name) {
  const auto it = std::find(space.layer_names.begin(), space.layer_names.end(), name);
  if (it != space.layer_names.end()) return static_cast<int>(it - space.layer_names.begin());
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos && name.size() < 10) {
    const int index = std::stoi(name);
    if (index < static_cast<int>(space.layer_names.size())) return index;
  }
  return -1;
}

int find_class(const SearchSpace& space, int tier, const std::string& name) {
  for (size_t c = 0; c < space.machines[tier].size(); ++c)
    if (space.machines[tier][c].name == name) return static_cast<int>(c);
  return -1;
}

void parse_query(const SearchSpace& space, const std::string& text, ConstraintSet& out) {
  const std::string option = "--query";
  const auto [tier, items] = split_assignment(space, option, text);
  const std::string where = option + " " + text;
  if (items.empty()) throw InputError(kCommandLine, where, "no items after '='");
  Constraint include{ConstraintKind::class_in, tier, -1, {}, 0, ""};
  size_t start = 0;
  while (start <= items.size()) {
    const size_t comma = items.find(',', start);
    const std::string token = trim(items.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    start = comma == std::string::npos ? items.size() + 1 : comma + 1;
    if (token.empty()) throw InputError(kCommandLine, where, "empty item");
    Constraint c;
    c.tier = tier;
    c.text = option + " " + space.tier_names[tier] + "=" + token;
    if (token == "-1" || token == "!-1") {
      c.kind = token == "-1" ? ConstraintKind::tier_unused : ConstraintKind::tier_used;
      out.items.push_back(c);
      continue;
    }
    const bool negated = token[0] == '!';
    std::string name = negated ? token.substr(1) : token;
    bool want_layer = true, want_class = true;
    if (name.rfind("layer:", 0) == 0) {
      name = name.substr(6);
      want_class = false;
    } else if (name.rfind("class:", 0) == 0) {
      name = name.substr(6);
      want_layer = false;
    }
    const int layer = want_layer ? find_layer(space, name) : -1;
    const int host_class = want_class ? find_class(space, tier, name) : -1;
    if (layer >= 0 && host_class >= 0)
      throw InputError(kCommandLine, c.text,
                       "\"" + name + "\" is both a layer and a host class of tier " + space.tier_names[tier] +
                           ": write layer:" + name + " or class:" + name);
    if (layer < 0 && host_class < 0) {
      std::string detail = "no ";
      detail += want_layer && want_class ? "layer or host class" : want_layer ? "layer" : "host class";
      detail += " called \"" + name + "\"";
      if (want_class) detail += " (host classes of tier " + space.tier_names[tier] + ": " + class_list(space, tier) + ")";
      if (want_layer)
        detail += "; layers are the profile's layer names or 0-based indices below " + std::to_string(space.layer_names.size());
      throw InputError(kCommandLine, c.text, detail);
    }
    if (layer >= 0) {
      c.kind = negated ? ConstraintKind::layer_not_on : ConstraintKind::layer_on;
      c.layer = layer;
      out.items.push_back(c);
    } else if (negated) {
      c.kind = ConstraintKind::class_not_in;
      c.classes = {host_class};
      out.items.push_back(c);
    } else {
      include.classes.push_back(host_class);
      include.text += (include.text.empty() ? option + " " + space.tier_names[tier] + "=" : ",") + name;
    }
  }
  if (!include.classes.empty()) out.items.push_back(include);
}

// Contradictions visible without enumerating anything.
void check_consistent(const SearchSpace& space, const ConstraintSet& set) {
  const auto fail = [](const Constraint& a, const Constraint& b, const std::string& why) {
    throw InputError(kCommandLine, b.text, "impossible together with " + a.text + ": " + why);
  };
  for (size_t i = 0; i < set.items.size(); ++i) {
    const Constraint& b = set.items[i];
    for (size_t j = 0; j < i; ++j) {
      const Constraint& a = set.items[j];
      const auto is = [&](ConstraintKind x, ConstraintKind y) {
        return (a.kind == x && b.kind == y) || (a.kind == y && b.kind == x);
      };
      if (a.tier == b.tier) {
        if (is(ConstraintKind::tier_unused, ConstraintKind::tier_used)) fail(a, b, "a tier cannot be both used and unused");
        if (is(ConstraintKind::tier_unused, ConstraintKind::layer_on)) fail(a, b, "an unused tier runs no layer");
        if (is(ConstraintKind::tier_unused, ConstraintKind::class_in)) fail(a, b, "naming a host class to use needs the tier used");
        if (is(ConstraintKind::layer_on, ConstraintKind::layer_not_on) && a.layer == b.layer)
          fail(a, b, "a layer cannot both run and not run on the same tier");
        if (a.kind == ConstraintKind::class_in && b.kind == ConstraintKind::class_in) {
          bool overlap = false;
          for (int x : a.classes) overlap = overlap || std::count(b.classes.begin(), b.classes.end(), x) > 0;
          if (!overlap) fail(a, b, "no host class is in both lists");
        }
      }
      if (a.kind == ConstraintKind::layer_on && b.kind == ConstraintKind::layer_on) {
        if (a.layer == b.layer && a.tier != b.tier) fail(a, b, "a layer runs on one tier only");
        if ((a.layer < b.layer && a.tier > b.tier) || (a.layer > b.layer && a.tier < b.tier))
          fail(a, b, "tiers run the network in order, from " + space.tier_names.front() + " outwards");
      }
    }
  }
  // Every host class a tier may use excluded?
  for (const Constraint& in : set.items) {
    if (in.kind != ConstraintKind::class_in) continue;
    std::vector<int> left = in.classes;
    for (const Constraint& out : set.items)
      if (out.kind == ConstraintKind::class_not_in && out.tier == in.tier)
        left.erase(std::remove(left.begin(), left.end(), out.classes[0]), left.end());
    if (left.empty()) throw InputError(kCommandLine, in.text, "impossible: every host class named here is also excluded");
  }
}

}  // namespace

ConstraintSet parse_constraints(const SearchSpace& space, const std::vector<std::string>& queries,
                                const std::vector<std::string>& max_uploads, const std::vector<std::string>& max_times) {
  ConstraintSet set;
  for (const auto& q : queries) parse_query(space, q, set);
  for (const auto& text : max_uploads) {
    const auto [tier, value] = split_assignment(space, "--max-upload", text);
    Constraint c;
    c.kind = ConstraintKind::max_upload;
    c.tier = tier;
    c.text = "--max-upload " + text;
    const auto bytes = parse_quantity(value, QuantityKind::data_size);
    if (!bytes || *bytes < 0)
      throw InputError(kCommandLine, c.text, "expected a data size >= 0 such as 200kB, got \"" + value + "\"");
    c.limit = *bytes;
    set.items.push_back(c);
  }
  for (const auto& text : max_times) {
    const auto [tier, value] = split_assignment(space, "--max-time", text);
    Constraint c;
    c.tier = tier;
    c.text = "--max-time " + text;
    if (!value.empty() && value.back() == '%') {
      c.kind = ConstraintKind::max_time_percent;
      size_t used = 0;
      double percent = -1;
      try {
        percent = std::stod(value.substr(0, value.size() - 1), &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used + 1 != value.size() || percent < 0 || percent > 100)
        throw InputError(kCommandLine, c.text, "expected a percentage in [0, 100] such as 40%, got \"" + value + "\"");
      c.limit = percent;
    } else {
      c.kind = ConstraintKind::max_time_s;
      const auto seconds = parse_quantity(value, QuantityKind::time);
      if (!seconds || *seconds < 0)
        throw InputError(kCommandLine, c.text, "expected a time >= 0 such as 50ms or a percentage such as 40%, got \"" + value + "\"");
      c.limit = *seconds;
    }
    set.items.push_back(c);
  }
  check_consistent(space, set);
  return set;
}

bool satisfies(const Constraint& c, const SearchSpace& space, const Configuration& config, const Estimate& estimate) {
  switch (c.kind) {
    case ConstraintKind::layer_on:
    case ConstraintKind::layer_not_on: {
      const int block = space.block_of_layer(c.layer);
      const bool on = config.begin[c.tier] <= block && block < config.end[c.tier];
      return on == (c.kind == ConstraintKind::layer_on);
    }
    case ConstraintKind::tier_unused: return !config.uses(c.tier);
    case ConstraintKind::tier_used: return config.uses(c.tier);
    case ConstraintKind::class_in:
      return config.uses(c.tier) && std::count(c.classes.begin(), c.classes.end(), config.host_class[c.tier]) > 0;
    case ConstraintKind::class_not_in: return !config.uses(c.tier) || config.host_class[c.tier] != c.classes[0];
    case ConstraintKind::max_upload: return estimate.tier[c.tier].max_upload_bytes <= c.limit;
    case ConstraintKind::max_time_s: return estimate.tier[c.tier].compute_s <= c.limit;
    case ConstraintKind::max_time_percent:
      return estimate.tier[c.tier].compute_s <= c.limit / 100.0 * estimate.compute_s;
  }
  return false;
}

}  // namespace hybridfog::search

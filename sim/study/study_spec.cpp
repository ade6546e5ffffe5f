#include "study/study_spec.hpp"

#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>

#include "core/random.hpp"
#include "core/yaml_node.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

std::uint64_t StudySpec::replication_seed(int replication) const {
  return derive_seed(seed, static_cast<std::uint64_t>(replication)) >> 2;  // fits the scenario's seed range
}

std::vector<std::string> StudySpec::overrides_of(const StudyPoint& point) const {
  std::vector<std::string> out = common_overrides;
  for (const auto& [key, value] : point.assignments) out.push_back(key + "=" + value);
  return out;
}

std::string StudySpec::run_dir(int point, int replication) {
  return "points/" + std::to_string(point) + "-r" + std::to_string(replication);
}

namespace {

// One point under construction: assignments plus, per key, the study node that set it (for errors).
struct PartialPoint {
  std::vector<std::pair<std::string, std::string>> assignments;
  std::map<std::string, YNode> origin;
};

// The value as YAML text for --set (the emitter quotes a scalar only when it must, e.g. "a: b").
std::string yaml_text(const YNode& node) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node.raw();
  return out.c_str();
}

PartialPoint merge(const PartialPoint& a, const PartialPoint& b) {
  PartialPoint out = a;
  for (const auto& [key, value] : b.assignments) {
    if (out.origin.count(key)) b.origin.at(key).fail("key " + key + " is set by two axis groups");
    out.assignments.emplace_back(key, value);
    out.origin.emplace(key, b.origin.at(key));
  }
  return out;
}

std::vector<PartialPoint> expand_group(const YNode& group);

// A study expands to at most this many points (and points x replications runs), checked before the
// points are built: a 40^5 grid is refused with its size, not after filling the memory.
constexpr double kMaxPoints = 100'000;
constexpr double kMaxRuns = 1'000'000;

void check_point_count(const YNode& at, double points) {
  if (points > kMaxPoints)
    at.fail("the study would have " + std::to_string(static_cast<long long>(std::min(points, 9e18))) +
            " points, at most " + std::to_string(static_cast<long long>(kMaxPoints)));
}

std::vector<PartialPoint> expand_grid(const YNode& grid) {
  std::vector<PartialPoint> points(1);
  for (const auto& [key, values] : grid.entries()) {
    std::vector<PartialPoint> next;
    const auto items = values.items();
    check_point_count(values, static_cast<double>(points.size()) * static_cast<double>(items.size()));
    for (const auto& point : points)
      for (const YNode& value : items) {
        PartialPoint p = point;
        p.assignments.emplace_back(key, yaml_text(value));
        p.origin.emplace(key, value);
        next.push_back(std::move(p));
      }
    points = std::move(next);
  }
  if (grid.entries().empty()) grid.fail("an empty grid");
  return points;
}

std::vector<PartialPoint> expand_zip(const YNode& zip) {
  std::vector<PartialPoint> points;
  size_t length = 0;
  bool first = true;
  for (const auto& [key, values] : zip.entries()) {
    const auto items = values.items();
    if (first) {
      length = items.size();
      points.resize(length);
      first = false;
    } else if (items.size() != length) {
      values.fail("zip lists must have the same length (" + std::to_string(length) + "), this one has " +
                  std::to_string(items.size()));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      points[i].assignments.emplace_back(key, yaml_text(items[i]));
      points[i].origin.emplace(key, items[i]);
    }
  }
  if (first) zip.fail("an empty zip");
  return points;
}

std::vector<PartialPoint> expand_points(const YNode& list) {
  std::vector<PartialPoint> points;
  for (const YNode& item : list.items()) {
    PartialPoint p;
    for (const auto& [key, value] : item.entries()) {
      p.assignments.emplace_back(key, yaml_text(value));
      p.origin.emplace(key, value);
    }
    if (p.assignments.empty()) item.fail("an empty point");
    points.push_back(std::move(p));
  }
  return points;
}

std::vector<PartialPoint> expand_group(const YNode& group) {
  group.expect_keys({"grid", "zip", "points", "union"});
  const auto entries = group.entries();
  if (entries.size() != 1) group.fail("an axis group is exactly one of grid, zip, points, union");
  const auto& [kind, body] = entries.front();
  if (kind == "grid") return expand_grid(body);
  if (kind == "zip") return expand_zip(body);
  if (kind == "points") return expand_points(body);
  std::vector<PartialPoint> all;
  for (const YNode& sub : body.items()) {
    auto points = expand_group(sub);
    all.insert(all.end(), points.begin(), points.end());
    check_point_count(sub, static_cast<double>(all.size()));
  }
  return all;
}

}  // namespace

StudySpec load_study(const std::string& file) {
  const YNode root = YNode::load_file(file);
  root.expect_keys({"name", "description", "base", "seed", "replications", "set", "axes"});
  if (const auto description = root.optional("description")) (void)description->as_string();  // text, if given
  StudySpec spec;
  spec.file = file;
  const YNode name = root.required("name");
  spec.name = name.as_string();
  // The name names the Slurm job and the study: a documented character set, so it is never code anywhere.
  static const std::regex kName("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  if (!std::regex_match(spec.name, kName))
    name.fail("expected 1 to 64 characters from A-Z a-z 0-9 . _ - starting with a letter or digit");
  const YNode base = root.required("base");
  std::filesystem::path base_path(base.as_string());
  if (base_path.is_relative()) base_path = std::filesystem::path(file).parent_path() / base_path;
  spec.base_scenario = base_path.lexically_normal().string();
  check_input_file(spec.base_scenario, base.location(), base.path(), kMaxYamlFileBytes);
  if (auto seed = root.optional("seed")) spec.seed = static_cast<std::uint64_t>(seed->as_int(0, (1LL << 62)));
  if (auto r = root.optional("replications")) spec.replications = static_cast<int>(r->as_int(1, 100000));

  std::map<std::string, YNode> common_origin;
  if (auto set = root.optional("set"))
    for (const auto& [key, value] : set->entries()) {
      spec.common_overrides.push_back(key + "=" + yaml_text(value));
      common_origin.emplace(key, value);
    }

  std::vector<PartialPoint> points(1);
  for (const YNode& group : root.required("axes").items()) {
    std::vector<PartialPoint> next;
    const auto expanded = expand_group(group);
    check_point_count(group, static_cast<double>(points.size()) * static_cast<double>(expanded.size()));
    for (const auto& a : points)
      for (const auto& b : expanded) next.push_back(merge(a, b));
    points = std::move(next);
  }
  if (static_cast<double>(points.size()) * spec.replications > kMaxRuns) {
    const YNode at = root.optional("replications") ? *root.optional("replications") : root.required("axes");
    at.fail(std::to_string(points.size()) + " points x " + std::to_string(spec.replications) + " replications = " +
            std::to_string(static_cast<long long>(points.size()) * spec.replications) + " runs, at most " +
            std::to_string(static_cast<long long>(kMaxRuns)));
  }

  for (size_t i = 0; i < points.size(); ++i) {
    StudyPoint point;
    point.index = static_cast<int>(i);
    point.assignments = points[i].assignments;
    for (const auto& [key, _] : point.assignments)
      if (std::find(spec.axis_keys.begin(), spec.axis_keys.end(), key) == spec.axis_keys.end()) spec.axis_keys.push_back(key);
    spec.points.push_back(point);
  }

  // Validate every point now, so that a bad axis fails before anything runs. An error about an overridden
  // value is reported at the study position that set it.
  InputCache inputs;  // points mostly share their trace, profile and platform: load each once
  for (size_t i = 0; i < spec.points.size(); ++i) {
    try {
      const ScenarioSpec scenario =
          load_scenario(spec.base_scenario, spec.overrides_of(spec.points[i]), spec.replication_seed(0), {}, &inputs);
      spec.points[i].samples = estimate_arrivals(scenario.workload, scenario.platform).samples;
    } catch (const InputError& e) {
      // The point's overrides are applied as `--set KEY=VALUE`: an error in a value names
      // "<command line --set KEY>" as its place, one in the key path itself (a list index out of range, a
      // key below a scalar) "<command line>" with the key path "--set KEY".
      const std::string prefix = "<command line --set ";
      const std::string& where = e.where().file;
      std::string key;
      if (where.rfind(prefix, 0) == 0) key = where.substr(prefix.size(), where.size() - prefix.size() - 1);
      else if (where == "<command line>" && e.key_path().rfind("--set ", 0) == 0) key = e.key_path().substr(6);
      else throw;
      const std::string reported = where == "<command line>" ? key : e.key_path();
      // The reported key may be below the assigned one (e.g. policy.threshold inside policy={...}).
      const YNode* origin = nullptr;
      std::string assigned;
      for (const auto& [k, node] : points[i].origin)
        if (key == k || key.rfind(k + ".", 0) == 0 || key.rfind(k + "[", 0) == 0) origin = &node, assigned = k;
      for (const auto& [k, node] : common_origin)
        if (!origin && (key == k || key.rfind(k + ".", 0) == 0 || key.rfind(k + "[", 0) == 0)) origin = &node, assigned = k;
      if (!origin) throw;
      throw InputError(origin->location(), origin->path(),
                       "point " + std::to_string(i) + " sets " + assigned + ": " + reported + ": " + e.detail());
    }
  }
  return spec;
}

std::string describe_study(const StudySpec& study) {
  double samples = 0;
  for (const auto& p : study.points) samples += p.samples * study.replications;
  char total[64];
  std::snprintf(total, sizeof total, "%.0f", samples);
  std::string digits = total, grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    grouped += digits[i];
    if ((digits.size() - i - 1) % 3 == 0 && i + 1 < digits.size()) grouped += ',';
  }
  return study.file + ": ok (study " + study.name + ": " + std::to_string(study.points.size()) + " points x " +
         std::to_string(study.replications) + " replications = " + std::to_string(study.runs()) + " runs, " + grouped +
         " samples; every point's scenario checked)";
}

bool is_study_file(const std::string& file) {
  const YNode root = YNode::load_file(file);
  return root.is_map() && (root.has("axes") || root.has("base"));
}

}  // namespace hybridfog

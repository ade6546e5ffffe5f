#pragma once
// Room study/ (docs/architecture.md). Owns: study spec, expansion into points, local runner, Slurm executor,
// resume, results.csv. May use: core, scenario; runs the engine through `hybridfog run` child processes only.
//
// StudySpec: a sweep over scenario key paths, expanded into runs (points x replications), every point
// validated before anything runs (docs/studies.md).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hybridfog {

struct StudyPoint {
  int index = 0;
  // (key path, YAML value text) in the order the axes set them; applied with --set after `set:`.
  std::vector<std::pair<std::string, std::string>> assignments;
  // Samples one run of this point simulates (estimate_arrivals: devices x samples per device, or expected): its
  // weight in the sweep's ETA. Not part of study.json.
  double samples = 0;
};

struct StudySpec {
  std::string name;
  std::string file;           // the study file
  std::string base_scenario;  // resolved path of the base scenario
  std::uint64_t seed = 1;
  int replications = 1;
  std::vector<std::string> common_overrides;  // "key=value" from `set:`, applied to every point first
  std::vector<std::string> axis_keys;         // every key an axis sets, in first-appearance order
  std::vector<StudyPoint> points;

  int runs() const { return static_cast<int>(points.size()) * replications; }
  // The seed of a replication: the same for every point (common random numbers across points).
  std::uint64_t replication_seed(int replication) const;
  // All --set assignments of a point ("key=value"), common ones first.
  std::vector<std::string> overrides_of(const StudyPoint& point) const;
  // "points/<point>-r<replication>" relative to the study folder.
  static std::string run_dir(int point, int replication);
};

// Parses and expands a study file, then validates every point by loading the base scenario with its
// overrides. Throws InputError naming the study file position of the offending axis value.
StudySpec load_study(const std::string& file);

// "FILE: ok (study NAME: 12 points x 2 replications = 24 runs, 240,000 samples; every point's scenario
// checked)" for `validate` and `sweep --dry-run`.
std::string describe_study(const StudySpec& study);

// True when `file` is a study (a YAML map with `axes` or `base`) rather than a scenario.
bool is_study_file(const std::string& file);

}  // namespace hybridfog

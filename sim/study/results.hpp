#pragma once
// results.csv of a study: one row per point x replication, the summary.json of each run flattened
// (docs/outputs.md, "Outputs of hybridfog sweep").
#include <string>
#include <vector>

#include "study/study_spec.hpp"

namespace hybridfog {

// Runs (point, replication) whose output folder is missing or does not match the study (seed, overrides).
std::vector<std::pair<int, int>> incomplete_runs(const StudySpec& study, const std::string& study_dir);
// True when the run folder holds a finished run of exactly this point and replication.
bool run_complete(const StudySpec& study, const std::string& study_dir, int point, int replication);

// Writes <study_dir>/results.csv atomically. REQUIRES: every run complete (throws std::runtime_error
// listing the first missing runs otherwise).
void write_results(const StudySpec& study, const std::string& study_dir);

// "a,b" -> "\"a,b\"" (RFC 4180 quoting when needed).
std::string csv_field(const std::string& text);

}  // namespace hybridfog

#pragma once
// End-to-end test helpers: run the real `hybridfog` binary (one process per simulation), read its outputs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "../unit/test_support.hpp"

// The sanitizer build (docs/reliability.md): tests that set memory limits or run embedded interpreters adapt.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HYBRIDFOG_TEST_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define HYBRIDFOG_TEST_UNDER_ASAN 1
#endif

namespace hybridfog::testing {

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// `hybridfog ARGS...` run from `cwd`, with `env` ("NAME=value ...", already shell-quoted) before it.
inline CommandResult run_hybridfog_in(const std::string& cwd, const std::vector<std::string>& args,
                                      const std::string& env = "") {
  TempDir capture;
  // Under the sanitizers, a run that starts the embedded interpreter (a policy or an orchestration rule
  // written in Python, or only its error) leaves what CPython holds at exit, which is not a leak of ours
  // (tests/e2e/lsan-python.supp suppresses allocations inside libpython only). `env` may override it.
#ifdef HYBRIDFOG_TEST_UNDER_ASAN
  const std::string lsan = "LSAN_OPTIONS=print_suppressions=0:suppressions=" +
                           shell_quote(std::string(HYBRIDFOG_SOURCE_DIR) + "/tests/e2e/lsan-python.supp") + " ";
#else
  const std::string lsan;
#endif
  std::string command = "cd " + shell_quote(cwd) + " && " + lsan + env + " " + shell_quote(HYBRIDFOG_BINARY);
  for (const auto& a : args) command += " " + shell_quote(a);
  command += " >" + shell_quote(capture.file("out")) + " 2>" + shell_quote(capture.file("err"));
  const int raw = std::system(command.c_str());
  CommandResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(capture.file("out"));
  result.err = read_file(capture.file("err"));
  return result;
}

// Runs `hybridfog ARGS...` from the source tree; captures stdout and stderr.
inline CommandResult run_hybridfog(const std::vector<std::string>& args) {
  return run_hybridfog_in(HYBRIDFOG_SOURCE_DIR, args);
}

// A scenario run from files written for the test: its command result and output folder.
struct ScenarioRun {
  CommandResult result;
  std::string out;
};

// Writes `platform` to DIR/platform.yaml and `scenario` to DIR/scenario.yaml (which names platform.yaml),
// then runs `hybridfog run DIR/scenario.yaml -o DIR/OUT_NAME --no-progress EXTRA...`.
inline ScenarioRun run_scenario_in(const TempDir& dir, const std::string& platform, const std::string& scenario,
                                   const std::vector<std::string>& extra = {}, const std::string& out_name = "out") {
  dir.write("platform.yaml", platform);
  const std::string file = dir.write("scenario.yaml", scenario);
  ScenarioRun run;
  run.out = dir.file(out_name);
  std::vector<std::string> args = {"run", file, "-o", run.out, "--no-progress"};
  args.insert(args.end(), extra.begin(), extra.end());
  run.result = run_hybridfog(args);
  return run;
}

inline nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(read_file(path)); }

// A CSV file as rows of column -> text.
inline std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::istringstream in(read_file(path));
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  const auto split = [](const std::string& l) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream s(l);
    while (std::getline(s, cell, ',')) cells.push_back(cell);
    if (!l.empty() && l.back() == ',') cells.push_back("");
    return cells;
  };
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header.empty()) {
      header = split(line);
      continue;
    }
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

// How close a figure must be to the value a test computes by hand: within `relative` of |expected|, or
// within `absolute` when that is larger (a floor for expected values at or near zero).
struct Closeness {
  double relative = 1e-9;
  double absolute = 0.0;
};

// Fails the test (at the caller's line) unless |actual - expected| <= max(|expected| x relative, absolute);
// the message names the figure (`what`), both values, their difference and the tolerance.
inline void expect_close(double actual, double expected, const std::string& what, Closeness closeness = {},
                         const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  const double tolerance = std::max(std::abs(expected) * closeness.relative, closeness.absolute);
  const double difference = std::abs(actual - expected);
  if (difference <= tolerance) return;  // (a NaN on either side fails: the comparison is false)
  std::ostringstream message;
  message.precision(17);
  message << what << ": expected " << expected << ", got " << actual << " (difference " << difference
          << " > tolerance " << tolerance << ": relative " << closeness.relative << ", absolute "
          << closeness.absolute << ")";
  ADD_FAILURE_AT(file, line) << message.str();
}

// A run of a device-level scenario (batteries, devices that fail) with the files its tests read: summary.json,
// samples.csv, hosts.csv, devices.csv and events.csv. On a failed run (an EXPECT fails) the tables stay empty.
struct DeviceRunOutputs {
  CommandResult result;
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples, hosts, devices, events;
};
inline DeviceRunOutputs run_device_scenario(const std::string& platform, const std::string& scenario) {
  TempDir dir;
  const ScenarioRun r = run_scenario_in(dir, platform, scenario);
  DeviceRunOutputs out;
  out.result = r.result;
  EXPECT_EQ(r.result.status, 0) << r.result.err;
  if (r.result.status != 0) return out;
  out.summary = read_json(r.out + "/summary.json");
  out.samples = read_csv(r.out + "/samples.csv");
  out.hosts = read_csv(r.out + "/hosts.csv");
  out.devices = read_csv(r.out + "/devices.csv");
  out.events = read_csv(r.out + "/events.csv");
  return out;  // the run's folder goes with `dir`: everything a test reads is read above
}

}  // namespace hybridfog::testing

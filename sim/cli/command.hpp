#pragma once
// Room cli/ (docs/architecture.md). Owns: the `hybridfog` subcommands (run, validate, inspect, sweep,
// partition), one file each. May use: every room; no business logic.
//
// Subcommands of the hybridfog CLI. Each lives in its own file (<name>_command.cpp) and registers itself
// with HYBRIDFOG_REGISTER_COMMAND; main.cpp parses the command line and runs the chosen one.
// Errors: throw InputError for bad input (exit status 2), any other exception for the rest (exit 1).
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/input_error.hpp"
#include "core/units.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog::cli {

class Command {
 public:
  virtual ~Command() = default;
  // Declares the subcommand's options on `sub` (binding them to members).
  virtual void setup(CLI::App& sub) = 0;
  // Runs it; returns the exit status.
  virtual int run() = 0;
};

struct CommandInfo {
  std::string name;
  std::string help;
  std::function<std::unique_ptr<Command>()> make;
};

bool register_command(CommandInfo info);
const std::vector<CommandInfo>& registered_commands();

// An error message as one line of bounded length (a key or path may hold newlines or be huge): what every
// error the CLI prints goes through.
std::string one_line(const std::string& message);

// --seed: decimal digits only, at most 2^62 (the scenario's seed range); "-1" is refused, not wrapped.
inline CLI::Validator seed_range() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos ||
            std::stoull(text) > (1ULL << 62))
          return "expected an integer in [0, 4611686018427387904], got \"" + excerpt(text) + "\"";
        return "";
      },
      "SEED");
}

// -j, --slurm-tasks: a count in [1, max] (decimal digits only); one short line otherwise.
inline CLI::Validator count_range(long long max_value) {
  return CLI::Validator(
      [max_value](std::string& text) -> std::string {
        if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos ||
            std::stoll(text) < 1 || std::stoll(text) > max_value)
          return "expected an integer in [1, " + std::to_string(max_value) + "], got \"" + excerpt(text) + "\"";
        return "";
      },
      "N");
}

// --max-wall (> 0), --progress-interval (>= 0): a finite number of seconds, at most 1e9.
inline CLI::Validator seconds_range(bool positive) {
  return CLI::Validator(
      [positive](std::string& text) -> std::string {
        const auto value = parse_csv_number(text);
        if (!value || *value > 1e9 || (positive ? !(*value > 0) : !(*value >= 0)))
          return std::string("expected a number of seconds ") + (positive ? "> 0" : ">= 0") + " and at most 1e9, got \"" +
                 excerpt(text) + "\"";
        return "";
      },
      "SECONDS");
}

// --max-memory (a data size such as "4GiB"; empty: the default) into the limits load_scenario checks.
inline ScenarioLimits scenario_limits(const std::string& max_memory) {
  ScenarioLimits limits;
  if (max_memory.empty()) return limits;
  const auto bytes = parse_quantity(max_memory, QuantityKind::data_size);
  if (!bytes || !(*bytes > 0))
    throw InputError({"<command line>", 0, 0}, "--max-memory",
                     "expected a data size like \"4GiB\", got \"" + excerpt(max_memory) + "\"");
  limits.max_memory_bytes = *bytes;
  return limits;
}

}  // namespace hybridfog::cli

#define HYBRIDFOG_REGISTER_COMMAND(name, help, type) \
  static const bool command_registered_##type = ::hybridfog::cli::register_command( \
      {name, help, [] { return std::unique_ptr<::hybridfog::cli::Command>(new type()); }})

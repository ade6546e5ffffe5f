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

}  // namespace hybridfog::cli

#define HYBRIDFOG_REGISTER_COMMAND(name, help, type) \
  static const bool command_registered_##type = ::hybridfog::cli::register_command( \
      {name, help, [] { return std::unique_ptr<::hybridfog::cli::Command>(new type()); }})

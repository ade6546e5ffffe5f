// hybridfog command line. Parses arguments, runs one subcommand (see command.hpp).
// Exit status: 0 success, 2 bad input (FILE:LINE:COL: KEY: message on one line), 1 other errors.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/command.hpp"
#include "core/input_error.hpp"
#include "hybridfog/version.hpp"

namespace hybridfog::cli {

namespace {
std::vector<CommandInfo>& commands() {
  static std::vector<CommandInfo> all;
  return all;
}
}  // namespace

bool register_command(CommandInfo info) {
  commands().push_back(std::move(info));
  return true;
}

const std::vector<CommandInfo>& registered_commands() { return commands(); }

std::string one_line(const std::string& message) {
  constexpr size_t kMaxBytes = 2000;
  std::string out;
  for (char c : message.substr(0, kMaxBytes)) out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
  if (message.size() > kMaxBytes) out += "... (" + std::to_string(message.size()) + " bytes)";
  return out;
}

}  // namespace hybridfog::cli

int main(int argc, char** argv) {
  using namespace hybridfog;
  using cli::one_line;
  constexpr int kExitBadInput = 2;
  CLI::App app{"hybridfog: fog computing simulator for conditionally deep hybrid neural networks"};
  app.set_version_flag("--version", std::string(kVersion) + " (" + kGitRevision + ")");
  app.require_subcommand(1);
  // Global options (--log-level) are accepted after the subcommand too: subcommands inherit this and
  // hand the options they do not know to the main command.
  app.fallthrough();
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  auto infos = cli::registered_commands();
  std::sort(infos.begin(), infos.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<std::pair<CLI::App*, std::unique_ptr<cli::Command>>> subcommands;
  for (const auto& info : infos) {
    CLI::App* sub = app.add_subcommand(info.name, info.help);
    auto command = info.make();
    command->setup(*sub);
    subcommands.emplace_back(sub, std::move(command));
  }

  // The first word that is not an option names the command: an unknown one is named as such (CLI11 would
  // say "A subcommand is required").
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--log-level") {
      ++i;
      continue;
    }
    if (word.empty() || word[0] == '-') continue;
    bool known = false;
    std::string names;
    for (const auto& info : infos) {
      known = known || info.name == word;
      names += (names.empty() ? "" : ", ") + info.name;
    }
    if (!known) {
      std::fprintf(stderr, "<command line>: unknown command \"%s\" (commands: %s)\n", excerpt(word).c_str(), names.c_str());
      return kExitBadInput;
    }
    break;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other input error: "<command line>: --option: what is wrong".
    std::fprintf(stderr, "%s\n", one_line("<command line>: " + std::string(e.what())).c_str());
    return kExitBadInput;
  }

  auto logger = spdlog::stderr_color_mt("hybridfog");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("[%l] %v");
  spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    for (auto& [sub, command] : subcommands)
      if (sub->parsed()) return command->run();
  } catch (const InputError& e) {
    std::fprintf(stderr, "%s\n", one_line(e.what()).c_str());
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", one_line(e.what()).c_str());
    return 1;
  }
  return 0;
}

#pragma once
// Child processes: every simulation is its own `hybridfog run` process (SimGrid allows one engine per
// process). One helper starts them (study runner, partition --verify) and one function writes the
// `hybridfog run` command line they execute, so both speak the same command.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hybridfog {

// `hybridfog run` for one scenario, as a child process executes it.
struct RunCommandLine {
  std::string executable;              // the hybridfog binary
  std::string scenario;                // scenario file
  std::string output_dir;              // -o
  std::vector<std::string> overrides;  // --set key.path=value, in order
  std::optional<std::uint64_t> seed;   // --seed
  std::string log_level = "warn";      // --log-level
  // Progress lines into the log every so many seconds (shown at log level info and below); nothing:
  // --no-progress.
  std::optional<double> progress_interval_s;
};
// argv: EXECUTABLE --log-level L run SCENARIO -o DIR (--no-progress | --progress-interval S) [--seed N]
// [--set A]...
std::vector<std::string> run_arguments(const RunCommandLine& command);

// Starts argv[0] with arguments argv (no shell, no PATH lookup), its stdout and stderr both into
// `log_file` (truncated). The child is killed when the calling process dies. Throws std::runtime_error
// when no process can be made; a program that cannot be executed exits 127 with the reason in the log.
pid_t start_child(const std::vector<std::string>& argv, const std::string& log_file);
// Waits for a child started by start_child: its exit status, or -1 when it ended by a signal.
int wait_child(pid_t pid);
// The same with stdout and stderr into an open file descriptor (the caller keeps and closes its copy): the
// child holds the file's open description, and with it any flock() the caller took on it, until it ends.
pid_t start_child(const std::vector<std::string>& argv, int log_fd);
// start_child then wait_child.
int run_child(const std::vector<std::string>& argv, const std::string& log_file);

}  // namespace hybridfog

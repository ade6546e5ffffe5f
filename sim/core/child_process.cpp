#include "core/child_process.hpp"

#include <filesystem>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <stdexcept>

namespace hybridfog {

std::vector<std::string> run_arguments(const RunCommandLine& command) {
  // Values that begin with '-' must stay values: the scenario path is made absolute and every option
  // that takes a value is written "--name=value".
  std::vector<std::string> args = {command.executable, "--log-level=" + command.log_level, "run",
                                   std::filesystem::absolute(command.scenario).lexically_normal().string(),
                                   "--output=" + command.output_dir};
  if (command.progress_interval_s) {
    char interval[64];
    std::snprintf(interval, sizeof interval, "--progress-interval=%g", *command.progress_interval_s);
    args.push_back(interval);
  } else {
    args.push_back("--no-progress");
  }
  if (command.seed) args.push_back("--seed=" + std::to_string(*command.seed));
  for (const auto& o : command.overrides) args.push_back("--set=" + o);
  return args;
}

namespace {

// The child's stdout and stderr: `log_fd` when >= 0, else `log_file` opened (truncated).
pid_t start(const std::vector<std::string>& argv, const std::string& log_file, int log_fd) {
  // Everything the child needs is prepared before fork: it only calls async-signal-safe functions.
  std::vector<std::string> copy = argv;
  std::vector<char*> pointers;
  for (auto& a : copy) pointers.push_back(a.data());
  pointers.push_back(nullptr);
  const std::string exec_failed = "exec " + argv.front();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed: cannot start " + argv.front());
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a killed parent takes its children with it
    const int fd = log_fd >= 0 ? log_fd : ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      if (fd > 2) ::close(fd);
    }
    ::execv(pointers[0], pointers.data());
    std::perror(exec_failed.c_str());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

pid_t start_child(const std::vector<std::string>& argv, const std::string& log_file) { return start(argv, log_file, -1); }

pid_t start_child(const std::vector<std::string>& argv, int log_fd) { return start(argv, "", log_fd); }

int wait_child(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int run_child(const std::vector<std::string>& argv, const std::string& log_file) {
  return wait_child(start_child(argv, log_file));
}

}  // namespace hybridfog

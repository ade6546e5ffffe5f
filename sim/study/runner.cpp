#include "study/runner.hpp"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/child_process.hpp"
#include "core/input_error.hpp"
#include "core/output_folder.hpp"
#include "study/results.hpp"

namespace fs = std::filesystem;

namespace hybridfog {
namespace {

nlohmann::json study_description(const StudySpec& study) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : study.points) {
    nlohmann::json assignments = nlohmann::json::array();
    for (const auto& [key, value] : p.assignments) assignments.push_back({key, value});
    points.push_back({{"point", p.index}, {"assignments", assignments}});
  }
  nlohmann::json seeds = nlohmann::json::array();
  for (int r = 0; r < study.replications; ++r) seeds.push_back(study.replication_seed(r));
  return {{"format", "hybridfog-study"},
          {"format_version", 1},
          {"name", study.name},
          {"base_scenario", fs::absolute(study.base_scenario).lexically_normal().string()},
          {"seed", study.seed},
          {"replications", study.replications},
          {"replication_seeds", seeds},
          {"set", study.common_overrides},
          {"axis_keys", study.axis_keys},
          {"points", points}};
}

std::string format_duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buffer[32];
  if (s >= 3600)
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", s / 60, s % 60);
  return buffer;
}

// The last progress line a run wrote into its log, without "progress: " and from ", elapsed" on
// ("4,096/10,000 samples (41.0%), simulated 12.0 s"), and the fraction done it states; nothing yet: "".
std::pair<std::string, double> last_progress(const std::string& log) {
  std::ifstream in(log, std::ios::binary);
  if (!in) return {"", 0.0};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff from = std::max<std::streamoff>(0, size - 4096);
  in.seekg(from);
  std::string tail(static_cast<size_t>(size - from), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  const size_t at = tail.rfind("progress: ");
  if (at == std::string::npos) return {"", 0.0};
  std::string line = tail.substr(at + 10, tail.find_first_of("\r\n", at) - (at + 10));
  const size_t elapsed = line.find(", elapsed");
  if (elapsed != std::string::npos) line.resize(elapsed);
  // "A/B samples": the fraction done.
  double fraction = 0;
  const size_t slash = line.find('/');
  if (slash != std::string::npos) {
    std::string a, b;
    for (char c : line.substr(0, slash)) if (std::isdigit(static_cast<unsigned char>(c))) a += c;
    for (size_t i = slash + 1; i < line.size() && (std::isdigit(static_cast<unsigned char>(line[i])) || line[i] == ','); ++i)
      if (line[i] != ',') b += line[i];
    if (!a.empty() && !b.empty() && std::stod(b) > 0) fraction = std::min(1.0, std::stod(a) / std::stod(b));
  }
  return {line, fraction};
}

struct RunningRun {
  int point = 0, replication = 0;
  double weight = 0;
  std::string log;
};

// Runs done / total, elapsed, ETA, and what each running run reports (docs/studies.md, "Running").
// The ETA weighs every run by its samples (StudyPoint::samples) and counts the part of the running runs
// already done, so points of unequal size do not mislead it.
class Progress {
 public:
  Progress(int total, int already_done, double todo_weight, bool enabled, double interval_s)
      : total_(total), done_(already_done), todo_weight_(todo_weight), enabled_(enabled), tty_(::isatty(2)),
        interval_s_(interval_s >= 0 ? interval_s : tty_ ? 0.5 : 5.0), start_(std::chrono::steady_clock::now()) {}
  void advance(int failed, double weight) {
    ++done_;
    done_weight_ += weight;
    failed_ = failed;
    draw(true);
  }
  // Prints a line when forced, or when the interval has passed since the last one (the heartbeat).
  void draw(bool force, const std::map<pid_t, RunningRun>& running = {}) {
    if (!enabled_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!force && elapsed - last_line_ < interval_s_) return;
    if (!tty_ && force && done_ != total_ && elapsed - last_line_ < interval_s_) return;  // a line per interval
    last_line_ = elapsed;
    double computed = done_weight_;
    std::string now_running;
    for (const auto& [pid, run] : running) {
      const auto [text, fraction] = last_progress(run.log);
      computed += fraction * run.weight;
      now_running += (now_running.empty() ? "; running " : ", ") + StudySpec::run_dir(run.point, run.replication);
      if (!text.empty()) now_running += " (" + text + ")";
    }
    const bool known = computed > 0 && todo_weight_ > 0;
    const double eta = known ? elapsed / computed * std::max(0.0, todo_weight_ - computed) : 0;
    constexpr int kWidth = 30;
    const int filled = total_ > 0 ? kWidth * done_ / total_ : kWidth;
    std::string bar(filled, '#');
    bar += std::string(kWidth - filled, '.');
    std::fprintf(stderr, "%s[%s] %d/%d runs, elapsed %s, ETA %s%s%s%s", tty_ ? "\r" : "", bar.c_str(), done_, total_,
                 format_duration(elapsed).c_str(), known ? format_duration(eta).c_str() : "?",
                 failed_ ? (", " + std::to_string(failed_) + " failed").c_str() : "", now_running.c_str(),
                 tty_ ? "\x1b[K" : "\n");
    if (tty_ && done_ == total_) std::fputc('\n', stderr);
    std::fflush(stderr);
  }
  int done() const { return done_; }
  int total() const { return total_; }

 private:
  int total_, done_, failed_ = 0;
  double todo_weight_, done_weight_ = 0;
  bool enabled_, tty_;
  double interval_s_;
  std::chrono::steady_clock::time_point start_;
  double last_line_ = -1e9;
};

volatile std::sig_atomic_t interrupted_by = 0;
extern "C" void on_interrupt(int signal) { interrupted_by = signal; }

// Why a run failed, for the sweep's line about it: the last line of its log (bounded, control characters
// escaped), or, when the log is empty, whether the study folder's filesystem is full (then the run could not
// even write its log).
std::string failure_reason(const std::string& log, const std::string& study_dir) {
  std::ifstream in(log, std::ios::binary);
  std::string tail;
  if (in) {
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff from = std::max<std::streamoff>(0, size - 4096);
    in.seekg(from);
    tail.resize(static_cast<size_t>(std::max<std::streamoff>(0, size - from)));
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  }
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  std::string line = tail.substr(tail.find_last_of("\r\n") == std::string::npos ? 0 : tail.find_last_of("\r\n") + 1);
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  std::string shown;
  for (unsigned char c : line) {
    if (c < 0x20 || c == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "\\x%02x", c);
      shown += code;
    } else {
      shown += static_cast<char>(c);
    }
  }
  if (!shown.empty()) return shown;
  struct statvfs fs_info {};
  if (::statvfs(study_dir.c_str(), &fs_info) == 0 && fs_info.f_bavail == 0)
    return "its log is empty: No space left on device (the filesystem of " + study_dir + " is full)";
  return "its log is empty";
}

std::string log_path(const SweepOptions& options, int point, int replication) {
  return (fs::path(options.study_dir) / "logs" / (std::to_string(point) + "-r" + std::to_string(replication) + ".log"))
      .string();
}

// What try_start_run did.
enum class Start { started, busy, done, no_space };

// Starts `hybridfog run` for one run unless another sweep is running it: the run's log file is locked
// (flock, exclusive) for as long as the run's process lives (the child holds the log's open description),
// so a second sweep into the same folder (a Slurm resubmit) skips it. A run found finished once the lock is
// held is not redone. stdout and stderr go to the log, truncated once the lock is held.
Start try_start_run(const StudySpec& study, const SweepOptions& options, int point, int replication, pid_t& pid) {
  const std::string log = log_path(options, point, replication);
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + log + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) return Start::busy;
    throw std::runtime_error("cannot lock " + log + ": " + std::strerror(error));
  }
  if (run_complete(study, options.study_dir, point, replication)) {  // another sweep finished it meanwhile
    ::close(fd);
    return Start::done;
  }
  if (::ftruncate(fd, 0) != 0) {
    const int error = errno;
    ::close(fd);
    throw std::runtime_error("cannot write " + log + ": " + std::strerror(error));
  }
  // Room for the run's last words: 4 KiB reserved for the log (its size unchanged), so that a run that fails
  // on a full disk can still say why. No room even for that: the run is not started.
  if (::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 4096) != 0 && errno == ENOSPC) {
    ::close(fd);
    return Start::no_space;
  }
  RunCommandLine command;
  command.executable = options.hybridfog_binary;
  command.scenario = study.base_scenario;
  command.output_dir = (fs::path(options.study_dir) / StudySpec::run_dir(point, replication)).string();
  command.seed = study.replication_seed(replication);
  command.overrides = study.overrides_of(study.points[point]);
  if (options.progress) {  // the run's own progress lines go into its log, where the heartbeat reads them
    command.log_level = "info";
    command.progress_interval_s = options.progress_interval_s >= 0 ? options.progress_interval_s : 5.0;
  }
  try {
    pid = start_child(run_arguments(command), fd);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);  // the child keeps the log open, and locked, until it ends
  return Start::started;
}

}  // namespace

void prepare_study_dir(const StudySpec& study, const std::string& study_dir) {
  // study.json comes first: a folder is recognised as a study folder by it (core/output_folder.hpp).
  fs::create_directories(study_dir);
  const fs::path description = fs::path(study_dir) / "study.json";
  const nlohmann::json expected = study_description(study);
  if (fs::exists(description)) {
    std::ifstream in(description);
    nlohmann::json existing;
    try {
      existing = nlohmann::json::parse(in);
    } catch (const std::exception&) {
    }
    if (existing != expected)
      throw std::runtime_error(study_dir + " holds the outputs of another study (study.json differs): use another -o folder or delete it");
  } else {
    // Checked before the rename: a full disk leaves no empty study.json (which would make the folder
    // unrecognisable), only nothing, and says why.
    const fs::path temporary = fs::path(study_dir) / ".study.json.partial";
    try {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error("cannot write " + temporary.string() + ": " + std::strerror(errno));
      out << expected.dump(2) << "\n";
      out.flush();
      close_checked(out, temporary.string());
      fs::rename(temporary, description);
    } catch (...) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw;
    }
  }
  fs::create_directories(fs::path(study_dir) / "points");
  fs::create_directories(fs::path(study_dir) / "logs");
  // Staging folders of interrupted runs are not removed here: the `hybridfog run` that redoes a run removes
  // its target's staging folders whose process is gone (core/output_folder.hpp), never a running one's.
}

StudyLock::StudyLock(const std::string& study_dir, bool shared) {
  const std::string file = (fs::path(study_dir) / ".sweep.lock").string();
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot open " + file + ": " + std::strerror(errno));
  if (::flock(fd_, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0) return;
  const int error = errno;
  ::close(fd_);
  fd_ = -1;
  if (error != EWOULDBLOCK) throw std::runtime_error("cannot lock " + file + ": " + std::strerror(error));
  throw InputError(SourceLocation{"<command line>", 0, 0}, "-o",
                   study_dir + " is in use by another hybridfog sweep (" +
                       (shared ? std::string("a local sweep or --collect") : std::string("a sweep, --collect or Slurm array tasks")) +
                       " holds " + file + "): wait until it ends");
}

StudyLock::~StudyLock() {
  if (fd_ >= 0) ::close(fd_);
}

StudyOutcome run_study(const StudySpec& study, const SweepOptions& options) {
  std::vector<std::pair<int, int>> todo;
  int index = 0, mine = 0;
  double todo_weight = 0;
  for (const auto& point : study.points)
    for (int r = 0; r < study.replications; ++r, ++index) {
      if (options.task_count > 0 && index % options.task_count != options.task_index) continue;
      ++mine;
      if (!run_complete(study, options.study_dir, point.index, r)) {
        todo.emplace_back(point.index, r);
        todo_weight += std::max(1.0, point.samples);
      }
    }
  Progress progress(mine, mine - static_cast<int>(todo.size()), todo_weight, options.progress, options.progress_interval_s);
  progress.draw(true);
  // Ctrl-C and SIGTERM stop the sweep between two looks at its runs: the runs in flight are stopped, and
  // StudyInterrupted says how far it got (finished runs are kept; a rerun resumes).
  interrupted_by = 0;
  struct sigaction action {}, old_int {}, old_term {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &old_int);
  ::sigaction(SIGTERM, &action, &old_term);
  const auto restore = [&] {
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
  };

  std::map<pid_t, RunningRun> running;
  size_t next = 0;
  int failed = 0, busy = 0;
  while (next < todo.size() || !running.empty()) {
    while (!interrupted_by && next < todo.size() && static_cast<int>(running.size()) < std::max(1, options.jobs)) {
      const auto [point, replication] = todo[next];
      ++next;
      RunningRun run{point, replication, std::max(1.0, study.points[point].samples), log_path(options, point, replication)};
      pid_t pid = -1;
      const Start started = try_start_run(study, options, point, replication, pid);
      if (started == Start::started) {
        running[pid] = run;
        continue;
      }
      if (started == Start::no_space) {
        ++failed;
        std::fprintf(stderr, "%srun %s not started: cannot write its log %s: %s\n", ::isatty(2) ? "\n" : "",
                     StudySpec::run_dir(point, replication).c_str(), run.log.c_str(), std::strerror(ENOSPC));
      }
      if (started == Start::busy) {
        ++busy;
        std::fprintf(stderr, "%srun %s is being run by another sweep into this folder: left to it\n", ::isatty(2) ? "\n" : "",
                     StudySpec::run_dir(point, replication).c_str());
      }
      progress.advance(failed, run.weight);
    }
    if (interrupted_by) {
      for (const auto& [pid, run] : running) ::kill(pid, SIGTERM);
      for (const auto& [pid, run] : running) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
      }
      restore();
      throw StudyInterrupted(interrupted_by, progress.done(), progress.total());
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno != EINTR) break;
    if (pid <= 0) {  // nothing ended: a heartbeat when it is due, then look again shortly
      progress.draw(false, running);
      ::usleep(100'000);
      continue;
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
      ++failed;
      std::fprintf(stderr, "%srun %s failed (exit %d): %s; log: %s\n", ::isatty(2) ? "\n" : "",
                   StudySpec::run_dir(it->second.point, it->second.replication).c_str(),
                   WIFEXITED(status) ? WEXITSTATUS(status) : -1, failure_reason(it->second.log, options.study_dir).c_str(),
                   it->second.log.c_str());
    }
    const double weight = it->second.weight;
    running.erase(it);
    progress.advance(failed, weight);
  }
  restore();
  return StudyOutcome{failed, busy};
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void check_sbatch_options(const std::vector<std::string>& options) {
  const SourceLocation command_line{"<command line>", 0, 0};
  for (const auto& o : options) {
    const std::string shown = o.size() > 60 ? o.substr(0, 60) + "..." : o;
    if (o.empty() || o[0] != '-')
      throw InputError(command_line, "--slurm-opt", "expected an sbatch option starting with '-', got \"" + shown + "\"");
    for (const std::string forbidden : {"--wrap", "--array", "-a", "--parsable"})
      if (o == forbidden || o.rfind(forbidden + "=", 0) == 0 || (forbidden == "-a" && o.rfind("-a", 0) == 0))
        throw InputError(command_line, "--slurm-opt",
                         forbidden + " is set by hybridfog (the job script and its array), got \"" + shown + "\"");
  }
}

namespace {

// Runs argv[0] (found on PATH) with these exact arguments, no shell; returns (exit status, stdout+stderr).
std::pair<int, std::string> run_capture(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    std::perror(("cannot run " + args[0]).c_str());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string output;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// sbatch expands %-patterns in file names: "%%" is a literal '%'.
std::string sbatch_literal(const std::string& path) {
  std::string out;
  for (char c : path) out += c == '%' ? std::string("%%") : std::string(1, c);
  return out;
}

}  // namespace

std::string submit_slurm(const StudySpec& study, const std::string& study_file, const SweepOptions& options,
                         const SlurmOptions& slurm) {
  check_sbatch_options(slurm.sbatch_options);
  const int runs = study.runs();
  const int tasks = slurm.array_tasks > 0 ? std::min(slurm.array_tasks, runs) : std::min(runs, 1000);
  const fs::path dir = fs::absolute(options.study_dir).lexically_normal();
  fs::create_directories(dir / "slurm");
  const fs::path script = dir / "slurm" / "job.sh";
  // The script holds no study value but the three paths, each quoted by shell_quote (tested on quotes,
  // newlines, $(), backticks); the study name (a restricted character set) and the log path go to sbatch
  // as arguments, never through a shell.
  {
    const fs::path temporary = dir / "slurm" / ".job.sh.partial";
    std::ofstream out(temporary, std::ios::binary);
    out << "#!/bin/sh\n"
        << "# hybridfog study: " << runs << " runs in " << tasks << " array tasks.\n"
        << "# Each task runs every run whose index % " << tasks << " equals its SLURM_ARRAY_TASK_ID.\n"
        << "exec " << shell_quote(options.hybridfog_binary) << " sweep "
        << shell_quote(fs::absolute(study_file).lexically_normal().string()) << " --output=" << shell_quote(dir.string())
        << " --task-index \"$SLURM_ARRAY_TASK_ID\" --task-count " << tasks << " --no-progress\n";
    close_checked(out, temporary.string());
    fs::permissions(temporary, fs::perms::owner_exec, fs::perm_options::add);
    fs::rename(temporary, script);
  }
  std::vector<std::string> args = {slurm.sbatch, "--parsable", "--array=0-" + std::to_string(tasks - 1),
                                    "--job-name=hybridfog-" + study.name,
                                    // %a: sbatch's array index; the folder part is made literal.
                                    "--output=" + sbatch_literal((dir / "slurm").string()) + "/task-%a.out"};
  args.insert(args.end(), slurm.sbatch_options.begin(), slurm.sbatch_options.end());
  args.push_back(script.string());
  auto [status, output] = run_capture(args);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  if (status != 0) throw std::runtime_error("sbatch failed (exit " + std::to_string(status) + "): " + output.substr(0, 2000));
  const std::string job_id = output.substr(0, output.find(';'));
  if (job_id.empty() || job_id.find_first_not_of("0123456789_") != std::string::npos)
    throw std::runtime_error("sbatch printed no job id: " + output.substr(0, 200));
  std::ofstream id_file(dir / "slurm" / "job_id", std::ios::binary);
  id_file << job_id << "\n";
  close_checked(id_file, (dir / "slurm" / "job_id").string());
  return job_id;
}

}  // namespace hybridfog

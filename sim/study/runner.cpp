#include "study/runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/child_process.hpp"
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

class Progress {
 public:
  Progress(int total, int already_done, bool enabled)
      : total_(total), done_(already_done), start_done_(already_done), enabled_(enabled), tty_(::isatty(2)),
        start_(std::chrono::steady_clock::now()) {}
  void advance(int failed) {
    ++done_;
    failed_ = failed;
    draw(false);
  }
  void draw(bool force) {
    if (!enabled_) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!tty_ && !force && done_ != total_ && elapsed - last_line_ < 5) return;
    last_line_ = elapsed;
    const int computed = done_ - start_done_;
    const double eta = computed > 0 ? elapsed / computed * (total_ - done_) : 0;
    constexpr int kWidth = 30;
    const int filled = total_ > 0 ? kWidth * done_ / total_ : kWidth;
    std::string bar(filled, '#');
    bar += std::string(kWidth - filled, '.');
    std::fprintf(stderr, "%s[%s] %d/%d runs, elapsed %s, ETA %s%s%s", tty_ ? "\r" : "", bar.c_str(), done_, total_,
                 format_duration(elapsed).c_str(), computed > 0 ? format_duration(eta).c_str() : "?",
                 failed_ ? (", " + std::to_string(failed_) + " failed").c_str() : "", tty_ ? "" : "\n");
    if (tty_ && done_ == total_) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  int total_, done_, start_done_, failed_ = 0;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_;
  double last_line_ = -1e9;
};

// Starts `hybridfog run` for one run; stdout and stderr go to the run's log file.
pid_t start_run(const StudySpec& study, const SweepOptions& options, int point, int replication) {
  RunCommandLine command;
  command.executable = options.hybridfog_binary;
  command.scenario = study.base_scenario;
  command.output_dir = (fs::path(options.study_dir) / StudySpec::run_dir(point, replication)).string();
  command.seed = study.replication_seed(replication);
  command.overrides = study.overrides_of(study.points[point]);
  const std::string log = (fs::path(options.study_dir) / "logs" / (std::to_string(point) + "-r" +
                                                                   std::to_string(replication) + ".log")).string();
  return start_child(run_arguments(command), log);
}

}  // namespace

void prepare_study_dir(const StudySpec& study, const std::string& study_dir) {
  fs::create_directories(fs::path(study_dir) / "points");
  fs::create_directories(fs::path(study_dir) / "logs");
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
    const fs::path temporary = fs::path(study_dir) / ".study.json.partial";
    std::ofstream(temporary) << expected.dump(2) << "\n";
    fs::rename(temporary, description);
  }
  // Staging folders of runs that were interrupted: those runs will be redone.
  for (const auto& entry : fs::directory_iterator(fs::path(study_dir) / "points"))
    if (entry.path().filename().string().rfind('.', 0) == 0) fs::remove_all(entry.path());
}

int run_study(const StudySpec& study, const SweepOptions& options) {
  std::vector<std::pair<int, int>> todo;
  int index = 0, mine = 0;
  for (const auto& point : study.points)
    for (int r = 0; r < study.replications; ++r, ++index) {
      if (options.task_count > 0 && index % options.task_count != options.task_index) continue;
      ++mine;
      if (!run_complete(study, options.study_dir, point.index, r)) todo.emplace_back(point.index, r);
    }
  Progress progress(mine, mine - static_cast<int>(todo.size()), options.progress);
  progress.draw(true);
  std::map<pid_t, std::pair<int, int>> running;
  size_t next = 0;
  int failed = 0;
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && static_cast<int>(running.size()) < std::max(1, options.jobs)) {
      running[start_run(study, options, todo[next].first, todo[next].second)] = todo[next];
      ++next;
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) break;
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
      ++failed;
      std::fprintf(stderr, "%srun %s failed (exit %d): see %s/logs/%d-r%d.log\n", ::isatty(2) ? "\n" : "",
                   StudySpec::run_dir(it->second.first, it->second.second).c_str(),
                   WIFEXITED(status) ? WEXITSTATUS(status) : -1, options.study_dir.c_str(), it->second.first,
                   it->second.second);
    }
    running.erase(it);
    progress.advance(failed);
  }
  return failed;
}

std::string submit_slurm(const StudySpec& study, const std::string& study_file, const SweepOptions& options,
                         const SlurmOptions& slurm) {
  const int runs = study.runs();
  const int tasks = slurm.array_tasks > 0 ? std::min(slurm.array_tasks, runs) : std::min(runs, 1000);
  const fs::path dir = fs::absolute(options.study_dir).lexically_normal();
  fs::create_directories(dir / "slurm");
  const fs::path script = dir / "slurm" / "job.sh";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\n"
        << "# hybridfog study " << study.name << ": " << runs << " runs in " << tasks << " array tasks.\n"
        << "# Each task runs every run whose index % " << tasks << " equals its SLURM_ARRAY_TASK_ID.\n"
        << "#SBATCH --job-name=hybridfog-" << study.name << "\n"
        << "#SBATCH --output=" << (dir / "slurm" / "task-%a.out").string() << "\n"
        << "exec '" << options.hybridfog_binary << "' sweep '" << fs::absolute(study_file).lexically_normal().string()
        << "' -o '" << dir.string() << "' --task-index \"$SLURM_ARRAY_TASK_ID\" --task-count " << tasks
        << " --no-progress\n";
  }
  fs::permissions(script, fs::perms::owner_exec, fs::perm_options::add);
  std::string command = slurm.sbatch + " --parsable --array=0-" + std::to_string(tasks - 1);
  for (const auto& o : slurm.sbatch_options) command += " '" + o + "'";
  command += " '" + script.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + slurm.sbatch);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = ::pclose(pipe);
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  if (status != 0) throw std::runtime_error("sbatch failed: " + output);
  const std::string job_id = output.substr(0, output.find(';'));
  std::ofstream(dir / "slurm" / "job_id") << job_id << "\n";
  return job_id;
}

}  // namespace hybridfog

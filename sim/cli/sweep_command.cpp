// hybridfog sweep STUDY -o DIR [-j N] [--executor local|slurm] [--collect]
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/command.hpp"
#include "core/input_error.hpp"
#include "core/output_folder.hpp"
#include "study/results.hpp"
#include "study/runner.hpp"
#include "study/study_spec.hpp"

namespace hybridfog::cli {
namespace {

std::string own_binary() {
  char buffer[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n <= 0) throw std::runtime_error("cannot find the hybridfog binary (/proc/self/exe)");
  return std::string(buffer, static_cast<size_t>(n));
}

class SweepCommand final : public Command {
 public:
  void setup(CLI::App& sub) override {
    sub.add_option("study", study_file_, "study YAML file")->required();
    output_option_ = sub.add_option("-o,--output", output_, "study folder (runs, logs, results.csv); required unless --dry-run");
    sub.add_flag("--dry-run", dry_run_, "check the study and every point's scenario, print points and runs, run nothing");
    sub.add_option("--progress-interval", progress_interval_s_,
                   "seconds between heartbeat lines (Default: 0.5 on a terminal, 5 otherwise)")
        ->check(seconds_range(false));
    sub.add_option("-j,--jobs", jobs_, "runs at once (local executor)")->capture_default_str()->check(count_range(100000));
    sub.add_option("--executor", executor_, "local (default) or slurm (submit a job array)")
        ->check(CLI::IsMember({"local", "slurm"}));
    sub.add_option("--slurm-opt", slurm_options_, "option passed to sbatch as it is, e.g. --partition=debug (repeatable)");
    sub.add_option("--slurm-tasks", slurm_tasks_, "array tasks (default: one per run, at most 1000)")
        ->check(count_range(1000000));
    sub.add_flag("--collect", collect_, "build results.csv from finished runs (after a Slurm job)");
    sub.add_flag("--no-progress", no_progress_, "no progress bar");
    task_index_option_ = sub.add_option("--task-index", task_index_, "run one array task's share (used by the Slurm job script)");
    task_count_option_ = sub.add_option("--task-count", task_count_, "number of array tasks (with --task-index)")
                             ->check(count_range(1000000));
  }

  int run() override {
    if (dry_run_) {
      const StudySpec study = load_study(study_file_);  // every point's scenario, loaded and checked
      std::cout << describe_study(study) << "\n";
      return 0;
    }
    if (output_option_->count() == 0) throw InputError(SourceLocation{"<command line>", 0, 0}, "-o", "required (the study folder)");
    // An array task's share needs both (without --task-count the whole study would run here).
    if (task_index_option_->count() != task_count_option_->count())
      throw InputError(SourceLocation{"<command line>", 0, 0}, task_index_option_->count() ? "--task-index" : "--task-count",
                       task_index_option_->count() ? "needs --task-count (the number of array tasks)"
                                                   : "needs --task-index (this array task's number, from 0)");
    check_output_folder(output_, OutputKind::study);  // only an absent, empty or hybridfog study folder
    if (executor_ == "slurm") check_sbatch_options(slurm_options_);
    const StudySpec study = load_study(study_file_);  // validates every point: nothing runs on bad input
    SweepOptions options;
    options.study_dir = output_;
    options.hybridfog_binary = own_binary();
    options.jobs = jobs_;
    options.progress = !no_progress_ && spdlog::should_log(spdlog::level::info);
    options.progress_interval_s = progress_interval_s_;
    const std::string results = (std::filesystem::path(output_) / "results.csv").string();

    // The lock on the study folder (docs/studies.md, "Two sweeps into one folder"): exclusive for a local
    // sweep and --collect, shared for a Slurm submission and its array tasks.
    const bool shared_lock = task_count_ > 0 || executor_ == "slurm";
    std::unique_ptr<StudyLock> lock;
    if (collect_) {
      if (std::filesystem::is_directory(output_)) lock = std::make_unique<StudyLock>(output_, false);
      write_results(study, output_);
      std::cout << results << ": " << study.runs() << " rows\n";
      return 0;
    }
    if (task_count_ > 0 && (task_index_ < 0 || task_index_ >= task_count_))
      throw InputError(SourceLocation{"<command line>", 0, 0}, "--task-index",
                       "must be in [0, --task-count " + std::to_string(task_count_) + "), got " + std::to_string(task_index_));
    std::filesystem::create_directories(output_);
    lock = std::make_unique<StudyLock>(output_, shared_lock);
    check_output_folder(output_, OutputKind::study);  // again, now that no other sweep can change it
    prepare_study_dir(study, output_);  // for a task: study.json as the submission wrote it
    if (task_count_ > 0) {  // one Slurm array task
      options.task_index = task_index_;
      options.task_count = task_count_;
      const StudyOutcome outcome = run_study(study, options);
      return outcome.failed == 0 ? 0 : 1;
    }
    if (executor_ == "slurm") {
      SlurmOptions slurm;
      slurm.sbatch_options = slurm_options_;
      slurm.array_tasks = slurm_tasks_;
      const std::string job = submit_slurm(study, study_file_, options, slurm);
      std::cout << "submitted Slurm job array " << job << " (" << study.runs() << " runs); when it is done: hybridfog sweep "
                << study_file_ << " -o " << output_ << " --collect\n";
      return 0;
    }
    spdlog::info("study {}: {} points x {} replications = {} runs, {} at once, into {}", study.name, study.points.size(),
                 study.replications, study.runs(), jobs_, output_);
    int failed = 0, busy = 0;
    try {
      const StudyOutcome outcome = run_study(study, options);
      failed = outcome.failed;
      busy = outcome.busy;
    } catch (const StudyInterrupted& stop) {
      std::fprintf(stderr, "\ninterrupted (%s) after %d of %d runs: rerun the same command to resume\n",
                   stop.signal == SIGINT ? "Ctrl-C" : "SIGTERM", stop.done, stop.total);
      return 128 + stop.signal;
    }
    if (failed > 0) throw std::runtime_error(std::to_string(failed) + " runs failed; results.csv not written (run again to retry them)");
    if (busy > 0)
      throw std::runtime_error(std::to_string(busy) + " runs are being run by another sweep; results.csv not written "
                               "(run again, or --collect, when they are done)");
    write_results(study, output_);
    std::cout << results << ": " << study.runs() << " rows\n";
    return 0;
  }

 private:
  std::string study_file_;
  std::string output_;
  int jobs_ = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string executor_ = "local";
  std::vector<std::string> slurm_options_;
  int slurm_tasks_ = 0;
  bool collect_ = false;
  bool no_progress_ = false;
  bool dry_run_ = false;
  CLI::Option* output_option_ = nullptr;
  double progress_interval_s_ = -1;
  CLI::Option* task_index_option_ = nullptr;
  CLI::Option* task_count_option_ = nullptr;
  int task_index_ = -1;
  int task_count_ = 0;
};

HYBRIDFOG_REGISTER_COMMAND("sweep", "run a study (axes over scenario keys) locally or as a Slurm job array", SweepCommand);

}  // namespace
}  // namespace hybridfog::cli

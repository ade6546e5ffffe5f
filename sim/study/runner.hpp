#pragma once
// Executes a study: every run is its own `hybridfog run` process (SimGrid allows one engine per process).
// Finished runs are never recomputed; an interrupted run leaves only a staging folder, which is redone.
#include <stdexcept>
#include <string>
#include <vector>

#include "study/study_spec.hpp"

namespace hybridfog {

struct SweepOptions {
  std::string study_dir;
  std::string hybridfog_binary;  // absolute path of the binary that runs each point
  int jobs = 1;                  // runs at once
  bool progress = true;          // progress bar and heartbeat on stderr
  double progress_interval_s = -1;  // seconds between heartbeat lines; < 0: 0.5 on a terminal, 5 otherwise
  // Slurm array task mode: run only runs whose index % task_count == task_index, no results.csv.
  int task_index = -1;
  int task_count = 0;
};

// Prepares the study folder: creates it, writes study.json, or checks that an existing one describes the
// same study (throws std::runtime_error otherwise). Staging folders of interrupted runs are left to the
// runs that redo them (each removes only those whose process is gone).
void prepare_study_dir(const StudySpec& study, const std::string& study_dir);

// The lock on a study folder (docs/studies.md, "Two sweeps into one folder"): flock on <study_dir>/.sweep.lock,
// exclusive for a local sweep and --collect, shared for a Slurm submission and its array tasks (which run
// together). Taken without waiting: when another sweep holds it, InputError ("<command line>: -o: DIR is in
// use by another hybridfog sweep ..."). Released when destroyed (or when the process ends, however it ends).
class StudyLock {
 public:
  StudyLock(const std::string& study_dir, bool shared);
  ~StudyLock();
  StudyLock(const StudyLock&) = delete;
  StudyLock& operator=(const StudyLock&) = delete;

 private:
  int fd_ = -1;
};

// Thrown by run_study when SIGINT or SIGTERM arrived: the runs in flight were stopped (their staging
// folders are redone by the next sweep into the same folder), finished runs are kept.
struct StudyInterrupted : std::runtime_error {
  StudyInterrupted(int signal_number, int runs_done, int runs_total)
      : std::runtime_error("interrupted"), signal(signal_number), done(runs_done), total(runs_total) {}
  int signal, done, total;  // the signal; runs finished (earlier sweeps' included) of this sweep's total
};

struct StudyOutcome {
  int failed = 0;  // runs that failed (their logs are in <study_dir>/logs/)
  int busy = 0;    // runs skipped because another sweep into the folder was running them (their log is locked)
};

// Runs what is missing (all of it, or this array task's share); a run whose log another sweep holds locked
// is left to it. Throws StudyInterrupted on SIGINT / SIGTERM.
StudyOutcome run_study(const StudySpec& study, const SweepOptions& options);

struct SlurmOptions {
  // Passed to sbatch as they are, one argument each, e.g. "--partition=debug". Each must start with '-';
  // --wrap, --array/-a and --parsable are refused (hybridfog sets the script and the array).
  std::vector<std::string> sbatch_options;
  int array_tasks = 0;                      // 0: one array task per run, at most 1000
  std::string sbatch = "sbatch";  // looked up on PATH
};

// The one quoting function for text that enters a shell script: 'text' with ' written as '\''. Any byte
// string (newlines, $(), backticks, quotes) reads back as itself.
std::string shell_quote(const std::string& text);

// Throws InputError("<command line>", "--slurm-opt", ...) for an option sbatch must not get.
void check_sbatch_options(const std::vector<std::string>& options);

// Writes <study_dir>/slurm/job.sh and submits it as a job array (sbatch run with an argument vector, no
// shell); returns the job id sbatch printed. Throws InputError for a refused --slurm-opt.
std::string submit_slurm(const StudySpec& study, const std::string& study_file, const SweepOptions& options,
                         const SlurmOptions& slurm);

}  // namespace hybridfog

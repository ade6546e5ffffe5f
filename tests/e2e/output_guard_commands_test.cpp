// The one output-folder rule for every command that writes (issue 25 §1): partition --verify-dir and
// partition -o are guarded like run -o and sweep -o (docs/outputs.md, "Which folders -o may replace"), and
// two sweeps into one folder never delete each other's work: staging folders are removed only when their
// process is gone, and a study folder is locked (docs/studies.md, "Two sweeps into one folder").
// (import scission -o is tested in python/tests/test_scission.py.)
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

// Every file, folder and link under `root` (relative path -> content).
std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string rel = it->path().lexically_relative(root).string();
    if (it->is_symlink())
      out[rel] = "<link " + fs::read_symlink(it->path()).string() + ">";
    else if (it->is_directory())
      out[rel] = "<dir>";
    else
      out[rel] = read_file(it->path().string());
  }
  return out;
}

const std::string kScenario = source_path("scenarios/quickstart.yaml");

// partition with --verify 1 on a small workload; extra arguments appended.
std::vector<std::string> verify_args(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--log-level", "warn", "partition", kScenario, "--set",
                                   "workload.samples_per_device=3", "--top", "2", "--verify", "1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

void expect_refused(const CommandResult& r, const std::map<std::string, std::string>& before, const fs::path& root,
                    const std::string& option, const std::string& why) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("<command line>: " + option + ": "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
  EXPECT_EQ(snapshot(root), before);
}

TEST(OutputGuard, VerifyDirRefusesAUserFolderThatLooksLikeOne) {
  TempDir dir;
  // A folder of the user's with the names partition --verify-dir writes, plus their own notes.
  dir.write("mine/rank-1/run.log", "my log\n");
  dir.write("mine/rank-1/platform.yaml", "my platform\n");
  dir.write("mine/notes.txt", "keep\n");
  // Our own names only, but no verify.json: not a complete earlier output either.
  dir.write("bare/rank-1/run.log", "a log\n");
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog(verify_args({"--verify-dir", dir.file("mine")})), before, dir.path(), "--verify-dir",
                 "not a partition --verify-dir folder");
  expect_refused(run_hybridfog(verify_args({"--verify-dir", dir.file("bare")})), before, dir.path(), "--verify-dir",
                 "not a partition --verify-dir folder");
}

TEST(OutputGuard, VerifyDirRefusesLinksRootHomeAndTheCurrentFolder) {
  TempDir dir;
  dir.write("real/notes.txt", "keep\n");
  fs::create_directory_symlink(dir.file("real"), dir.file("link"));
  dir.write("home/.bashrc", "alias ll='ls -l'\n");
  dir.write("file.txt", "data\n");
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog(verify_args({"--verify-dir", dir.file("link")})), before, dir.path(), "--verify-dir",
                 "it is a symbolic link");
  expect_refused(run_hybridfog(verify_args({"--verify-dir", "/"})), before, dir.path(), "--verify-dir",
                 "names the current folder, its parent or the root");
  expect_refused(run_hybridfog_in(dir.file("home"), verify_args({"--verify-dir", "."})), before, dir.path(),
                 "--verify-dir", "names the current folder, its parent or the root");
  expect_refused(run_hybridfog_in(dir.path(), verify_args({"--verify-dir", dir.file("home")}),
                                  "HOME=" + shell_quote(dir.file("home"))),
                 before, dir.path(), "--verify-dir", "it is the home folder");
  expect_refused(run_hybridfog(verify_args({"--verify-dir", dir.file("file.txt")})), before, dir.path(), "--verify-dir",
                 "it exists and is not a folder");
  expect_refused(run_hybridfog(verify_args({"--verify-dir", dir.file("file.txt/sub")})), before, dir.path(),
                 "--verify-dir", "is not a folder");
}

TEST(OutputGuard, VerifyDirIsWrittenAtomicallyAndReplacesOnlyItsOwnOutput) {
  TempDir dir;
  const std::string verify = dir.file("verify");
  const CommandResult first = run_hybridfog(verify_args({"--verify-dir", verify}));
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_TRUE(fs::is_regular_file(verify + "/verify.json"));
  EXPECT_TRUE(fs::is_regular_file(verify + "/rank-1/run/summary.json"));
  // Its own earlier output is replaced; nothing is left beside it.
  const CommandResult again = run_hybridfog(verify_args({"--verify-dir", verify}));
  ASSERT_EQ(again.status, 0) << again.err;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"verify"});
  // A file of the user's added to it makes it theirs.
  dir.write("verify/rank-1/analysis.ipynb", "{}\n");
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog(verify_args({"--verify-dir", verify})), before, dir.path(), "--verify-dir",
                 "not a partition --verify-dir folder");
  // --verify-dir without --verify would write nothing: refused.
  const CommandResult alone = run_hybridfog({"partition", kScenario, "--verify-dir", dir.file("v2")});
  EXPECT_EQ(alone.status, 2) << alone.err;
  EXPECT_NE(alone.err.find("<command line>: --verify-dir: "), std::string::npos) << alone.err;
}

TEST(OutputGuard, PartitionOutputFileIsGuardedAndWrittenAtomically) {
  TempDir dir;
  const std::vector<std::string> base = {"--log-level", "warn", "partition", kScenario, "--top", "2", "-o"};
  const auto with = [&](const std::string& target) {
    std::vector<std::string> args = base;
    args.push_back(target);
    return args;
  };
  dir.write("thesis.tex", "\\chapter{Results}\n");
  dir.write("folder/keep.txt", "keep\n");
  fs::create_symlink(dir.file("thesis.tex"), dir.file("link.csv"));
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog(with(dir.file("thesis.tex"))), before, dir.path(), "-o", "it is not an earlier partition ranking");
  expect_refused(run_hybridfog(with(dir.file("folder"))), before, dir.path(), "-o", "it is a folder");
  expect_refused(run_hybridfog(with(dir.file("folder") + "/")), before, dir.path(), "-o", "expected a file name");
  expect_refused(run_hybridfog(with(dir.file("link.csv"))), before, dir.path(), "-o", "it is a symbolic link");
  expect_refused(run_hybridfog(with(dir.file("thesis.tex/out.csv"))), before, dir.path(), "-o", "is not a folder");
  expect_refused(run_hybridfog(with(dir.file("absent/out.csv"))), before, dir.path(), "-o", "no folder");
  // A new file, then its own earlier output replaced; no staging file left beside it.
  ASSERT_EQ(run_hybridfog(with(dir.file("r.csv"))).status, 0);
  const std::string first = read_file(dir.file("r.csv"));
  EXPECT_EQ(first.rfind("rank,objective,latency_s,", 0), 0u);
  const CommandResult again = run_hybridfog(with(dir.file("r.csv")));
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(read_file(dir.file("r.csv")), first);
  for (const auto& e : fs::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos) << e.path();
}

std::string study_file(const TempDir& dir) {
  return dir.write("study.yaml", "name: t\nbase: " + kScenario +
                                     "\nseed: 3\nset:\n  workload.samples_per_device: 5\naxes:\n"
                                     "  - grid:\n      policy.threshold: [0.3, 0.9]\n");
}

TEST(OutputGuard, SweepKeepsTheStagingFolderOfARunningProcess) {
  TempDir dir;
  const std::string study = study_file(dir);
  const std::string out = dir.file("study");
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", out, "--no-progress"}).status, 0);
  fs::remove_all(out + "/points/0-r0");  // to be redone
  // A run in progress (this test process is alive) and one whose process is gone (no such pid).
  const std::string live = "points/.0-r0.partial-" + std::to_string(::getpid());
  const std::string dead = "points/.0-r0.partial-2147483000";
  dir.write("study/" + live + "/samples.csv", "sample,device\n0,0\n");
  dir.write("study/" + dead + "/samples.csv", "sample,device\n0,0\n");
  const CommandResult r = run_hybridfog({"sweep", study, "-o", out, "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(read_file(out + "/" + live + "/samples.csv"), "sample,device\n0,0\n");
  EXPECT_FALSE(fs::exists(out + "/" + dead));
  EXPECT_TRUE(fs::exists(out + "/points/0-r0/summary.json"));
}

// Holds flock(LOCK_EX or LOCK_SH) on a file for its lifetime, as another sweep's process would.
struct HeldLock {
  int fd;
  HeldLock(const std::string& file, int operation) : fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::flock(fd, operation | LOCK_NB), 0);
  }
  ~HeldLock() { ::close(fd); }
};

TEST(OutputGuard, ASecondSweepIntoALockedStudyFolderStopsWithoutTouchingIt) {
  TempDir dir;
  const std::string study = study_file(dir);
  const std::string out = dir.file("study");
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", out, "--no-progress"}).status, 0);
  fs::remove_all(out + "/points/1-r0");
  dir.write("study/points/.1-r0.partial-2147483000/samples.csv", "sample\n");
  const auto before = snapshot(dir.path());
  {
    HeldLock running(out + "/.sweep.lock", LOCK_EX);  // a local sweep in progress
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, {"--collect"}, {"--task-index", "0", "--task-count", "1"}}) {
      std::vector<std::string> args = {"sweep", study, "-o", out, "--no-progress"};
      args.insert(args.end(), extra.begin(), extra.end());
      const CommandResult r = run_hybridfog(args);
      EXPECT_EQ(r.status, 2) << r.err;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_NE(r.err.find("is in use by another hybridfog sweep"), std::string::npos) << r.err;
      EXPECT_EQ(snapshot(dir.path()), before);
    }
  }
  {
    HeldLock tasks(out + "/.sweep.lock", LOCK_SH);  // Slurm array tasks in progress: a local sweep waits for them
    const CommandResult r = run_hybridfog({"sweep", study, "-o", out, "--no-progress"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(snapshot(dir.path()), before);
  }
  // Once released, the sweep redoes the missing run.
  const CommandResult r = run_hybridfog({"sweep", study, "-o", out, "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(out + "/points/1-r0/summary.json"));
}

TEST(OutputGuard, ASlurmTaskLeavesARunThatAnotherTaskIsRunning) {
  TempDir dir;
  const std::string study = study_file(dir);
  const std::string out = dir.file("study");
  const std::vector<std::string> task = {"sweep", study, "-o", out, "--no-progress", "--task-index", "0", "--task-count", "1"};
  ASSERT_EQ(run_hybridfog(task).status, 0);
  fs::remove_all(out + "/points/0-r0");
  fs::remove_all(out + "/points/1-r0");
  dir.write("study/logs/0-r0.log", "progress of the other task\n");
  {
    // Another task (a resubmitted array) runs 0-r0: it holds the study folder shared and that run's log.
    HeldLock other_task(out + "/.sweep.lock", LOCK_SH);
    HeldLock other_run(out + "/logs/0-r0.log", LOCK_EX);
    const CommandResult r = run_hybridfog(task);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("run points/0-r0 is being run by another sweep into this folder: left to it"), std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(out + "/points/0-r0"));
    EXPECT_EQ(read_file(out + "/logs/0-r0.log"), "progress of the other task\n");
    EXPECT_TRUE(fs::exists(out + "/points/1-r0/summary.json"));
  }
  ASSERT_EQ(run_hybridfog(task).status, 0);
  EXPECT_TRUE(fs::exists(out + "/points/0-r0/summary.json"));
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", out, "--collect"}).status, 0);
}

}  // namespace
}  // namespace hybridfog::testing

// -o never deletes what is not ours (issue 15 §1): `run` and `sweep` replace or write into an existing
// folder only when it is provably a hybridfog output of that kind holding nothing else; ".", "..", "/", the
// home folder, ancestors of the current folder, symbolic links and files are refused with exit 2, and the
// refused folder's content is checked byte for byte afterwards.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

// Every file and folder under `root` (relative path -> content; folders and links marked).
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

CommandResult run_in(const std::string& cwd, const std::vector<std::string>& args, const std::string& env = "") {
  return run_hybridfog_in(cwd, args, env);
}

const std::string kScenario = source_path("scenarios/quickstart.yaml");

std::vector<std::string> run_args(const std::string& out) {
  return {"run", kScenario, "-o", out, "--no-progress", "--set", "workload.samples_per_device=5"};
}

std::string study_file(const TempDir& dir) {
  return dir.write("study.yaml", "name: t\nbase: " + kScenario +
                                     "\nseed: 3\nset:\n  workload.samples_per_device: 5\naxes:\n"
                                     "  - grid:\n      policy.threshold: [0.3, 0.9]\n");
}

// A folder that is not ours but happens to hold a manifest.json (a browser extension).
void make_extension(const TempDir& dir, const std::string& name) {
  dir.write(name + "/manifest.json", R"({"manifest_version": 3, "name": "ext", "version": "1.0"})");
  dir.write(name + "/background.js", "chrome.runtime.onInstalled.addListener(() => {});\n");
  dir.write(name + "/icons/16.png", std::string("\x89PNG\r\n", 6));
}

// Runs `args`, expects the refusal contract, and the folder's content unchanged.
void expect_refused(const CommandResult& r, const std::map<std::string, std::string>& before, const fs::path& root,
                    const std::string& why) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("<command line>: -o: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
  const auto after = snapshot(root);
  for (const auto& [path, content] : before) {
    const auto it = after.find(path);
    EXPECT_TRUE(it != after.end() && it->second == content) << path << " changed or vanished";
  }
  for (const auto& [path, _] : after) EXPECT_TRUE(before.count(path)) << path << " appeared";
}

TEST(OutputFolder, RunRefusesAFolderThatOnlyHasAManifestJson) {
  TempDir dir;
  make_extension(dir, "ext");
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog(run_args(dir.file("ext"))), before, dir.path(), "refusing to replace " + dir.file("ext") +
                                                                                     ": not a hybridfog output folder");
  expect_refused(run_hybridfog(run_args(dir.file("ext") + "/")), before, dir.path(), "not a hybridfog output folder");
}

TEST(OutputFolder, SweepRefusesAFolderThatOnlyHasAManifestJson) {
  TempDir dir;
  const std::string study = study_file(dir);
  make_extension(dir, "ext");
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog({"sweep", study, "-o", dir.file("ext"), "--no-progress"}), before, dir.path(),
                 "not a hybridfog study folder");
}

TEST(OutputFolder, RunRefusesOurManifestWithAForeignFileBesideIt) {
  TempDir dir;
  const std::string out = dir.file("out");
  ASSERT_EQ(run_hybridfog(run_args(out)).status, 0);
  dir.write("out/thesis.tex", "\\chapter{Results}\n");
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog(run_args(out)), before, dir.path(), "not a hybridfog output folder");
}

TEST(OutputFolder, RunRefusesAManifestOfAnotherFormatOrVersionOrUnparsable) {
  for (const std::string manifest : {R"({"format": "hybridfog-run", "format_version": 2})",
                                     R"({"format": "hybridfog-study", "format_version": 1})", R"({"format": "hybridfog-run")",
                                     R"(["hybridfog-run", 1])"}) {
    TempDir dir;
    dir.write("out/manifest.json", manifest);
    dir.write("out/summary.json", "{}");
    const auto before = snapshot(dir.path());
    expect_refused(run_hybridfog(run_args(dir.file("out"))), before, dir.path(), "not a hybridfog output folder");
  }
}

TEST(OutputFolder, RunAndSweepRefuseDotDotDotRootHomeAndAncestors) {
  TempDir dir;
  dir.write("home/notes.txt", "keep me\n");
  dir.write("home/work/project/data.csv", "a,b\n1,2\n");
  dir.write("home/work/project/manifest.json", R"({"format": "hybridfog-run", "format_version": 1})");
  const std::string study = study_file(dir);
  const std::string cwd = dir.file("home/work/project");
  const std::string env = "HOME=" + shell_quote(dir.file("home"));
  const auto before = snapshot(dir.path());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {".", "names the current folder, its parent or the root"},
      {"./", "names the current folder, its parent or the root"},
      {"..", "names the current folder, its parent or the root"},
      {"../", "names the current folder, its parent or the root"},
      {"/", "names the current folder, its parent or the root"},
      {dir.file("home"), "it is the current folder or one of its ancestors"},
      {dir.file("home/work"), "it is the current folder or one of its ancestors"},
      {cwd, "it is the current folder or one of its ancestors"},
      {"../../../home/work/project/../..", "it is the current folder or one of its ancestors"},
  };
  for (const auto& [target, why] : cases) {
    SCOPED_TRACE(target);
    expect_refused(run_in(cwd, run_args(target), env), before, dir.path(), why);
    expect_refused(run_in(cwd, {"sweep", study, "-o", target, "--no-progress"}, env), before, dir.path(), why);
  }
  // The home folder while working elsewhere.
  const std::string elsewhere = dir.file("elsewhere");
  fs::create_directories(elsewhere);
  const auto before_home = snapshot(dir.path());
  expect_refused(run_in(elsewhere, run_args(dir.file("home")), env), before_home, dir.path(), "it is the home folder");
  fs::remove_all(elsewhere);
}

TEST(OutputFolder, RunRefusesASymlinkAFileAndAnEmptyName) {
  TempDir dir;
  ASSERT_EQ(run_hybridfog(run_args(dir.file("real"))).status, 0);  // a genuine run folder behind the link
  fs::create_directory_symlink(dir.file("real"), dir.file("link"));
  dir.write("file.txt", "data\n");
  const auto before = snapshot(dir.path());
  expect_refused(run_hybridfog(run_args(dir.file("link"))), before, dir.path(), "it is a symbolic link");
  expect_refused(run_hybridfog(run_args(dir.file("link") + "/")), before, dir.path(), "it is a symbolic link");
  expect_refused(run_hybridfog(run_args(dir.file("file.txt"))), before, dir.path(), "it exists and is not a folder");
  expect_refused(run_hybridfog(run_args("")), before, dir.path(), "an empty folder name");
  const std::string study = study_file(dir);
  expect_refused(run_hybridfog({"sweep", study, "-o", "", "--no-progress"}), snapshot(dir.path()), dir.path(),
                 "an empty folder name");
  expect_refused(run_hybridfog(run_args(dir.file(std::string(250, 'x')))), snapshot(dir.path()), dir.path(),
                 "folder name of 250 bytes (at most 235)");
}

TEST(OutputFolder, RunReplacesItsOwnEarlierOutputAndFillsAnEmptyFolder) {
  TempDir dir;
  const std::string out = dir.file("out");
  fs::create_directories(out);
  ASSERT_EQ(run_hybridfog(run_args(out)).status, 0);
  const auto first = read_file(out + "/samples.csv");
  CommandResult again = run_hybridfog({"run", kScenario, "-o", out, "--no-progress", "--set",
                                       "workload.samples_per_device=7"});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(read_file(out + "/samples.csv"), first);
  EXPECT_EQ(read_json(out + "/summary.json")["samples"], 70);
  // Only the output folder is left: no staging or old copy beside it.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"out"});
}

TEST(OutputFolder, StagingFoldersOfKilledRunsAreCleanedButForeignOnesKept) {
  TempDir dir;
  const std::string dead_pid = "2147483000";  // above any pid_max: no such process
  dir.write(".out.partial-" + dead_pid + "/samples.csv", "sample,device\n0,0\n");
  dir.write(".out.partial-2147483001/notes.txt", "not ours\n");
  dir.write(".other.partial-" + dead_pid + "/samples.csv", "another target's\n");
  ASSERT_EQ(run_hybridfog(run_args(dir.file("out"))).status, 0);
  EXPECT_FALSE(fs::exists(dir.file(".out.partial-" + dead_pid)));
  EXPECT_EQ(read_file(dir.file(".out.partial-2147483001/notes.txt")), "not ours\n");
  EXPECT_TRUE(fs::exists(dir.file(".other.partial-" + dead_pid + "/samples.csv")));
}

TEST(OutputFolder, KillNineMidRunLeavesTheEarlierOutputWholeAndTheNextRunCleansUp) {
  TempDir dir;
  const std::string out = dir.file("out");
  ASSERT_EQ(run_hybridfog(run_args(out)).status, 0);
  const auto before = snapshot(out);
  // A long run into the same folder, killed while it simulates.
  const std::string pid_file = dir.file("pid");
  const std::string command = "cd " + shell_quote(HYBRIDFOG_SOURCE_DIR) + " && { " + shell_quote(HYBRIDFOG_BINARY) +
                              " run " + shell_quote(kScenario) + " -o " + shell_quote(out) +
                              " --no-progress --set workload.samples_per_device=200000 >/dev/null 2>&1 & echo $! > " +
                              shell_quote(pid_file) + "; }";
  ASSERT_EQ(std::system(command.c_str()), 0);
  bool staged = false;
  for (int i = 0; i < 200 && !staged; ++i) {  // wait until its staging folder exists
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const auto& e : fs::directory_iterator(dir.path())) staged |= e.path().filename().string().rfind(".out.partial-", 0) == 0;
  }
  ASSERT_TRUE(staged);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const pid_t pid = std::stoi(read_file(pid_file));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(snapshot(out), before);  // the earlier output, whole
  // The next run into the same folder removes what the killed one left.
  ASSERT_EQ(run_hybridfog(run_args(out)).status, 0);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"out", "pid"}));
}

TEST(OutputFolder, SweepRefusesARunFolderAndAStudyFolderWithForeignFiles) {
  TempDir dir;
  const std::string study = study_file(dir);
  ASSERT_EQ(run_hybridfog(run_args(dir.file("run"))).status, 0);
  auto before = snapshot(dir.path());
  expect_refused(run_hybridfog({"sweep", study, "-o", dir.file("run"), "--no-progress"}), before, dir.path(),
                 "not a hybridfog study folder");

  const std::string out = dir.file("study");
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", out, "--no-progress"}).status, 0);
  // Rerunning into its own folder is allowed (resume), also with --collect.
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", out, "--no-progress"}).status, 0);
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", out, "--collect"}).status, 0);
  for (const std::string extra : {"notes.txt", "points/0-r0/extra.csv", "logs/readme", "points/mine/x"}) {
    SCOPED_TRACE(extra);
    dir.write("study/" + extra, "mine\n");
    before = snapshot(dir.path());
    expect_refused(run_hybridfog({"sweep", study, "-o", out, "--no-progress"}), before, dir.path(),
                   "not a hybridfog study folder");
    fs::remove(dir.file("study/" + extra));
  }
  // A study.json that is not ours.
  TempDir other;
  other.write("s/study.json", R"({"title": "my study"})");
  other.write("s/points/a.txt", "x\n");
  before = snapshot(other.path());
  expect_refused(run_hybridfog({"sweep", study, "-o", other.file("s"), "--no-progress"}), before, other.path(),
                 "not a hybridfog study folder");
}

}  // namespace
}  // namespace hybridfog::testing

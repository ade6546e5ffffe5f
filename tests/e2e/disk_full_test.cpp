// Every write checked (issue 25 §2): on a full filesystem every command that writes fails with one line
// naming the file and "No space left on device", exit status 1, and leaves what was there before (an earlier
// result stays whole, no 0-byte or partial file is left as if it were a result).
//
// The full filesystem is a small tmpfs mounted in a private mount namespace (`unshare -m`; it vanishes
// with the test's shell), filled with zeros. Where that is not allowed (not root, no user namespaces), the
// tmpfs tests are skipped with a message and the RLIMIT_FSIZE test below still checks the same paths: with
// `ulimit -f 0` every write fails with EFBIG ("File too large").
#include <gtest/gtest.h>

#include <filesystem>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

const std::string kScenario = source_path("scenarios/quickstart.yaml");

// `script` run by bash with HF (the binary), S (quickstart.yaml) and D (a folder outside the tmpfs) set, in a
// private mount namespace where T is a fresh tmpfs of `size`. fill_disk fills T with zeros. Returns false
// when no tmpfs can be mounted here.
bool run_on_tmpfs(const TempDir& dir, const std::string& size, const std::string& script) {
  fs::create_directories(dir.file("tmpfs"));
  const std::string body = "set -u\nT=" + shell_quote(dir.file("tmpfs")) + "\nD=" + shell_quote(dir.path()) +
                           "\nHF=" + shell_quote(HYBRIDFOG_BINARY) + "\nS=" + shell_quote(kScenario) +
                           "\nmount -t tmpfs -o size=" + size + " hybridfog-test \"$T\" || exit 99\n"
                           "fill_disk() { dd if=/dev/zero of=\"$T/fill\" bs=4096 >/dev/null 2>&1; true; }\n" +
                           script + "\n";
  const std::string file = dir.write("script.sh", body);
  const int raw = std::system(("unshare -m bash " + shell_quote(file) + " >" + shell_quote(dir.file("script.out")) +
                               " 2>&1").c_str());
  const int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  if (status == 99 || status == 1 || status == 127) {
    const std::string out = read_file(dir.file("script.out"));
    if (out.find("unshare") != std::string::npos || out.find("mount") != std::string::npos || status == 99) return false;
  }
  EXPECT_EQ(status, 0) << read_file(dir.file("script.out"));
  return true;
}

#define SKIP_WITHOUT_TMPFS(ok)                                                                                   \
  if (!(ok)) GTEST_SKIP() << "cannot mount a tmpfs in a private mount namespace here (unshare -m, mount -t tmpfs " \
                             "need root); the RLIMIT_FSIZE test covers the same writes"

void expect_one_line(const std::string& err, const std::string& what) {
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find(what), std::string::npos) << err;
}

TEST(DiskFull, PartitionKeepsTheEarlierRanking) {
  TempDir dir;
  SKIP_WITHOUT_TMPFS(run_on_tmpfs(dir, "256k", R"(
"$HF" --log-level warn partition "$S" --top 3 -o "$T/r.csv" || exit 1
cp "$T/r.csv" "$D/before.csv"
fill_disk
"$HF" --log-level warn partition "$S" --top 3 -o "$T/r.csv" >/dev/null 2>"$D/err"; echo $? >"$D/status"
cp "$T/r.csv" "$D/after.csv"
ls -A "$T" >"$D/ls"
)"));
  EXPECT_EQ(read_file(dir.file("status")), "1\n");
  expect_one_line(read_file(dir.file("err")), "No space left on device");
  EXPECT_EQ(read_file(dir.file("after.csv")), read_file(dir.file("before.csv")));
  EXPECT_GT(read_file(dir.file("before.csv")).size(), 100u);
  EXPECT_EQ(read_file(dir.file("ls")), "fill\nr.csv\n");  // no staging file left
}

std::string write_study(const TempDir& dir) {
  return dir.write("study.yaml", "name: t\nbase: " + kScenario +
                                     "\nseed: 3\nset:\n  workload.samples_per_device: 5\naxes:\n"
                                     "  - grid:\n      policy.threshold: [0.3, 0.9]\n");
}

TEST(DiskFull, SweepWritesNoEmptyStudyJsonAndCanBeRerun) {
  TempDir dir;
  write_study(dir);
  SKIP_WITHOUT_TMPFS(run_on_tmpfs(dir, "2m", R"(
fill_disk
"$HF" sweep "$D/study.yaml" -o "$T/s" --no-progress >/dev/null 2>"$D/err"; echo $? >"$D/status"
ls -A "$T/s" >"$D/ls" 2>/dev/null
rm "$T/fill"
"$HF" sweep "$D/study.yaml" -o "$T/s" --no-progress >/dev/null 2>"$D/err2"; echo $? >"$D/status2"
test -s "$T/s/results.csv" && echo yes >"$D/results"
)"));
  EXPECT_EQ(read_file(dir.file("status")), "1\n");
  expect_one_line(read_file(dir.file("err")), "No space left on device");
  EXPECT_EQ(read_file(dir.file("ls")).find("study.json"), std::string::npos) << read_file(dir.file("ls"));
  // Once there is room again, the same folder is accepted and the study completes.
  EXPECT_EQ(read_file(dir.file("status2")), "0\n") << read_file(dir.file("err2"));
  EXPECT_EQ(read_file(dir.file("results")), "yes\n");
}

TEST(DiskFull, SweepSaysWhyItsRunsFailed) {
  TempDir dir;
  write_study(dir);
  // A study whose runs outgrow the filesystem while they run (samples.csv of 2 x 40,000 rows on 2 MB).
  dir.write("big.yaml", "name: big\nbase: " + kScenario +
                            "\nseed: 3\nset:\n  workload.samples_per_device: 4000\naxes:\n"
                            "  - grid:\n      policy.threshold: [0.3, 0.9]\n");
  SKIP_WITHOUT_TMPFS(run_on_tmpfs(dir, "2m", R"(
"$HF" sweep "$D/study.yaml" -o "$T/s" --no-progress >/dev/null 2>&1 || exit 1
rm -r "$T/s/points/0-r0" "$T/s/results.csv"
fill_disk
"$HF" sweep "$D/study.yaml" -o "$T/s" --no-progress >/dev/null 2>"$D/err"; echo $? >"$D/status"
rm -r "$T/fill" "$T/s"
"$HF" sweep "$D/big.yaml" -o "$T/b" --no-progress -j 1 >/dev/null 2>"$D/err2"; echo $? >"$D/status2"
)"));
  // Full before the run starts, and full while it runs: either way the sweep's line about the run says why
  // ("run points/0-r0 failed (exit 1): error: ...: No space left on device; log: ..." from the run's log, whose
  // room the sweep reserves, or "run points/0-r0 not started: cannot write its log ...: No space left on device").
  for (const char* name : {"status", "status2"}) EXPECT_EQ(read_file(dir.file(name)), "1\n") << name;
  for (const char* name : {"err", "err2"}) {
    const std::string err = read_file(dir.file(name));
    const size_t line = err.find("run points/0-r0 ");
    ASSERT_NE(line, std::string::npos) << err;
    const std::string text = err.substr(line, err.find('\n', line) - line);
    EXPECT_NE(text.find("No space left on device"), std::string::npos) << err;
  }
}

TEST(DiskFull, CollectLeavesNoPartialResults) {
  TempDir dir;
  write_study(dir);
  SKIP_WITHOUT_TMPFS(run_on_tmpfs(dir, "2m", R"(
"$HF" sweep "$D/study.yaml" -o "$T/s" --no-progress >/dev/null 2>&1 || exit 1
rm "$T/s/results.csv"
fill_disk
"$HF" sweep "$D/study.yaml" -o "$T/s" --collect >/dev/null 2>"$D/err"; echo $? >"$D/status"
ls -A "$T/s" >"$D/ls"
)"));
  EXPECT_EQ(read_file(dir.file("status")), "1\n");
  expect_one_line(read_file(dir.file("err")), "No space left on device");
  const std::string listing = read_file(dir.file("ls"));
  EXPECT_EQ(listing.find("results.csv"), std::string::npos) << listing;  // neither results.csv nor its .partial
}

// The same writes where no tmpfs can be mounted: RLIMIT_FSIZE 0 makes every write fail (EFBIG; SIGXFSZ is
// ignored so that the write returns the error instead of killing the process).
// stderr goes through a pipe (a pipe has no file size limit); stdout is not kept.
CommandResult with_no_file_size(const TempDir& dir, const std::vector<std::string>& args) {
  std::string inner = "trap '' XFSZ; ulimit -f 0; exec " + shell_quote(HYBRIDFOG_BINARY);
  for (const auto& a : args) inner += " " + shell_quote(a);
  inner += " 2>&1 >/dev/null";
  const std::string outer = "bash -c " + shell_quote(inner) + " | cat >" + shell_quote(dir.file("limited.err"));
  const int raw = std::system(("cd " + shell_quote(dir.path()) + " && bash -o pipefail -c " + shell_quote(outer)).c_str());
  CommandResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.err = read_file(dir.file("limited.err"));
  fs::remove(dir.file("limited.err"));
  return result;
}

TEST(DiskFull, EveryWriteFailsCleanlyUnderAFileSizeLimit) {
  TempDir dir;
  const std::string study = write_study(dir);
  ASSERT_EQ(run_hybridfog({"--log-level", "warn", "partition", kScenario, "--top", "3", "-o", dir.file("r.csv")}).status, 0);
  const std::string ranking = read_file(dir.file("r.csv"));
  CommandResult r = with_no_file_size(dir, {"--log-level", "warn", "partition", kScenario, "--top", "3", "-o", dir.file("r.csv")});
  EXPECT_EQ(r.status, 1) << r.err;
  expect_one_line(r.err, "File too large");
  EXPECT_EQ(read_file(dir.file("r.csv")), ranking);
  r = with_no_file_size(dir, {"sweep", study, "-o", dir.file("s"), "--no-progress"});
  EXPECT_EQ(r.status, 1) << r.err;
  expect_one_line(r.err, "File too large");
  EXPECT_FALSE(fs::exists(dir.file("s/study.json")));
  ASSERT_EQ(run_hybridfog({"sweep", study, "-o", dir.file("s"), "--no-progress"}).status, 0);
  fs::remove(dir.file("s/results.csv"));
  r = with_no_file_size(dir, {"sweep", study, "-o", dir.file("s"), "--collect"});
  EXPECT_EQ(r.status, 1) << r.err;
  expect_one_line(r.err, "File too large");
  EXPECT_FALSE(fs::exists(dir.file("s/results.csv")));
  EXPECT_FALSE(fs::exists(dir.file("s/.results.csv.partial")));
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"r.csv", "s", "study.yaml"}));
}

}  // namespace
}  // namespace hybridfog::testing

// Study values and sweep options never reach a shell as code (issue 15 §2). A fake `sbatch` first on PATH
// records its exact arguments and runs the job script the way Slurm would (sh job.sh, array task 0), so
// the script's quoting is exercised for real. Every hostile value either is refused (exit 2, nothing
// created) or arrives literally; no payload file ever appears.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

const char* kFakeSbatch = R"(#!/bin/sh
# fake sbatch: arguments, NUL-separated, into $FAKE_SBATCH_LOG; then the script (last argument) as array task 0.
for a in "$@"; do printf '%s\0' "$a" >> "$FAKE_SBATCH_LOG"; done
for script in "$@"; do :; done
SLURM_ARRAY_TASK_ID=0 sh "$script" > "$FAKE_SBATCH_LOG.job" 2>&1 || { echo "job failed" >&2; exit 1; }
echo "4242;cluster"
)";

// Payloads: each would create a file named INJECTED* in the current folder if it ever ran as shell code.
const std::vector<std::string> kPayloads = {
    "x'; touch INJECTED1; echo '", "$(touch INJECTED2)", "`touch INJECTED3`", "a\ntouch INJECTED4",
    "\"; touch INJECTED5; echo \"", "-o /tmp/INJECTED6", "--seed=1;touch INJECTED7", "x\\'$(touch INJECTED8)"};

struct Workspace {
  TempDir dir;
  std::string work = dir.file("work");  // the current folder of hybridfog and of the job
  std::string log = dir.file("sbatch.log");
  Workspace() {
    fs::create_directories(work);
    dir.write("bin/sbatch", kFakeSbatch);
    fs::permissions(dir.file("bin/sbatch"), fs::perms::owner_exec, fs::perm_options::add);
  }
  std::string env() const {
    return "PATH=" + shell_quote(dir.file("bin")) + ":\"$PATH\" FAKE_SBATCH_LOG=" + shell_quote(log);
  }
  CommandResult sweep(const std::vector<std::string>& args) const {
    std::vector<std::string> all = {"sweep"};
    all.insert(all.end(), args.begin(), args.end());
    return run_hybridfog_in(work, all, env());
  }
  // The arguments sbatch received.
  std::vector<std::string> sbatch_args() const {
    const std::string text = read_file(log);
    std::vector<std::string> out;
    size_t start = 0;
    for (size_t end; (end = text.find('\0', start)) != std::string::npos; start = end + 1)
      out.push_back(text.substr(start, end - start));
    return out;
  }
  // No payload ran: nothing named INJECTED* anywhere under the temp folder or in /tmp.
  void expect_nothing_injected() const {
    for (auto it = fs::recursive_directory_iterator(dir.path()); it != fs::recursive_directory_iterator(); ++it)
      EXPECT_NE(it->path().filename().string().rfind("INJECTED", 0), 0u) << it->path();
    for (int i = 1; i <= 8; ++i) EXPECT_FALSE(fs::exists("/tmp/INJECTED" + std::to_string(i)));
  }
};

std::string yaml_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (c == '"' || c == '\\')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out + "\"";
}

std::string study_text(const std::string& name, const std::string& extra = "") {
  return "name: " + name + "\nbase: " + source_path("scenarios/quickstart.yaml") +
         "\nseed: 3\nset:\n  workload.samples_per_device: 3\n" + extra +
         "axes:\n  - grid:\n      policy.threshold: [0.5]\n";
}

TEST(SlurmInjection, HostileStudyNamesAreRefusedAtTheirPosition) {
  std::vector<std::string> names = kPayloads;
  names.insert(names.end(), {"-leading-dash", ".hidden", "a b", "", std::string(65, 'a'), "caf\xc3\xa9", "tab\there"});
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    Workspace w;
    const std::string study = w.dir.write("study.yaml", study_text(yaml_quoted(name)));
    const std::string out = w.dir.file("out");
    const CommandResult r = w.sweep({study, "-o", out, "--executor", "slurm", "--no-progress"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(study\.yaml:1:7: name: expected 1 to 64 characters from )")))
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(w.log));  // sbatch never ran
    w.expect_nothing_injected();
  }
}

TEST(SlurmInjection, SlurmOptionsThatAreNotOptionsOrReplaceTheJobAreRefused) {
  for (const std::string option : {"x'; touch INJECTED1; echo '", "$(touch INJECTED2)", "evil.sh", "--wrap=touch INJECTED3",
                                   "--wrap", "--array=0-99", "-a1", "--parsable"}) {
    SCOPED_TRACE(option);
    Workspace w;
    const std::string study = w.dir.write("study.yaml", study_text("ok"));
    const std::string out = w.dir.file("out");
    const CommandResult r = w.sweep({study, "-o", out, "--executor", "slurm", "--slurm-opt=" + option, "--no-progress"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(r.err.rfind("<command line>: --slurm-opt: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(w.log));
    w.expect_nothing_injected();
  }
}

TEST(SlurmInjection, SlurmOptionsReachSbatchLiterallyAndTheJobRuns) {
  Workspace w;
  const std::string study = w.dir.write("study.yaml", study_text("ok"));
  const std::string out = w.dir.file("out");
  std::vector<std::string> args = {study, "-o", out, "--executor", "slurm", "--no-progress"};
  std::vector<std::string> options;
  for (const auto& payload : kPayloads) options.push_back("--comment=" + payload);
  options.push_back("--partition=debug");
  for (const auto& o : options) args.push_back("--slurm-opt=" + o);
  const CommandResult r = w.sweep(args);
  ASSERT_EQ(r.status, 0) << r.err << read_file(w.log + ".job");
  EXPECT_NE(r.out.find("submitted Slurm job array 4242 "), std::string::npos) << r.out;
  std::vector<std::string> expected = {"--parsable", "--array=0-0", "--job-name=hybridfog-ok",
                                       "--output=" + fs::path(out).string() + "/slurm/task-%a.out"};
  expected.insert(expected.end(), options.begin(), options.end());
  expected.push_back(out + "/slurm/job.sh");
  EXPECT_EQ(w.sbatch_args(), expected);
  EXPECT_EQ(read_file(out + "/slurm/job_id"), "4242\n");
  EXPECT_TRUE(fs::exists(out + "/points/0-r0/summary.json")) << read_file(w.log + ".job");
  w.expect_nothing_injected();
}

// Paths with quotes, $(), backticks and newlines go into job.sh quoted; the job, run by sh, finds exactly
// them; sbatch's %-patterns in the folder name stay literal.
TEST(SlurmInjection, HostileStudyAndOutputPathsRunLiterally) {
  Workspace w;
  const std::string hostile = "q' \"d\" $(touch INJECTED2) `touch INJECTED3` %a;\ntouch INJECTED4 -x";
  const std::string study = w.dir.write(hostile + "/study.yaml", study_text("ok"));
  const std::string out = w.dir.file("out " + hostile);
  const CommandResult r = w.sweep({study, "-o", out, "--executor", "slurm", "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err << read_file(w.log + ".job");
  const auto args = w.sbatch_args();
  ASSERT_FALSE(args.empty());
  EXPECT_EQ(args.back(), out + "/slurm/job.sh");
  std::string literal_out;
  for (char c : out) literal_out += c == '%' ? std::string("%%") : std::string(1, c);
  EXPECT_EQ(args[3], "--output=" + literal_out + "/slurm/task-%a.out");
  EXPECT_TRUE(fs::exists(out + "/points/0-r0/summary.json")) << read_file(w.log + ".job");
  const CommandResult collect = run_hybridfog_in(w.work, {"sweep", study, "-o", out, "--collect"});
  ASSERT_EQ(collect.status, 0) << collect.err;
  EXPECT_EQ(read_csv(out + "/results.csv").size(), 1u);
  w.expect_nothing_injected();
}

// Values in `set:` and in axes reach each run as one argument each: text that looks like shell code or
// like an option arrives as the scenario value, byte for byte (here the scenario's description and name).
TEST(SlurmInjection, HostileStudyValuesArriveLiterallyInEveryRun) {
  for (const std::string executor : {"local", "slurm"}) {
    SCOPED_TRACE(executor);
    Workspace w;
    std::string values;
    for (const auto& p : kPayloads) values += (values.empty() ? "" : ", ") + yaml_quoted(p);
    const std::string study = w.dir.write(
        "study.yaml", "name: ok\nbase: " + source_path("scenarios/quickstart.yaml") +
                          "\nseed: 3\nset:\n  workload.samples_per_device: 2\n  description: " +
                          yaml_quoted("--set=policy.name=oracle $(touch INJECTED1)") + "\naxes:\n  - grid:\n      name: [" +
                          values + "]\n");
    const std::string out = w.dir.file("out");
    const CommandResult r = w.sweep({study, "-o", out, "--executor", executor, "--slurm-tasks", "1", "--no-progress", "-j", "2"});
    ASSERT_EQ(r.status, 0) << r.err << read_file(w.log + ".job");
    if (executor == "slurm") {
      ASSERT_EQ(run_hybridfog_in(w.work, {"sweep", study, "-o", out, "--collect"}).status, 0);
    }
    for (size_t i = 0; i < kPayloads.size(); ++i) {
      const auto summary = read_json(out + "/points/" + std::to_string(i) + "-r0/summary.json");
      EXPECT_EQ(summary["scenario"], kPayloads[i]);
      EXPECT_EQ(summary["policy"], "entropy");  // the description's "--set=..." stayed text
      const auto manifest = read_json(out + "/points/" + std::to_string(i) + "-r0/manifest.json");
      const auto overrides = manifest["overrides"].get<std::vector<std::string>>();
      EXPECT_EQ(overrides.at(1), "description=--set=policy.name=oracle $(touch INJECTED1)");
    }
    const std::string results = read_file(out + "/results.csv");
    EXPECT_NE(results.find(",\"a\ntouch INJECTED4\","), std::string::npos) << results;  // RFC 4180 quoted
    EXPECT_NE(results.find(",`touch INJECTED3`,"), std::string::npos) << results;
    w.expect_nothing_injected();
  }
}

TEST(SlurmInjection, AxisKeysThatLookLikeOptionsAreRefused) {
  for (const std::string key : {"--seed", "-o", "--set", "$(touch INJECTED1)"}) {
    SCOPED_TRACE(key);
    Workspace w;
    const std::string study = w.dir.write("study.yaml", "name: ok\nbase: " + source_path("scenarios/quickstart.yaml") +
                                                            "\naxes:\n  - grid:\n      " + yaml_quoted(key) + ": [1]\n");
    const std::string out = w.dir.file("out");
    const CommandResult r = w.sweep({study, "-o", out, "--executor", "slurm", "--no-progress"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(study\.yaml:5:\d+: )"))) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(w.log));
    w.expect_nothing_injected();
  }
}

}  // namespace
}  // namespace hybridfog::testing

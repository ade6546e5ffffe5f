// Policies written in Python (docs/policies.md, "Policies written in Python"), on real runs of the binary.
// The built-in entropy, max-softmax and AppealNet rules written in Python (tests/data/python/rules.py) give
// outputs byte-identical to the C++ policies (the summary's policy name and threshold aside); a policy that
// reads the context sees it; every way user code can go wrong is one line with the user's file:line and
// exit status 2, and no result is written.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

// The embedded interpreter is never finalized: what CPython holds at exit is not a leak of ours.
std::string environment() {
#ifdef HYBRIDFOG_TEST_UNDER_ASAN
  return "LSAN_OPTIONS=print_suppressions=0:suppressions=" + shell_quote(source_path("tests/e2e/lsan-python.supp"));
#else
  return "";
#endif
}

CommandResult hybridfog(const std::vector<std::string>& args) {
  return run_hybridfog_in(HYBRIDFOG_SOURCE_DIR, args, environment());
}

std::string python_policy(const std::string& module, const std::string& cls, const std::string& params) {
  return "policy={name: python, module: " + module + ", class: " + cls + (params.empty() ? "" : ", params: " + params) + "}";
}
// Absolute: a module file is found relative to the scenario's folder, as every input file is.
const std::string kRules = source_path("tests/data/python/rules.py"), kBroken = source_path("tests/data/python/broken.py");

// Every output file of `a` equals `b`'s byte for byte, but manifest.json (the scenario as given) and
// summary.json, whose numbers must be equal but for the policy's name and threshold.
void expect_same_outputs(const std::string& a, const std::string& b) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(a)) names.insert(entry.path().filename().string());
  for (const auto& entry : fs::directory_iterator(b)) names.insert(entry.path().filename().string());
  ASSERT_TRUE(names.count("samples.csv"));
  for (const std::string& name : names) {
    if (name == "manifest.json" || name == "summary.json") continue;
    EXPECT_TRUE(fs::exists(a + "/" + name) && fs::exists(b + "/" + name)) << name;
    EXPECT_TRUE(read_file(a + "/" + name) == read_file(b + "/" + name)) << name << " differs";
  }
  nlohmann::json sa = read_json(a + "/summary.json"), sb = read_json(b + "/summary.json");
  for (const char* key : {"policy", "policy_threshold", "wall_time_s"}) {
    sa.erase(key);
    sb.erase(key);
  }
  EXPECT_EQ(sa.dump(1), sb.dump(1));
}

void expect_python_matches(const std::string& scenario, const std::string& cls, const std::string& cpp_policy,
                           const std::string& threshold) {
  TempDir dir;
  const CommandResult cpp = hybridfog({"run", scenario, "-o", dir.file("cpp"), "--no-progress", "--set",
                                       "policy={name: " + cpp_policy + ", threshold: " + threshold + "}"});
  ASSERT_EQ(cpp.status, 0) << cpp.err;
  const CommandResult py = hybridfog({"run", scenario, "-o", dir.file("py"), "--no-progress", "--set",
                                      python_policy(kRules, cls, "{threshold: " + threshold + "}")});
  ASSERT_EQ(py.status, 0) << py.err;
  expect_same_outputs(dir.file("cpp"), dir.file("py"));
  EXPECT_EQ(read_json(dir.file("py") + "/summary.json").at("policy"), "python");
}

TEST(PythonPolicy, EntropyInPythonIsByteIdenticalToTheBuiltInPolicy) {
  expect_python_matches("scenarios/quickstart.yaml", "Entropy", "entropy", "0.78");
}

TEST(PythonPolicy, MaxSoftmaxInPythonIsByteIdenticalToTheBuiltInPolicy) {
  expect_python_matches("scenarios/quickstart.yaml", "MaxSoftmax", "max-softmax", "0.9");
}

TEST(PythonPolicy, AppealNetInPythonIsByteIdenticalToTheBuiltInPolicy) {
  expect_python_matches("scenarios/appealnet.yaml", "AppealNet", "appealnet", "0.907983");
}

TEST(PythonPolicy, AThresholdThatChangesTheDecisionsChangesTheOutputs) {
  // The comparison above would pass if both runs ignored the policy: a different threshold must differ.
  TempDir dir;
  ASSERT_EQ(hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("a"), "--no-progress", "--set",
                       python_policy(kRules, "Entropy", "{threshold: 0.78}")}).status, 0);
  ASSERT_EQ(hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("b"), "--no-progress", "--set",
                       python_policy(kRules, "Entropy", "{threshold: 0.2}")}).status, 0);
  EXPECT_NE(read_file(dir.file("a") + "/samples.csv"), read_file(dir.file("b") + "/samples.csv"));
  EXPECT_LT(read_json(dir.file("b") + "/summary.json").at("exit_fraction").at("exit").get<double>(),
            read_json(dir.file("a") + "/summary.json").at("exit_fraction").at("exit").get<double>());
}

TEST(PythonPolicy, APolicyThatAsksForTheContextSeesTheSamplesAge) {
  // Every sample goes on while younger than 1 h: nobody exits early, as with a threshold of 0.
  TempDir dir;
  const CommandResult py = hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("py"), "--no-progress",
                                      "--set", python_policy(kRules, "AgeLimit", "{max_age_s: 3600}")});
  ASSERT_EQ(py.status, 0) << py.err;
  const CommandResult cpp = hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("cpp"), "--no-progress",
                                       "--set", "policy={name: entropy, threshold: 0}"});
  ASSERT_EQ(cpp.status, 0) << cpp.err;
  EXPECT_EQ(read_file(dir.file("py") + "/samples.csv"), read_file(dir.file("cpp") + "/samples.csv"));
  // And exits at once when the limit is 0 s (a sample's age at its first head is its device compute time > 0).
  const CommandResult at_once = hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("zero"), "--no-progress",
                                           "--set", python_policy(kRules, "AgeLimit", "{max_age_s: 0}")});
  ASSERT_EQ(at_once.status, 0) << at_once.err;
  EXPECT_DOUBLE_EQ(read_json(dir.file("zero") + "/summary.json").at("exit_fraction").at("exit").get<double>(), 1.0);
}

TEST(PythonPolicy, SeesTheBatteryOfItsDevice) {
  // One device drawing 0.5 W idle and 2 W while it computes its kDevice s per sample (one a second); every
  // sample decides on the device at t = k + kDevice. With 10.5 J the charge falls below half between the
  // decisions of samples 10 and 11 (0.5 W x 10.5 s, less a few mJ of dynamic energy): SaveBattery offloads
  // samples 0..10 and answers 11..19 on the device. A wall-powered device reads 1 and offloads all.
  constexpr double kDevice = (2e6 + 62720) / 1e9 + 16e6 / 20e9;
  const auto run = [&](const std::string& battery, const std::string& out) {
    TempDir dir;
    dir.write("platform.yaml",
              "name: battery\nsites: 1\ntiers:\n"
              "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
              " power_per_core: {idle: 0.5W, busy: 2W}" + battery + "}]}\n"
              "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s},"
              " power_per_core: {idle: 10W, busy: 30W}}]}\n"
              "links:\n  access: {bandwidth: 8Mbps, latency: 10ms}\n"
              "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n");
    const std::string scenario = dir.write(
        "scenario.yaml", "name: battery\nplatform: platform.yaml\nmodel:\n  profile: " +
                             source_path("tests/data/synthetic-chain.yaml") + "\n  trace: " +
                             source_path("tests/data/synthetic-chain.csv") + "\npolicy: {name: python, module: " +
                             kRules + ", class: SaveBattery, params: {below: 0.5}}\n"
                             "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 20, order: sequential}\n"
                             "network: {model: CM02}\n");
    const CommandResult r = hybridfog({"run", scenario, "-o", dir.file(out), "--no-progress"});
    EXPECT_EQ(r.status, 0) << r.err;
    return read_csv(dir.file(out) + "/samples.csv");
  };
  // The fraction at sample k's decision: (10.5 - 0.5 (k + kDevice) - 1.5 kDevice (k + 1)) / 10.5.
  const auto fraction = [&](int k) { return (10.5 - 0.5 * (k + kDevice) - 1.5 * kDevice * (k + 1)) / 10.5; };
  ASSERT_GE(fraction(10), 0.5);
  ASSERT_LT(fraction(11), 0.5);
  const auto battery = run(", battery: {capacity: 10.5J}", "battery");
  ASSERT_EQ(battery.size(), 20u);
  for (const auto& s : battery)
    EXPECT_EQ(s.at("exit"), fraction(std::stoi(s.at("sample_id"))) >= 0.5 ? "final" : "exit1") << "sample " << s.at("sample_id");
  const auto wall = run("", "wall");
  ASSERT_EQ(wall.size(), 20u);
  for (const auto& s : wall) EXPECT_EQ(s.at("exit"), "final") << "sample " << s.at("sample_id");
}

TEST(PythonPolicy, AModuleFileIsFoundRelativeToTheScenario) {
  TempDir dir;
  fs::copy_file(kRules, dir.file("my_rules.py"));
  std::string scenario = read_file(source_path("scenarios/quickstart.yaml"));
  while (scenario.find("../") != std::string::npos) scenario.replace(scenario.find("../"), 3, source_path(""));
  scenario.replace(scenario.find("  name: entropy\n"), std::string("  name: entropy\n").size(),
                   "  name: python\n  module: my_rules.py\n  class: Entropy\n  params: {threshold: 0.78}\n");
  scenario.replace(scenario.find("  threshold: 0.78"), std::string("  threshold: 0.78").size(), "  # threshold");
  const std::string file = dir.write("scenario.yaml", scenario);
  const CommandResult validate = run_hybridfog_in("/", {"validate", file}, environment());
  EXPECT_EQ(validate.status, 0) << validate.err;
  // (Without PYTHONDONTWRITEBYTECODE, which would hide a bytecode cache written beside the module.)
  const CommandResult run = run_hybridfog_in(
      "/", {"run", file, "-o", dir.file("out"), "--no-progress"}, "env -u PYTHONDONTWRITEBYTECODE " + environment());
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_FALSE(fs::exists(dir.file("__pycache__"))) << "nothing written beside the user's module";
}

// One line (besides run's "[info] running ..." log line) naming `where` (a prefix such as "broken.py:12:"),
// containing `words`, exit 2, nothing at `out`.
void expect_refused(const CommandResult& r, const std::string& where, const std::string& words, const std::string& out) {
  EXPECT_EQ(r.status, 2) << r.err;
  size_t lines = 0;
  for (size_t at = 0; at < r.err.size(); at = r.err.find('\n', at) + 1) {
    if (r.err.compare(at, 7, "[info] ") != 0) ++lines;
    if (r.err.find('\n', at) == std::string::npos) break;
  }
  EXPECT_EQ(lines, 1u) << r.err;
  EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
  if (!out.empty()) {
    EXPECT_FALSE(fs::exists(out)) << out;
  }
}

TEST(PythonPolicy, AnExceptionInDecideNamesTheUsersLineTheExceptionAndTheSample) {
  TempDir dir;
  const std::string out = dir.file("out");
  const CommandResult r = hybridfog({"run", "scenarios/quickstart.yaml", "-o", out, "--no-progress", "--set",
                                     python_policy(kBroken, "Raises", "{after: 3}")});
  // The fourth decision raises, on line 12 of broken.py ("return 1 / 0", column 20).
  expect_refused(r, kBroken + ":12:20:", "Raises.decide raised ZeroDivisionError: division by zero (sample ", out);
  EXPECT_NE(r.err.find("policy.class"), std::string::npos) << r.err;
}

TEST(PythonPolicy, AWrongDecisionNamesTheMethodAndTheValue) {
  TempDir dir;
  const CommandResult r = hybridfog({"run", "scenarios/quickstart.yaml", "-o", dir.file("out"), "--no-progress",
                                     "--set", python_policy(kBroken, "ReturnsANumber", "")});
  expect_refused(r, kBroken + ":17:5:", "ReturnsANumber.decide returned 42, not \"exit\", \"next\" or \"escalate\"",
                 dir.file("out"));
}

TEST(PythonPolicy, ValidateRefusesWhatCannotRun) {
  const std::string scenario = "scenarios/quickstart.yaml";
  // No such file, no such module.
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy("nowhere.py", "X", "")}), "<command line",
                 "policy.module: no Python file scenarios/nowhere.py", "");
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy("no_such_module_here", "X", "")}),
                 "<command line", "cannot import no_such_module_here: ModuleNotFoundError", "");
  // The module's own import fails: its line.
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy(source_path("tests/data/python/import_fails.py"), "X", "")}),
                 source_path("tests/data/python/import_fails.py") + ":2:1:", "ModuleNotFoundError", "");
  // No such class, no decide method, a constructor that wants an argument, params that are not a map.
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy(kBroken, "Missing", "")}), "<command line",
                 "policy.class: module " + kBroken + " has no class Missing", "");
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy(kBroken, "NoDecide", "")}), "<command line",
                 "class NoDecide has no method decide(self, head, sample, context)", "");
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy(kBroken, "NeedsAnArgument", "")}),
                 kBroken, "NeedsAnArgument(**params) raised TypeError", "");
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy(kBroken, "NeedsAnArgument", "[1, 2]")}),
                 "<command line", "policy.params: params are the keyword arguments", "");
  // A key python does not take.
  expect_refused(hybridfog({"validate", scenario, "--set",
                            "policy={name: python, module: " + kRules + ", class: Entropy, threshold: 0.5}"}),
                 "<command line", "threshold", "");
  // A module "file" that is a folder or a FIFO (reading a FIFO would wait forever): refused as every input file.
  TempDir dir;
  std::filesystem::create_directory(dir.file("folder.py"));
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy(dir.file("folder.py"), "X", "")}), "<command line",
                 "policy.module: not a regular file (a folder, FIFO or device)", "");
  ASSERT_EQ(::mkfifo(dir.file("fifo.py").c_str(), 0600), 0);
  expect_refused(hybridfog({"validate", scenario, "--set", python_policy(dir.file("fifo.py"), "X", "")}), "<command line",
                 "policy.module: not a regular file (a folder, FIFO or device)", "");
}

TEST(PythonPolicy, ASweepImportsThePolicyInEveryPointAndAnAxisVariesItsParams) {
  // tests/data/python/study.yaml: Entropy in Python, policy.params.threshold in {0.3, 0.9}, 2 replications.
  // Each point must give the metrics of the built-in entropy policy at that threshold (same seeds).
  TempDir dir;
  dir.write("builtin.yaml", "name: builtin\nbase: " + source_path("scenarios/quickstart.yaml") +
                                "\nseed: 5\nreplications: 2\nset:\n  workload.samples_per_device: 20\n"
                                "axes:\n  - grid:\n      policy.threshold: [0.3, 0.9]\n");
  const CommandResult py = hybridfog({"sweep", source_path("tests/data/python/study.yaml"), "-o", dir.file("py"), "-j", "2",
                                      "--no-progress"});
  ASSERT_EQ(py.status, 0) << py.err;
  const CommandResult cpp = hybridfog({"sweep", dir.file("builtin.yaml"), "-o", dir.file("cpp"), "-j", "2", "--no-progress"});
  ASSERT_EQ(cpp.status, 0) << cpp.err;
  const auto a = read_csv(dir.file("py/results.csv")), b = read_csv(dir.file("cpp/results.csv"));
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), 4u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].at("policy.params.threshold"), b[i].at("policy.threshold"));
    EXPECT_EQ(a[i].at("policy_name"), "python");
    size_t compared = 0;
    for (const auto& [column, value] : b[i]) {
      if (column == "policy_name" || column == "policy_threshold" || column == "policy.threshold") continue;
      ASSERT_TRUE(a[i].count(column)) << column;
      EXPECT_EQ(a[i].at(column), value) << "row " << i << ", " << column;
      ++compared;
    }
    EXPECT_GT(compared, 20u);
  }
  EXPECT_NE(a[0].at("accuracy"), a[2].at("accuracy")) << "the axis changes the decisions";
}

}  // namespace
}  // namespace hybridfog::testing


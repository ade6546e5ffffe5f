// Bad input through the real CLI: one line on stderr naming file:line:col and the key path, exit status 2,
// and no output folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

// A copy of the quickstart scenario and its inputs in a temp dir, editable per test.
struct Fixture {
  TempDir dir;
  std::string platform = read_file(source_path("platforms/quickstart.yaml"));
  std::string profile = read_file(source_path("models/profiles/hybrid-binary-fmnist.yaml"));
  std::string trace = read_file(source_path("models/traces/hybrid-binary-fmnist.csv"));
  std::string scenario =
      "name: bad\nseed: 1\nplatform: platform.yaml\nmodel:\n  profile: profile.yaml\n  trace: trace.csv\n"
      "policy:\n  name: entropy\n  threshold: 0.78\nworkload:\n  arrivals: poisson\n  rate: 2/s\n"
      "  samples_per_device: 3\nnetwork:\n  model: CM02\n";

  std::string write() {
    dir.write("platform.yaml", platform);
    dir.write("profile.yaml", profile);
    dir.write("trace.csv", trace);
    return dir.write("scenario.yaml", scenario);
  }
};

void replace(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// Runs `run` on the fixture and checks the error contract; returns stderr.
std::string expect_input_error(Fixture& f, const std::string& pattern, const std::vector<std::string>& extra = {}) {
  const std::string scenario = f.write();
  const std::string out = f.dir.file("out");
  std::vector<std::string> args = {"run", scenario, "-o", out, "--no-progress"};
  args.insert(args.end(), extra.begin(), extra.end());
  const CommandResult r = run_hybridfog(args);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line expected, got: " << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex(pattern))) << "stderr: " << r.err << "pattern: " << pattern;
  EXPECT_FALSE(std::filesystem::exists(out));
  // The staging folder is gone too.
  for (const auto& entry : std::filesystem::directory_iterator(f.dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".out.partial"), std::string::npos);
  // validate agrees with run.
  std::vector<std::string> validate_args = {"validate", scenario};
  for (size_t i = 0; i + 1 < extra.size(); ++i)
    if (extra[i] == "--set") validate_args.insert(validate_args.end(), {"--set", extra[i + 1]});
  const CommandResult v = run_hybridfog(validate_args);
  EXPECT_EQ(v.status, 2) << v.err;
  return r.err;
}

TEST(BadInput, UnknownScenarioKey) {
  Fixture f;
  replace(f.scenario, "workload:", "worklaod:");
  expect_input_error(f, R"(scenario\.yaml:10:1: worklaod: unknown key \(allowed here: .*workload)");
}

TEST(BadInput, MissingReferencedFile) {
  Fixture f;
  replace(f.scenario, "platform: platform.yaml", "platform: nowhere.yaml");
  expect_input_error(f, R"(scenario\.yaml:3:11: platform: file not found: .*nowhere\.yaml)");
}

TEST(BadInput, WrongUnitInPlatform) {
  Fixture f;
  replace(f.platform, "uplink:  {bandwidth: 50Mbps", "uplink:  {bandwidth: fast");
  expect_input_error(f, R"(platform\.yaml:\d+:\d+: links\.uplink\.bandwidth: expected a bandwidth like "100Mbps", got "fast")");
}

TEST(BadInput, MissingUnit) {
  Fixture f;
  replace(f.platform, "latency: 5ms", "latency: 5");
  expect_input_error(f, R"(platform\.yaml:\d+:\d+: links\.access\.latency: expected a time like "5ms", got "5")");
}

TEST(BadInput, ZeroRate) {
  Fixture f;
  replace(f.scenario, "rate: 2/s", "rate: 0/s");
  expect_input_error(f, R"(scenario\.yaml:12:9: workload\.rate: must be greater than zero, got "0/s")");
}

TEST(BadInput, NegativeRate) {
  Fixture f;
  replace(f.scenario, "rate: 2/s", "rate: -2/s");
  expect_input_error(f, R"(scenario\.yaml:12:9: workload\.rate: must be greater than zero)");
}

TEST(BadInput, TraceHeadsDoNotMatchTheProfile) {
  Fixture f;
  replace(f.trace, "exit.pred,exit.confidence,exit.entropy_nats", "early.pred,early.confidence,early.entropy_nats");
  expect_input_error(f, R"(trace\.csv:3:14: early\.pred: trace has head "early" that profile .* does not declare)");
}

TEST(BadInput, PartitionTierNotInPlatform) {
  Fixture f;
  expect_input_error(f, R"(<command line --set model\.partition>: partition\[0\]\.tier: tier "fog" is not in platform)",
                     {"--set", "model.partition=[{tier: fog, until: edge2.add}, {tier: cloud}]"});
}

TEST(BadInput, PartitionLayerNotInProfile) {
  Fixture f;
  replace(f.scenario, "  trace: trace.csv\n", "  trace: trace.csv\n  partition:\n    - {tier: device, until: conv9}\n    - {tier: cloud}\n");
  expect_input_error(f, R"(scenario\.yaml:8:29: model\.partition\[0\]\.until: no layer called "conv9")");
}

TEST(BadInput, EmptyTrace) {
  Fixture f;
  f.trace = f.trace.substr(0, f.trace.find("\n", f.trace.find("sample,label")) + 1);
  expect_input_error(f, R"(trace\.csv:\d+: empty trace: a header but no sample rows)");
}

TEST(BadInput, BadCellInTrace) {
  Fixture f;
  const size_t header_end = f.trace.find("\n", f.trace.find("sample,label"));
  const size_t row_end = f.trace.find("\n", header_end + 1);
  f.trace.replace(header_end + 1, row_end - header_end - 1, "0,9,9,0.99,oops,9,0.99,0.01");
  expect_input_error(f, R"(trace\.csv:4:12: exit\.entropy_nats: expected a number, got "oops")");
}

// The common CSV rules (docs/formats.md): comment and blank lines after a model trace's header are skipped,
// spaces around cells dropped, CRLF ends taken as "\n": the run is the same as with the shipped trace.
TEST(BadInput, CommentAndBlankLinesInATraceChangeNothing) {
  Fixture f;
  const std::string scenario = f.write();
  const auto outputs_of = [&](const std::string& out) {
    const CommandResult r = run_hybridfog_in(f.dir.path(), {"run", scenario, "--no-progress", "-o", out});
    EXPECT_EQ(r.status, 0) << r.err;
    // Every output but the manifest (it records the trace's hash), without the lines of wall-clock times.
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(out)) {
      if (entry.path().filename() == "manifest.json") continue;
      std::istringstream in(read_file(entry.path().string()));
      std::string& kept = files[entry.path().filename().string()];
      for (std::string line; std::getline(in, line);)
        if (line.find("wall_time_s") == std::string::npos) kept += line + "\n";
    }
    return files;
  };
  const auto plain = outputs_of(f.dir.file("plain"));
  ASSERT_TRUE(plain.count("samples.csv"));
  const size_t header_end = f.trace.find("\n", f.trace.find("sample,label"));
  const size_t row_end = f.trace.find("\n", header_end + 1);
  std::string row = f.trace.substr(header_end + 1, row_end - header_end - 1);
  replace(row, ",", " ,\t");
  f.trace.replace(header_end + 1, row_end - header_end, "# a comment after the header\n\n  \t\n  # indented\r\n" + row + " \r\n");
  f.dir.write("trace.csv", f.trace);
  EXPECT_EQ(outputs_of(f.dir.file("commented")), plain);
}

TEST(BadInput, CloudOnlyIsAPlacementNotAPolicy) {
  Fixture f;
  expect_input_error(f, R"(<command line --set policy\.name>: policy\.name: cloud-only is a placement, not an exit policy: set model\.placement: cloud-only)",
                     {"--set", "policy.name=cloud-only"});
  Fixture g;
  expect_input_error(g, R"(<command line --set model\.placement>: model\.placement: expected one of .*partition.*cloud-only)",
                     {"--set", "model.placement=cloud"});
}

TEST(BadInput, UnknownPolicyAndMissingThreshold) {
  Fixture f;
  expect_input_error(f, R"(<command line --set policy\.name>: policy\.name: unknown policy "greedy" \(known: .*entropy)",
                     {"--set", "policy.name=greedy"});
  Fixture g;
  replace(g.scenario, "  threshold: 0.78\n", "");
  expect_input_error(g, R"(scenario\.yaml:8:3: policy\.threshold: policy entropy needs `threshold` or `thresholds\.exit`)");
}

// An entropy threshold above ln(classes) (every sample would exit) is refused as a max-softmax threshold above
// 1 (every sample would go on) is: one line with file:line:col and the key path. Just inside the range runs.
TEST(BadInput, ThresholdsOutsideTheirRuleAreRefusedAlike) {
  Fixture f;
  replace(f.scenario, "  threshold: 0.78", "  threshold: 2.31");  // ln(10) = 2.302585
  expect_input_error(f, R"(scenario\.yaml:9:14: policy\.threshold: an entropy threshold must be in \[0, ln\(10\) = 2\.302585\] nats)");
  Fixture g;
  replace(g.scenario, "  threshold: 0.78", "  thresholds: {exit: 2.4}");
  expect_input_error(g, R"(scenario\.yaml:9:15: policy\.thresholds\.exit: an entropy threshold must be in \[0, ln\(10\))");
  Fixture h;
  replace(h.scenario, "  name: entropy\n  threshold: 0.78", "  name: max-softmax\n  threshold: 1.01");
  expect_input_error(h, R"(scenario\.yaml:9:14: policy\.threshold: a max-softmax threshold must be in \[0, 1\])");
  Fixture m;
  m.scenario = "name: meanet\nseed: 1\nplatform: " + source_path("platforms/quickstart.yaml") + "\nmodel:\n  profile: " +
               source_path("models/profiles/meanet-fmnist.yaml") + "\n  trace: " + source_path("models/traces/meanet-fmnist.csv") +
               "\npolicy:\n  name: meanet\n  threshold: 2.5\nworkload:\n  arrivals: poisson\n  rate: 2/s\n"
               "  samples_per_device: 3\nnetwork:\n  model: CM02\n";
  expect_input_error(m, R"(scenario\.yaml:9:14: policy\.threshold: an entropy threshold must be in \[0, ln\(10\))");
  // A step down from the refused value: just below ln(10) runs (every sample then exits at the first head
  // whose entropy is below 2.3 nats).
  Fixture ok;
  replace(ok.scenario, "  threshold: 0.78", "  threshold: 2.3");
  const std::string scenario = ok.write();
  const CommandResult r = run_hybridfog({"run", scenario, "-o", ok.dir.file("out"), "--no-progress"});
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(BadInput, PrecisionTheTierCannotRun) {
  Fixture f;
  replace(f.platform, "throughput: {fp32: 1GMAC/s, fp16: 1GMAC/s, int8: 4GMAC/s, int4: 8GMAC/s, binary: 32GMAC/s}",
          "throughput: {fp32: 1GMAC/s}");
  expect_input_error(f, R"(model\.profile: partition of .*profile\.yaml: partition\[0\]\.tier: layer .* runs in binary but host class rpi4 of tier device has no throughput\.binary)");
}

TEST(BadInput, BadSetSyntaxAndCommandLine) {
  Fixture f;
  expect_input_error(f, R"(<command line>: --set nonsense: expected key\.path=value)", {"--set", "nonsense"});
  const CommandResult r = run_hybridfog({"run"});
  EXPECT_EQ(r.status, 2);
  const CommandResult unknown = run_hybridfog({"frobnicate"});
  EXPECT_EQ(unknown.status, 2);
}

TEST(BadInput, RefusesToReplaceAFolderThatIsNotAnOutput) {
  Fixture f;
  const std::string scenario = f.write();
  const std::string precious = f.dir.write("precious/notes.txt", "keep me");
  const CommandResult r = run_hybridfog({"run", scenario, "-o", f.dir.file("precious"), "--no-progress"});
  EXPECT_EQ(r.status, 2);  // bad input: the -o option (more cases in output_folder_test.cpp)
  EXPECT_NE(r.err.find("not a hybridfog output"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(precious), "keep me");
}

}  // namespace
}  // namespace hybridfog::testing

namespace hybridfog::testing {
namespace {

TEST(BadInput, EscalationThatWouldSkipNeededTensors) {
  // MEANet-style three heads on a plain chain: the cloud layer reads the extension layer's output, so
  // jumping from the main head straight to the cloud is impossible.
  TempDir dir;
  dir.write("platform.yaml", read_file(source_path("platforms/quickstart.yaml")));
  dir.write("profile.yaml",
            "name: chain3\nclasses: 10\ninput: {shape: [4], element_bits: 8}\nlayers:\n"
            "  - {name: a, macs: 10, precision: fp32, output: {shape: [4], element_bits: 32}}\n"
            "  - {name: b, macs: 10, precision: fp32, output: {shape: [4], element_bits: 32}}\n"
            "  - {name: c, macs: 10, precision: fp32, output: {shape: [10], element_bits: 32}}\n"
            "heads:\n  - {name: main, after: a, macs: 1, precision: fp32}\n"
            "  - {name: extension, after: b, macs: 1, precision: fp32}\n  - {name: cloud, after: c, macs: 0, precision: fp32}\n"
            "partition:\n  - {tier: device, until: b}\n  - {tier: cloud}\n");
  dir.write("trace.csv",
            "sample,label,main.pred,main.confidence,main.entropy_nats,main.hard,extension.pred,extension.confidence,"
            "extension.entropy_nats,cloud.pred,cloud.confidence,cloud.entropy_nats\n0,1,1,0.9,0.2,0,1,0.9,0.2,1,0.9,0.2\n");
  const std::string scenario = dir.write(
      "scenario.yaml",
      "name: s\nplatform: platform.yaml\nmodel: {profile: profile.yaml, trace: trace.csv}\n"
      "policy: {name: meanet, threshold: 1.0}\nworkload: {arrivals: poisson, rate: 1/s, samples_per_device: 1}\n"
      "network: {model: CM02}\n");
  const CommandResult r = run_hybridfog({"validate", scenario});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.err, std::regex(R"(scenario\.yaml:4:16: policy\.name: policy meanet skips from head main to tier cloud, but that stage reads tensors of the skipped layers)")))
      << r.err;
}

}  // namespace
}  // namespace hybridfog::testing

// Conservation and determinism on real runs of the quickstart scenario (real trace).
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

const char* kScenario = "scenarios/quickstart.yaml";
const char* kTrace = "models/traces/hybrid-binary-fmnist.csv";
constexpr double kThreshold = 0.78;  // scenarios/quickstart.yaml's entropy threshold

std::string run_quickstart(const TempDir& dir, const std::string& name, const std::vector<std::string>& extra = {}) {
  const std::string out = dir.file(name);
  std::vector<std::string> args = {"run", kScenario, "-o", out, "--no-progress"};
  args.insert(args.end(), extra.begin(), extra.end());
  const CommandResult r = run_hybridfog(args);
  EXPECT_EQ(r.status, 0) << r.err;
  return out;
}

TEST(Conservation, ExitsAccuracyAndBytesAddUp) {
  TempDir dir;
  const std::string out = run_quickstart(dir, "run");
  const auto summary = read_json(out + "/summary.json");
  const auto samples = read_csv(out + "/samples.csv");
  const auto links = read_csv(out + "/links.csv");
  const auto trace = read_csv(source_path(kTrace));
  ASSERT_EQ(samples.size(), summary["samples"].get<size_t>());

  double fraction_sum = 0;
  for (const auto& [head, fraction] : summary["exit_fraction"].items()) fraction_sum += fraction.get<double>();
  EXPECT_NEAR(fraction_sum, 1.0, 1e-12);

  // Every decision and every "correct" follows from the trace row and the policy rule, recomputed here.
  size_t correct = 0, exits = 0;
  double bytes_sent = 0;
  std::map<std::string, double> bytes_by_device;
  std::set<std::string> ids;
  for (const auto& s : samples) {
    const auto& row = trace.at(std::stoul(s.at("trace_row")));
    const bool exits_early = std::stod(row.at("exit.entropy_nats")) < kThreshold;
    EXPECT_EQ(s.at("exit"), exits_early ? "exit" : "final");
    const std::string pred = row.at(exits_early ? "exit.pred" : "final.pred");
    const bool is_correct = pred == row.at("label");
    EXPECT_EQ(s.at("correct"), is_correct ? "1" : "0");
    EXPECT_EQ(s.at("dataset_sample"), row.at("sample"));
    correct += is_correct;
    exits += exits_early;
    bytes_sent += std::stod(s.at("bytes_sent"));
    bytes_by_device["site" + std::to_string(std::stoi(s.at("device")) / 5) + "-device-rpi4-" +
                    std::to_string(std::stoi(s.at("device")) % 5) + "-access"] += std::stod(s.at("bytes_sent"));
    ids.insert(s.at("sample_id"));
    // latency = compute + queue + send queue + transfer for a sample that is never idle in between.
    EXPECT_NEAR(std::stod(s.at("latency_s")),
                std::stod(s.at("compute_s")) + std::stod(s.at("queue_s")) + std::stod(s.at("send_queue_s")) +
                    std::stod(s.at("transfer_s")),
                1e-9);
  }
  EXPECT_EQ(ids.size(), samples.size());
  EXPECT_DOUBLE_EQ(summary["accuracy"].get<double>(), static_cast<double>(correct) / samples.size());
  EXPECT_DOUBLE_EQ(summary["exit_fraction"]["exit"].get<double>(), static_cast<double>(exits) / samples.size());
  EXPECT_DOUBLE_EQ(summary["bytes"]["total"].get<double>(), bytes_sent);

  // Bytes on links: each device's access link carries exactly its samples' bytes; every byte that reached
  // the cloud crossed one uplink and the ingress.
  double uplink = 0, ingress = 0;
  for (const auto& l : links) {
    if (l.at("link_class") == "access") {
      EXPECT_DOUBLE_EQ(std::stod(l.at("bytes")), bytes_by_device[l.at("link")]) << l.at("link");
    }
    if (l.at("link_class") == "uplink") uplink += std::stod(l.at("bytes"));
    if (l.at("link_class") == "ingress") ingress += std::stod(l.at("bytes"));
  }
  EXPECT_DOUBLE_EQ(uplink, bytes_sent);   // quickstart: the edge tier runs nothing, all traffic goes to the cloud
  EXPECT_DOUBLE_EQ(ingress, bytes_sent);
  EXPECT_DOUBLE_EQ(summary["bytes"]["by_link_class"]["uplink"].get<double>(), uplink);
}

TEST(Determinism, SameSeedGivesByteIdenticalOutputs) {
  TempDir dir;
  const std::string a = run_quickstart(dir, "a");
  const std::string b = run_quickstart(dir, "b");
  for (const char* file : {"samples.csv", "hosts.csv", "links.csv", "manifest.json"})
    EXPECT_EQ(read_file(a + "/" + file), read_file(b + "/" + file)) << file;
  // summary.json differs only by the measured wall time.
  auto summary_a = read_json(a + "/summary.json");
  auto summary_b = read_json(b + "/summary.json");
  summary_a.erase("wall_time_s");
  summary_b.erase("wall_time_s");
  EXPECT_EQ(summary_a.dump(), summary_b.dump());
  // ...and another seed really changes the run.
  const std::string c = run_quickstart(dir, "c", {"--seed", "7"});
  EXPECT_NE(read_file(a + "/samples.csv"), read_file(c + "/samples.csv"));
  EXPECT_EQ(read_json(c + "/manifest.json")["seed"].get<int>(), 7);
}

TEST(Outputs, ManifestRecordsInputsAndResolvedScenario) {
  TempDir dir;
  const std::string out = run_quickstart(dir, "m", {"--set", "workload.samples_per_device=5"});
  const auto manifest = read_json(out + "/manifest.json");
  EXPECT_EQ(manifest["simgrid_version"].get<std::string>().rfind("3.32", 0), 0u);
  EXPECT_EQ(manifest["scenario"]["workload"]["samples_per_device"].get<int>(), 5);
  EXPECT_EQ(manifest["overrides"][0].get<std::string>(), "workload.samples_per_device=5");
  std::set<std::string> roles;
  for (const auto& input : manifest["inputs"]) {
    roles.insert(input["role"].get<std::string>());
    EXPECT_EQ(input["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_EQ(roles, (std::set<std::string>{"scenario", "platform", "profile", "trace"}));
  EXPECT_EQ(read_json(out + "/summary.json")["samples"].get<int>(), 50);
}

TEST(Outputs, KilledRunLeavesNothingThatLooksLikeAResult) {
  TempDir dir;
  const std::string out = dir.file("killed");
  // A long run in the background, killed with SIGKILL after a moment.
  const std::string command = "cd '" + std::string(HYBRIDFOG_SOURCE_DIR) + "' && exec '" + HYBRIDFOG_BINARY + "' run " +
                              kScenario + " -o '" + out + "' --no-progress --set workload.samples_per_device=5000000 " +
                              ">/dev/null 2>&1 & echo $! > '" + dir.file("pid") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const int pid = std::stoi(read_file(dir.file("pid")));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(out + "/summary.json"));
}

}  // namespace
}  // namespace hybridfog::testing

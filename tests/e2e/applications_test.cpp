// Several applications on one fog (docs/formats.md, "Several applications"; docs/outputs.md): real runs, every
// number derived here from the platform's and the model's figures (tests/data/synthetic-chain) or from the rule
// the docs give, never from an earlier run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr Closeness kCloseness{1e-9, 1e-12};
constexpr double kB = 1e8;            // access: 800 Mbps, 0 s
constexpr double kDevice = 2e6 / 1e9 + 16e6 / 20e9 + 62720 / 1e9;  // conv1, block1-2 (binary), exit1 on a device
constexpr double kInput = 784;        // raw input: 1 x 28 x 28 x 8 bit; block2's output: 32 x 14 x 14 x 1 bit, 784 B too
constexpr double kCameraEdge = (6e6 + 31360) / 1e9;                    // block3 + fc on the 1 GMAC/s edge core
constexpr double kWearableEdge = (2e6 + 6e6 + 31360) / 1e9 + 16e6 / 16e9;  // every layer (cloud-only placement)

// One site: device 0 of class cam, device 1 of class wear; one edge server with one core.
std::string platform(const std::string& device_classes =
                         "{name: cam, count: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 1W, busy: 3W}},"
                         " {name: wear, count: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 1W, busy: 3W}}") {
  return "name: apps\nsites: 1\ntiers:\n"
         "  - {name: device, scope: device, classes: [" + device_classes + "]}\n"
         "  - {name: edge, scope: site, send_flows: unlimited, classes: [{name: srv, cores: 1, throughput: {fp32: 1GMAC/s, binary: 16GMAC/s},"
         " power_per_core: {idle: 1W, busy: 2W}}]}\n"
         "  - {name: cloud, scope: central, classes: [{name: c, throughput: {fp32: 10GMAC/s}, power_per_core: {idle: 1W, busy: 2W}}]}\n"
         "links:\n  access: {bandwidth: 800Mbps, latency: 0ms}\n  uplink: {bandwidth: 800Mbps, latency: 5ms}\n"
         "  ingress: {bandwidth: 800Mbps, latency: 1ms, sharing: fatpipe}\n";
}

std::string model(const std::string& extra = "") {
  return "{profile: " + source_path("tests/data/synthetic-chain.yaml") + ", trace: " + source_path("tests/data/synthetic-chain.csv") +
         ", partition: [{tier: device, until: block2}, {tier: edge}]" + extra + "}";
}

// An application entry of `applications:` (YAML block list item).
std::string application(const std::string& name, const std::string& workload, const std::string& devices = "",
                        const std::string& model_extra = "", const std::string& policy = "{name: entropy, threshold: 0}") {
  std::string out = "  - name: " + name + "\n    model: " + model(model_extra) + "\n    policy: " + policy +
                    "\n    workload: {" + workload + "}\n";
  if (!devices.empty()) out += "    devices: " + devices + "\n";
  return out;
}

std::string scenario(const std::string& applications, int seed = 1, const std::string& extra = "") {
  return "name: apps\nseed: " + std::to_string(seed) + "\nplatform: platform.yaml\napplications:\n" + applications +
         "network: {model: CM02}\n" + extra;
}

struct AppRun {
  ScenarioRun run;
  std::vector<std::map<std::string, std::string>> samples;  // in sample_id order
  nlohmann::json summary;
};
AppRun run(const TempDir& dir, const std::string& platform_yaml, const std::string& scenario_yaml, const std::string& out = "out") {
  AppRun r;
  r.run = run_scenario_in(dir, platform_yaml, scenario_yaml, {}, out);
  if (r.run.result.status != 0) return r;
  auto rows = read_csv(r.run.out + "/samples.csv");
  r.samples.resize(rows.size());
  for (auto& row : rows) r.samples.at(std::stoul(row.at("sample_id"))) = row;
  r.summary = read_json(r.run.out + "/summary.json");
  return r;
}
double cell(const std::map<std::string, std::string>& row, const std::string& column) { return std::stod(row.at(column)); }

// Whether the final head of the synthetic trace is right on `row` (its label and final.pred columns).
bool final_correct(int row) {
  std::ifstream in(source_path("tests/data/synthetic-chain.csv"));
  std::string line;
  int data = -1;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("sample,", 0) == 0) continue;
    if (++data != row) continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string v; std::getline(fields, v, ',');) f.push_back(v);
    return f.at(1) == f.at(5);  // label == final.pred
  }
  ADD_FAILURE() << "no trace row " << row;
  return false;
}

double nearest_rank(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
  return values[static_cast<size_t>(std::max(1.0, rank)) - 1];
}

TEST(Applications, TwoApplicationsShareOneFifoServerInTheOrderTheirWorkReachesIt) {
  // camera (device 0): every 10 ms from t = 0, the device runs conv1..exit1, sends block2's output, the edge runs
  // block3 + fc (6.03 ms). wearable (device 1): every 20 ms from t = 0, cloud-only placement: the raw input goes to
  // the edge, which runs every layer (9.03 ms). One edge core, FIFO: together they offer 1.05 busy cores, so
  // queues build and the two applications' samples interleave at the server.
  TempDir dir;
  const std::string periodic = "arrivals: periodic, phase: zero, order: sequential, ";
  const AppRun r = run(dir, platform(),
                    scenario(application("camera", periodic + "rate: 100/s, samples_per_device: 5", "{classes: [cam]}") +
                             application("wearable", periodic + "rate: 50/s, samples_per_device: 4, result_size: 100B",
                                         "{classes: [wear]}", ", placement: cloud-only")));
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  ASSERT_EQ(r.samples.size(), 9u);

  // By hand: when each sample's work reaches the edge, then one FIFO core in that order.
  struct Job {
    std::string app;
    int k;
    double arrival, at_edge, service, answer;
  };
  std::vector<Job> jobs;
  for (int i = 0; i < 5; ++i) jobs.push_back({"camera", i, 0.01 * i, 0.01 * i + kDevice + kInput / kB, kCameraEdge, 64 / kB});
  for (int j = 0; j < 4; ++j) jobs.push_back({"wearable", j, 0.02 * j, 0.02 * j + kInput / kB, kWearableEdge, 100 / kB});
  std::vector<Job> order = jobs;
  std::sort(order.begin(), order.end(), [](const Job& a, const Job& b) { return a.at_edge < b.at_edge; });
  std::map<std::pair<std::string, int>, double> latency;
  std::map<std::pair<std::string, int>, int> served_at;
  double free_at = 0;
  for (size_t n = 0; n < order.size(); ++n) {
    const Job& j = order[n];
    const double start = std::max(free_at, j.at_edge);
    free_at = start + j.service;
    latency[{j.app, j.k}] = free_at + j.answer - j.arrival;
    served_at[{j.app, j.k}] = static_cast<int>(n);
  }
  // The interleaving this test is about: wearable 0 reaches the edge first (no device stage) and holds the core
  // for 9 ms, so camera 0 (at 2.87 ms) queues behind it; then the two alternate as their periods put them.
  std::string sequence;
  for (const Job& j : order) sequence += j.app[0];
  EXPECT_EQ(sequence, "wccwccwcw");

  std::map<std::string, std::vector<double>> by_app;
  std::map<std::string, int> seen, correct;
  for (const auto& s : r.samples) {
    const std::string app = s.at("application");
    const int k = seen[app]++;  // sample ids are in arrival order: each application's k-th arrival
    ASSERT_TRUE(latency.count({app, k})) << app << " " << k;
    expect_close(cell(s, "latency_s"), latency.at({app, k}), app + " sample " + std::to_string(k), kCloseness);
    expect_close(cell(s, "arrival_s"), app == "camera" ? 0.01 * k : 0.02 * k, app + " arrival", kCloseness);
    EXPECT_EQ(s.at("device"), app == "camera" ? "0" : "1");
    EXPECT_EQ(s.at("trace_row"), std::to_string(k)) << "each application replays its own trace in order";
    EXPECT_EQ(s.at("exit"), "final") << "threshold 0 never exits early; cloud-only runs no exit head";
    EXPECT_EQ(s.at("correct"), final_correct(k) ? "1" : "0");
    expect_close(cell(s, "bytes_sent"), kInput + (app == "camera" ? 64 : 100), "bytes", kCloseness);
    by_app[app].push_back(latency.at({app, k}));
    correct[app] += final_correct(k) ? 1 : 0;
  }
  EXPECT_EQ(seen["camera"], 5);
  EXPECT_EQ(seen["wearable"], 4);

  // summary.json by_application, from the figures above.
  const auto& b = r.summary.at("by_application");
  for (const std::string app : {"camera", "wearable"}) {
    const auto& a = b.at(app);
    const auto& l = by_app[app];
    const double n = static_cast<double>(l.size());
    EXPECT_EQ(a.at("samples").get<int>(), static_cast<int>(l.size())) << app;
    EXPECT_EQ(a.at("devices").get<int>(), 1) << app;
    EXPECT_EQ(a.at("policy").get<std::string>(), "entropy");
    expect_close(a.at("accuracy").get<double>(), correct[app] / n, app + " accuracy", kCloseness);
    double sum = 0;
    for (double v : l) sum += v;
    expect_close(a.at("latency_s").at("mean").get<double>(), sum / n, app + " mean", kCloseness);
    expect_close(a.at("latency_s").at("p50").get<double>(), nearest_rank(l, 50), app + " p50", kCloseness);
    expect_close(a.at("latency_s").at("p95").get<double>(), nearest_rank(l, 95), app + " p95", kCloseness);
    expect_close(a.at("latency_s").at("max").get<double>(), *std::max_element(l.begin(), l.end()), app + " max", kCloseness);
    expect_close(a.at("bytes").get<double>(), n * (kInput + (app == "camera" ? 64 : 100)), app + " bytes", kCloseness);
    expect_close(a.at("exit_fraction").at("final").get<double>(), 1.0, app + " exits", kCloseness);
  }
  // The run's own figures cover both; heads are named "<application>/<head>".
  EXPECT_EQ(r.summary.at("samples").get<int>(), 9);
  EXPECT_EQ(r.summary.at("heads"), nlohmann::json({"camera/exit1", "camera/final", "wearable/exit1", "wearable/final"}));
  expect_close(r.summary.at("exit_fraction").at("camera/final").get<double>(), 5.0 / 9, "camera share", kCloseness);
  EXPECT_EQ(r.summary.at("policy").get<std::string>(), "entropy");
  // The console shows them side by side.
  EXPECT_NE(r.run.result.out.find("applications"), std::string::npos) << r.run.result.out;
  EXPECT_NE(r.run.result.out.find("camera"), std::string::npos);
}

TEST(Applications, OneApplicationListedRunsExactlyAsTheScenarioWithoutApplications) {
  // The same model, policy and workload, written once as `model/policy/workload` and once as the one entry of
  // `applications:`: samples.csv (less its application column), hosts.csv and links.csv are byte-identical.
  TempDir dir;
  const std::string workload = "arrivals: poisson, rate: 30/s, samples_per_device: 40";
  const std::string policy = "{name: entropy, threshold: 0.6}";
  const std::string plain = "name: apps\nseed: 9\nplatform: platform.yaml\nmodel: " + model() + "\npolicy: " + policy +
                            "\nworkload: {" + workload + "}\nnetwork: {model: CM02}\n";
  const AppRun a = run(dir, platform(), plain, "plain");
  const AppRun b = run(dir, platform(), scenario(application("only", workload, "", "", policy), 9), "listed");
  ASSERT_EQ(a.run.result.status, 0) << a.run.result.err;
  ASSERT_EQ(b.run.result.status, 0) << b.run.result.err;
  ASSERT_EQ(a.samples.size(), 80u);
  // Remove the second column (application) of every line of the listed run's samples.csv.
  std::stringstream in(read_file(b.run.out + "/samples.csv"));
  std::string stripped;
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find(','), second = line.find(',', first + 1);
    EXPECT_EQ(line.substr(first + 1, second - first - 1), stripped.empty() ? "application" : "only");
    stripped += line.substr(0, first) + line.substr(second) + "\n";
  }
  EXPECT_EQ(stripped, read_file(a.run.out + "/samples.csv"));
  EXPECT_EQ(read_file(b.run.out + "/hosts.csv"), read_file(a.run.out + "/hosts.csv"));
  EXPECT_EQ(read_file(b.run.out + "/links.csv"), read_file(a.run.out + "/links.csv"));
  // Without `applications:` nothing of them appears.
  EXPECT_FALSE(a.summary.contains("by_application"));
  EXPECT_EQ(a.samples[0].count("application"), 0u);
  EXPECT_EQ(b.summary.at("by_application").at("only").at("samples").get<int>(), 80);
  EXPECT_EQ(b.summary.at("accuracy"), a.summary.at("accuracy"));
}

const std::string kFive =  // five devices of class a, three of class b, per site; two sites
    "{name: a, count: 5, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 1W, busy: 3W}},"
    " {name: b, count: 3, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 1W, busy: 3W}}";

std::string two_sites(const std::string& classes) {
  std::string p = platform(classes);
  p.replace(p.find("sites: 1"), 8, "sites: 2");
  return p;
}

TEST(Applications, AShareTakesEveryDeviceWhoseRankCrossesAWholeNumberAndADeviceMayRunSeveral) {
  // docs/formats.md: the i-th device (0-based, device order) of the classes named runs the application when
  // floor((i + 1) x share) > floor(i x share). Devices: site 0 = 0-4 (a), 5-7 (b); site 1 = 8-12 (a), 13-15 (b).
  // camera on class a with share 0.6: the 10 a devices ranked 0..9 -> ranks 1, 3, 4, 6, 8, 9 -> devices 1, 3, 4, 9, 11, 12.
  // wearable on every device with share 0.25: ranks 3, 7, 11, 15 -> devices 3, 7, 11, 15.
  // logger on class b (share 1): devices 5, 6, 7, 13, 14, 15.
  TempDir dir;
  const std::string w = "arrivals: periodic, rate: 10/s, samples_per_device: 3";
  const AppRun r = run(dir, two_sites(kFive),
                    scenario(application("camera", w, "{classes: [a], share: 0.6}") + application("wearable", w, "{share: 0.25}") +
                             application("logger", w, "{classes: [b]}")));
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  std::map<std::string, std::map<int, int>> count;  // application -> device -> samples
  for (const auto& s : r.samples) ++count[s.at("application")][std::stoi(s.at("device"))];
  const std::map<std::string, std::set<int>> expected = {
      {"camera", {1, 3, 4, 9, 11, 12}}, {"wearable", {3, 7, 11, 15}}, {"logger", {5, 6, 7, 13, 14, 15}}};
  for (const auto& [app, devices] : expected) {
    std::set<int> got;
    for (const auto& [d, n] : count[app]) {
      got.insert(d);
      EXPECT_EQ(n, 3) << app << " device " << d << ": its own stream of samples_per_device arrivals";
    }
    EXPECT_EQ(got, devices) << app;
    EXPECT_EQ(r.summary.at("by_application").at(app).at("devices").get<size_t>(), devices.size()) << app;
  }
  // Devices 3, 7, 11 and 15 run two applications each: 6 samples each.
  const nlohmann::json manifest = read_json(r.run.out + "/manifest.json");
  EXPECT_EQ(manifest.at("scenario").at("applications").at(0).at("devices").at("count").get<int>(), 6);
  EXPECT_EQ(manifest.at("scenario").at("applications").at(1).at("devices").at("share").get<double>(), 0.25);
}

TEST(Applications, AddingAnApplicationLeavesTheArrivalsOfTheFirstAsTheyWere) {
  // Application 0 draws from the scenario seed, the others from seeds of their own: adding "extra" changes
  // nothing of when camera's samples arrive, on which device, or which trace rows they replay.
  TempDir dir;
  const std::string camera = application("camera", "arrivals: poisson, rate: 5/s, samples_per_device: 6", "{classes: [a]}");
  const AppRun alone = run(dir, two_sites(kFive), scenario(camera, 4), "alone");
  const AppRun both = run(dir, two_sites(kFive),
                       scenario(camera + application("extra", "arrivals: poisson, rate: 7/s, samples_per_device: 5"), 4), "both");
  ASSERT_EQ(alone.run.result.status, 0) << alone.run.result.err;
  ASSERT_EQ(both.run.result.status, 0) << both.run.result.err;
  using Key = std::tuple<std::string, std::string, std::string>;  // arrival_s, device, trace_row
  std::multiset<Key> a, b;
  for (const auto& s : alone.samples) a.insert({s.at("arrival_s"), s.at("device"), s.at("trace_row")});
  int extra = 0;
  for (const auto& s : both.samples) {
    if (s.at("application") == "extra") {
      ++extra;
      continue;
    }
    b.insert({s.at("arrival_s"), s.at("device"), s.at("trace_row")});
  }
  EXPECT_EQ(a.size(), 60u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(extra, 80);
  // And the other direction: another seed moves them.
  const AppRun other = run(dir, two_sites(kFive), scenario(camera, 5), "other");
  ASSERT_EQ(other.run.result.status, 0);
  std::multiset<Key> c;
  for (const auto& s : other.samples) c.insert({s.at("arrival_s"), s.at("device"), s.at("trace_row")});
  EXPECT_NE(a, c);
}

TEST(Applications, DeadlinesArePerApplicationInTheSummary) {
  // Both applications with a deadline: camera's 5 ms is missed by every sample (its edge stage alone takes 6 ms),
  // wearable's 1 s by none.
  TempDir dir;
  const std::string periodic = "arrivals: periodic, phase: zero, order: sequential, rate: 10/s, samples_per_device: 3, ";
  const AppRun r = run(dir, platform(),
                    scenario(application("camera", periodic + "deadline: 5ms", "{classes: [cam]}") +
                             application("wearable", periodic + "deadline: 1s", "{classes: [wear]}")));
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  const auto& b = r.summary.at("by_application");
  EXPECT_EQ(b.at("camera").at("deadline").at("misses").get<int>(), 3);
  EXPECT_EQ(b.at("wearable").at("deadline").at("misses").get<int>(), 0);
  EXPECT_EQ(r.summary.at("deadline").at("misses").get<int>(), 3);
  for (const auto& s : r.samples) EXPECT_EQ(s.at("deadline_s"), s.at("application") == "camera" ? "0.005" : "1");
}

TEST(Applications, ASweepWritesEveryApplicationsColumns) {
  // A study whose axis is an application's share: results.csv gets by_application.<name>.* for both, equal to
  // each run's summary.json.
  TempDir dir;
  dir.write("platform.yaml", two_sites(kFive));
  const std::string w = "arrivals: periodic, rate: 10/s, samples_per_device: 2";
  dir.write("scenario.yaml", scenario(application("camera", w, "{classes: [a]}") + application("wearable", w, "{share: 0.5}")));
  const std::string study = dir.write("study.yaml",
                                      "name: mix\nbase: scenario.yaml\nseed: 3\nreplications: 1\naxes:\n"
                                      "  - grid:\n      applications[1].devices.share: [0.25, 1]\n");
  const std::string out = dir.file("sweep");
  const CommandResult result = run_hybridfog({"sweep", study, "-o", out, "--no-progress"});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto rows = read_csv(out + "/results.csv");
  ASSERT_EQ(rows.size(), 2u);
  const int expected_devices[] = {4, 16};  // a quarter of 16 devices, all of them
  for (size_t p = 0; p < rows.size(); ++p) {
    const auto& row = rows[p];
    const nlohmann::json summary = read_json(out + "/" + row.at("output_dir") + "/summary.json");
    EXPECT_EQ(std::stoi(row.at("by_application.wearable.devices")), expected_devices[p]);
    EXPECT_EQ(std::stoi(row.at("by_application.wearable.samples")), 2 * expected_devices[p]);
    EXPECT_EQ(std::stoi(row.at("by_application.camera.samples")), 20);
    for (const std::string app : {"camera", "wearable"}) {
      expect_close(std::stod(row.at("by_application." + app + ".latency_s.p95")),
                   summary.at("by_application").at(app).at("latency_s").at("p95").get<double>(), app + " p95", kCloseness);
      expect_close(std::stod(row.at("by_application." + app + ".exit_fraction.final")),
                   summary.at("by_application").at(app).at("exit_fraction").at("final").get<double>(), app, kCloseness);
    }
    expect_close(std::stod(row.at("exit_fraction.camera/final")), summary.at("exit_fraction").at("camera/final").get<double>(),
                 "qualified head", kCloseness);
  }
}

TEST(Applications, PartitionAndInspectTakeOneApplicationByName) {
  // `partition --application wearable` ranks exactly as the scenario of that application alone does.
  TempDir dir;
  dir.write("platform.yaml", platform());
  const std::string w = "arrivals: periodic, rate: 10/s, samples_per_device: 2";
  const std::string both = dir.write("both.yaml", scenario(application("camera", w, "{classes: [cam]}") +
                                                           application("wearable", w, "{classes: [wear]}", "", "{name: entropy, threshold: 0.5}")));
  const std::string alone = dir.write("alone.yaml", "name: apps\nseed: 1\nplatform: platform.yaml\nmodel: " + model() +
                                                        "\npolicy: {name: entropy, threshold: 0.5}\nworkload: {" + w +
                                                        "}\nnetwork: {model: CM02}\n");
  const CommandResult a = run_hybridfog({"partition", both, "--application", "wearable", "--top", "0", "-o", dir.file("a.csv")});
  const CommandResult b = run_hybridfog({"partition", alone, "--top", "0", "-o", dir.file("b.csv")});
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(read_file(dir.file("a.csv")), read_file(dir.file("b.csv")));
  // Without --application, or with a name that is not there: exit 2, the applications named.
  const CommandResult none = run_hybridfog({"partition", both});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("<command line>: --application: "), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("(camera, wearable)"), std::string::npos) << none.err;
  const CommandResult wrong = run_hybridfog({"partition", both, "--application", "radar"});
  EXPECT_EQ(wrong.status, 2);
  EXPECT_NE(wrong.err.find("no application \"radar\" (applications: camera, wearable)"), std::string::npos) << wrong.err;
  const CommandResult verify = run_hybridfog({"partition", both, "--application", "camera", "--verify", "2"});
  EXPECT_EQ(verify.status, 2);
  EXPECT_NE(verify.err.find("--verify"), std::string::npos) << verify.err;

  // inspect: every application, or the one named.
  const CommandResult all = run_hybridfog({"inspect", both});
  ASSERT_EQ(all.status, 0) << all.err;
  const nlohmann::json resolved = nlohmann::json::parse(all.out);
  ASSERT_EQ(resolved.at("applications").size(), 2u);
  EXPECT_FALSE(resolved.contains("model"));
  const CommandResult one = run_hybridfog({"inspect", both, "--application", "wearable"});
  ASSERT_EQ(one.status, 0) << one.err;
  const nlohmann::json only = nlohmann::json::parse(one.out);
  ASSERT_EQ(only.at("applications").size(), 1u);
  EXPECT_EQ(only.at("applications").at(0).at("name"), "wearable");
  EXPECT_EQ(only.at("applications").at(0).at("policy").at("threshold").get<double>(), 0.5);
  const CommandResult platform_file = run_hybridfog({"inspect", dir.file("platform.yaml"), "--application", "x"});
  EXPECT_EQ(platform_file.status, 2);
}

}  // namespace
}  // namespace hybridfog::testing

// Orchestration (docs/orchestration.md): which edge host takes a sample, in closed form on real runs.
// tests/data/synthetic-chain with the partition device (conv1..block2, exit1) | edge (block3, fc); the
// entropy policy with threshold 0 never exits early, so every sample runs on an edge host. Every number
// below is derived here from the platform's figures.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <cstdio>
#include <string>
#include <vector>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kDevice = 2e6 / 1e9 + 16e6 / 20e9 + 62720 / 1e9;  // s on the device (1 GMAC/s fp32, 20 binary)
constexpr double kEdgeMacs = 6e6 + 31360;                          // block3 + fc, fp32
constexpr double kB = 100e6;                                       // access and uplink: 800 Mbps
constexpr double kCut = 784, kAnswer = 64;                         // bytes: block2's output, the answer
constexpr double kUplinkLatency = 0.005;                           // s
constexpr Closeness kCloseness{1e-9, 1e-12};

// `sites` sites of one device each; `edge_classes`: the edge tier's class list (YAML flow items). The cloud
// runs nothing here (the partition ends on the edge); it makes the sites reach each other (their uplinks
// meet at the root), and its fatpipe ingress, one SimGrid link per site by default, must not lie on the
// route between two sites (1 ms each way would show).
std::string platform(int sites, const std::string& edge_classes, const std::string& edge_extra = "") {
  return "name: orch\nsites: " + std::to_string(sites) + "\ntiers:\n"
         "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
         " power_per_core: {idle: 1W, busy: 3W}}]}\n"
         "  - {name: edge, scope: site, send_flows: unlimited, classes: [" + edge_classes + "]" + edge_extra + "}\n"
         "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s}, power_per_core: {idle: 1W, busy: 2W}}]}\n"
         "links:\n  access: {bandwidth: 800Mbps, latency: 0ms}\n"
         "  uplink: {bandwidth: 800Mbps, latency: 5ms}\n"
         "  ingress: {bandwidth: 800Mbps, latency: 1ms, sharing: fatpipe}\n";
}
std::string edge_class(const std::string& name, const std::string& speed, const std::string& extra = "") {
  return "{name: " + name + ", throughput: {fp32: " + speed + "}, power_per_core: {idle: 1W, busy: 2W}" + extra + "}";
}

// `workload`: the workload map's body; `extra`: more top-level keys (orchestration, failures...).
std::string scenario(const std::string& workload, const std::string& extra, int seed = 1) {
  return "name: orch\nseed: " + std::to_string(seed) + "\nplatform: platform.yaml\nmodel:\n  profile: " +
         source_path("tests/data/synthetic-chain.yaml") + "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
         "\n  partition: [{tier: device, until: block2}, {tier: edge}]\n"
         "policy: {name: entropy, threshold: 0}\nworkload: {" + workload + "}\nnetwork: {model: CM02}\n" + extra;
}
const std::string kPeriodic = "arrivals: periodic, rate: 1/s, phase: zero, order: sequential, samples_per_device: ";

// Latency of a sample alone on its path: device, upload to an edge host of `speed` MAC/s, answer back;
// `remote`: the edge host is at another site (the route crosses both sites' uplinks, each way).
double alone(double speed, bool remote = false) {
  const double hops = remote ? 2 * kUplinkLatency : 0;
  return kDevice + (kCut / kB + hops) + kEdgeMacs / speed + (kAnswer / kB + hops);
}

struct OrchRun {
  ScenarioRun run;
  std::vector<std::map<std::string, std::string>> samples;  // in sample_id order
  std::map<std::string, std::map<std::string, std::string>> hosts;  // by host name
  std::vector<std::map<std::string, std::string>> links, events;     // events: empty without events.csv
  std::string samples_csv;
};
OrchRun run(const std::string& platform_yaml, const std::string& scenario_yaml, const std::string& arrivals = "") {
  TempDir dir;
  if (!arrivals.empty()) dir.write("arrivals.csv", arrivals);
  OrchRun r;
  r.run = run_scenario_in(dir, platform_yaml, scenario_yaml);
  if (r.run.result.status != 0) return r;
  r.samples_csv = read_file(r.run.out + "/samples.csv");
  auto rows = read_csv(r.run.out + "/samples.csv");
  r.samples.resize(rows.size());
  for (auto& row : rows) r.samples.at(std::stoul(row.at("sample_id"))) = row;
  for (auto& row : read_csv(r.run.out + "/hosts.csv")) r.hosts[row.at("host")] = row;
  r.links = read_csv(r.run.out + "/links.csv");
  if (std::filesystem::exists(r.run.out + "/events.csv")) r.events = read_csv(r.run.out + "/events.csv");
  return r;  // the run's folder goes with `dir`: everything a test reads is read above
}
double cell(const std::map<std::string, std::string>& row, const std::string& column) { return std::stod(row.at(column)); }

// The edge host (by its speed) whose closed-form latency a sample's latency matches; -1 for none.
int which(double latency, const std::vector<double>& speeds) {
  for (size_t k = 0; k < speeds.size(); ++k)
    if (std::abs(latency - alone(speeds[k])) <= 1e-9 * alone(speeds[k])) return static_cast<int>(k);
  return -1;
}

const std::string kThreeEdges = edge_class("a", "1GMAC/s") + ", " + edge_class("b", "2GMAC/s") + ", " + edge_class("c", "4GMAC/s");

TEST(Orchestration, RoundRobinTakesTheSitesServersInTurn) {
  const OrchRun r = run(platform(1, kThreeEdges), scenario(kPeriodic + "7", "orchestration: {edge: round-robin}\n"));
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  ASSERT_EQ(r.samples.size(), 7u);
  const double speeds[] = {1e9, 2e9, 4e9};  // a, b, c, a, b, c, a: one sample at a time (1 s apart)
  const char* names[] = {"site0-edge-a-0", "site0-edge-b-0", "site0-edge-c-0"};
  for (size_t i = 0; i < r.samples.size(); ++i) {
    expect_close(cell(r.samples[i], "latency_s"), alone(speeds[i % 3]), "sample " + std::to_string(i), kCloseness);
    EXPECT_EQ(r.samples[i].at("edge_host"), names[i % 3]) << i;
    EXPECT_EQ(r.samples[i].at("edge_site"), "0") << i;
  }
  // Each host took (and executed once per sample): a 3, b 2, c 2; the device its 7.
  const std::map<std::string, int> taken = {{"site0-edge-a-0", 3}, {"site0-edge-b-0", 2}, {"site0-edge-c-0", 2},
                                            {"site0-device-dev-0", 7}, {"cloud-srv-0", 0}};
  ASSERT_EQ(r.hosts.size(), taken.size());
  for (const auto& [name, n] : taken) {
    EXPECT_EQ(std::stoi(r.hosts.at(name).at("samples")), n) << name;
    EXPECT_EQ(std::stoi(r.hosts.at(name).at("executions")), n) << name;
  }
}

TEST(Orchestration, LeastLoadedIsTheDefaultAndKeepsTheFirstIdleServer) {
  // The other direction: with the default rule (and with it named) every sample finds all three idle and
  // goes to the first, a.
  for (const std::string& extra : {std::string(""), std::string("orchestration: {default: least-loaded}\n")}) {
    const OrchRun r = run(platform(1, kThreeEdges), scenario(kPeriodic + "4", extra));
    ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
    for (const auto& s : r.samples) expect_close(cell(s, "latency_s"), alone(1e9), "on a", kCloseness);
    // No orchestration columns: the outputs of least-loaded are those of a scenario without the key.
    EXPECT_EQ(r.samples[0].count("edge_host"), 0u);
    EXPECT_EQ(r.hosts.begin()->second.count("samples"), 0u);
  }
}

std::string choices(const OrchRun& r, const std::vector<double>& speeds) {
  std::string out;
  for (const auto& s : r.samples) {
    const int k = which(cell(s, "latency_s"), speeds);
    EXPECT_GE(k, 0) << "sample " << s.at("sample_id") << " matches no server's closed form: " << s.at("latency_s");
    out += static_cast<char>('a' + k);
    EXPECT_EQ(s.at("edge_host"), std::string("site0-edge-") + static_cast<char>('a' + k) + "-0") << s.at("sample_id");
  }
  return out;
}

TEST(Orchestration, RandomIsDeterministicForASeedAndChangesWithIt) {
  const std::vector<double> speeds = {1e9, 2e9};
  const std::string plat = platform(1, edge_class("a", "1GMAC/s") + ", " + edge_class("b", "2GMAC/s"));
  const OrchRun one = run(plat, scenario(kPeriodic + "40", "orchestration: {edge: random}\n", 1));
  const OrchRun again = run(plat, scenario(kPeriodic + "40", "orchestration: {edge: random}\n", 1));
  const OrchRun other = run(plat, scenario(kPeriodic + "40", "orchestration: {edge: random}\n", 2));
  for (const OrchRun* r : {&one, &again, &other}) ASSERT_EQ(r->run.result.status, 0) << r->run.result.err;
  const std::string a = choices(one, speeds), b = choices(again, speeds), c = choices(other, speeds);
  EXPECT_EQ(a, b) << "same seed, same choices";
  EXPECT_NE(a, c) << "another seed, other choices";
  ASSERT_FALSE(one.samples_csv.empty());
  EXPECT_EQ(one.samples_csv, again.samples_csv);
  for (const std::string& s : {a, c}) {  // both servers are used (40 fair draws)
    EXPECT_NE(s.find('a'), std::string::npos) << s;
    EXPECT_NE(s.find('b'), std::string::npos) << s;
  }
}

TEST(Orchestration, RandomHasItsOwnStream) {
  // Poisson arrivals and a random order of trace rows: the random rule's draws leave the workload's streams
  // alone (same arrival times and rows as under least-loaded).
  const std::string plat = platform(1, edge_class("a", "1GMAC/s") + ", " + edge_class("b", "2GMAC/s"));
  const std::string workload = "arrivals: poisson, rate: 5/s, order: shuffled, samples_per_device: 30";
  const OrchRun random = run(plat, scenario(workload, "orchestration: random\n", 3));
  const OrchRun least = run(plat, scenario(workload, "", 3));
  ASSERT_EQ(random.run.result.status, 0) << random.run.result.err;
  ASSERT_EQ(least.run.result.status, 0) << least.run.result.err;
  ASSERT_EQ(random.samples.size(), least.samples.size());
  int differ = 0;
  for (size_t i = 0; i < random.samples.size(); ++i) {
    EXPECT_EQ(random.samples[i].at("arrival_s"), least.samples[i].at("arrival_s")) << i;
    EXPECT_EQ(random.samples[i].at("trace_row"), least.samples[i].at("trace_row")) << i;
    differ += random.samples[i].at("latency_s") != least.samples[i].at("latency_s");
  }
  EXPECT_GT(differ, 0) << "the rule changed nothing";
}

// Two sites, one device and one edge host each; only site 0's device sends (an arrival trace): at 0 and 4 ms.
// Sample 0 takes site 0's server (busy until kDevice + kCut/kB + kEdge, about 8.9 ms); sample 1 reaches the
// edge stage at 4 ms + kDevice, while that server still holds sample 0.
const std::string kTwoArrivals = "time_s,device\n0,0\n0.004,0\n";
const std::string kArrivalTrace = "arrivals: trace, file: arrivals.csv";

TEST(Orchestration, NearestAvailableOffloadsToAnotherSiteOverTheBound) {
  const OrchRun r = run(platform(2, edge_class("a", "1GMAC/s")),
                    scenario(kArrivalTrace, "orchestration: {edge: {rule: nearest-available, queue_bound: 1}}\n"),
                    kTwoArrivals);
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  ASSERT_EQ(r.samples.size(), 2u);
  expect_close(cell(r.samples[0], "latency_s"), alone(1e9), "sample 0 at its own site", kCloseness);
  // Sample 1: its site's server holds 1 sample per core (>= the bound): site 1's server, over access +
  // uplink 0 + uplink 1 (two 5 ms latencies each way).
  expect_close(cell(r.samples[1], "latency_s"), alone(1e9, true), "sample 1 offloaded to site 1", kCloseness);
  EXPECT_EQ(r.samples[0].at("edge_host"), "site0-edge-a-0");
  EXPECT_EQ(r.samples[1].at("edge_host"), "site1-edge-a-0");
  EXPECT_EQ(r.samples[1].at("edge_site"), "1");
  EXPECT_EQ(std::stoi(r.hosts.at("site1-edge-a-0").at("samples")), 1);
  EXPECT_EQ(std::stoi(r.hosts.at("site0-edge-a-0").at("samples")), 1);
  // Its bytes crossed both uplinks (links.csv): the cut up and the answer back; none crossed the ingress.
  ASSERT_EQ(r.links.size(), 5u);  // 2 access, 2 uplinks, the ingress
  for (const auto& l : r.links) {
    if (l.at("link_class") == "uplink") expect_close(cell(l, "bytes"), kCut + kAnswer, l.at("link"), kCloseness);
    if (l.at("link_class") == "ingress") {
      EXPECT_EQ(cell(l, "bytes"), 0) << l.at("link");
    }
  }
}

TEST(Orchestration, UnderTheBoundTheSampleQueuesAtItsSite) {
  // The other direction: a bound of 2 (and least-loaded) keep sample 1 at site 0, behind sample 0.
  const double edge = kEdgeMacs / 1e9;
  const double sample1 = (kDevice + kCut / kB + 2 * edge + kAnswer / kB) - 0.004;  // waits for sample 0's edge work
  for (const std::string& extra : {std::string("orchestration: {edge: {rule: nearest-available, queue_bound: 2}}\n"),
                                  std::string("")}) {
    const OrchRun r = run(platform(2, edge_class("a", "1GMAC/s")), scenario(kArrivalTrace, extra), kTwoArrivals);
    ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
    expect_close(cell(r.samples[0], "latency_s"), alone(1e9), "sample 0", kCloseness);
    expect_close(cell(r.samples[1], "latency_s"), sample1, "sample 1 queued at site 0", kCloseness);
    EXPECT_EQ(std::stoi(r.hosts.at("site1-edge-a-0").at("executions")), 0);
  }
}

// Site 0's edge host fails and recovers at random (its own stream of the seed; site 1's host too, on another
// stream); only site 0's device sends, every second. The down and up times come from events.csv: a sample
// whose whole life falls while site 0's host is down and site 1's is up goes to site 1 (horizontal offload,
// latency with both uplinks each way); one whose life falls while site 0's host is up stays at site 0.
TEST(Orchestration, NearestAvailableOffloadsWhenTheSitesServerIsDown) {
  std::string arrivals = "time_s,device\n";
  for (int k = 0; k < 120; ++k) arrivals += std::to_string(k) + ".5,0\n";
  const OrchRun r = run(platform(2, edge_class("a", "1GMAC/s")),
                    scenario(kArrivalTrace, "orchestration: {edge: nearest-available}\n"
                                            "failures: {random: {edge/a: {mttf: 4s, mttr: 4s}}}\n"
                                            "recovery: {policy: give-up, detection_timeout: 10ms}\n", 5),
                    arrivals);
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  // Down intervals of each site's host, from events.csv.
  std::map<std::string, std::vector<std::pair<double, double>>> down;
  ASSERT_FALSE(r.events.empty());
  for (const auto& e : r.events) {
    auto& spans = down[e.at("subject")];
    if (e.at("kind") == "failure") spans.emplace_back(cell(e, "time_s"), 1e300);
    if (e.at("kind") == "recovery") spans.back().second = cell(e, "time_s");
  }
  const auto up_over = [&](const std::string& host, double from, double to) {
    for (const auto& [a, b] : down[host])
      if (a <= to && b >= from) return false;
    return true;
  };
  const auto down_over = [&](const std::string& host, double from, double to) {
    for (const auto& [a, b] : down[host])
      if (a < from && b > to) return true;
    return false;
  };
  int remote = 0, local = 0;
  for (const auto& s : r.samples) {
    const double t = cell(s, "arrival_s"), end = t + 0.1;  // every path here ends within 30 ms
    if (down_over("site0-edge-a-0", t, end) && up_over("site1-edge-a-0", t, end)) {
      expect_close(cell(s, "latency_s"), alone(1e9, true), "sample " + s.at("sample_id") + " offloaded", kCloseness);
      EXPECT_EQ(s.at("edge_site"), "1") << s.at("sample_id");
      ++remote;
    } else if (up_over("site0-edge-a-0", t, end)) {
      expect_close(cell(s, "latency_s"), alone(1e9), "sample " + s.at("sample_id") + " at its site", kCloseness);
      EXPECT_EQ(s.at("edge_site"), "0") << s.at("sample_id");
      ++local;
    }
  }
  EXPECT_GE(remote, 5) << "too few samples while site 0's host was down: choose another seed";
  EXPECT_GE(local, 5);
}

// ---- Rules written in Python (docs/orchestration.md, "Your own rule"): tests/data/python/orchestrators.py.
const std::string kRules = source_path("tests/data/python/orchestrators.py");

std::string python_rule(const std::string& cls, const std::string& more = "") {
  return "{rule: python, module: " + kRules + ", class: " + cls + more + "}";
}
std::string exact(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}
// Checked's `expected`: per host class [stage_s, route_s] from the platform's figures; "remote": another site's.
std::string expected_figures(const std::vector<std::pair<std::string, double>>& classes, double remote_speed) {
  std::string out = ", params: {expected: {";
  for (const auto& [name, speed] : classes)
    out += name + ": [" + exact(kEdgeMacs / speed) + ", " + exact(kCut / kB) + "], ";
  return out + "remote: [" + exact(kEdgeMacs / remote_speed) + ", " + exact(2 * kUplinkLatency + kCut / kB) + "]}";
}

TEST(Orchestration, PythonRoundRobinIsByteIdenticalToTheBuiltInRule) {
  const OrchRun builtin = run(platform(1, kThreeEdges), scenario(kPeriodic + "7", "orchestration: {edge: round-robin}\n"));
  ASSERT_EQ(builtin.run.result.status, 0) << builtin.run.result.err;
  // Per tier, and in the one-section form ({name: python, ...} for every server tier).
  for (const std::string& section : {"orchestration: {edge: " + python_rule("RoundRobin") + "}\n",
                                     "orchestration: {name: python, module: " + kRules + ", class: RoundRobin}\n"}) {
    const OrchRun mine = run(platform(1, kThreeEdges), scenario(kPeriodic + "7", section));
    ASSERT_EQ(mine.run.result.status, 0) << mine.run.result.err;
    EXPECT_EQ(mine.samples_csv, builtin.samples_csv) << section;
    EXPECT_EQ(mine.hosts, builtin.hosts) << section;
  }
  // Not vacuous: least-loaded sends all seven to a.
  const OrchRun least = run(platform(1, kThreeEdges), scenario(kPeriodic + "7", ""));
  ASSERT_EQ(least.run.result.status, 0);
  EXPECT_NE(least.samples[1].at("latency_s"), builtin.samples[1].at("latency_s"));
}

TEST(Orchestration, APythonRuleSeesTheClosedFormFiguresAndItsChoiceIsTaken) {
  // Checked raises (exit 2) if a candidate's stage_s or route_s is not the hand-computed one; it takes the
  // fastest host, c, by its name.
  const std::string rule = python_rule("Checked", expected_figures({{"a", 1e9}, {"b", 2e9}, {"c", 4e9}}, 1e9) + "}");
  const OrchRun r = run(platform(1, kThreeEdges), scenario(kPeriodic + "5", "orchestration: {edge: " + rule + "}\n"));
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  ASSERT_EQ(r.samples.size(), 5u);
  for (const auto& s : r.samples) {
    expect_close(cell(s, "latency_s"), alone(4e9), "sample " + s.at("sample_id"), kCloseness);
    EXPECT_EQ(s.at("edge_host"), "site0-edge-c-0");
  }
  EXPECT_EQ(std::stoi(r.hosts.at("site0-edge-c-0").at("samples")), 5);
}

TEST(Orchestration, APythonRuleOffersEverySiteAndMayOffload) {
  // Two sites of one device each; candidates: all-sites, and the rule sends every sample to site 1: device 0's
  // samples cross both uplinks (horizontal offload), device 1's stay at their site.
  const std::string rule =
      python_rule("Checked", expected_figures({{"a", 1e9}}, 1e9) + ", remote_site: 1}, candidates: all-sites");
  // One sample at a time (1 s apart), from either device in turn.
  const OrchRun r = run(platform(2, edge_class("a", "1GMAC/s")),
                        scenario(kArrivalTrace, "orchestration: {edge: " + rule + "}\n"),
                        "time_s,device\n0,0\n1,1\n2,0\n3,1\n4,0\n5,1\n");
  ASSERT_EQ(r.run.result.status, 0) << r.run.result.err;
  ASSERT_EQ(r.samples.size(), 6u);
  for (const auto& s : r.samples) {
    const bool remote = s.at("device") == "0";
    expect_close(cell(s, "latency_s"), alone(1e9, remote), "sample " + s.at("sample_id"), kCloseness);
    EXPECT_EQ(s.at("edge_host"), "site1-edge-a-0");
  }
  EXPECT_EQ(std::stoi(r.hosts.at("site1-edge-a-0").at("samples")), 6);
  EXPECT_EQ(std::stoi(r.hosts.at("site0-edge-a-0").at("samples")), 0);
}

int line_of(const std::string& file, const std::string& text) {
  std::istringstream in(read_file(file));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(text) != std::string::npos) return n;
  return -1;
}

TEST(Orchestration, APythonRuleThatAnswersWrongEndsTheRunWithItsPlace) {
  struct Case {
    std::string rule, where, words;
  };
  const std::vector<Case> cases = {
      {python_rule("NotACandidate"), kRules + ":" + std::to_string(line_of(kRules, "class NotACandidate") + 1) + ":5:",
       "orchestration.edge.class: NotACandidate.choose returned 'cloud-srv-0', not one of the candidates "
       "(site0-edge-a-0, site0-edge-b-0, site0-edge-c-0) (sample 0, tier edge)"},
      {python_rule("Raises"), kRules + ":" + std::to_string(line_of(kRules, "candidates[context.sample_id + 10]")) + ":",
       "orchestration.edge.class: Raises.choose raised IndexError: list index out of range (sample 0, tier edge)"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    const ScenarioRun r = run_scenario_in(dir, platform(1, kThreeEdges),
                                          scenario(kPeriodic + "3", "orchestration: {edge: " + c.rule + "}\n"));
    EXPECT_EQ(r.result.status, 2) << r.result.err;
    EXPECT_NE(r.result.err.find(c.where), std::string::npos) << c.where << "\n" << r.result.err;
    EXPECT_NE(r.result.err.find(c.words), std::string::npos) << c.words << "\n" << r.result.err;
    EXPECT_FALSE(std::filesystem::exists(r.out)) << "nothing is written as a result";
  }
}

TEST(Orchestration, APythonRuleThatCannotRunIsRefusedAtItsKey) {
  const std::string rules_py = source_path("tests/data/python/rules.py");
  struct Case {
    std::string section, key, words;
  };
  const std::vector<Case> cases = {
      {"{edge: python}", "orchestration.edge", "a python rule is a map: {rule: python, module: FILE.py"},
      {"{edge: " + python_rule("Nope") + "}", "orchestration.edge.class", "has no class Nope"},
      {"{edge: {rule: python, module: " + rules_py + ", class: Entropy}}", "orchestration.edge.class",
       "class Entropy has no method choose(self, tier, candidates, context)"},
      {"{edge: {rule: python, module: no_such_module_here, class: X}}", "orchestration.edge.module",
       "cannot import no_such_module_here"},
      {"{edge: {rule: python, class: X}}", "orchestration.edge", "rule python needs `module`"},
      {"{edge: " + python_rule("RoundRobin", ", candidates: everywhere") + "}", "orchestration.edge.candidates",
       "everywhere"},
      {"{edge: " + python_rule("RoundRobin", ", queue_bound: 2") + "}", "orchestration.edge.queue_bound", "queue_bound"},
      {"{edge: {rule: python, object: X}}", "orchestration.edge.object", "no object was handed over as orchestrator="},
  };
  for (const Case& c : cases) {
    for (const std::string command : {"validate", "run"}) {
      TempDir dir;
      dir.write("platform.yaml", platform(1, kThreeEdges));
      dir.write("scenario.yaml", scenario(kPeriodic + "3", "orchestration: " + c.section + "\n"));
      std::vector<std::string> args = {command, dir.file("scenario.yaml")};
      if (std::string(command) == "run") args.insert(args.end(), {"-o", dir.file("out"), "--no-progress"});
      const CommandResult r = run_hybridfog(args);
      EXPECT_EQ(r.status, 2) << c.section << "\n" << r.err;
      EXPECT_NE(r.err.find("scenario.yaml:"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find(c.key + ": "), std::string::npos) << c.key << "\n" << r.err;
      EXPECT_NE(r.err.find(c.words), std::string::npos) << c.words << "\n" << r.err;
      EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
    }
  }
}

}  // namespace
}  // namespace hybridfog::testing

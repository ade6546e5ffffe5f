// Wireless access, mobility and handover on real runs (docs/formats.md, "Wireless access" and "Mobility").
//
// Closed form: device 0 walks from x = 0 to x = 100 m at 1 m/s between two access points (x = 0 and
// x = 101.2 m, coverage 60 m; rate levels 8 / 4 / 2 Mbps up to 20 / 40 / 60 m). It hands over at the
// bisector (t = 50.6 s) and has no link for the handover delay (0.6 s). Each of its samples (one per
// second) computes on the device, uploads 784 B at the rate level of its distance when the upload starts,
// computes in the cloud and downloads 64 B at the level of that moment: every figure follows from the
// position. Device 1 stands out of coverage (x = 1000 m) with out_of_coverage: give_up, so each of its
// samples is given up when it needs the link, right after its device part.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kDevice = (2e6 + 62720) / 1e9 + 16e6 / 20e9;  // s on the device (synthetic-chain)
constexpr double kCloud = (6e6 + 31360) / 10e9;                  // s on the cloud
constexpr double kSpeed = 1.0;                                   // m/s
constexpr double kSite1 = 101.2;                                 // m
constexpr double kHandover = kSite1 / 2 / kSpeed;                // s: the bisector
constexpr double kDelay = 0.6;                                   // s

std::string platform_yaml(const std::string& site1_x = "101.2m") {
  return "name: wifi\nsites: 2\ntiers:\n"
         "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
         " power_per_core: {idle: 0.5W, busy: 2W}}]}\n"
         "  - {name: cloud, scope: central, classes: [{name: srv, cores: 2, throughput: {fp32: 10GMAC/s},"
         " power_per_core: {idle: 10W, busy: 30W}}]}\n"
         "links:\n"
         "  access:\n"
         "    wifi:\n"
         "      rates: [{up_to: 20m, bandwidth: 8Mbps}, {up_to: 40m, bandwidth: 4Mbps}, {up_to: 60m, bandwidth: 2Mbps}]\n"
         "      sites: [{x: 0m, y: 0m, coverage_radius: 60m}, {x: " + site1_x + ", y: 0m, coverage_radius: 60m}]\n"
         "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
}

std::string scenario_yaml(const std::string& workload, const std::string& mobility) {
  return "name: walk\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
         "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
         "\npolicy: {name: entropy, threshold: 0}\n" + workload + "network: {model: CM02}\n" + mobility;
}

struct Outputs {
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples, devices, links, events;
  std::string samples_text, devices_text;
};

Outputs run_in(const TempDir& dir, const std::string& scenario_text, const std::string& name = "out",
               const std::string& site1_x = "101.2m") {
  const ScenarioRun run = run_scenario_in(dir, platform_yaml(site1_x), scenario_text, {}, name);
  EXPECT_EQ(run.result.status, 0) << run.result.err;
  const std::string& out = run.out;
  return {read_json(out + "/summary.json"), read_csv(out + "/samples.csv"), read_csv(out + "/devices.csv"),
          read_csv(out + "/links.csv"), read_csv(out + "/events.csv"), read_file(out + "/samples.csv"),
          read_file(out + "/devices.csv")};
}

// Rate (bytes/s) of a station `d` metres from its access point.
double rate(double d) { return d <= 20 ? 1e6 : d <= 40 ? 0.5e6 : 0.25e6; }
// Site and distance at time t (the walker is at x = t).
std::pair<int, double> where(double t) {
  const double x = kSpeed * t;
  return x < kSite1 / 2 ? std::make_pair(0, x) : std::make_pair(1, kSite1 - x);
}

TEST(Mobility, StraightWalkHandsOverAtTheBisectorWithRatesFromTheDistance) {
  TempDir dir;
  dir.write("walk.csv", "time_s,device,x_m,y_m\n0,0,0,0\n100,0,100,0\n");
  const Outputs o = run_in(
      dir, scenario_yaml("workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 100, order: sequential}\n",
                         "mobility:\n  handover_delay: 600ms\n  out_of_coverage: give_up\n  models:\n"
                         "    - trace: walk.csv\n    - {devices: [1], position: {x: 1000m, y: 0m}}\n"));
  ASSERT_EQ(o.samples.size(), 200u);
  int checked = 0;
  double medium_bytes[2] = {0, 0};  // per site: what its medium carried for the walker
  for (const auto& s : o.samples) {
    const int id = std::stoi(s.at("sample_id"));
    const double arrival = std::stod(s.at("arrival_s"));
    const double finish = std::stod(s.at("finish_s"));
    if (s.at("device") == "1") {
      EXPECT_EQ(s.at("outcome"), "given_up") << id;
      EXPECT_EQ(s.at("origin_site"), "-1");
      EXPECT_EQ(s.at("exit"), "");
      EXPECT_NEAR(finish, arrival + kDevice, 1e-9) << id;
      EXPECT_EQ(std::stod(s.at("bytes_sent")), 0.0) << id;
      continue;
    }
    EXPECT_EQ(s.at("outcome"), "completed") << id;
    EXPECT_EQ(s.at("origin_site"), arrival < kHandover ? "0" : "1") << id;
    EXPECT_EQ(s.at("handovers"), "0") << id;  // every sample is done within a few ms
    // Upload: after the device part, or when the link is back after the handover.
    double up = arrival + kDevice;
    if (up >= kHandover && up < kHandover + kDelay) up = kHandover + kDelay;
    EXPECT_NEAR(std::stod(s.at("coverage_wait_s")), up - arrival - kDevice, 1e-9) << id;
    const double answer = up + 784 / rate(where(up).second) + kCloud;
    medium_bytes[where(up).first] += 784;
    medium_bytes[where(answer).first] += 64;
    const double expected = answer + 64 / rate(where(answer).second);
    EXPECT_NEAR(finish, expected, 1e-9) << "sample " << id << " arriving at " << arrival;
    ++checked;
  }
  EXPECT_EQ(checked, 100);
  // The one sample that waited for the link: it arrived at 51 s, its link came back at 51.2 s.
  const auto waited = std::count_if(o.samples.begin(), o.samples.end(),
                                    [](const auto& s) { return std::stod(s.at("coverage_wait_s")) > 0; });
  EXPECT_EQ(waited, 1);

  // One account with the failures' (docs/outputs.md, "Mobility"): the given-up samples are arrivals that
  // count once, as wrong answers.
  const auto& m = o.summary["mobility"];
  const auto& r = o.summary["recovery"];
  EXPECT_EQ(r["arrivals"].get<int>(), 200);
  EXPECT_EQ(r["completed"].get<int>(), 100);
  EXPECT_EQ(r["fell_back"].get<int>(), 0);
  EXPECT_EQ(r["given_up"].get<int>(), 100);
  EXPECT_EQ(m["given_up_out_of_coverage"].get<int>(), 100);
  EXPECT_EQ(o.summary["samples"].get<int>(), 200);
  int correct = 0;
  for (const auto& s : o.samples) correct += s.at("correct") == "1";
  EXPECT_EQ(o.summary["correct"].get<int>(), correct);
  EXPECT_EQ(o.summary["accuracy"].get<double>(), correct / 200.0);
  EXPECT_EQ(m["handovers"].get<int>(), 1);
  // The handover is an events.csv row at the bisector, the link usable again after the delay; device 1
  // never had a link: no row.
  ASSERT_EQ(o.events.size(), 1u);
  EXPECT_EQ(o.events[0].at("kind"), "handover");
  EXPECT_EQ(o.events[0].at("subject"), o.devices[0].at("host"));
  EXPECT_NEAR(std::stod(o.events[0].at("time_s")), kHandover, 1e-9);
  const std::string detail = o.events[0].at("detail");
  EXPECT_EQ(detail.rfind("from_site=0;to_site=1;usable_at_s=", 0), 0u) << detail;
  EXPECT_NEAR(std::stod(detail.substr(detail.find("usable_at_s=") + 12)), kHandover + kDelay, 1e-9) << detail;
  ASSERT_EQ(o.devices.size(), 2u);
  EXPECT_EQ(o.devices[0].at("handovers"), "1");
  EXPECT_EQ(o.devices[0].at("final_site"), "1");
  EXPECT_EQ(std::stod(o.devices[0].at("out_of_coverage_s")), 0.0);
  EXPECT_EQ(o.devices[1].at("given_up"), "100");
  EXPECT_EQ(o.devices[1].at("final_site"), "-1");
  EXPECT_NEAR(std::stod(o.devices[1].at("out_of_coverage_s")), o.summary["sim_time_s"].get<double>(), 1e-12);
  // Each medium carried the walker's bytes while it was associated there (784 B up, 64 B down), and
  // nothing else (device 1 never had a link).
  EXPECT_EQ(medium_bytes[0], 51 * 848.0);  // uploads up to 50.003 s (the handover is at 50.6 s)
  for (const auto& l : o.links) {
    if (l.at("link") == "site0-wifi-medium") {
      EXPECT_EQ(std::stod(l.at("bytes")), medium_bytes[0]);
    }
    if (l.at("link") == "site1-wifi-medium") {
      EXPECT_EQ(std::stod(l.at("bytes")), medium_bytes[1]);
    }
  }
}

TEST(Mobility, AnUploadCutByAHandoverIsSentAgainFromTheNewSite) {
  // Site 1 at x = 100.008 m: the bisector is at 50.004 m, i.e. t = 50.004 s, while the upload of the
  // sample that arrived at 50 s (from 50 + kDevice, 3.136 ms at 2 Mbps) is on site 0's medium.
  const double handover = 50.004, delay = 0.1;
  TempDir dir;
  dir.write("walk.csv", "time_s,device,x_m,y_m\n0,0,0,0\n100,0,100,0\n");
  const Outputs o = run_in(
      dir,
      scenario_yaml("workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 52, order: sequential}\n",
                    "mobility:\n  handover_delay: 100ms\n  models:\n    - trace: walk.csv\n"),
      "out", "100.008m");
  EXPECT_EQ(o.summary["mobility"]["interrupted_transfers"].get<int>(), 1);
  EXPECT_EQ(o.devices[0].at("interrupted_transfers"), "1");
  bool found = false;
  for (const auto& s : o.samples) {
    if (s.at("device") != "0" || std::stod(s.at("arrival_s")) != 50) continue;
    found = true;
    const double up = 50 + kDevice;
    const double carried = (handover - up) * 0.25e6;  // bytes on site 0's medium before the cut
    const double resume = handover + delay;           // sent again, in full, from site 1 (50.104 m away)
    const double answer = resume + 784 / 0.25e6 + kCloud;
    const double download = 64 / rate(100.008 - answer);
    EXPECT_NEAR(std::stod(s.at("finish_s")), answer + download, 1e-9);
    EXPECT_NEAR(std::stod(s.at("bytes_sent")), carried + 784 + 64, 1e-6);
    EXPECT_NEAR(std::stod(s.at("coverage_wait_s")), delay, 1e-9);
    EXPECT_NEAR(std::stod(s.at("transfer_s")), (handover - up) + 784 / 0.25e6 + download, 1e-9);
    EXPECT_EQ(s.at("handovers"), "1");
    EXPECT_EQ(s.at("origin_site"), "0");
    EXPECT_EQ(s.at("outcome"), "completed");
  }
  EXPECT_TRUE(found);
}

TEST(Mobility, AnAnswerFromAServerOfTheFormerSiteComesBackOverBothUplinks) {
  // Device part, then the edge of the device's site (1 s of computing). The walker's sample of 50 s goes to
  // site 0's edge; while it computes, the walker hands over to site 1 (50.6 s; link up at 51.2 s). The
  // answer leaves site 0's edge at 50 + kDevice + 784 B at 2 Mbps + 1 s, waits for the link, then crosses
  // site 0's uplink, site 1's uplink (10 ms each) and site 1's medium (level 2: 50 m away).
  TempDir dir;
  const std::string platform =
            "name: wifi-edge\nsites: 2\ntiers:\n"
            "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
            " power_per_core: {idle: 0.5W, busy: 2W}}]}\n"
            "  - {name: edge, scope: site, send_flows: unlimited, classes: [{name: srv, cores: 4, throughput: {fp32: 6031360MAC/s},"
            " power_per_core: {idle: 1W, busy: 3W}}]}\n"
            "links:\n  access:\n    wifi:\n"
            "      rates: [{up_to: 20m, bandwidth: 8Mbps}, {up_to: 40m, bandwidth: 4Mbps}, {up_to: 60m, bandwidth: 2Mbps}]\n"
            "      sites: [{x: 0m, y: 0m, coverage_radius: 60m}, {x: 101.2m, y: 0m, coverage_radius: 60m}]\n"
            "  uplink: {bandwidth: 1Gbps, latency: 10ms}\n";
  dir.write("walk.csv", "time_s,device,x_m,y_m\n0,0,0,0\n100,0,100,0\n");
  const std::string scenario =
      "name: walk\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
          "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
          "\n  partition: [{tier: device, until: block2}, {tier: edge}]\n"
          "policy: {name: entropy, threshold: 0}\n"
          "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 51, order: sequential}\n"
          "network: {model: CM02}\nmobility:\n  handover_delay: 600ms\n  models:\n    - trace: walk.csv\n"
          "    - {devices: [1], position: {x: 1000m, y: 0m}}\n";
  const ScenarioRun run = run_scenario_in(dir, platform, scenario);
  ASSERT_EQ(run.result.status, 0) << run.result.err;
  const std::string& out = run.out;
  bool found = false;
  for (const auto& s : read_csv(out + "/samples.csv")) {
    if (s.at("device") != "0" || std::stod(s.at("arrival_s")) != 50) continue;
    found = true;
    const double answer_ready = 50 + kDevice + 784 / 0.25e6 + 1.0;
    const double link_up = kHandover + kDelay;
    ASSERT_LT(answer_ready, link_up);
    EXPECT_NEAR(std::stod(s.at("coverage_wait_s")), link_up - answer_ready, 1e-9);
    EXPECT_NEAR(std::stod(s.at("finish_s")), link_up + 2 * 0.010 + 64 / rate(kSite1 - link_up), 1e-9);
    EXPECT_EQ(s.at("handovers"), "1");
  }
  EXPECT_TRUE(found);
  // Every other sample of the walker stayed at one site: only this answer crossed the uplinks.
  for (const auto& l : read_csv(out + "/links.csv"))
    if (l.at("link_class") == "uplink") {
      EXPECT_EQ(l.at("bytes"), "64") << l.at("link");
      EXPECT_EQ(l.at("transfers"), "1") << l.at("link");
    }
}

TEST(Mobility, LosingCoverageWaitsOrGivesUpAndEverySampleIsAccountedFor) {
  // A walk that leaves all coverage between x = 60 m and x = 80 m... there is none there with 30 m radii:
  // sites at 0 and 101.2 m, radius 60 m overlap; the walker goes off to y = 200 m and comes back instead.
  for (const std::string mode : {"wait", "give_up"}) {
    SCOPED_TRACE(mode);
    TempDir dir;
    dir.write("walk.csv", "time_s,device,x_m,y_m\n0,0,0,0\n10,0,0,100\n20,0,0,0\n");
    const Outputs o = run_in(
        dir, scenario_yaml("workload: {arrivals: periodic, rate: 2/s, phase: zero, samples_per_device: 40, order: sequential}\n",
                           "mobility:\n  out_of_coverage: " + mode + "\n  models:\n    - trace: walk.csv\n"));
    const auto& m = o.summary["recovery"];
    EXPECT_EQ(m["arrivals"].get<int>(), 80);
    EXPECT_EQ(m["completed"].get<int>() + m["given_up"].get<int>(), 80);
    EXPECT_EQ(m["given_up"], o.summary["mobility"]["given_up_out_of_coverage"]);
    EXPECT_EQ(o.samples.size(), 80u);
    // events.csv: coverage lost at 6 s, back at 14 s after 8 s out.
    ASSERT_EQ(o.events.size(), 2u);
    EXPECT_EQ(o.events[0].at("kind"), "coverage_loss");
    EXPECT_NEAR(std::stod(o.events[0].at("time_s")), 6.0, 1e-9);
    EXPECT_EQ(o.events[0].at("detail").rfind("from_site=0;interrupted_transfers=", 0), 0u) << o.events[0].at("detail");
    EXPECT_EQ(o.events[1].at("kind"), "reassociation");
    EXPECT_NEAR(std::stod(o.events[1].at("time_s")), 14.0, 1e-9);
    const std::string back = o.events[1].at("detail");
    EXPECT_EQ(back.rfind("to_site=0;usable_at_s=", 0), 0u) << back;
    EXPECT_NEAR(std::stod(back.substr(back.find("out_of_coverage_s=") + 18)), 8.0, 1e-9) << back;
    // Out of range from y = 60 m (t = 6 s) to y = 60 m again (t = 14 s): 8 s.
    EXPECT_NEAR(std::stod(o.devices[0].at("out_of_coverage_s")), 8.0, 1e-9);
    EXPECT_EQ(o.devices[0].at("reassociations"), "1");
    if (mode == "wait") {
      EXPECT_EQ(m["given_up"].get<int>(), 0);
      // Samples that needed the link between 6 s and 14 s waited until 14 s.
      for (const auto& s : o.samples) {
        const double up = std::stod(s.at("arrival_s")) + kDevice;
        if (s.at("device") == "0" && up > 6 && up < 14) {
          EXPECT_NEAR(std::stod(s.at("coverage_wait_s")), 14 - up, 1e-9) << s.at("sample_id");
        }
      }
    } else {
      // Arrivals at 6.0 s ... 13.5 s: 16 samples whose upload found no link.
      EXPECT_EQ(m["given_up"].get<int>(), 16);
    }
  }
}

TEST(Mobility, SamplesStillWaitingWhenNothingElseCanHappenAreGivenUpAtTheEnd) {
  // The walker leaves every coverage at y = 60 m (t = 6 s) and stays away: with `wait`, its samples that
  // needed the link wait until the run has nothing else to do (the last answer of device 1), then are
  // given up at that time.
  TempDir dir;
  dir.write("walk.csv", "time_s,device,x_m,y_m\n0,0,0,0\n10,0,0,100\n");
  const Outputs o = run_in(
      dir, scenario_yaml("workload: {arrivals: periodic, rate: 2/s, phase: zero, samples_per_device: 40, order: sequential}\n",
                         "mobility:\n  models:\n    - trace: walk.csv\n"));
  const auto& m = o.summary["recovery"];
  const double end = o.summary["sim_time_s"].get<double>();
  int given_up = 0;
  for (const auto& s : o.samples) {
    const double up = std::stod(s.at("arrival_s")) + kDevice;
    const bool stranded = s.at("device") == "0" && up > 6;
    EXPECT_EQ(s.at("outcome"), stranded ? "given_up" : "completed") << s.at("sample_id");
    if (!stranded) continue;
    ++given_up;
    EXPECT_EQ(std::stod(s.at("finish_s")), end);
    EXPECT_NEAR(std::stod(s.at("coverage_wait_s")), end - up, 1e-9);
  }
  EXPECT_EQ(given_up, 28);  // arrivals at 6.0 s ... 19.5 s
  EXPECT_EQ(m["given_up"].get<int>(), given_up);
  EXPECT_EQ(m["completed"].get<int>() + m["given_up"].get<int>(), 80);
  EXPECT_NEAR(std::stod(o.devices[0].at("out_of_coverage_s")), end - 6.0, 1e-9);
  EXPECT_EQ(o.devices[0].at("final_site"), "-1");
}

TEST(Mobility, RandomWaypointRunsAreDeterministicPerSeedAndConserveSamples) {
  const auto run = [](const std::string& seed, const std::string& name, const TempDir& dir) {
    return run_in(dir,
                  "seed: " + seed + "\n" +
                      scenario_yaml("workload: {arrivals: poisson, rate: 20/s, duration: 30s}\n",
                                    "mobility:\n  handover_delay: 50ms\n  models:\n    - devices: all\n"
                                    "      random_waypoint: {area: {x: [-50m, 150m], y: [-30m, 30m]}, speed: [5m/s, 15m/s],"
                                    " pause: 1s}\n"),
                  name);
  };
  TempDir dir;
  const Outputs a = run("3", "a", dir), b = run("3", "b", dir), c = run("4", "c", dir);
  EXPECT_EQ(a.samples_text, b.samples_text);
  EXPECT_EQ(a.devices_text, b.devices_text);
  EXPECT_NE(a.samples_text, c.samples_text);
  for (const Outputs* o : {&a, &c}) {
    const auto& r = o->summary["recovery"];
    const auto& m = o->summary["mobility"];
    EXPECT_EQ(r["completed"].get<int>() + r["given_up"].get<int>(), r["arrivals"].get<int>());
    EXPECT_EQ(static_cast<int>(o->samples.size()), r["arrivals"].get<int>());
    EXPECT_EQ(o->summary["samples"], r["arrivals"]);
    EXPECT_GT(m["handovers"].get<int>(), 0);
    int per_device = 0, reassociations = 0;
    for (const auto& d : o->devices) {
      per_device += std::stoi(d.at("handovers"));
      reassociations += std::stoi(d.at("reassociations"));
    }
    EXPECT_EQ(per_device, m["handovers"].get<int>());
    // events.csv has one row per handover and per re-association, in time order.
    const auto count = [&](const char* kind) {
      return std::count_if(o->events.begin(), o->events.end(), [&](const auto& e) { return e.at("kind") == kind; });
    };
    EXPECT_EQ(count("handover"), per_device);
    EXPECT_EQ(count("reassociation"), reassociations);
    for (size_t k = 1; k < o->events.size(); ++k)
      EXPECT_LE(std::stod(o->events[k - 1].at("time_s")), std::stod(o->events[k].at("time_s")));
  }
}

// Mobility and failures together (issue 10 §2 and §3): devices wandering in and out of coverage while the
// cloud and the WiFi media fail at random. One account: every arrival is one row with one outcome, the
// summary's `recovery` counts them (given up by the recovery policy or for coverage alike), the samples given
// up for coverage are part of recovery.given_up, and the same seed gives the same bytes.
TEST(Mobility, WithRandomFailuresEveryArrivalIsAccountedForOnceAndRunsAreDeterministic) {
  for (const std::string mode : {"wait", "give_up"}) {
    SCOPED_TRACE(mode);
    const auto run = [&](const std::string& name, const TempDir& dir) {
      return run_in(dir,
                    "seed: 5\n" +
                        scenario_yaml("workload: {arrivals: poisson, rate: 20/s, duration: 20s}\n",
                                      "mobility:\n  handover_delay: 50ms\n  out_of_coverage: " + mode +
                                          "\n  models:\n    - devices: all\n      random_waypoint: {area: {x: [-80m, 180m],"
                                          " y: [-30m, 30m]}, speed: [5m/s, 15m/s], pause: 1s}\n"
                                          "failures:\n  random:\n    cloud/srv: {mttf: 2s, mttr: 300ms}\n"
                                          "    access: {mttf: 3s, mttr: 200ms}\n"
                                          "recovery: {policy: retry, detection_timeout: 50ms, max_retries: 2}\n"),
                    name);
    };
    TempDir dir;
    const Outputs a = run("a", dir), b = run("b", dir);
    EXPECT_EQ(a.samples_text, b.samples_text);
    EXPECT_EQ(a.devices_text, b.devices_text);
    std::set<long long> ids;
    long long completed = 0, fell_back = 0, given_up = 0, losses = 0;
    for (const auto& s : a.samples) {
      EXPECT_TRUE(ids.insert(std::stoll(s.at("sample_id"))).second) << "sample " << s.at("sample_id") << " twice";
      completed += s.at("outcome") == "completed";
      fell_back += s.at("outcome") == "fell_back";
      given_up += s.at("outcome") == "given_up";
      losses += std::stoll(s.at("losses"));
      if (s.at("outcome") == "given_up") {
        EXPECT_EQ(s.at("correct"), "0");
        EXPECT_EQ(s.at("exit"), "");
      }
    }
    const long long arrivals = static_cast<long long>(a.samples.size());
    ASSERT_GT(arrivals, 0);
    EXPECT_EQ(*ids.rbegin(), arrivals - 1);
    EXPECT_EQ(completed + fell_back + given_up, arrivals);
    const auto& r = a.summary["recovery"];
    const auto& m = a.summary["mobility"];
    EXPECT_EQ(r["arrivals"].get<long long>(), arrivals);
    EXPECT_EQ(a.summary["samples"].get<long long>(), arrivals);
    EXPECT_EQ(r["completed"].get<long long>(), completed);
    EXPECT_EQ(r["given_up"].get<long long>(), given_up);
    EXPECT_EQ(r["losses"].get<long long>(), losses);
    EXPECT_GT(losses, 0) << "the pattern should lose some work";
    EXPECT_GT(m["handovers"].get<int>() + m["reassociations"].get<int>(), 0);
    long long per_device = 0;
    for (const auto& d : a.devices) per_device += std::stoll(d.at("given_up"));
    EXPECT_EQ(m["given_up_out_of_coverage"].get<long long>(), per_device);
    EXPECT_LE(per_device, given_up);
    int failures = 0;
    for (const auto& e : a.events) failures += e.at("kind") == "failure";
    EXPECT_GT(failures, 0);
  }
}

}  // namespace
}  // namespace hybridfog::testing

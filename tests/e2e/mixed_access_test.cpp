// Wired and wireless access in one platform (docs/formats.md, "Wired and wireless access in one platform").
//
// Closed forms on real runs: every device computes the synthetic chain's device part (kDevice), uploads
// 784 B, the cloud computes (kCloud) and 64 B come back (entropy threshold 0: nothing exits early). A wired
// device's transfer takes its access link's latency + bytes / its bandwidth (the fatpipe ingress has no
// latency and never binds); a WiFi device's takes bytes / (rate of its level / flows sharing the medium),
// with no latency (docs/formats.md, "Wireless access"). Both kinds run in one run, and each device's
// latencies equal those of the same devices on the all-wired or all-wireless platform.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kDevice = (2e6 + 62720) / 1e9 + 16e6 / 20e9;  // s on the device (synthetic-chain)
constexpr double kCloud = (6e6 + 31360) / 10e9;                  // s on the cloud
constexpr double kUp = 784, kDown = 64;                          // bytes
constexpr double kWiredBandwidth = 8e6 / 8, kWiredLatency = 0.010;  // 8 Mbps, 10 ms
constexpr double kWifiRate = 4e6 / 8;                               // level 0: 4 Mbps up to 20 m
constexpr int kSamples = 5;

const std::string kDeviceClass = "throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}";
const std::string kCloudTier =
    "  - {name: cloud, scope: central, send_flows: unlimited, classes: [{name: srv, cores: 8, throughput: {fp32: 10GMAC/s},"
    " power_per_core: {idle: 10W, busy: 30W}}]}\n";
const std::string kWifi =
    "    wifi:\n"
    "      rates: [{up_to: 20m, bandwidth: 4Mbps}, {up_to: 60m, bandwidth: 2Mbps}]\n"
    "      sites: [{x: 0m, y: 0m, coverage_radius: 60m}, {x: 101.2m, y: 0m, coverage_radius: 60m}]\n";
const std::string kWired = "    bandwidth: 8Mbps\n    latency: 10ms\n";

// A platform of two sites: the device classes given (each "{name: ..., count: ..., [access: ...]}" without
// its figures), a cloud, and links.access with the wired part, the WiFi part or both.
std::string platform(const std::vector<std::string>& classes, bool wired, bool wifi) {
  std::string text = "name: mixed\nsites: 2\ntiers:\n  - name: device\n    scope: device\n    classes:\n";
  for (const std::string& c : classes) text += "      - {" + c + ", " + kDeviceClass + "}\n";
  text += kCloudTier + "links:\n  access:\n" + (wired ? kWired : "") + (wifi ? kWifi : "") +
          "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
  return text;
}

std::string scenario(const std::string& mobility = "") {
  return "name: mixed\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
         "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
         "\npolicy: {name: entropy, threshold: 0}\n"
         "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: " + std::to_string(kSamples) +
         ", order: sequential}\nnetwork: {model: CM02}\n" + mobility;
}

struct Outputs {
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> samples, devices, links, hosts;
  // latency_s by (host, arrival_s): the same device of another platform has the same host name.
  std::map<std::pair<std::string, std::string>, double> latency;
};

Outputs run(const std::string& platform_text, const std::string& scenario_text = scenario(), const std::string& name = "out") {
  TempDir dir;
  const ScenarioRun r = run_scenario_in(dir, platform_text, scenario_text, {}, name);
  EXPECT_EQ(r.result.status, 0) << r.result.err;
  Outputs o;
  o.summary = read_json(r.out + "/summary.json");
  o.samples = read_csv(r.out + "/samples.csv");
  o.links = read_csv(r.out + "/links.csv");
  o.hosts = read_csv(r.out + "/hosts.csv");
  if (platform_text.find("wifi:") != std::string::npos) o.devices = read_csv(r.out + "/devices.csv");
  std::map<std::string, std::string> host_of;  // device number -> its host
  for (const auto& h : o.hosts)
    if (h.at("tier") == "device") host_of[std::to_string(host_of.size())] = h.at("host");
  for (const auto& s : o.samples) o.latency[{host_of.at(s.at("device")), s.at("arrival_s")}] = std::stod(s.at("latency_s"));
  return o;
}

double wired_latency() { return kDevice + kWiredLatency + kUp / kWiredBandwidth + kCloud + kWiredLatency + kDown / kWiredBandwidth; }
// `flows` WiFi devices of one access point, all at level 0, sending at the same instants.
double wifi_latency(int flows) { return kDevice + kUp / (kWifiRate / flows) + kCloud + kDown / (kWifiRate / flows); }

// Device numbers of class `cls` (its hosts are site<S>-device-<cls>-<i>).
std::set<std::string> devices_of(const Outputs& o, const std::string& cls) {
  std::set<std::string> out;
  int d = 0;
  for (const auto& h : o.hosts)
    if (h.at("tier") == "device") {
      if (h.at("host").find("-device-" + cls + "-") != std::string::npos) out.insert(std::to_string(d));
      ++d;
    }
  return out;
}

void expect_closed_form(const Outputs& o, const std::string& cls, double latency, size_t devices) {
  const std::set<std::string> mine = devices_of(o, cls);
  ASSERT_EQ(mine.size(), devices) << cls;
  size_t checked = 0;
  for (const auto& s : o.samples) {
    if (!mine.count(s.at("device"))) continue;
    EXPECT_EQ(s.at("exit"), "final");
    EXPECT_NEAR(std::stod(s.at("latency_s")), latency, 1e-9) << cls << " sample " << s.at("sample_id");
    ++checked;
  }
  EXPECT_EQ(checked, devices * kSamples) << cls;
}

// Every sample of `part` has the latency the same device (host) had at the same arrival in `whole`.
void expect_same_latencies(const Outputs& part, const Outputs& whole, const std::string& cls) {
  size_t compared = 0;
  for (const auto& [key, latency] : part.latency) {
    if (key.first.find("-device-" + cls + "-") == std::string::npos) continue;
    const auto it = whole.latency.find(key);
    ASSERT_NE(it, whole.latency.end()) << key.first << " at " << key.second;
    EXPECT_NEAR(it->second, latency, 1e-12) << key.first << " at " << key.second;
    ++compared;
  }
  EXPECT_GT(compared, 0u) << cls;
}

// Mostly wired: two wired devices per site and one WiFi device per site (alone on its medium).
TEST(MixedAccess, MostlyWiredWithOneWifiClassFollowsBothClosedForms) {
  const Outputs mixed = run(platform({"name: cable, count: 2", "name: radio, count: 1, access: wifi"}, true, true));
  expect_closed_form(mixed, "cable", wired_latency(), 4);
  expect_closed_form(mixed, "radio", wifi_latency(1), 2);
  // The same devices on the all-wired platform and on the all-wireless one.
  const Outputs wired = run(platform({"name: cable, count: 2"}, true, false));
  const Outputs wireless = run(platform({"name: radio, count: 1"}, false, true));
  expect_closed_form(wired, "cable", wired_latency(), 4);
  expect_closed_form(wireless, "radio", wifi_latency(1), 2);
  expect_same_latencies(wired, mixed, "cable");
  expect_same_latencies(wireless, mixed, "radio");

  // links.csv: one access link per wired device (its bandwidth and latency), one medium per site (the best
  // level, no latency); each carried its devices' bytes.
  int access_links = 0, media = 0;
  for (const auto& l : mixed.links) {
    if (l.at("link_class") != "access") continue;
    if (l.at("link").find("-wifi-medium") != std::string::npos) {
      ++media;
      EXPECT_NEAR(std::stod(l.at("bandwidth_bytes_per_s")), kWifiRate, 1e-6) << l.at("link");
      EXPECT_EQ(std::stod(l.at("latency_s")), 0.0) << l.at("link");
      EXPECT_EQ(std::stod(l.at("bytes")), kSamples * (kUp + kDown)) << l.at("link");
    } else {
      ++access_links;
      EXPECT_NE(l.at("link").find("-device-cable-"), std::string::npos) << l.at("link");
      EXPECT_NEAR(std::stod(l.at("bandwidth_bytes_per_s")), kWiredBandwidth, 1e-6) << l.at("link");
      EXPECT_NEAR(std::stod(l.at("latency_s")), kWiredLatency, 1e-15) << l.at("link");
      EXPECT_EQ(std::stod(l.at("bytes")), kSamples * (kUp + kDown)) << l.at("link");
    }
  }
  EXPECT_EQ(access_links, 4);
  EXPECT_EQ(media, 2);
  // devices.csv: every device, the wired ones at their home site for good.
  ASSERT_EQ(mixed.devices.size(), 6u);
  for (const auto& d : mixed.devices) {
    EXPECT_EQ(d.at("final_site"), d.at("home_site")) << d.at("host");
    EXPECT_EQ(d.at("handovers"), "0");
    EXPECT_EQ(std::stod(d.at("out_of_coverage_s")), 0.0);
  }
  for (const auto& s : mixed.samples) {
    EXPECT_EQ(s.at("handovers"), "0");
    EXPECT_EQ(std::stod(s.at("coverage_wait_s")), 0.0);
  }
}

// Mostly wireless: two WiFi devices per site sharing their medium and one wired device per site.
TEST(MixedAccess, MostlyWirelessWithOneWiredClassFollowsBothClosedForms) {
  const Outputs mixed = run(platform({"name: radio, count: 2, access: wifi", "name: cable, count: 1"}, true, true));
  expect_closed_form(mixed, "radio", wifi_latency(2), 4);
  expect_closed_form(mixed, "cable", wired_latency(), 2);
  const Outputs wired = run(platform({"name: cable, count: 1"}, true, false));
  const Outputs wireless = run(platform({"name: radio, count: 2"}, false, true));
  expect_same_latencies(wired, mixed, "cable");
  expect_same_latencies(wireless, mixed, "radio");
}

// A walking WiFi device hands over between the sites; the wired devices never move and keep their link.
TEST(MixedAccess, OnlyWifiDevicesMoveAndHandOver) {
  TempDir dir;
  dir.write("walk.csv", "time_s,device,x_m,y_m\n0,0,0,0\n4,0,100,0\n");
  const std::string text = platform({"name: radio, count: 1, access: wifi", "name: cable, count: 1"}, true, true);
  const ScenarioRun r = run_scenario_in(dir, text, scenario("mobility:\n  models:\n    - trace: walk.csv\n"), {}, "out");
  ASSERT_EQ(r.result.status, 0) << r.result.err;
  const auto devices = read_csv(r.out + "/devices.csv");
  const auto events = read_csv(r.out + "/events.csv");
  ASSERT_EQ(devices.size(), 4u);  // site0: radio 0, cable 1; site1: radio 2, cable 3
  EXPECT_EQ(devices[0].at("handovers"), "1");
  EXPECT_EQ(devices[0].at("final_site"), "1");
  for (int d : {1, 3}) {
    EXPECT_EQ(devices[d].at("handovers"), "0");
    EXPECT_EQ(devices[d].at("final_site"), devices[d].at("home_site"));
  }
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("kind"), "handover");
  EXPECT_EQ(events[0].at("subject"), devices[0].at("host"));
  // The wired devices' samples: the wired closed form, whatever the walker does.
  int checked = 0;
  for (const auto& s : read_csv(r.out + "/samples.csv"))
    if (s.at("device") == "1" || s.at("device") == "3") {
      EXPECT_NEAR(std::stod(s.at("latency_s")), wired_latency(), 1e-9) << s.at("sample_id");
      EXPECT_EQ(s.at("origin_site"), s.at("device") == "1" ? "0" : "1");
      ++checked;
    }
  EXPECT_EQ(checked, 2 * kSamples);
}

// Bad input that needs both files (the catalogue edits one file per case): mobility naming a wired device.
void expect_refused(const std::string& platform_text, const std::string& scenario_text, const std::string& walk,
                    const std::string& where, const std::string& key, const std::string& detail) {
  TempDir dir;
  dir.write("walk.csv", walk);
  dir.write("platform.yaml", platform_text);
  dir.write("scenario.yaml", scenario_text);
  const CommandResult r = run_hybridfog_in(dir.path(), {"validate", dir.file("scenario.yaml")});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  const std::string prefix = dir.file(where) + ": " + key + ": ";
  EXPECT_EQ(r.err.substr(0, prefix.size()), prefix) << r.err;
  EXPECT_NE(r.err.find(detail), std::string::npos) << r.err;
}

TEST(MixedAccess, MobilityOfAWiredDeviceIsRefused) {
  const std::string text = platform({"name: radio, count: 1, access: wifi", "name: cable, count: 1"}, true, true);
  const std::string walk = "time_s,device,x_m,y_m\n0,0,0,0\n4,1,100,0\n";
  // scenario(): the mobility section starts on line 9.
  const std::string listed = "mobility:\n  models:\n    - {devices: [0, 1], position: {x: 5m, y: 0m}}\n";
  expect_refused(text, scenario(listed), walk, "scenario.yaml:11:21", "mobility.models[0].devices[1]",
                 "device 1 is wired");
  // `all` is every WiFi device: accepted.
  {
    TempDir dir;
    const ScenarioRun r = run_scenario_in(dir, text, scenario("mobility:\n  models:\n    - {devices: all, position: {x: 5m, y: 0m}}\n"), {}, "out");
    EXPECT_EQ(r.result.status, 0) << r.result.err;
  }
  expect_refused(text, scenario("mobility:\n  models:\n    - trace: walk.csv\n"), walk, "walk.csv:3:3", "device",
                 "device 1 is wired");
}

// The shipped example (platforms/office-mixed.yaml): the quickstart's model and policy over wired cameras and
// roaming WiFi scanners. Cameras get an access link each, scanners share their floor's medium and only they
// hand over; every arrival is one row; ns-3 refuses the platform with the reason.
TEST(MixedAccess, ShippedOfficePlatformRunsWithRoamingScanners) {
  TempDir dir;
  const std::string text =
      "name: office\nseed: 3\nplatform: " + source_path("platforms/office-mixed.yaml") +
      "\nmodel:\n  profile: " + source_path("models/profiles/hybrid-binary-fmnist.yaml") +
      "\n  trace: " + source_path("models/traces/hybrid-binary-fmnist.csv") +
      "\npolicy: {name: entropy, threshold: 0.78}\n"
      "workload: {arrivals: poisson, rate: 2/s, samples_per_device: 20}\nnetwork: {model: CM02}\n"
      "mobility:\n  handover_delay: 100ms\n  models:\n"
      "    - {devices: all, random_waypoint: {area: {x: [0m, 120m], y: [-5m, 5m]}, speed: [5m/s, 10m/s]}}\n"
      "    - trace: walk.csv\n";
  dir.write("walk.csv", "time_s,device,x_m,y_m\n0,3,0,0\n5,3,120,0\n");  // scanner 3 crosses x = 60 m at 2.5 s
  const std::string file = dir.write("office.yaml", text);
  const CommandResult r = run_hybridfog({"run", file, "-o", dir.file("out"), "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto links = read_csv(dir.file("out") + "/links.csv");
  int cameras = 0, media = 0;
  for (const auto& l : links) {
    if (l.at("link_class") != "access") continue;
    EXPECT_EQ(l.at("link").find("scanner"), std::string::npos) << l.at("link");
    cameras += l.at("link").find("-device-camera-") != std::string::npos;
    media += l.at("link").find("-wifi-medium") != std::string::npos;
  }
  EXPECT_EQ(cameras, 6);
  EXPECT_EQ(media, 2);
  const auto devices = read_csv(dir.file("out") + "/devices.csv");
  ASSERT_EQ(devices.size(), 10u);
  int handovers = 0;
  for (const auto& d : devices) {
    if (d.at("host").find("-camera-") != std::string::npos) {
      EXPECT_EQ(d.at("handovers"), "0") << d.at("host");
      EXPECT_EQ(d.at("final_site"), d.at("home_site")) << d.at("host");
    }
    handovers += std::stoi(d.at("handovers"));
  }
  EXPECT_EQ(devices[3].at("handovers"), "1");  // and then stays at x = 120 m
  EXPECT_GE(handovers, 1);
  for (const auto& e : read_csv(dir.file("out") + "/events.csv"))
    EXPECT_NE(e.at("subject").find("-scanner-"), std::string::npos) << e.at("subject");
  const nlohmann::json summary = read_json(dir.file("out") + "/summary.json");
  EXPECT_EQ(summary["recovery"]["arrivals"].get<int>(), 200);
  EXPECT_EQ(read_csv(dir.file("out") + "/samples.csv").size(), 200u);

  const CommandResult ns3 = run_hybridfog({"validate", file, "--set", "network.model=ns-3"});
  EXPECT_EQ(ns3.status, 2);
  EXPECT_NE(ns3.err.find("<command line --set network.model>: network.model: ns-3 takes no wireless access "
                         "(links.access.wifi, here for the device classes with `access: wifi`)"),
            std::string::npos)
      << ns3.err;
}

}  // namespace
}  // namespace hybridfog::testing

// Battery-powered devices on real runs, in closed form (docs/formats.md, "Batteries"). A battery drains by the
// device's host power (cores x idle, plus (busy - idle) per busy core) and its radio's state power, so its time
// of death follows from the platform's figures: an idle device empties at capacity / idle power, whatever unit
// the capacity is written in; a device that computes also pays (busy - idle) while it computes; a radio tail
// empties it mid-tail at the tail's power, or after the tail at idle power. At its death the samples it holds
// are given up (outcome `battery`), its later arrivals are not generated, and every arrival is still accounted
// for once.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr Closeness kExact{1e-9, 1e-12};
// The host energy plugin counts each computation to SimGrid's timing precision (about 1e-9 s, docs/outputs.md).
constexpr Closeness kPlugin{1e-8, 1e-9};

std::string capacity_text(double joules) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17gJ", joules);
  return buffer;
}

using Outputs = DeviceRunOutputs;
Outputs run(const std::string& platform, const std::string& scenario) { return run_device_scenario(platform, scenario); }

double number(const std::map<std::string, std::string>& row, const std::string& column) { return std::stod(row.at(column)); }

std::map<std::string, std::string> host_of_tier(const Outputs& o, const std::string& name) {
  for (const auto& h : o.hosts)
    if (h.at("host") == name) return h;
  ADD_FAILURE() << "no host " << name;
  return {};
}

// ---- 1. An idle device: constant drain, death at capacity / idle power, in any unit.
// The device runs no layer (placement cloud-only) and has no radio model: it draws its idle power, 0.48 W,
// and nothing else. 36 J last 75 s. Samples arrive every 1/0.9 s; each spends 0.794 s uploading its 784 B
// raw input over 8 kbps: the one that arrived at 67/0.9 s is uploading at 75 s.
constexpr double kIdleW = 0.48, kCapacityJ = 36.0, kRate = 0.9;
constexpr int kSamplesPerDevice = 100;

// `power`: the class's power keys (power_per_core, or performance states whose state in force idles at 0.48 W).
std::string idle_platform(const std::string& battery, const std::string& power = "power_per_core: {idle: 0.48W, busy: 2W}") {
  return "name: battery\nsites: 1\ntiers:\n"
         "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, " +
         power + ", battery: " + battery + "}]}\n"
         "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s, binary: 100GMAC/s},"
         " power_per_core: {idle: 10W, busy: 30W}}]}\n"
         "links:\n  access: {bandwidth: 8kbps, latency: 10ms}\n"
         "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
}

std::string idle_scenario() {
  return "name: battery\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
         "\n  trace: " + source_path("tests/data/synthetic-chain.csv") + "\n  placement: cloud-only\n"
         "policy: {name: static}\n"
         "workload: {arrivals: periodic, rate: 0.9/s, phase: zero, samples_per_device: 100, order: sequential}\n"
         "network: {model: CM02}\n";
}

class ConstantDrain : public ::testing::TestWithParam<std::string> {};

TEST(Battery, DrainsAtTheIdlePowerOfThePerformanceStateInForce) {
  // A governor fixed at the slow state (docs/formats.md, "DVFS"): its idle power, 0.48 W, not state 0's 0.9 W.
  const Outputs o = run(idle_platform("{capacity: 36J}", "pstates: [{speed: 1, idle: 0.9W, busy: 2W}, "
                                                         "{speed: 0.5, idle: 0.48W, busy: 1W}], governor: {name: fixed, pstate: 1}"),
                        idle_scenario());
  ASSERT_EQ(o.result.status, 0);
  expect_close(number(o.devices.at(0), "death_s"), kCapacityJ / kIdleW, "time of death = capacity / idle power of state 1", kExact);
  expect_close(number(host_of_tier(o, "site0-device-dev-0"), "idle_energy_j"), kCapacityJ, "idle energy up to the death", kExact);
}

TEST_P(ConstantDrain, EmptiesAtCapacityOverIdlePowerAndGivesUpWhatItHolds) {
  const Outputs o = run(idle_platform(GetParam()), idle_scenario());
  ASSERT_EQ(o.result.status, 0);
  const double death = kCapacityJ / kIdleW;  // 75 s
  ASSERT_EQ(o.devices.size(), 1u);
  const auto& d = o.devices[0];
  expect_close(number(d, "death_s"), death, "time of death = capacity / idle power", kExact);
  expect_close(number(d, "battery_capacity_j"), GetParam().find("50%") != std::string::npos ? 2 * kCapacityJ : kCapacityJ,
               "capacity", kExact);
  expect_close(number(d, "battery_initial_j"), kCapacityJ, "initial charge", kExact);
  EXPECT_EQ(number(d, "battery_end_j"), 0.0);
  EXPECT_EQ(number(d, "battery_end_fraction"), 0.0);
  // Arrivals at k / 0.9 s for k = 0..67 (67 / 0.9 = 74.4 s < 75 s < 68 / 0.9 = 75.6 s): 68 generated, 32 not.
  const int generated = static_cast<int>(std::floor(death * kRate)) + 1;
  ASSERT_EQ(o.samples.size(), static_cast<size_t>(generated));
  EXPECT_EQ(std::stoll(d.at("arrivals_not_generated")), kSamplesPerDevice - generated);
  int completed = 0, battery = 0;
  for (const auto& s : o.samples) {
    EXPECT_LT(number(s, "arrival_s"), death) << "no arrival after the death";
    if (s.at("outcome") == "completed") {
      ++completed;
      EXPECT_LT(number(s, "finish_s"), death);
      continue;
    }
    ASSERT_EQ(s.at("outcome"), "battery");
    ++battery;
    // The upload in flight is cut at the death: given up then, with what it carried so far (8 kbps after
    // the 10 ms latency), no exit head, counted wrong.
    expect_close(number(s, "finish_s"), death, "given up at the death", kExact);
    EXPECT_EQ(s.at("exit"), "");
    EXPECT_EQ(s.at("correct"), "0");
    const double carried = (death - number(s, "arrival_s") - 0.010) * 1000.0;
    expect_close(number(s, "bytes_sent"), carried, "bytes the cut upload carried", {1e-6, 1e-6});
    expect_close(number(s, "transfer_s"), death - number(s, "arrival_s"), "its time on the link", kExact);
  }
  EXPECT_EQ(completed, generated - 1);
  EXPECT_EQ(battery, 1);
  // summary.json: the fleet's lifetime and every arrival accounted for once.
  const auto& b = o.summary["battery"];
  EXPECT_EQ(b["battery_devices"], 1);
  EXPECT_EQ(b["deaths"], 1);
  EXPECT_EQ(b["devices_alive_at_end"], 0);
  expect_close(b["first_death_s"].get<double>(), death, "first death", kExact);
  expect_close(b["died_10pct_s"].get<double>(), death, "10 % died by", kExact);
  expect_close(b["died_50pct_s"].get<double>(), death, "50 % died by", kExact);
  EXPECT_EQ(b["given_up"], 1);
  EXPECT_EQ(b["arrivals_not_generated"], kSamplesPerDevice - generated);
  expect_close(b["drained_j"].get<double>(), kCapacityJ, "drained", kExact);
  const auto& r = o.summary["recovery"];
  EXPECT_EQ(r["arrivals"], generated);
  EXPECT_EQ(r["completed"].get<int>() + r["fell_back"].get<int>() + r["given_up"].get<int>(), generated);
  EXPECT_EQ(r["given_up"], 1);
  // The death is the last thing that happens; the device drew nothing after it (its host is off).
  expect_close(o.summary["sim_time_s"].get<double>(), death, "sim time", kExact);
  const auto device = host_of_tier(o, "site0-device-dev-0");
  expect_close(number(device, "energy_j"), kCapacityJ, "the host energy plugin's account = the battery's", kExact);
  expect_close(number(device, "idle_energy_j"), kCapacityJ, "idle up to the death", kExact);
  // events.csv records it.
  int deaths = 0;
  for (const auto& e : o.events) {
    if (e.at("kind") != "battery_empty") continue;
    ++deaths;
    expect_close(number(e, "time_s"), death, "event time", kExact);
    EXPECT_EQ(e.at("subject"), "site0-device-dev-0");
    EXPECT_EQ(e.at("detail"), "held_samples=1;arrivals_not_generated=" + std::to_string(kSamplesPerDevice - generated));
  }
  EXPECT_EQ(deaths, 1);
}

// 36 J in every unit the format takes: J, kJ, mWh, Wh, mAh x voltage; and twice that at 50 %.
INSTANTIATE_TEST_SUITE_P(Units, ConstantDrain,
                         ::testing::Values("{capacity: 36J}", "{capacity: 0.036kJ, initial: 100%}", "{capacity: 10mWh}",
                                           "{capacity: 0.01Wh}", "{capacity: 2.5mAh, voltage: 4V}",
                                           "{capacity: 0.0025Ah, voltage: 4000mV}", "{capacity: 72J, initial: 50%}"));

// ---- 2. A device that computes: idle plus (busy - idle) while it computes.
// Samples arrive every second; each computes kDevice s on the device (tests/data/synthetic-chain.yaml on 1 and
// 20 GMAC/s) at 2 W, else the device idles at 0.5 W. The capacity is chosen so that the battery empties 1 ms
// into the 11th computation: C = 0.5 x 10.001 + 1.5 x (10 x kDevice + 0.001).
constexpr double kDevice = (2e6 + 62720) / 1e9 + 16e6 / 20e9;

TEST(Battery, ADeviceThatComputesDrainsItsIdleAndDynamicPower) {
  const double into = 0.001;
  const double capacity = 0.5 * (10 + into) + 1.5 * (10 * kDevice + into);
  const std::string platform =
      "name: battery\nsites: 1\ntiers:\n"
      "  - {name: device, scope: device, classes: [{name: dev, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
      " power_per_core: {idle: 0.5W, busy: 2W}, battery: {capacity: " + capacity_text(capacity) + "}}]}\n"
      "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s},"
      " power_per_core: {idle: 10W, busy: 30W}}]}\n"
      "links:\n  access: {bandwidth: 8Mbps, latency: 10ms}\n"
      "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
  const std::string scenario =
      "name: battery\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
      "\n  trace: " + source_path("tests/data/synthetic-chain.csv") + "\npolicy: {name: entropy, threshold: 0}\n"
      "workload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: 20, order: sequential}\n"
      "network: {model: CM02}\n";
  const Outputs o = run(platform, scenario);
  ASSERT_EQ(o.result.status, 0);
  const double death = 10 + into;
  expect_close(number(o.devices.at(0), "death_s"), death, "time of death", kExact);
  ASSERT_EQ(o.samples.size(), 11u);
  for (const auto& s : o.samples) {
    if (std::stoi(s.at("sample_id")) < 10) {
      EXPECT_EQ(s.at("outcome"), "completed");
      continue;
    }
    // The 11th sample was computing on the device: its computation is cut after 1 ms, accounted so far.
    EXPECT_EQ(s.at("outcome"), "battery");
    expect_close(number(s, "compute_s"), into, "computation cut at the death", kExact);
    expect_close(number(s, "host_dynamic_energy_j"), 1.5 * into, "dynamic energy of the part computed", kExact);
    EXPECT_EQ(number(s, "bytes_sent"), 0.0);
  }
  EXPECT_EQ(std::stoll(o.devices.at(0).at("arrivals_not_generated")), 9);
  const auto device = host_of_tier(o, "site0-device-dev-0");
  expect_close(number(device, "energy_j"), capacity, "host energy up to the death = capacity", kPlugin);
  expect_close(number(device, "busy_core_s"), 10 * kDevice + into, "busy core-seconds", kPlugin);
}

// ---- 3. A radio tail empties the battery: mid-tail, or after it at idle power.
// Two devices: `bat` (battery; one arrival a minute) and `wall` (wall power; one a second, so the run goes on);
// the cloud answers both at once (send_flows: unlimited).
// At t = 0 each computes kDevice s, uploads its 784 B cut tensor (kUpload), waits for the cloud (kCloud, in
// the upload's tail) and downloads the 64 B answer (kDownload); then its tail runs (5 s at 1.2 W). By the end
// of the download, T1, the battery has given 0.5 x T1 (host idle) + 1.5 x kDevice (dynamic) + 0.5 x T1 (radio
// idle) + (1.5 - 0.5) x kUpload + (1.2 - 0.5) x kCloud + (1 - 0.5) x kDownload; then it draws 0.5 + 1.2 W
// during the tail, 0.5 + 0.5 W after it (docs/formats.md, "Radio").
constexpr double kUpload = 0.010 + 784 / 1e6, kCloud = (6e6 + 31360) / 10e9, kDownload = 0.010 + 64 / 1e6;
constexpr double kT1 = kDevice + kUpload + kCloud + kDownload;
constexpr double kRadioActive = (1.5 - 0.5) * kUpload + (1.2 - 0.5) * kCloud + (1.0 - 0.5) * kDownload;
constexpr double kDrainedByT1 = 0.5 * kT1 + 1.5 * kDevice + 0.5 * kT1 + kRadioActive;

Outputs tail_run(double capacity) {
  const std::string cls = "cores: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}";
  const std::string platform =
      "name: battery\nsites: 1\ntiers:\n"
      "  - {name: device, scope: device, classes: [{name: bat, " + cls + ", battery: {capacity: " + capacity_text(capacity) +
      "}}, {name: wall, " + cls + "}]}\n"
      "  - {name: cloud, scope: central, send_flows: unlimited, classes: [{name: srv, cores: 2, throughput: {fp32: 10GMAC/s},"
      " power_per_core: {idle: 10W, busy: 30W}}]}\n"
      "links:\n  access: {bandwidth: 8Mbps, latency: 10ms,\n"
      "           radio: {transmit: 1.5W, receive: 1W, idle: 0.5W, tail: 5s, tail_power: 1.2W}}\n"
      "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
  const std::string scenario =
      "name: battery\nplatform: platform.yaml\nmodel:\n  profile: " + source_path("tests/data/synthetic-chain.yaml") +
      "\n  trace: " + source_path("tests/data/synthetic-chain.csv") + "\npolicy: {name: entropy, threshold: 0}\n"
      "workload:\n  arrivals: periodic\n  rate: 1/s\n  phase: zero\n  samples_per_device: 10\n  order: sequential\n"
      "  classes: {bat: {arrivals: periodic, rate: 1/min, phase: zero}}\n"
      "network: {model: CM02}\n";
  return run(platform, scenario);
}

void check_tail_death(const Outputs& o, double capacity, double death, double sample_radio_j) {
  ASSERT_EQ(o.result.status, 0);
  ASSERT_EQ(o.devices.size(), 2u);
  const auto& bat = o.devices[0];
  const auto& wall = o.devices[1];
  expect_close(number(bat, "death_s"), death, "time of death", kExact);
  EXPECT_EQ(std::stoll(bat.at("arrivals_not_generated")), 9);  // arrivals at 60 s, 120 s, ... never made
  // A wall-powered device has no battery columns, never dies.
  EXPECT_EQ(wall.at("battery_capacity_j"), "");
  EXPECT_EQ(wall.at("death_s"), "");
  EXPECT_EQ(std::stoll(wall.at("arrivals_not_generated")), 0);
  int bat_samples = 0;
  for (const auto& s : o.samples) {
    EXPECT_EQ(s.at("outcome"), "completed");
    if (s.at("device") != "0") continue;
    ++bat_samples;
    // Its only sample was answered at T1 and owns the tail, which the death cuts.
    expect_close(number(s, "finish_s"), kT1, "answered at T1", kExact);
    expect_close(number(s, "radio_energy_j"), sample_radio_j, "its radio energy: active parts and the tail up to the death", kExact);
  }
  EXPECT_EQ(bat_samples, 1);
  // The device's accounts stop at its death: radio idle up to it, and the battery gave exactly host + radio.
  const auto host = host_of_tier(o, "site0-device-bat-0");
  expect_close(number(host, "radio_idle_energy_j"), 0.5 * death, "radio idle up to the death", kExact);
  expect_close(number(host, "radio_energy_j"), 0.5 * death + sample_radio_j, "radio energy", kExact);
  expect_close(number(host, "energy_j"), 0.5 * death + 1.5 * kDevice, "host energy", kPlugin);
  expect_close(number(bat, "battery_initial_j") - number(bat, "battery_end_j"),
               number(host, "energy_j") + number(host, "radio_energy_j"), "drained = host + radio energy", kPlugin);
  expect_close(capacity, number(host, "energy_j") + number(host, "radio_energy_j"), "capacity = host + radio energy", kPlugin);
  const auto& b = o.summary["battery"];
  EXPECT_EQ(b["battery_devices"], 1);
  EXPECT_EQ(b["deaths"], 1);
  EXPECT_EQ(b["devices_alive_at_end"], 1);
  EXPECT_EQ(b["battery_devices_alive_at_end"], 0);
  EXPECT_EQ(b["given_up"], 0);
  // The wall device's samples go on to the end: its last answer at 9 s + T1.
  expect_close(o.summary["sim_time_s"].get<double>(), 9 + kT1, "sim time", kExact);
}

TEST(Battery, ARadioTailEmptiesItMidTail) {
  const double into = 0.3;  // s into the 5 s tail
  const double capacity = kDrainedByT1 + (0.5 + 1.2) * into;
  check_tail_death(tail_run(capacity), capacity, kT1 + into, kRadioActive + (1.2 - 0.5) * into);
}

TEST(Battery, AfterTheTailItDrainsAtIdlePower) {
  const double after = 0.2;  // s after the 5 s tail ended
  const double capacity = kDrainedByT1 + (0.5 + 1.2) * 5.0 + (0.5 + 0.5) * after;
  check_tail_death(tail_run(capacity), capacity, kT1 + 5.0 + after, kRadioActive + (1.2 - 0.5) * 5.0);
}

TEST(Battery, ABatteryThatOutlivesTheRunKeepsItsCharge) {
  // 1000 J: the battery device's ten samples (one a minute) end the run, at 540 s + T1. The charge left is the
  // capacity less what it drew until then: host and radio idle throughout, each sample's dynamic and active
  // radio parts, and nine tails in full (the tenth starts at the end of the run and is not drawn).
  const Outputs o = tail_run(1000.0);
  ASSERT_EQ(o.result.status, 0);
  const auto& bat = o.devices.at(0);
  EXPECT_EQ(bat.at("death_s"), "");
  const double end = 540 + kT1;
  expect_close(o.summary["sim_time_s"].get<double>(), end, "sim time", kExact);
  const double drawn = (0.5 + 0.5) * end + 10 * (1.5 * kDevice + kRadioActive) + 9 * (1.2 - 0.5) * 5.0;
  expect_close(number(bat, "battery_end_j"), 1000.0 - drawn, "charge at the end of the run", kExact);
  expect_close(number(bat, "battery_end_fraction"), (1000.0 - drawn) / 1000.0, "fraction at the end", kExact);
  EXPECT_EQ(std::stoll(bat.at("arrivals_not_generated")), 0);
  const auto& b = o.summary["battery"];
  EXPECT_EQ(b["deaths"], 0);
  EXPECT_TRUE(b["first_death_s"].is_null());
  EXPECT_TRUE(b["died_10pct_s"].is_null());
  EXPECT_EQ(b["devices_alive_at_end"], 2);
  expect_close(b["drained_j"].get<double>(), drawn, "drained", kExact);
}

// ---- 4. Conservation: several battery sizes, a wall-powered device, a radio with tails, random cloud failures.
// Whatever dies when, every arrival is one row; a dead device makes no arrival after its death and every
// sample of it that ended after its death was given up for its battery; what its battery gave is exactly what
// its host and radio drew.
class BatteryConservation : public ::testing::TestWithParam<int> {};

TEST_P(BatteryConservation, EveryArrivalIsAccountedForOnce) {
  const std::string cls = "cores: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s}, power_per_core: {idle: 0.5W, busy: 2W}";
  const std::string platform =
      "name: battery\nsites: 2\ntiers:\n"
      "  - {name: device, scope: device, classes: [{name: small, count: 2, " + cls + ", battery: {capacity: 3J}},"
      " {name: big, count: 2, " + cls + ", battery: {capacity: 500mAh, voltage: 3.7V, initial: 0.1%}},"
      " {name: wall, " + cls + "}]}\n"
      "  - {name: cloud, scope: central, classes: [{name: srv, count: 2, cores: 2, throughput: {fp32: 10GMAC/s},"
      " power_per_core: {idle: 10W, busy: 30W}}]}\n"
      "links:\n  access: {bandwidth: 2Mbps, latency: 10ms,\n"
      "           radio: {transmit: 1.5W, receive: 1W, idle: 0.5W, tail: 1s, tail_power: 1.2W}}\n"
      "  uplink: {bandwidth: 10Mbps, latency: 20ms}\n"
      "  ingress: {bandwidth: 100Gbps, latency: 0ms, sharing: fatpipe}\n";
  const int per_device = 20;
  const std::string scenario =
      "name: battery\nseed: " + std::to_string(GetParam()) + "\nplatform: platform.yaml\nmodel:\n  profile: " +
      source_path("tests/data/synthetic-chain.yaml") + "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
      "\npolicy: {name: entropy, threshold: 1.0}\n"
      "workload: {arrivals: poisson, rate: 2/s, samples_per_device: " + std::to_string(per_device) + "}\n"
      "network: {model: CM02}\n"
      "failures: {random: {cloud/srv: {mttf: 1s, mttr: 0.5s}}}\n"
      "recovery: {policy: retry, detection_timeout: 0.3s, max_retries: 2}\n";
  const Outputs o = run(platform, scenario);
  ASSERT_EQ(o.result.status, 0);
  const auto& r = o.summary["recovery"];
  const auto& b = o.summary["battery"];
  EXPECT_EQ(r["arrivals"].get<size_t>(), o.samples.size());
  EXPECT_EQ(r["completed"].get<size_t>() + r["fell_back"].get<size_t>() + r["given_up"].get<size_t>(), o.samples.size());
  size_t battery_rows = 0;
  std::map<int, int> rows_of;
  std::map<int, double> death_of;
  for (const auto& d : o.devices)
    if (!d.at("death_s").empty()) death_of[std::stoi(d.at("device"))] = number(d, "death_s");
  for (const auto& s : o.samples) {
    const int device = std::stoi(s.at("device"));
    ++rows_of[device];
    battery_rows += s.at("outcome") == "battery" ? 1 : 0;
    const auto death = death_of.find(device);
    if (death == death_of.end()) {
      EXPECT_NE(s.at("outcome"), "battery") << "a device alive at the end gives nothing up for its battery";
      continue;
    }
    EXPECT_LT(number(s, "arrival_s"), death->second) << "device " << device << " made an arrival after its death";
    if (number(s, "finish_s") > death->second) {
      EXPECT_EQ(s.at("outcome"), "battery") << "sample " << s.at("sample_id");
    }
    if (s.at("outcome") == "battery") {
      EXPECT_GE(number(s, "finish_s"), death->second);
    }
  }
  EXPECT_EQ(b["given_up"].get<size_t>(), battery_rows);
  EXPECT_GE(death_of.size(), 4u) << "every battery device empties in this scenario";
  EXPECT_EQ(b["deaths"].get<size_t>(), death_of.size());
  long long not_generated = 0;
  for (const auto& d : o.devices) {
    const int device = std::stoi(d.at("device"));
    not_generated += std::stoll(d.at("arrivals_not_generated"));
    EXPECT_EQ(rows_of[device] + std::stoll(d.at("arrivals_not_generated")), per_device) << "device " << device;
    if (d.at("battery_capacity_j").empty()) continue;
    const auto host = host_of_tier(o, d.at("host"));
    expect_close(number(d, "battery_initial_j") - number(d, "battery_end_j"),
                 number(host, "energy_j") + number(host, "radio_energy_j"), "drained = host + radio energy of " + d.at("host"),
                 kPlugin);
  }
  EXPECT_EQ(b["arrivals_not_generated"].get<long long>(), not_generated);
  std::set<std::string> logged;
  for (const auto& e : o.events)
    if (e.at("kind") == "battery_empty") {
      logged.insert(e.at("subject"));
      bool matches = false;
      for (const auto& d : o.devices)
        if (d.at("host") == e.at("subject")) matches = !d.at("death_s").empty() && number(d, "death_s") == number(e, "time_s");
      EXPECT_TRUE(matches) << "events.csv: " << e.at("subject") << " at " << e.at("time_s");
    }
  EXPECT_EQ(logged.size(), death_of.size());
}

INSTANTIATE_TEST_SUITE_P(Seeds, BatteryConservation, ::testing::Values(1, 2, 3));

}  // namespace
}  // namespace hybridfog::testing

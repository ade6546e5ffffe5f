#pragma once
// The small fog that the closed-form end-to-end tests share: one device, one cloud host, one site, the
// synthetic chain model (tests/data/synthetic-chain.yaml and .csv). Its numbers are written out here once, so
// each test states its expected latency and energy as formulas of them.
#include <algorithm>
#include <string>

#include "e2e_support.hpp"

namespace hybridfog::testing::synthetic_chain {

// The platform below.
constexpr double kDeviceFp32 = 1e9, kDeviceBinary = 20e9, kCloudFp32 = 10e9, kCloudBinary = 40e9;  // MAC/s
constexpr double kAccessBandwidth = 8e6 / 8, kUplinkBandwidth = 100e6 / 8;                        // bytes/s
constexpr double kAccessLatency = 0.010, kUplinkLatency = 0.020, kIngressLatency = 0.001;         // s
constexpr double kDeviceIdle = 0.5, kDeviceBusy = 2.0, kCloudIdle = 10.0, kCloudBusy = 30.0;      // W per core
constexpr double kFp32Energy = 4.6e-12, kBinaryEnergy = 0.03e-12;                                 // J per MAC

// tests/data/synthetic-chain.yaml at its default cut (after block2).
// Device part: conv1 (2M fp32) + block1, block2 (8M binary each) + exit1 head (62,720 fp32).
constexpr double kDeviceFp32Macs = 2e6 + 62720, kDeviceBinaryMacs = 16e6;
// Cloud part: block3 (6M fp32) + fc (31,360 fp32); the final head costs nothing.
constexpr double kCloudFp32Macs = 6e6 + 31360;
constexpr double kCutBytes = 32.0 * 14 * 14 / 8;  // block2's output: 32x14x14 binary elements
constexpr double kResultBytes = 64;

// Derived: one sample alone in the fog (the access link is the bottleneck of the device-cloud path).
constexpr double kDeviceSeconds = kDeviceFp32Macs / kDeviceFp32 + kDeviceBinaryMacs / kDeviceBinary;
constexpr double kCloudSeconds = kCloudFp32Macs / kCloudFp32;
constexpr double kPathLatency = kAccessLatency + kUplinkLatency + kIngressLatency;
constexpr double kBottleneck = std::min(kAccessBandwidth, kUplinkBandwidth);
constexpr double kUpload = kPathLatency + kCutBytes / kBottleneck;
constexpr double kDownload = kPathLatency + kResultBytes / kBottleneck;
constexpr double kOffloaded = kDeviceSeconds + kUpload + kCloudSeconds + kDownload;  // latency of an offload

// The platform YAML named `name`; `uplink_extra` is appended inside the uplink's flow map (e.g.
// ", profiles: {bandwidth: {steps: [[2.5s, 100kbps]]}}"), `access_extra` inside the access link's, and
// `access_bandwidth` / `uplink_bandwidth` replace the declared bandwidths (8Mbps, 100Mbps).
inline std::string platform(const std::string& name, const std::string& uplink_extra = "",
                            const std::string& access_extra = "", const std::string& access_bandwidth = "8Mbps",
                            const std::string& uplink_bandwidth = "100Mbps") {
  return "name: " + name + R"(
sites: 1
tiers:
  - name: device
    scope: device
    classes:
      - {name: dev, count: 1, cores: 1, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},
         power_per_core: {idle: 0.5W, busy: 2W}, energy_per_mac: {fp32: 4.6pJ, binary: 0.03pJ}}
  - name: cloud
    scope: central
    classes:
      - {name: srv, count: 1, cores: 1, throughput: {fp32: 10GMAC/s, binary: 40GMAC/s},
         power_per_core: {idle: 10W, busy: 30W}, energy_per_mac: {fp32: 4.6pJ, binary: 0.03pJ}}
links:
  access: {bandwidth: )" + access_bandwidth + R"(, latency: 10ms)" + access_extra + R"(}
  uplink: {bandwidth: )" + uplink_bandwidth + R"(, latency: 20ms)" + uplink_extra + R"(}
  ingress: {bandwidth: 10Gbps, latency: 1ms, sharing: fatpipe}
)";
}

// The scenario YAML named `name` on platform.yaml: the synthetic chain under `policy` (a YAML flow map),
// `samples` periodic arrivals at 1/s from t = 0 (no two overlap while a sample takes under 1 s), trace rows
// in order, CM02. `workload_extra` is appended inside the workload's flow map (e.g. ", deadline: 80ms").
inline std::string scenario(const std::string& name, const std::string& policy, int samples,
                            const std::string& workload_extra = "") {
  return "name: " + name + "\nseed: 3\nplatform: platform.yaml\nmodel:\n  profile: " +
         source_path("tests/data/synthetic-chain.yaml") + "\n  trace: " + source_path("tests/data/synthetic-chain.csv") +
         "\npolicy: " + policy + "\nworkload: {arrivals: periodic, rate: 1/s, phase: zero, samples_per_device: " +
         std::to_string(samples) + ", order: sequential" + workload_extra + "}\nnetwork: {model: CM02}\n";
}

}  // namespace hybridfog::testing::synthetic_chain

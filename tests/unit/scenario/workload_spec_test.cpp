// scenario/: the workload section (docs/formats.md, "Arrival processes"): each process parsed with its units,
// per-class processes, arrival traces, the pre-run estimates in closed form, and bad input at its key path.
#include "scenario/workload_spec.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/input_error.hpp"
#include "scenario/scenario_spec.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

using testing::source_path;
using testing::TempDir;

// Two device classes per site (3 cameras, 2 sensors), 2 sites: devices 0-2 and 5-7 are cameras.
const char* kPlatform =
    "name: two-classes\nsites: 2\ntiers:\n"
    "  - name: device\n    scope: device\n    classes:\n"
    "      - {name: camera, count: 3, throughput: {fp32: 1GMAC/s, binary: 32GMAC/s}, power_per_core: {idle: 1W, busy: 2W}}\n"
    "      - {name: sensor, count: 2, throughput: {fp32: 1GMAC/s, binary: 32GMAC/s}, power_per_core: {idle: 1W, busy: 2W}}\n"
    "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s, binary: 320GMAC/s},"
    " power_per_core: {idle: 1W, busy: 2W}}]}\n"
    "links:\n  access: {bandwidth: 20Mbps, latency: 5ms}\n  uplink: {bandwidth: 50Mbps, latency: 20ms}\n";

class WorkloadFiles {
 public:
  WorkloadFiles() { dir_.write("platform.yaml", kPlatform); }
  std::string write(const std::string& name, const std::string& text) const { return dir_.write(name, text); }
  // A scenario on the two-class platform with `workload` as its workload section (flow style).
  ScenarioSpec load(const std::string& workload) const {
    const std::string file = dir_.write(
        "scenario.yaml", "name: w\nplatform: platform.yaml\nmodel:\n  profile: " +
                             source_path("tests/data/synthetic-chain.yaml") + "\n  trace: " +
                             source_path("tests/data/synthetic-chain.csv") +
                             "\n  partition: [{tier: device, until: conv1}, {tier: cloud}]\n"
                             "policy: {name: entropy, threshold: 0.5}\nworkload: " + workload +
                             "\nnetwork: {model: CM02}\n");
    return load_scenario(file);
  }
  std::string error(const std::string& workload) const {
    try {
      load(workload);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }

 private:
  TempDir dir_;
};

TEST(WorkloadSpec, DevicesAreNumberedSiteByClassByHost) {
  WorkloadFiles f;
  const ScenarioSpec spec = f.load("{arrivals: poisson, rate: 1/s, samples_per_device: 1}");
  EXPECT_EQ(device_classes(spec.platform), (std::vector<int>{0, 0, 0, 1, 1, 0, 0, 0, 1, 1}));
  EXPECT_EQ(device_host_name(spec.platform, 0), "site0-device-camera-0");
  EXPECT_EQ(device_host_name(spec.platform, 4), "site0-device-sensor-1");
  EXPECT_EQ(device_host_name(spec.platform, 7), "site1-device-camera-2");
}

TEST(WorkloadSpec, RatesWithUnitsAndEstimatesOfPoissonAndPeriodic) {
  WorkloadFiles f;
  const ScenarioSpec spec = f.load("{arrivals: poisson, rate: 120/min, duration: 1h}");
  EXPECT_DOUBLE_EQ(spec.workload.rate_per_s, 2.0);
  const ArrivalEstimate e = estimate_arrivals(spec.workload, spec.platform);
  EXPECT_DOUBLE_EQ(e.samples, 10 * 2.0 * 3600);
  EXPECT_DOUBLE_EQ(e.arrivals_end_s, 3600);
  EXPECT_DOUBLE_EQ(e.device_rate_per_s, 2);
  EXPECT_DOUBLE_EQ(e.site_rate_per_s, 10);
  EXPECT_DOUBLE_EQ(e.total_rate_per_s, 20);
}

TEST(WorkloadSpec, BurstyStatesAndTheirStationaryMeanRate) {
  WorkloadFiles f;
  const ScenarioSpec spec = f.load(
      "{arrivals: bursty, states: [{rate: 20/s, mean_sojourn: 2s}, {rate: 30/min, mean_sojourn: 18s}], "
      "samples_per_device: 49}");
  const WorkloadSpec& w = spec.workload;
  EXPECT_EQ(w.arrivals, ArrivalProcess::bursty);
  EXPECT_DOUBLE_EQ(w.state_rate_per_s[1], 0.5);
  EXPECT_DOUBLE_EQ(w.mean_sojourn_s[1], 18);
  // pi = (0.1, 0.9): 0.1 x 20 + 0.9 x 0.5 = 2.45/s; 49 samples are expected by 20 s.
  const ArrivalEstimate e = estimate_arrivals(w, spec.platform);
  EXPECT_DOUBLE_EQ(e.device_rate_per_s, 2.45);
  EXPECT_DOUBLE_EQ(e.arrivals_end_s, 49 / 2.45);
  EXPECT_DOUBLE_EQ(e.samples, 490);
}

TEST(WorkloadSpec, PeriodicRateProfilePerClassAndItsMeanOverTheRun) {
  WorkloadFiles f;
  const ScenarioSpec spec = f.load(
      "{arrivals: poisson, rate: 1/s, duration: 48h, classes: {sensor: {arrivals: profile, period: 24h, "
      "profile: [{time: 0h, rate: 60/h}, {time: 12h, rate: 180/h}]}}}");
  ASSERT_EQ(spec.workload.by_class.size(), 2u);
  EXPECT_FALSE(spec.workload.by_class[0]);
  ASSERT_TRUE(spec.workload.by_class[1]);
  const ArrivalSpec& sensor = *spec.workload.by_class[1];
  EXPECT_EQ(&spec.workload.process_of(1), &sensor);
  EXPECT_EQ(&spec.workload.process_of(0), static_cast<const ArrivalSpec*>(&spec.workload));
  EXPECT_EQ(sensor.profile.time_s, (std::vector<double>{0, 43200}));
  EXPECT_DOUBLE_EQ(sensor.profile.rate_per_s[1], 0.05);
  EXPECT_DOUBLE_EQ(*sensor.profile.period_s, 86400);
  // Per sensor over 2 days: 2 x (12 h x 60/h + 12 h x 180/h) = 5760; per camera 172,800.
  const ArrivalEstimate e = estimate_arrivals(spec.workload, spec.platform);
  EXPECT_DOUBLE_EQ(e.samples, 2 * (3 * 172800.0 + 2 * 5760.0));
  EXPECT_DOUBLE_EQ(e.class_rate_per_s[1], 5760.0 / 172800);
  EXPECT_DOUBLE_EQ(e.site_rate_per_s, 3 + 2 * 5760.0 / 172800);
}

TEST(WorkloadSpec, ArrivalTraceByNumberAndByHostNameWithItsBounds) {
  WorkloadFiles f;
  f.write("arrivals.csv",
          "# a comment before the header\ntime_s,device\n0,9\n0.25,site0-device-sensor-1\n0.25,4\n\n1.5,9\n3,4\n");
  ScenarioSpec spec = f.load("{arrivals: trace, file: arrivals.csv}");
  ASSERT_TRUE(spec.workload.trace);
  EXPECT_EQ(spec.workload.trace->times_s[4], (std::vector<double>{0.25, 0.25, 3}));
  EXPECT_EQ(spec.workload.trace->times_s[9], (std::vector<double>{0, 1.5}));
  EXPECT_EQ(spec.inputs.back().role, "arrivals");
  ArrivalEstimate e = estimate_arrivals(spec.workload, spec.platform);
  EXPECT_DOUBLE_EQ(e.samples, 5);
  EXPECT_DOUBLE_EQ(e.arrivals_end_s, 3);
  EXPECT_DOUBLE_EQ(e.device_rate_per_s, 1);        // device 4: 3 arrivals in 3 s
  EXPECT_DOUBLE_EQ(e.class_rate_per_s[0], 0);      // no camera in the trace
  EXPECT_DOUBLE_EQ(e.site_rate_per_s, 3.0 / 3);    // site 0: 3 arrivals, site 1: 2
  EXPECT_DOUBLE_EQ(e.total_rate_per_s, 5.0 / 3);
  // A duration keeps arrivals before it; a count keeps each device's first ones.
  spec = f.load("{arrivals: trace, file: arrivals.csv, duration: 1.5s}");
  EXPECT_EQ(spec.workload.trace->times_s[9], (std::vector<double>{0}));
  EXPECT_EQ(spec.workload.trace->times_s[4], (std::vector<double>{0.25, 0.25}));
  spec = f.load("{arrivals: trace, file: arrivals.csv, samples_per_device: 1}");
  EXPECT_EQ(spec.workload.trace->times_s[4], (std::vector<double>{0.25}));
  EXPECT_DOUBLE_EQ(estimate_arrivals(spec.workload, spec.platform).samples, 2);
}

TEST(WorkloadSpec, BadArrivalTracesNameFileLineColumnAndColumnName) {
  WorkloadFiles f;
  const std::string file = f.write("bad.csv", "time_s,device\n1,0\n0.5,1\n");
  const auto error = [&](const std::string& text) {
    f.write("bad.csv", text);
    return f.error("{arrivals: trace, file: bad.csv}");
  };
  EXPECT_EQ(error("time_s,device\n1,0\n0.5,1\n"),
            file + ":3:1: time_s: times must not decrease: 0.5 s comes after the time of line 2");
  EXPECT_EQ(error("time_s,device\n1,10\n").substr(0, file.size() + 23), file + ":2:3: device: no device");
  EXPECT_NE(error("time_s,device\n1,site9-device-camera-0\n").find(":2:3: device: unknown device"), std::string::npos);
  EXPECT_NE(error("time_s,device\n-1,0\n").find(":2:1: time_s: must not be negative"), std::string::npos);
  EXPECT_NE(error("time_s,device\nsoon,0\n").find(":2:1: time_s: expected a number"), std::string::npos);
  EXPECT_NE(error("time,device\n1,0\n").find(":1:1: time_s: expected the header line time_s,device"), std::string::npos);
  EXPECT_NE(error("time_s,device\n").find(":1: no arrivals"), std::string::npos);
  EXPECT_NE(error("time_s,device\n1,0,2\n").find(":2:1: expected 2 fields, got 3"), std::string::npos);
}

TEST(WorkloadSpec, BadProcessesNameTheirKeyPath) {
  WorkloadFiles f;
  const auto has = [](const std::string& error, const std::string& part) {
    EXPECT_NE(error.find(part), std::string::npos) << error;
  };
  has(f.error("{arrivals: bursty, states: [{rate: 1/s, mean_sojourn: 0s}, {rate: 1/s, mean_sojourn: 1s}], duration: 1s}"),
      "workload.states[0].mean_sojourn: must be greater than zero");
  has(f.error("{arrivals: bursty, states: [{rate: -1/s, mean_sojourn: 1s}, {rate: 1/s, mean_sojourn: 1s}], duration: 1s}"),
      "workload.states[0].rate: must not be negative");
  has(f.error("{arrivals: bursty, states: [{rate: 0/s, mean_sojourn: 1s}, {rate: 0/s, mean_sojourn: 1s}], duration: 1s}"),
      "workload.states: both states have rate 0");
  has(f.error("{arrivals: bursty, states: [{rate: 1/s, mean_sojourn: 1s}], duration: 1s}"),
      "workload.states: expected exactly two states, got 1");
  has(f.error("{arrivals: profile, profile: [{time: 0s, rate: 1/s}, {time: 0s, rate: 2/s}], duration: 1s}"),
      "workload.profile[1].time: times must increase strictly");
  has(f.error("{arrivals: profile, profile: [{time: 1s, rate: 1/s}], duration: 1s}"),
      "workload.profile[0].time: the first point of a rate profile must be at time 0");
  has(f.error("{arrivals: profile, profile: [{time: 0s, rate: -1/s}], duration: 1s}"),
      "workload.profile[0].rate: must not be negative");
  has(f.error("{arrivals: profile, profile: [{time: 0s, rate: 0/s}], duration: 1s}"),
      "workload.profile: every rate of the profile is 0");
  has(f.error("{arrivals: profile, profile: [{time: 0s, rate: 1/s}, {time: 2s, rate: 1/s}], period: 2s, duration: 1s}"),
      "workload.period: the period must be longer");
  has(f.error("{arrivals: poisson, rate: 1/s, states: [], duration: 1s}"), "workload.states: states applies to bursty arrivals only");
  has(f.error("{arrivals: bursty, rate: 1/s, duration: 1s}"), "workload.rate: rate applies to periodic and poisson arrivals only");
  has(f.error("{arrivals: trace, file: a.csv, duration: 1s, samples_per_device: 1}"),
      "workload: give at most one of samples_per_device and duration");
  has(f.error("{arrivals: poisson, rate: 1/s, duration: 1s, classes: {phone: {arrivals: poisson, rate: 1/s}}}"),
      "workload.classes.phone: \"phone\" is not a class of the device tier device");
  has(f.error("{arrivals: poisson, rate: 1/s, duration: 1s, classes: {sensor: {arrivals: trace}}}"),
      "workload.classes.sensor.arrivals: expected one of periodic, poisson, bursty, profile, got");
  has(f.error("{arrivals: poisson, rate: 1/s, duration: 1s, classes: {sensor: {arrivals: poisson, rate: 1/s, duration: 1s}}}"),
      "workload.classes.sensor.duration: unknown key");
  has(f.error("{arrivals: trace, file: nowhere.csv}"), "workload.file: file not found");
}

}  // namespace
}  // namespace hybridfog

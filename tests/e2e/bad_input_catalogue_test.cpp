// The bad-input catalogue (issue 15 §5): one table row per hostile or careless input, across every input
// format (scenario, platform, profile, trace, study) and every command-line option that takes a value.
// Each row is one test that runs the real CLI and checks the whole contract: exit status 2, exactly one
// line on stderr that starts with the exact place (FILE:LINE:COL, FILE:LINE for a row-level CSV error, or
// the option) and the key path, holds the expected detail, and no output folder (or staging folder) left.
//
// Places are not copied from the program: a row marks the offending spot in its edit with '@' (line and
// column of the marker) or '^' (that line, no column), and the test computes FILE:LINE:COL from the edited
// text before it removes the marker.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

enum Command { kRun = 1, kValidate = 2, kSweep = 4, kPartition = 8 };

struct Case {
  std::string name;
  // Which file the edits apply to: scenario.yaml, platform.yaml, profile.yaml, trace.csv, arrivals.csv,
  // study.yaml, or ""
  // (command line only: `where` is then the expected place, e.g. "<command line>").
  std::string file;
  std::vector<std::pair<std::string, std::string>> edits;  // replace the first `from` by `to` (marker inside)
  std::vector<std::string> args;                           // extra command-line arguments
  std::string where;                                       // for command-line cases
  std::string key;                                         // expected key path ("" when none)
  std::string detail;                                      // expected part of the message
  int commands = kRun | kValidate;
};

const std::string kScenario =
    "name: bad\nseed: 1\nplatform: platform.yaml\nmodel:\n  profile: profile.yaml\n  trace: trace.csv\n"
    "policy:\n  name: entropy\n  threshold: 0.78\nworkload:\n  arrivals: poisson\n  rate: 2/s\n"
    "  samples_per_device: 3\nnetwork:\n  model: CM02\n";
const std::string kStudy =
    "name: st\nbase: scenario.yaml\nseed: 5\nreplications: 1\naxes:\n  - grid:\n      policy.threshold: [0.3, 0.5]\n";
const std::string kRow = "0,9,9,0.93287,0.288394,9,0.994815,0.0383417";  // first row of the trace (line 4)
const std::string kHeader = "sample,label,exit.pred,exit.confidence,exit.entropy_nats,final.pred,final.confidence,final.entropy_nats";

// Wireless access and mobility (docs/formats.md): cases on wifi-*.yaml and walk.csv run wifi-scenario.yaml.
const std::string kWifiPlatform =
    "name: wifi\nsites: 2\ntiers:\n"
    "  - {name: device, scope: device, classes: [{name: dev, count: 2, throughput: {fp32: 1GMAC/s, binary: 20GMAC/s},"
    " power_per_core: {idle: 0.5W, busy: 2W}}]}\n"
    "  - {name: cloud, scope: central, classes: [{name: srv, throughput: {fp32: 10GMAC/s, binary: 100GMAC/s},"
    " power_per_core: {idle: 5W, busy: 20W}}]}\n"
    "links:\n  access:\n    wifi:\n"
    "      rates: [{up_to: 20m, bandwidth: 54Mbps}, {up_to: 50m, bandwidth: 6Mbps}]\n"
    "      sites:\n        - {x: 0m, y: 0m, coverage_radius: 50m}\n        - {x: 120m, y: 0m, coverage_radius: 50m}\n"
    "  ingress: {bandwidth: 1Gbps, latency: 1ms}\n";
const std::string kWifiScenario =
    "name: bad\nplatform: wifi-platform.yaml\nmodel:\n  profile: profile.yaml\n  trace: trace.csv\n"
    "policy:\n  name: entropy\n  threshold: 0.78\nworkload:\n  arrivals: poisson\n  rate: 2/s\n"
    "  samples_per_device: 3\nnetwork:\n  model: CM02\nmobility:\n  handover_delay: 50ms\n  out_of_coverage: wait\n"
    "  models:\n    - devices: [1, 2]\n      random_waypoint: {area: {x: [0m, 120m], y: [-10m, 10m]}, speed: [1m/s, 2m/s], pause: 2s}\n"
    "    - trace: walk.csv\n";
const std::string kWalk = "time_s,device,x_m,y_m\n0,0,0,0\n60,0,120,0\n";

const std::string kOne =
    "model:\n  profile: profile.yaml\n  trace: trace.csv\npolicy:\n  name: entropy\n  threshold: 0.78\nworkload:\n"
    "  arrivals: poisson\n  rate: 2/s\n  samples_per_device: 3\n";
// The rest of an entry of `applications:` after its name line; app(): a whole entry, `extra` lines appended.
std::string app_body() {
  return "    model: {profile: profile.yaml, trace: trace.csv}\n    policy: {name: entropy, threshold: 0.78}\n"
         "    workload: {arrivals: poisson, rate: 2/s, samples_per_device: 3}\n";
}
std::string app(const std::string& name, const std::string& extra = "") { return "  - name: " + name + "\n" + app_body() + extra; }

const std::string kCl = "<command line>";
std::string set_at(const std::string& key) { return "<command line --set " + key + ">"; }

std::vector<Case> catalogue() {
  const std::string nul(1, '\0');
  std::vector<Case> c = {
      // ---- scenario.yaml
      {"ScenarioNameNotAString", "scenario.yaml", {{"name: bad", "name: @[1, 2]"}}, {}, "", "name", "expected a string"},
      {"ScenarioNameNotUtf8", "scenario.yaml", {{"name: bad", "name: @b\xff\xfe"}}, {}, "", "name", "expected UTF-8 text"},
      {"ScenarioSeedNegative", "scenario.yaml", {{"seed: 1", "seed: @-1"}}, {}, "", "seed", "expected an integer in [0, "},
      {"ScenarioSeedHuge", "scenario.yaml", {{"seed: 1", "seed: @99999999999999999999"}}, {}, "", "seed", "expected an integer in [0, 4611686018427387904], got \"99999999999999999999\""},
      // ---- issue 25 §4: what the user reads
      {"ScenarioKeyWithEscapeSequence", "scenario.yaml", {{"name: bad", "name: bad\n@\"\\e]0;PWNED\\a\\e[2Jname\": x"}}, {}, "", "\\x1B]0;PWNED\\x07\\x1B[2Jname", "unknown key"},
      {"ScenarioDescriptionList", "scenario.yaml", {{"name: bad", "name: bad\ndescription: @[1, 2]"}}, {}, "", "description", "expected a string, got a list"},
      {"ScenarioTagBinary", "scenario.yaml", {{"name: bad", "name: @!!binary aGVsbG8="}}, {}, "", "name", "YAML tags are not accepted (got \"tag:yaml.org,2002:binary\")"},
      {"ScenarioTagCustom", "scenario.yaml", {{"name: bad", "name: @!custom bad"}}, {}, "", "name", "YAML tags are not accepted (got \"!custom\")"},
      {"ScenarioTagPythonObjectOnMap", "scenario.yaml", {{"policy:\n  name: entropy", "policy: @!!python/object:os.system\n  name: entropy"}}, {}, "", "policy", "YAML tags are not accepted"},
      {"ScenarioTagStr", "scenario.yaml", {{"seed: 1", "seed: @!!str 1"}}, {}, "", "seed", "YAML tags are not accepted"},
      {"SetUnknownKeyBlamedOnCommandLine", "", {}, {"--set", "bogus.key=1"}, set_at("bogus.key"), "bogus", "unknown key"},
      {"SetKeyWithEscapeSequence", "", {}, {"--set", std::string("\x07\x1b") + "cbogus=1"}, set_at("\\x07\\x1Bcbogus"), "\\x07\\x1Bcbogus", "unknown key"},
      {"SetValueWithTag", "", {}, {"--set", "name=!!binary aGVsbG8="}, kCl, "--set name", "YAML tags are not accepted"},
      {"ScenarioSeedFloat", "scenario.yaml", {{"seed: 1", "seed: @1e30"}}, {}, "", "seed", "expected an integer"},
      {"ScenarioSeedWord", "scenario.yaml", {{"seed: 1", "seed: @abc"}}, {}, "", "seed", "expected an integer"},
      {"ScenarioSeedDuplicate", "scenario.yaml", {{"seed: 1", "seed: 1\n@seed: 2"}}, {}, "", "seed", "key given twice"},
      {"ScenarioUnknownKey", "scenario.yaml", {{"seed: 1", "seed: 1\n@sed: 2"}}, {}, "", "sed", "unknown key"},
      {"ScenarioPlatformMissing", "scenario.yaml", {{"platform: platform.yaml", "platform: @nowhere.yaml"}}, {}, "", "platform", "file not found"},
      {"ScenarioPlatformDevZero", "scenario.yaml", {{"platform: platform.yaml", "platform: @/dev/zero"}}, {}, "", "platform", "not a regular file"},
      {"ScenarioPlatformFolder", "scenario.yaml", {{"platform: platform.yaml", "platform: @/tmp"}}, {}, "", "platform", "not a regular file"},
      {"ScenarioPlatformNameTooLong", "scenario.yaml", {{"platform: platform.yaml", "platform: @" + std::string(300, 'p') + ".yaml"}}, {}, "", "platform", "file not found"},
      {"ScenarioProfileMissing", "scenario.yaml", {{"profile: profile.yaml", "profile: @nowhere.yaml"}}, {}, "", "model.profile", "file not found"},
      {"ScenarioTraceDevNull", "scenario.yaml", {{"trace: trace.csv", "trace: @/dev/null"}}, {}, "", "model.trace", "not a regular file"},
      {"ScenarioModelUnknownKey", "scenario.yaml", {{"  trace: trace.csv", "  trace: trace.csv\n  @traces: x"}}, {}, "", "model.traces", "unknown key"},
      {"ScenarioPolicyUnknown", "scenario.yaml", {{"name: entropy", "name: @nope"}}, {}, "", "policy.name", "unknown policy"},
      {"ScenarioPolicyNameMissing", "scenario.yaml", {{"  name: entropy\n  threshold", "  @threshold"}}, {}, "", "policy", "missing required key 'name'"},
      {"ScenarioThresholdWord", "scenario.yaml", {{"threshold: 0.78", "threshold: @abc"}}, {}, "", "policy.threshold", "expected a number"},
      {"ScenarioThresholdNan", "scenario.yaml", {{"threshold: 0.78", "threshold: @nan"}}, {}, "", "policy.threshold", "expected a number"},
      {"ScenarioThresholdInf", "scenario.yaml", {{"threshold: 0.78", "threshold: @inf"}}, {}, "", "policy.threshold", "expected a number"},
      {"ScenarioPolicyUnknownParameter", "scenario.yaml", {{"  threshold: 0.78", "  threshold: 0.78\n  @bogus: 1"}}, {}, "", "policy.bogus", "unknown key"},
      // ---- several applications (issue 22 §1, docs/formats.md "Several applications"): kOne is the scenario's one
      // application, replaced by `applications:` lists
      {"AppsDuplicateName", "scenario.yaml", {{kOne, "applications:\n" + app("cam") + "  - name: @cam\n" + app_body()}}, {}, "", "applications[1].name", "two applications named \"cam\" (the other one: applications[0])"},
      {"AppsShareOverOne", "scenario.yaml", {{kOne, "applications:\n" + app("cam", "    devices: {share: @1.5}\n")}}, {}, "", "applications[0].devices.share", "a share of the devices is in [0, 1]"},
      {"AppsShareNegative", "scenario.yaml", {{kOne, "applications:\n" + app("cam", "    devices: {share: @-0.1}\n")}}, {}, "", "applications[0].devices.share", "a share of the devices is in [0, 1]"},
      {"AppsShareWord", "scenario.yaml", {{kOne, "applications:\n" + app("cam", "    devices: {share: @half}\n")}}, {}, "", "applications[0].devices.share", "expected a number"},
      {"AppsNoDeviceRunsIt", "scenario.yaml", {{kOne, "applications:\n" + app("cam") + app("rare", "    devices: @{share: 0.05}\n")}}, {}, "", "applications[1].devices", "no device runs application \"rare\": a share of 0.05 of the 10 devices of every device class is no device"},
      {"AppsUnknownDeviceClass", "scenario.yaml", {{kOne, "applications:\n" + app("cam", "    devices: {classes: [@pi5]}\n")}}, {}, "", "applications[0].devices.classes[0]", "\"pi5\" is not a device class of platform"},
      {"AppsBothForms", "scenario.yaml", {{"model:\n  profile", "model:\n  @profile"}, {"network:\n", "applications:\n" + app("cam") + "network:\n"}}, {}, "", "model", "give either `applications` or the one application's model, policy and workload, not both"},
      {"AppsNameWithSpace", "scenario.yaml", {{kOne, "applications:\n  - name: @cam era\n" + app_body()}}, {}, "", "applications[0].name", "an application's name is letters, digits, '_' and '-'"},
      {"AppsEmptyList", "scenario.yaml", {{kOne, "applications: @[]\n"}}, {}, "", "applications", "expected a non-empty list"},
      {"AppsUnknownKey", "scenario.yaml", {{kOne, "applications:\n" + app("cam", "    @model2: x\n")}}, {}, "", "applications[0].model2", "unknown key"},
      {"AppsModelMissing", "scenario.yaml", {{kOne, "applications:\n  - @name: cam\n    policy: {name: entropy}\n    workload: {arrivals: poisson, rate: 2/s, samples_per_device: 3}\n"}}, {}, "", "applications[0]", "missing required key 'model'"},
      {"AppsThresholdWord", "scenario.yaml", {{kOne, "applications:\n  - name: cam\n    model: {profile: profile.yaml, trace: trace.csv}\n    policy: {name: entropy, threshold: @high}\n    workload: {arrivals: poisson, rate: 2/s, samples_per_device: 3}\n"}}, {}, "", "applications[0].policy.threshold", "expected a number"},
      {"AppsProfileMissing", "scenario.yaml", {{kOne, "applications:\n  - name: cam\n    model: {profile: @nowhere.yaml, trace: trace.csv}\n    policy: {name: entropy}\n    workload: {arrivals: poisson, rate: 2/s, samples_per_device: 3}\n"}}, {}, "", "applications[0].model.profile", "file not found"},
      {"AppsDeadlineInOneOnly", "scenario.yaml", {{kOne, "applications:\n  - name: cam\n    model: {profile: profile.yaml, trace: trace.csv}\n    policy: {name: entropy, threshold: 0.78}\n    workload: @{arrivals: poisson, rate: 2/s, samples_per_device: 3}\n  - name: late\n    model: {profile: profile.yaml, trace: trace.csv}\n    policy: {name: entropy, threshold: 0.78}\n    workload: {arrivals: poisson, rate: 2/s, samples_per_device: 3, deadline: 100ms}\n"}}, {}, "", "applications[0].workload", "set workload.deadline in every application or in none (application \"late\" sets one, \"cam\" does not)"},
      {"AppsWithNs3", "scenario.yaml", {{kOne, "applications:\n" + app("cam")}, {"  model: CM02", "  model: @ns-3"}}, {}, "", "network.model", "ns-3 takes one application (no `applications:`) in this version"},
      {"AppsArrivalTraceOfAnotherDevice", "scenario.yaml", {{kOne, "applications:\n  - name: cam\n    model: {profile: profile.yaml, trace: trace.csv}\n    policy: {name: entropy, threshold: 0.78}\n    workload: {arrivals: trace, file: @arrivals.csv}\n    devices: {share: 0.5}\n"}}, {}, "", "applications[0].workload.file", "arrivals of device 0, which does not run application \"cam\""},
      {"AppsTooManySamples", "scenario.yaml", {{kOne, "applications:\n" + app("cam") + "  - name: big\n    model: {profile: profile.yaml, trace: trace.csv}\n    policy: {name: entropy, threshold: 0.78}\n    workload: {arrivals: poisson, rate: 2/s, samples_per_device: @200000000}\n"}}, {}, "", "applications[1].workload.samples_per_device", "2e+09 samples (10 devices), at most 1e+09 per run"},
      {"ApplicationNotInScenario", "", {}, {"--application", "radar"}, kCl, "--application", "has one application (no `applications:`): there is no application \"radar\"", kPartition},
      // ---- deadlines and adaptive policies (issue 11)
      {"ScenarioDeadlineZero", "scenario.yaml", {{"  samples_per_device: 3\n", "  samples_per_device: 3\n  deadline: @0s\n"}}, {}, "", "workload.deadline", "must be greater than zero"},
      {"ScenarioDeadlineWord", "scenario.yaml", {{"  samples_per_device: 3\n", "  samples_per_device: 3\n  deadline: @soon\n"}}, {}, "", "workload.deadline", "expected a time"},
      {"ScenarioDeadlineUnknownClass", "scenario.yaml", {{"  samples_per_device: 3\n", "  samples_per_device: 3\n  deadline: {@pi5: 1s}\n"}}, {}, "", "workload.deadline.pi5", "unknown key"},
      {"ScenarioDeadlineClassZero", "scenario.yaml", {{"  samples_per_device: 3\n", "  samples_per_device: 3\n  deadline: {rpi4: @0ms}\n"}}, {}, "", "workload.deadline.rpi4", "must be greater than zero"},
      {"ScenarioBudgetGainNegative", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: budget-controller\n  base: entropy\n  threshold: 0.78\n  target_cloud_requests: 1/s\n  gain_p: @-0.5"}}, {}, "", "policy.gain_p", "a controller gain must not be negative"},
      {"ScenarioBudgetIntegralGainNegative", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: budget-controller\n  base: entropy\n  threshold: 0.78\n  target_wan_bandwidth: 1Mbps\n  gain_i: @-1"}}, {}, "", "policy.gain_i", "a controller gain must not be negative"},
      {"ScenarioBudgetNoTarget", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: @budget-controller\n  base: entropy\n  threshold: 0.78"}}, {}, "", "policy.name", "needs exactly one of target_wan_bandwidth"},
      {"ScenarioBudgetTargetWrongUnit", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: budget-controller\n  base: entropy\n  threshold: 0.78\n  target_device_energy: @5mW"}}, {}, "", "policy.target_device_energy", "expected a energy"},
      {"ScenarioBudgetBaseUnknown", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: budget-controller\n  base: @ddnn\n  threshold: 0.78\n  target_cloud_requests: 1/s"}}, {}, "", "policy.base", "expected one of entropy, max-softmax, appealnet"},
      {"ScenarioDeadlineAwareWithoutDeadline", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: @deadline-aware\n  base: entropy\n  threshold: 0.78"}}, {}, "", "policy.name", "reads the sample's deadline: set workload.deadline"},
      {"ScenarioOnLateWithoutDeadline", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: @congestion-aware\n  base: entropy\n  threshold: 0.78\n  congested_threshold: 2\n  reference_throughput: 1MBps\n  on_late: fallback"}}, {}, "", "policy.name", "set workload.deadline"},
      {"ScenarioOnLateUnknown", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: deadline-aware\n  base: entropy\n  threshold: 0.78\n  on_late: @drop"}}, {}, "", "policy.on_late", "expected one of count, fallback"},
      {"ScenarioAdaptiveOnCloudOnly", "scenario.yaml", {{"  trace: trace.csv\n", "  trace: trace.csv\n  placement: cloud-only\n"}, {"  name: entropy\n  threshold: 0.78", "  name: @congestion-aware\n  base: entropy\n  threshold: 0.78\n  congested_threshold: 2\n  reference_throughput: 1MBps"}}, {}, "", "policy.name", "model.placement: cloud-only runs none"},
      {"ScenarioCongestionReferenceZero", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: congestion-aware\n  base: entropy\n  threshold: 0.78\n  congested_threshold: 2\n  reference_throughput: @0Mbps"}}, {}, "", "policy.reference_throughput", "must be greater than zero"},
      {"ScenarioEstimatorWindowZero", "scenario.yaml", {{"  name: entropy\n  threshold: 0.78", "  name: congestion-aware\n  base: entropy\n  threshold: 0.78\n  congested_threshold: 2\n  reference_throughput: 1MBps\n  estimator_window: @0"}}, {}, "", "policy.estimator_window", "whole number of transfers"},
      {"ScenarioArrivalsUnknown", "scenario.yaml", {{"arrivals: poisson", "arrivals: @sometimes"}}, {}, "", "workload.arrivals", "expected one of"},
      {"ScenarioRateWord", "scenario.yaml", {{"rate: 2/s", "rate: @fast"}}, {}, "", "workload.rate", "expected a rate"},
      {"ScenarioRateZero", "scenario.yaml", {{"rate: 2/s", "rate: @0/s"}}, {}, "", "workload.rate", "must be greater than zero"},
      {"ScenarioRateNegative", "scenario.yaml", {{"rate: 2/s", "rate: @-2/s"}}, {}, "", "workload.rate", "must be greater than zero"},
      {"ScenarioRateHuge", "scenario.yaml", {{"rate: 2/s", "rate: @1e10/s"}}, {}, "", "workload.rate", "must be at most 1e9 /s"},
      {"ScenarioRateNoUnit", "scenario.yaml", {{"rate: 2/s", "rate: @2"}}, {}, "", "workload.rate", "expected a rate"},
      {"ScenarioSamplesZero", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: @0"}}, {}, "", "workload.samples_per_device", "expected an integer in [1, "},
      {"ScenarioSamplesFloat", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: @1e3"}}, {}, "", "workload.samples_per_device", "expected an integer"},
      {"ScenarioSamplesOverflow", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: @99999999999999999999"}}, {}, "", "workload.samples_per_device", "expected an integer in [1, 1000000000], got \"99999999999999999999\""},
      {"ScenarioSamplesTooMany", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: @200000000"}}, {}, "", "workload.samples_per_device", "2e+09 samples (10 devices), at most 1e+09 per run"},
      {"ScenarioSamplesAndDuration", "scenario.yaml", {{"  arrivals: poisson", "  @arrivals: poisson\n  duration: 10s"}}, {}, "", "workload", "give exactly one of samples_per_device and duration"},
      {"ScenarioDurationHuge", "scenario.yaml", {{"samples_per_device: 3", "duration: @1e300s"}}, {}, "", "workload.duration", "must be at most 1e9 s"},
      {"ScenarioDurationTooManySamples", "scenario.yaml", {{"samples_per_device: 3", "duration: @1e8s"}}, {}, "", "workload.duration", "samples (10 devices), at most 1e+09 per run"},
      {"ScenarioResultSizeHuge", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: 3\n  result_size: @1e30B"}}, {}, "", "workload.result_size", "must be at most 1e12 B"},
      {"ScenarioResultSizeWord", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: 3\n  result_size: @big"}}, {}, "", "workload.result_size", "expected a data size"},
      {"ScenarioOrderUnknown", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: 3\n  order: @random"}}, {}, "", "workload.order", "expected one of"},
      {"ScenarioPhaseWithPoisson", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: 3\n  phase: @zero"}}, {}, "", "workload.phase", "phase applies to periodic arrivals only"},
      {"ScenarioNetworkModelUnknown", "scenario.yaml", {{"model: CM02", "model: @CM03"}}, {}, "", "network.model", "expected one of CM02, LV08"},
      {"ScenarioNetworkUnknownKey", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  @speed: 1"}}, {}, "", "network.speed", "unknown key"},
      // network.tcp (docs/formats.md, "TCP connections")
      {"ScenarioTcpInitialWindowZero", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp: {connections: persistent, initial_window: @0}"}}, {}, "", "network.tcp.initial_window", "expected an integer in [1, "},
      {"ScenarioTcpMssOverIpv4", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp: {connections: per-request, mss: @65496B}"}}, {}, "", "network.tcp.mss", "between 1B and 65495B"},
      {"ScenarioTcpMssFraction", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp: {connections: per-request, mss: @1460.5B}"}}, {}, "", "network.tcp.mss", "whole number of bytes"},
      {"ScenarioTcpMssOverWindow", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp_window: 1000B\n  tcp: {connections: persistent, mss: @1460B}"}}, {}, "", "network.tcp.mss", "is larger than network.tcp_window (1000 B)"},
      {"ScenarioTcpInitialWindowOverWindow", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp_window: 10000B\n  tcp: {connections: persistent, initial_window: @10}"}}, {}, "", "network.tcp.initial_window", "initial_window x mss = 14600 B is larger than network.tcp_window (10000 B)"},
      {"ScenarioTcpConnectionsUnknown", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp: {connections: @always}"}}, {}, "", "network.tcp.connections", "expected one of persistent, per-request"},
      {"ScenarioTcpConnectionsMissing", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp: @{mss: 1000B}"}}, {}, "", "network.tcp", "missing required key 'connections'"},
      {"ScenarioTcpUnknownKey", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp: {connections: persistent, @rto: 1s}"}}, {}, "", "network.tcp.rto", "unknown key"},
      {"ScenarioTcpWithFailures", "scenario.yaml", {{"  model: CM02", "  model: CM02\n  tcp: @{connections: persistent}\nfailures: {random: {edge/nuc: {mtbf: 1s, mttr: 1s}}}"}}, {}, "", "network.tcp", "cannot be combined with failures"},
      // network.model: ns-3 and what its binding cannot take (docs/network-validation.md, "The ns-3 backend")
      {"ScenarioNs3WithTcp", "scenario.yaml", {{"  model: CM02", "  model: ns-3\n  tcp: @{connections: persistent}"}}, {}, "", "network.tcp", "ns-3 simulates TCP itself"},
      {"ScenarioNs3WithFailures", "scenario.yaml", {{"  model: CM02", "  model: @ns-3\nfailures: {random: {edge/nuc: {mtbf: 1s, mttr: 1s}}}"}}, {}, "", "network.model", "ns-3 takes no failures"},
      {"ScenarioNs3TooManyTransfers", "scenario.yaml", {{"samples_per_device: 3", "samples_per_device: 10000"}, {"  model: CM02", "  model: @ns-3"}}, {}, "", "network.model", "ns-3 opens one TCP connection per transfer"},
      {"SetNs3TooManyDevices", "", {}, {"--set", "network.model=ns-3", "--set", "platform.sites=401"}, set_at("network.model"), "network.model", "ns-3 simulates every packet and is for small fleets: at most 2000 devices"},
      {"SetNs3TooLong", "", {}, {"--set", "network.model=ns-3", "--set", "workload.rate=1/h", "--set", "workload.samples_per_device=2500"}, set_at("network.model"), "network.model", "ns-3 runs at most 100 days of simulated time"},
      {"SetNs3LinkProfile", "", {}, {"--set", "network.model=ns-3", "--set", "platform.links.uplink.profiles={bandwidth: {steps: [[1s, 10Mbps]]}}"}, set_at("network.model"), "network.model", "ns-3 takes no bandwidth or latency profile (links.uplink.profiles)"},
      {"ScenarioServersDiscipline", "scenario.yaml", {{"  model: CM02", "  model: CM02\nservers:\n  discipline: @lifo"}}, {}, "", "servers.discipline", "expected one of fifo, processor-sharing"},
      // orchestration (docs/orchestration.md)
      {"OrchestrationUnknownRule", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: @fastest"}}, {}, "", "orchestration.edge", "expected one of least-loaded, round-robin, random, shortest-expected-finish, nearest-available"},
      {"OrchestrationUnknownRuleEverywhere", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration: @sideways"}}, {}, "", "orchestration", "expected one of least-loaded"},
      {"OrchestrationUnknownDefault", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  default: {rule: @closest}"}}, {}, "", "orchestration.default.rule", "expected one of least-loaded"},
      {"OrchestrationUnknownTier", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  fog: @round-robin"}}, {}, "", "orchestration.fog", "no tier fog in the platform"},
      {"OrchestrationDeviceTier", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  device: @random"}}, {}, "", "orchestration.device", "holds the devices"},
      {"OrchestrationBoundZero", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: nearest-available, queue_bound: @0}"}}, {}, "", "orchestration.edge.queue_bound", "must be > 0"},
      {"OrchestrationBoundNegative", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: nearest-available, queue_bound: @-2}"}}, {}, "", "orchestration.edge.queue_bound", "must be > 0"},
      {"OrchestrationBoundOnRoundRobin", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: round-robin, queue_bound: @2}"}}, {}, "", "orchestration.edge.queue_bound", "applies to the nearest-available rule only"},
      {"OrchestrationPeriodZero", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  cloud: {rule: shortest-expected-finish, advertise_period: @0s}"}}, {}, "", "orchestration.cloud.advertise_period", "greater than zero"},
      {"OrchestrationUnknownKey", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: random, @seed: 3}"}}, {}, "", "orchestration.edge.seed", "unknown key"},
      {"OrchestrationPythonNotAMap", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: @python"}}, {}, "", "orchestration.edge", "a python rule is a map: {rule: python, module: FILE.py"},
      {"OrchestrationPythonNoModule", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: @{rule: python, class: X}"}}, {}, "", "orchestration.edge", "rule python needs `module`"},
      {"OrchestrationPythonNoFile", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: python, module: @nope.py, class: X}"}}, {}, "", "orchestration.edge.module", "no Python file"},
      {"OrchestrationPythonNoSuchModule", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: python, module: @no_such_module_here, class: X}"}}, {}, "", "orchestration.edge.module", "cannot import no_such_module_here"},
      {"OrchestrationPythonCandidates", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: python, module: m, class: X, candidates: @everywhere}"}}, {}, "", "orchestration.edge.candidates", "expected one of site, all-sites"},
      {"OrchestrationPythonBuiltInKey", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: python, module: m, class: X, @queue_bound: 2}"}}, {}, "", "orchestration.edge.queue_bound", "unknown key"},
      {"OrchestrationPythonObjectWithoutTheApi", "scenario.yaml", {{"  model: CM02", "  model: CM02\norchestration:\n  edge: {rule: python, object: @X}"}}, {}, "", "orchestration.edge.object", "no object was handed over as orchestrator="},
      {"OrchestrationNearestUnderNs3", "scenario.yaml", {{"  model: CM02", "  model: ns-3\norchestration:\n  edge: @nearest-available"}}, {}, "", "orchestration.edge", "needs a flow-level network model"},
      {"ScenarioUtilizationWindowTiny", "scenario.yaml", {{"  model: CM02", "  model: CM02\noutputs:\n  utilization_window: @1ns"}}, {}, "", "outputs.utilization_window", "estimated memory"},
      {"ScenarioUtilizationWindowBelowRange", "scenario.yaml", {{"  model: CM02", "  model: CM02\noutputs:\n  utilization_window: @1e-12s"}}, {}, "", "outputs.utilization_window", "must be 0 or at least 1ns"},
      {"ScenarioOutputsSamplesNotBool", "scenario.yaml", {{"  model: CM02", "  model: CM02\noutputs:\n  samples: @maybe"}}, {}, "", "outputs.samples", "expected true or false"},
      {"ScenarioPartitionUnknownTier", "scenario.yaml", {{"  trace: trace.csv", "  trace: trace.csv\n  partition: @[{tier: nowhere}]"}}, {}, "", "partition[0].tier", "is not in platform"},
      // ---- arrival processes (workload of scenario.yaml)
      {"ScenarioBurstySojournZero", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: bursty\n  states:\n    - {rate: 5/s, mean_sojourn: @0s}\n    - {rate: 1/s, mean_sojourn: 2s}\n"}}, {}, "", "workload.states[0].mean_sojourn", "must be greater than zero"},
      {"ScenarioBurstyRateNegative", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: bursty\n  states:\n    - {rate: 5/s, mean_sojourn: 1s}\n    - {rate: @-1/s, mean_sojourn: 2s}\n"}}, {}, "", "workload.states[1].rate", "must not be negative"},
      {"ScenarioBurstyOneState", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: bursty\n  states: @[{rate: 5/s, mean_sojourn: 1s}]\n"}}, {}, "", "workload.states", "expected exactly two states, got 1"},
      {"ScenarioBurstyBothRatesZero", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: bursty\n  states: @[{rate: 0/s, mean_sojourn: 1s}, {rate: 0/h, mean_sojourn: 1s}]\n"}}, {}, "", "workload.states", "both states have rate 0"},
      {"ScenarioBurstyWithRate", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: bursty\n  rate: @2/s\n  states: [{rate: 5/s, mean_sojourn: 1s}, {rate: 1/s, mean_sojourn: 1s}]\n"}}, {}, "", "workload.rate", "rate applies to periodic and poisson arrivals only"},
      {"ScenarioProfileTimesOutOfOrder", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: profile\n  profile: [{time: 0s, rate: 1/s}, {time: 10s, rate: 2/s}, {time: @5s, rate: 1/s}]\n"}}, {}, "", "workload.profile[2].time", "times must increase strictly"},
      {"ScenarioProfileRateNegative", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: profile\n  profile: [{time: 0s, rate: 1/s}, {time: 10s, rate: @-2/s}]\n"}}, {}, "", "workload.profile[1].rate", "must not be negative"},
      {"ScenarioProfileRateNoUnit", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: profile\n  profile: [{time: 0s, rate: @3}]\n"}}, {}, "", "workload.profile[0].rate", "expected a rate"},
      {"ScenarioProfileNotFromZero", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: profile\n  profile: [{time: @1h, rate: 1/s}]\n"}}, {}, "", "workload.profile[0].time", "must be at time 0"},
      {"ScenarioProfileAllZero", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: profile\n  profile: @[{time: 0s, rate: 0/s}, {time: 1s, rate: 0/s}]\n"}}, {}, "", "workload.profile", "every rate of the profile is 0"},
      {"ScenarioProfilePeriodTooShort", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: profile\n  profile: [{time: 0s, rate: 1/s}, {time: 1h, rate: 2/s}]\n  period: @30min\n"}}, {}, "", "workload.period", "the period must be longer"},
      {"ScenarioProfilePointUnknownKey", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: profile\n  profile: [{time: 0s, @rates: 1/s}]\n"}}, {}, "", "workload.profile[0].rates", "unknown key"},
      {"ScenarioClassUnknown", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: poisson\n  rate: 2/s\n  classes:\n    phone: @{arrivals: poisson, rate: 1/s}\n"}}, {}, "", "workload.classes.phone", "is not a class of the device tier device"},
      {"ScenarioClassTrace", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: poisson\n  rate: 2/s\n  classes:\n    rpi4: {arrivals: @trace}\n"}}, {}, "", "workload.classes.rpi4.arrivals", "expected one of periodic, poisson, bursty, profile"},
      {"ScenarioClassCount", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: poisson\n  rate: 2/s\n  classes:\n    rpi4: {arrivals: poisson, rate: 1/s, @samples_per_device: 3}\n"}}, {}, "", "workload.classes.rpi4.samples_per_device", "unknown key"},
      {"ScenarioTraceFileMissing", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: trace\n  file: @nowhere.csv\n"}}, {}, "", "workload.file", "file not found"},
      {"ScenarioTraceFileFolder", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: trace\n  file: @/tmp\n"}}, {}, "", "workload.file", "not a regular file"},
      {"ScenarioTraceCountAndDuration", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n  samples_per_device: 3\n", "  @arrivals: trace\n  file: arrivals.csv\n  samples_per_device: 3\n  duration: 1s\n"}}, {}, "", "workload", "give at most one of samples_per_device and duration"},
      {"ScenarioTraceWithClasses", "scenario.yaml", {{"  arrivals: poisson\n  rate: 2/s\n", "  arrivals: trace\n  file: arrivals.csv\n  classes: @{rpi4: {arrivals: poisson, rate: 1/s}}\n"}}, {}, "", "workload.classes", "cannot be combined with arrivals: trace"},
      // ---- arrivals.csv (an arrival trace, docs/formats.md "Arrival trace")
      {"ArrivalsTimesOutOfOrder", "arrivals.csv", {{"3,site0-device-rpi4-0", "@1,site0-device-rpi4-0"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "time_s", "times must not decrease: 1 s comes after the time of line 9"},
      {"ArrivalsDeviceNumberUnknown", "arrivals.csv", {{"12.5,9", "12.5,@10"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "device", "no device 10 in platform"},
      {"ArrivalsDeviceNumberHuge", "arrivals.csv", {{"12.5,9", "12.5,@99999999999999999999"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "device", "no device 99999999999999999999"},
      {"ArrivalsDeviceNameUnknown", "arrivals.csv", {{"0.5,site1-device-rpi4-4", "0.5,@site2-device-rpi4-0"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "device", "unknown device \"site2-device-rpi4-0\""},
      {"ArrivalsDeviceEmpty", "arrivals.csv", {{"12.5,9", "12.5,@"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "device", "unknown device \"\""},
      {"ArrivalsTimeNegative", "arrivals.csv", {{"0,0\n", "@-1,0\n"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "time_s", "must not be negative"},
      {"ArrivalsTimeWord", "arrivals.csv", {{"1.75,2\n1.75", "@soon,2\n1.75"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "time_s", "expected a number, got \"soon\""},
      {"ArrivalsTimeNan", "arrivals.csv", {{"1.75,2\n1.75", "@nan,2\n1.75"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "time_s", "expected a number"},
      {"ArrivalsTimeHuge", "arrivals.csv", {{"12.5,9", "@1e10,9"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "time_s", "must be at most 1e9 s"},
      {"ArrivalsHeaderWrong", "arrivals.csv", {{"time_s,device", "@time,device"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "time_s", "expected the header line time_s,device"},
      {"ArrivalsHeaderColumnMissing", "arrivals.csv", {{"time_s,device", "time_s@"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "device", "expected the header line time_s,device"},
      {"ArrivalsFieldMissing", "arrivals.csv", {{"12.5,9", "@12.5"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "", "expected 2 fields, got 1"},
      {"ArrivalsNulByte", "arrivals.csv", {{"12.5,9", "12.5,@" + nul + "9"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "", "a NUL byte in the line"},
      // The common CSV rules (docs/formats.md "CSV files: common rules"): every line, comments included, clean UTF-8.
      {"ArrivalsNotUtf8", "arrivals.csv", {{"12.5,9", "12.5,@\xff" + std::string("9")}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "", "the line is not clean UTF-8 text"},
      {"ArrivalsCommentNulByte", "arrivals.csv", {{"time_s,device", "# a@" + nul + "\ntime_s,device"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "", "a NUL byte in the line"},
      {"ArrivalsCellCr", "arrivals.csv", {{"12.5,9", "@12.5\r,9"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "time_s", "expected a number, got \"12.5\\x0D\""},
      {"ArrivalsNoRows", "arrivals.csv", {{"time_s,device\n0,0\n0.125,site0-device-rpi4-1\n0.125,7\n0.5,site1-device-rpi4-4\n1.75,2\n1.75,2\n3,site0-device-rpi4-0\n12.5,9\n", "^time_s,device\n"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "", "no arrivals: a header but no rows"},
      // ---- platform.yaml
      {"PlatformSitesZero", "platform.yaml", {{"sites: 2", "sites: @0"}}, {}, "", "sites", "expected an integer in [1, 100000]"},
      {"PlatformSitesTooMany", "platform.yaml", {{"sites: 2", "sites: @100001"}}, {}, "", "sites", "expected an integer in [1, 100000]"},
      {"PlatformSitesHugeProduct", "platform.yaml", {{"sites: 2", "sites: @100000"}, {"count: 5", "count: 11"}}, {}, "", "sites", "100000 sites x 11 devices = 1100000 devices"},
      {"PlatformSitesWord", "platform.yaml", {{"sites: 2", "sites: @many"}}, {}, "", "sites", "expected an integer"},
      {"PlatformSitesDuplicate", "platform.yaml", {{"sites: 2", "sites: 2\n@sites: 3"}}, {}, "", "sites", "key given twice"},
      {"PlatformNameNotString", "platform.yaml", {{"name: quickstart", "name: @{a: 1}"}}, {}, "", "name", "expected a string"},
      {"PlatformUnknownKey", "platform.yaml", {{"sites: 2", "sites: 2\n@site: 3"}}, {}, "", "site", "unknown key"},
      {"PlatformCountZero", "platform.yaml", {{"count: 5", "count: @0"}}, {}, "", "tiers[0].classes[0].count", "expected an integer in [1, 1000000]"},
      {"PlatformCountHuge", "platform.yaml", {{"count: 5", "count: @10000000"}}, {}, "", "tiers[0].classes[0].count", "expected an integer in [1, 1000000]"},
      {"PlatformCountBeyond64Bits", "platform.yaml", {{"count: 5", "count: @99999999999999999999"}}, {}, "", "tiers[0].classes[0].count", "expected an integer in [1, 1000000], got \"99999999999999999999\""},
      {"PlatformCoresList", "platform.yaml", {{"cores: 4", "cores: @[4]"}}, {}, "", "tiers[0].classes[0].cores", "expected an integer in [1, 4096], got a list"},
      {"PlatformDescriptionMap", "platform.yaml", {{"name: quickstart", "name: quickstart\ndescription: @{a: 1}"}}, {}, "", "description", "expected a string, got a map"},
      {"PlatformCoresZero", "platform.yaml", {{"cores: 4", "cores: @0"}}, {}, "", "tiers[0].classes[0].cores", "expected an integer in [1, "},
      {"PlatformCoresWord", "platform.yaml", {{"cores: 4", "cores: @four"}}, {}, "", "tiers[0].classes[0].cores", "expected an integer"},
      {"PlatformScopeUnknown", "platform.yaml", {{"scope: device ", "scope: @cloud  "}}, {}, "", "tiers[0].scope", "expected one of device, site, central"},
      {"PlatformFirstTierNotDevice", "platform.yaml", {{"scope: device ", "scope: @site   "}}, {}, "", "tiers[0].scope", "the first tier must have scope device"},
      {"PlatformTiersOutOfOrder", "platform.yaml", {{"scope: site ", "scope: @device"}}, {}, "", "tiers[1].scope", "tiers must be ordered"},
      {"PlatformTierNameTwice", "platform.yaml", {{"- name: edge", "- name: @device"}}, {}, "", "tiers[1].name", "tier name used twice"},
      {"PlatformTierUnknownKey", "platform.yaml", {{"    scope: device ", "    @color: red\n    scope: device "}}, {}, "", "tiers[0].color", "unknown key"},
      // ---- prices (issue 22 §4; docs/formats.md, "Prices")
      {"PlatformPriceNegative", "platform.yaml", {{"cores: 4", "cores: 4\n        price: {per_hour: @-0.10 USD}"}}, {}, "", "tiers[0].classes[0].price.per_hour", "a price must not be negative"},
      {"PlatformPriceUnknownKey", "platform.yaml", {{"cores: 4", "cores: 4\n        price: {@per_day: 1 USD}"}}, {}, "", "tiers[0].classes[0].price.per_day", "unknown key"},
      {"PlatformPriceCurrencyTypo", "platform.yaml", {{"cores: 4", "cores: 4\n        price: {per_busy_core_hour: @0.05 USDD}"}}, {}, "", "tiers[0].classes[0].price.per_busy_core_hour", "expected a price like \"0.10 USD\" (a number and the platform's currency, USD), got \"0.05 USDD\""},
      {"PlatformPriceWithoutCurrency", "platform.yaml", {{"cores: 4", "cores: 4\n        price: {per_kwh: @0.3}"}}, {}, "", "tiers[0].classes[0].price.per_kwh", "expected a price like"},
      {"PlatformPriceOtherCurrency", "platform.yaml", {{"sites: 2", "sites: 2\ncurrency: EUR"}, {"cores: 4", "cores: 4\n        price: {per_hour: @0.10 USD}"}}, {}, "", "tiers[0].classes[0].price.per_hour", "expected a price like \"0.10 EUR\""},
      {"PlatformPriceHuge", "platform.yaml", {{"cores: 4", "cores: 4\n        price: {per_hour: @1e13 USD}"}}, {}, "", "tiers[0].classes[0].price.per_hour", "must be at most 1e12 USD"},
      {"PlatformPriceNotAMap", "platform.yaml", {{"cores: 4", "cores: 4\n        price: @0.10 USD"}}, {}, "", "tiers[0].classes[0].price", "expected a map"},
      {"PlatformCurrencyNotAWord", "platform.yaml", {{"sites: 2", "sites: 2\ncurrency: @US$"}}, {}, "", "currency", "expected a currency word of 1 to 16 letters"},
      {"PlatformEnergyPriceNegative", "platform.yaml", {{"sites: 2", "sites: 2\nprice: {per_kwh: @-0.3 USD}"}}, {}, "", "price.per_kwh", "a price must not be negative"},
      {"PlatformEnergyPriceUnknownKey", "platform.yaml", {{"sites: 2", "sites: 2\nprice: {@per_hour: 1 USD}"}}, {}, "", "price.per_hour", "unknown key"},
      {"PlatformLinkPriceUnknownKey", "platform.yaml", {{"sharing: fatpipe}", "sharing: fatpipe, price: {@per_tb: 1 USD}}"}}, {}, "", "links.ingress.price.per_tb", "unknown key"},
      {"PlatformLinkPriceUnitTypo", "platform.yaml", {{"sharing: shared}", "sharing: shared, price: {per_gb: @0.09 US}}"}}, {}, "", "links.uplink.price.per_gb", "expected a price like"},
      {"PartitionCostWithoutPrices", "", {}, {"--objective", "cost"}, kCl, "--objective cost", "the platform declares no price", kPartition},
      {"PlatformThroughputWord", "platform.yaml", {{"{fp32: 1GMAC/s", "{fp32: @fast"}}, {}, "", "tiers[0].classes[0].throughput.fp32", "expected a throughput"},
      {"PlatformThroughputHuge", "platform.yaml", {{"{fp32: 1GMAC/s", "{fp32: @1e30MAC/s"}}, {}, "", "tiers[0].classes[0].throughput.fp32", "must be at most 1e21 MAC/s"},
      {"PlatformThroughputUnknownPrecision", "platform.yaml", {{"{fp32: 1GMAC/s", "{fp64: @1GMAC/s"}}, {}, "", "tiers[0].classes[0].throughput.fp64", "unknown precision (expected one of fp32"},
      {"PlatformPowerNegative", "platform.yaml", {{"{idle: 0.7W", "{idle: @-0.7W"}}, {}, "", "tiers[0].classes[0].power_per_core.idle", "must not be negative"},
      {"PlatformPowerHuge", "platform.yaml", {{"{idle: 0.7W", "{idle: @1e12W"}}, {}, "", "tiers[0].classes[0].power_per_core.idle", "must be at most 1e9 W"},
      // ---- batteries (issue 22 §2, docs/formats.md "Batteries")
      {"PlatformBatteryZero", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: @0Wh}"}}, {}, "", "tiers[0].classes[0].battery.capacity", "must be greater than zero"},
      {"PlatformBatteryInitialOver100", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: 10Wh, initial: @100.5%}"}}, {}, "", "tiers[0].classes[0].battery.initial", "must be at most 100% of the capacity"},
      {"PlatformBatteryInitialZero", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: 10Wh, initial: @0%}"}}, {}, "", "tiers[0].classes[0].battery.initial", "must be more than 0%"},
      {"PlatformBatteryInitialWord", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: 10Wh, initial: @full}"}}, {}, "", "tiers[0].classes[0].battery.initial", "expected a percentage like \"80%\", got \"full\""},
      {"PlatformBatteryInitialFraction", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: 10Wh, initial: @0.8}"}}, {}, "", "tiers[0].classes[0].battery.initial", "expected a percentage like \"80%\", got \"0.8\""},
      {"PlatformBatteryMahWithoutVoltage", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: @2000mAh}"}}, {}, "", "tiers[0].classes[0].battery.capacity", "needs the battery's `voltage`"},
      {"PlatformBatteryVoltageZero", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: 2000mAh, voltage: @0V}"}}, {}, "", "tiers[0].classes[0].battery.voltage", "must be greater than zero"},
      {"PlatformBatteryVoltageWithEnergy", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: 10Wh, voltage: @3.7V}"}}, {}, "", "tiers[0].classes[0].battery.voltage", "only a capacity in mAh or Ah takes a `voltage`"},
      {"PlatformBatteryCapacityPower", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: @10W}"}}, {}, "", "tiers[0].classes[0].battery.capacity", "expected a energy like"},
      {"PlatformBatteryCapacityHuge", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: @1e9kWh}"}}, {}, "", "tiers[0].classes[0].battery.capacity", "must be at most 1e12 J"},
      {"PlatformBatteryMissingCapacity", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: @{initial: 50%}"}}, {}, "", "tiers[0].classes[0].battery", "missing required key 'capacity'"},
      {"PlatformBatteryUnknownKey", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        battery: {capacity: 10Wh, @charge: 50%}"}}, {}, "", "tiers[0].classes[0].battery.charge", "unknown key"},
      {"PlatformBatteryOnServer", "platform.yaml", {{"power_per_core: {idle: 2.5W, busy: 8W}", "power_per_core: {idle: 2.5W, busy: 8W}\n        battery: @{capacity: 10Wh}"}}, {}, "", "tiers[1].classes[0].battery", "only devices run on batteries"},
      {"PlatformEnergyWrongUnit", "platform.yaml", {{"{fp32: 4.6pJ", "{fp32: @4.6pW"}}, {}, "", "tiers[0].classes[0].energy_per_mac.fp32", "expected a energy"},
      {"PlatformBandwidthWord", "platform.yaml", {{"{bandwidth: 20Mbps", "{bandwidth: @fast"}}, {}, "", "links.access.bandwidth", "expected a bandwidth"},
      {"PlatformBandwidthZero", "platform.yaml", {{"{bandwidth: 20Mbps", "{bandwidth: @0Mbps"}}, {}, "", "links.access.bandwidth", "must be greater than zero"},
      {"PlatformProfileTimesOutOfOrder", "platform.yaml", {{"energy_per_bit: 283.17nJ}", "energy_per_bit: 283.17nJ, profiles: {bandwidth: {steps: [[2s, 1Mbps], [@1s, 2Mbps]]}}}"}}, {}, "", "links.access.profiles.bandwidth.steps[1][0]", "strictly increasing time order"},
      {"PlatformProfileNegativeBandwidth", "platform.yaml", {{"energy_per_bit: 283.17nJ}", "energy_per_bit: 283.17nJ, profiles: {bandwidth: {steps: [[2s, @-1Mbps]]}}}"}}, {}, "", "links.access.profiles.bandwidth.steps[0][1]", "must not be negative"},
      {"PlatformProfileSpeedAboveOne", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        profiles: {speed: {steps: [[1s, @1.5]]}}"}}, {}, "", "tiers[0].classes[0].profiles.speed.steps[0][1]", "in (0, 1]"},
      {"PlatformProfileDeviceAvailability", "platform.yaml", {{"power_per_core: {idle: 0.7W, busy: 1.6W}", "power_per_core: {idle: 0.7W, busy: 1.6W}\n        profiles: {availability: @{steps: [[1s, off]]}}"}}, {}, "", "tiers[0].classes[0].profiles.availability", "devices fail only at random (the scenario's failures.random)"},
      {"ScenarioFailuresMttrZero", "scenario.yaml", {{"model: CM02", "model: CM02\nfailures: {random: {edge/nuc: {mtbf: 1s, mttr: @0s}}}"}}, {}, "", "failures.random.edge/nuc.mttr", "must be greater than zero"},
      {"ScenarioFailuresDeviceMttrMissing", "scenario.yaml", {{"model: CM02", "model: CM02\nfailures: {random: {device/rpi4: @{mttf: 1s}}}"}}, {}, "", "failures.random.device/rpi4", "missing required key 'mttr'"},
      {"ScenarioFailuresDeviceMttrZero", "scenario.yaml", {{"model: CM02", "model: CM02\nfailures: {random: {device/rpi4: {mttf: 1s, mttr: @0s}}}"}}, {}, "", "failures.random.device/rpi4.mttr", "must be greater than zero"},
      {"ScenarioFailuresDeviceUnknownClass", "scenario.yaml", {{"model: CM02", "model: CM02\nfailures: {random: {device/phone: @{mttf: 1s, mttr: 1s}}}"}}, {}, "", "failures.random.device/phone", "no host class phone in tier device"},
      {"ScenarioOutputsEventsWord", "scenario.yaml", {{"model: CM02", "model: CM02\noutputs: {events: @maybe}"}}, {}, "", "outputs.events", "expected true or false"},
      {"ScenarioRecoveryTimeoutNoUnit", "scenario.yaml", {{"model: CM02", "model: CM02\nrecovery: {detection_timeout: @5}"}}, {}, "", "recovery.detection_timeout", "expected a time"},
      {"ScenarioRecoveryPolicyUnknown", "scenario.yaml", {{"model: CM02", "model: CM02\nrecovery: {policy: @pray}"}}, {}, "", "recovery.policy", "expected one of retry, escalate, fallback, give-up"},
      {"PlatformBandwidthHuge", "platform.yaml", {{"{bandwidth: 20Mbps", "{bandwidth: @1e20bps"}}, {}, "", "links.access.bandwidth", "must be at most 1e15 B/s"},
      {"PlatformLatencyHuge", "platform.yaml", {{"latency: 20ms", "latency: @1e300h"}}, {}, "", "links.uplink.latency", "must be at most 1e9 s"},
      {"PlatformLatencyNegative", "platform.yaml", {{"latency: 20ms", "latency: @-20ms"}}, {}, "", "links.uplink.latency", "must not be negative"},
      {"PlatformLatencyNoUnit", "platform.yaml", {{"latency: 20ms", "latency: @20"}}, {}, "", "links.uplink.latency", "expected a time"},
      {"PlatformSharingUnknown", "platform.yaml", {{"sharing: fatpipe", "sharing: @wide"}}, {}, "", "links.ingress.sharing", "expected one of shared, fatpipe"},
      {"PlatformEnergyPerBitWrongUnit", "platform.yaml", {{"energy_per_bit: 283.17nJ", "energy_per_bit: @283.17nW"}}, {}, "", "links.access.energy_per_bit", "expected a energy"},
      {"PlatformLinksUnknownKey", "platform.yaml", {{"  ingress:", "  @wan: {bandwidth: 1Gbps}\n  ingress:"}}, {}, "", "links.wan", "unknown key"},
      {"PlatformAccessMissing", "platform.yaml",
       {{"name: quickstart", "@name: quickstart"}, {"  access:  {bandwidth: 20Mbps, latency: 5ms, sharing: shared, energy_per_bit: 283.17nJ}   # per device (WiFi)\n", ""}},
       {}, "", "links.access", "required when the platform has more than one tier"},
      // ---- profile.yaml
      {"ProfileClassesOne", "profile.yaml", {{"classes: 10", "classes: @1"}}, {}, "", "classes", "expected an integer in [2, "},
      {"ProfileClassesWord", "profile.yaml", {{"classes: 10", "classes: @ten"}}, {}, "", "classes", "expected an integer"},
      {"ProfileHugeTensor", "profile.yaml", {{"  shape: [1, 28, 28]", "  shape: @[1000000000, 1000000000, 1000000000]"}}, {}, "", "input.shape", "elements, at most 1e11"},
      {"ProfileShapeZero", "profile.yaml", {{"  shape: [1, 28, 28]", "  shape: [1, @0, 28]"}}, {}, "", "input.shape[1]", "expected an integer in [1, "},
      {"ProfileElementBitsHuge", "profile.yaml", {{"  element_bits: 8", "  element_bits: @65"}}, {}, "", "input.element_bits", "expected an integer in [1, 64]"},
      {"ProfileMacsNegative", "profile.yaml", {{"  macs: 112896", "  macs: @-1"}}, {}, "", "layers[0].macs", "expected an integer in [0, "},
      {"ProfileMacsHuge", "profile.yaml", {{"  macs: 112896", "  macs: @1e30"}}, {}, "", "layers[0].macs", "expected an integer"},
      {"ProfilePrecisionUnknown", "profile.yaml", {{"  precision: fp32", "  precision: @fp64"}}, {}, "", "layers[0].precision", "fp64"},
      {"ProfileInputsUnknownLayer", "profile.yaml", {{"  inputs: [input]", "  inputs: [@nolayer]"}}, {}, "", "layers[0].inputs[0]", "is not an earlier layer"},
      {"ProfileLayerNamedInput", "profile.yaml", {{"- name: conv1", "- name: @input"}}, {}, "", "layers[0].name", "\"input\" is reserved"},
      {"ProfileLayerNameTwice", "profile.yaml", {{"- name: edge1.bn0", "- name: @conv1"}}, {}, "", "layers[1].name", "layer name used twice"},
      {"ProfileUnknownKey", "profile.yaml", {{"classes: 10", "classes: 10\n@colour: blue"}}, {}, "", "colour", "unknown key"},
      {"ProfileDuplicateKey", "profile.yaml", {{"classes: 10", "classes: 10\n@classes: 12"}}, {}, "", "classes", "key given twice"},
      // ---- trace.csv
      {"TraceLabelWord", "trace.csv", {{kRow, "0,@x,9,0.93287,0.288394,9,0.994815,0.0383417"}}, {}, "", "label", "expected a non-negative integer"},
      {"TraceLabelNegative", "trace.csv", {{kRow, "0,@-1,9,0.93287,0.288394,9,0.994815,0.0383417"}}, {}, "", "label", "expected a non-negative integer"},
      {"TraceLabelOverflow", "trace.csv", {{kRow, "0,@99999999999999999999,9,0.93287,0.288394,9,0.994815,0.0383417"}}, {}, "", "label", "expected a non-negative integer"},
      {"TraceLabelNotAClass", "trace.csv", {{kRow, "^0,10,9,0.93287,0.288394,9,0.994815,0.0383417"}}, {}, "", "label", "label 10 is not below the profile's 10 classes"},
      {"TracePredNotAClass", "trace.csv", {{kRow, "^0,9,12,0.93287,0.288394,9,0.994815,0.0383417"}}, {}, "", "exit.pred", "class 12 is not below"},
      {"TraceConfidenceAboveOne", "trace.csv", {{kRow, "0,9,9,@1.5,0.288394,9,0.994815,0.0383417"}}, {}, "", "exit.confidence", "confidence must be in [0, 1]"},
      {"TraceConfidenceWord", "trace.csv", {{kRow, "0,9,9,@high,0.288394,9,0.994815,0.0383417"}}, {}, "", "exit.confidence", "expected a number"},
      {"TraceConfidenceNan", "trace.csv", {{kRow, "0,9,9,@nan,0.288394,9,0.994815,0.0383417"}}, {}, "", "exit.confidence", "expected a number"},
      {"TraceEntropyNegative", "trace.csv", {{kRow, "0,9,9,0.93287,@-0.1,9,0.994815,0.0383417"}}, {}, "", "exit.entropy_nats", "entropy must not be negative"},
      {"TraceEntropyAboveLnClasses", "trace.csv", {{kRow, "^0,9,9,0.93287,2.5,9,0.994815,0.0383417"}}, {}, "", "exit.entropy_nats", "nats is above ln(10)"},
      {"TraceNulByte", "trace.csv", {{kRow, "0,9,9,0.93287,0.288394,9,0.994815,@" + nul + "0.0383417"}}, {}, "", "", "a NUL byte in the line"},
      {"TraceTooFewFields", "trace.csv", {{kRow, "@0,9,9"}}, {}, "", "", "expected 8 fields, got 3"},
      {"TraceUnknownColumn", "trace.csv", {{kHeader, "sample,@lable,exit.pred,exit.confidence,exit.entropy_nats,final.pred,final.confidence,final.entropy_nats"}}, {}, "", "lable", "unknown column"},
      {"TraceColumnTwice", "trace.csv", {{kHeader, kHeader + ",@label"}}, {}, "", "label", "column given twice"},
      {"TraceColumnWithEscapeSequence", "trace.csv", {{kHeader, kHeader + ",@\x1b[2Jx"}}, {}, "", "\\x1B[2Jx", "unknown column"},
      {"TraceHeaderByteOrderMark", "trace.csv", {{"# hybridfog trace", "@\xEF\xBB\xBF# hybridfog trace"}}, {}, "", "", "the file starts with a UTF-8 byte-order mark (BOM, \\uFEFF)"},
      {"TraceHeaderByteOrderMarkNoComment", "trace.csv", {{"# hybridfog trace", "@\xEF\xBB\xBF" + kHeader + "\n# hybridfog trace"}}, {}, "", "", "save it as UTF-8 without one"},
      {"ArrivalsByteOrderMark", "arrivals.csv", {{"# Arrivals on", "@\xEF\xBB\xBF# Arrivals on"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "", "byte-order mark"},
      {"TraceMissingColumn", "trace.csv", {{kHeader, "@sample,label,exit.pred,exit.confidence,exit.entropy_nats,final.pred,final.confidence"}}, {}, "", "final.entropy_nats", "missing required column of head final"},
      {"TraceHeaderNulByte", "trace.csv", {{kHeader, "sample,la@" + nul + "bel" + kHeader.substr(12)}}, {}, "", "", "a NUL byte in the line"},
      {"TraceHeaderNotUtf8", "trace.csv", {{kHeader, "sample,@\xe9" + kHeader.substr(7)}}, {}, "", "", "the line is not clean UTF-8 text"},
      {"TraceCommentNotUtf8", "trace.csv", {{kRow, "# caf@\xe9\n" + kRow}}, {}, "", "", "the line is not clean UTF-8 text"},
      {"TraceCellCr", "trace.csv", {{kRow, "0,9,9,0.93287,@0.288394\r,9,0.994815,0.0383417"}}, {}, "", "exit.entropy_nats", "expected a number"},
      {"TraceHugeCell", "trace.csv", {{kRow, "0,9,9,@" + std::string(500000, '7') + "x,0.288394,9,0.994815,0.0383417"}}, {}, "", "exit.confidence", "(500001 bytes)"},
      // A line longer than the CSV line cap (1 MiB, docs/formats.md "CSV files: common rules") is refused at the
      // first byte past it, in every CSV input, without reading the rest.
      {"TraceLineOverCap", "trace.csv", {{kRow, "0,9,9," + std::string((1 << 20) - 6, '7') + "@7,0.288394,9,0.994815,0.0383417"}}, {}, "", "", "the line is longer than 1048576 bytes"},
      {"TraceHeaderOverCap", "trace.csv", {{kHeader, kHeader + "," + std::string((1 << 20) - kHeader.size() - 1, 'h') + "@h"}}, {}, "", "", "the line is longer than 1048576 bytes"},
      {"MobilityTraceLineOverCap", "walk.csv", {{"60,0,120,0", "60,0,120," + std::string((1 << 20) - 9, '0') + "@0"}}, {}, "", "", "the line is longer than 1048576 bytes"},
      {"ArrivalsLineOverCap", "arrivals.csv", {{"12.5,9", "12.5," + std::string((1 << 20) - 5, '9') + "@9"}}, {"--set", "workload={arrivals: trace, file: arrivals.csv}"}, "", "", "the line is longer than 1048576 bytes"},
      // ---- --set overrides (run and validate)
      {"SetRateWord", "", {}, {"--set", "workload.rate=fast"}, set_at("workload.rate"), "workload.rate", "expected a rate"},
      {"SetSitesZero", "", {}, {"--set", "platform.sites=0"}, set_at("platform.sites"), "sites", "expected an integer in [1, 100000]"},
      {"SetSitesHuge", "", {}, {"--set", "platform.sites=10000000"}, set_at("platform.sites"), "sites", "expected an integer in [1, 100000]"},
      {"SetCountHuge", "", {}, {"--set", "platform.tiers[0].classes[0].count=10000000"}, set_at("platform.tiers[0].classes[0].count"), "tiers[0].classes[0].count", "expected an integer in [1, 1000000]"},
      {"SetListIndexWithLetters", "", {}, {"--set", "platform.tiers[1x].name=a"}, kCl, "--set platform.tiers[1x].name", "bad list index [1x]"},
      {"SetListIndexNegative", "", {}, {"--set", "platform.tiers[-1].name=a"}, kCl, "--set platform.tiers[-1].name", "bad list index [-1]"},
      {"SetListIndexOutOfRange", "", {}, {"--set", "platform.tiers[7].name=a"}, kCl, "--set platform.tiers[7].name", "has only 3 items"},
      {"SetNoEquals", "", {}, {"--set", "workload.rate"}, kCl, "--set workload.rate", "expected key.path=value"},
      {"SetHugeAssignment", "", {}, {"--set", std::string(100000, 'k')}, kCl, "--set " + std::string(60, 'k') + "... (100000 bytes)", "expected key.path=value"},
      {"SetUnknownKey", "", {}, {"--set", "workload.speed=1"}, set_at("workload.speed"), "workload.speed", "unknown key"},
      {"SetResultSizeHuge", "", {}, {"--set", "workload.result_size=1e30B"}, set_at("workload.result_size"), "workload.result_size", "must be at most 1e12 B"},
      {"SetWindowTiny", "", {}, {"--set", "outputs.utilization_window=1ns"}, set_at("outputs.utilization_window"), "outputs.utilization_window", "1.5e+09 utilization windows x 13 links"},
      {"SetPlatformNameTooLong", "", {}, {"--set", "platform=" + std::string(300, 'q') + ".yaml"}, set_at("platform"), "platform", "file not found"},
      {"SetTraceFifoLike", "", {}, {"--set", "model.trace=/dev/zero"}, set_at("model.trace"), "model.trace", "not a regular file"},
      {"SetNameNotUtf8", "", {}, {"--set", "name=b\xffx"}, set_at("name"), "name", "expected UTF-8 text"},
      // ---- wireless access (wifi-platform.yaml) and mobility (wifi-scenario.yaml, walk.csv)
      {"WifiCoverageRadiusMissing", "wifi-platform.yaml", {{"- {x: 0m, y: 0m, coverage_radius: 50m}", "- @{x: 0m, y: 0m}"}}, {}, "", "links.access.wifi.sites[0]", "missing required key 'coverage_radius'"},
      {"WifiCoverageRadiusNegative", "wifi-platform.yaml", {{"coverage_radius: 50m}\n  ingress", "coverage_radius: @-5m}\n  ingress"}}, {}, "", "links.access.wifi.sites[1].coverage_radius", "must be greater than zero"},
      {"WifiCoverageBeyondRates", "wifi-platform.yaml", {{"coverage_radius: 50m}\n  ingress", "coverage_radius: @80m}\n  ingress"}}, {}, "", "links.access.wifi.sites[1].coverage_radius", "reaches beyond the last rate level"},
      {"WifiRatesNotIncreasing", "wifi-platform.yaml", {{"{up_to: 50m, bandwidth: 6Mbps}", "{up_to: @10m, bandwidth: 6Mbps}"}}, {}, "", "links.access.wifi.rates[1].up_to", "up_to must grow"},
      {"WifiRatesFartherFaster", "wifi-platform.yaml", {{"{up_to: 50m, bandwidth: 6Mbps}", "{up_to: 50m, bandwidth: @60Mbps}"}}, {}, "", "links.access.wifi.rates[1].bandwidth", "lower bandwidth"},
      {"WifiSitesCount", "wifi-platform.yaml", {{"      sites:\n        - {x: 0m", "      sites:\n        @- {x: 0m"}, {"        - {x: 120m, y: 0m, coverage_radius: 50m}\n", ""}}, {}, "", "links.access.wifi.sites", "one access point per site: 2 sites, 1 entries"},
      {"WifiWithSharing", "wifi-platform.yaml", {{"  access:\n    wifi:", "  access:\n    sharing: @fatpipe\n    wifi:"}}, {}, "", "links.access.sharing", "remove this key"},
      // ---- wired and wireless access in one platform (docs/formats.md): a device class's `access`
      {"MixedAccessBandwidthWithoutLatency", "wifi-platform.yaml", {{"  access:\n    wifi:", "  access:\n    @bandwidth: 5Mbps\n    wifi:"}}, {}, "", "links.access", "missing required key 'latency'"},
      {"MixedAccessUnknownKind", "platform.yaml", {{"      - name: rpi4", "      - access: @cable\n        name: rpi4"}}, {}, "", "tiers[0].classes[0].access", "expected one of wired, wifi"},
      {"MixedAccessWifiWithoutWifiSettings", "platform.yaml", {{"      - name: rpi4", "      - access: @wifi\n        name: rpi4"}}, {}, "", "tiers[0].classes[0].access", "a WiFi access needs the platform's WiFi settings: add links.access.wifi"},
      {"MixedAccessOnAServerClass", "platform.yaml", {{"      - name: nuc", "      - access: @wifi\n        name: nuc"}}, {}, "", "tiers[1].classes[0].access", "only devices have an access of their own"},
      {"MixedAccessWiredWithoutWiredSettings", "wifi-platform.yaml", {{"{name: dev, count: 2", "{name: dev, access: @wired, count: 2"}}, {}, "", "tiers[0].classes[0].access", "a wired access needs links.access.bandwidth and links.access.latency"},
      {"MixedAccessWifiUnused", "wifi-platform.yaml", {{"  access:\n    wifi:", "  access:\n    bandwidth: 5Mbps\n    latency: 5ms\n    wifi:"}, {"    wifi:\n      rates:", "    wifi:\n      @rates:"}}, {}, "", "links.access.wifi", "no device class uses the WiFi access"},
      {"MixedAccessWiredUnused", "wifi-platform.yaml", {{"  access:\n    wifi:", "  access:\n    bandwidth: @5Mbps\n    latency: 5ms\n    wifi:"}, {"{name: dev, count: 2", "{name: dev, access: wifi, count: 2"}}, {}, "", "links.access.bandwidth", "every device class uses the WiFi access"},
      {"WifiWithProfiles", "wifi-platform.yaml", {{"  access:\n    wifi:", "  access:\n    profiles: @{bandwidth: {steps: [[1s, 5Mbps]]}}\n    wifi:"}}, {}, "", "links.access.profiles", "a wireless access takes no profiles"},
      {"WifiOnUplink", "wifi-platform.yaml", {{"  ingress: {bandwidth: 1Gbps, latency: 1ms}", "  ingress: {bandwidth: 1Gbps, latency: 1ms, wifi: @{}}"}}, {}, "", "links.ingress.wifi", "only the access link may be wireless"},
      {"WifiSiteXWord", "wifi-platform.yaml", {{"- {x: 0m, y: 0m", "- {x: @west, y: 0m"}}, {}, "", "links.access.wifi.sites[0].x", "expected a length"},
      {"MobilityWithDeviceFailures", "wifi-scenario.yaml", {{"    - trace: walk.csv\n", "    - trace: walk.csv\nfailures: {random: {device/dev: @{mttf: 1s, mttr: 1s}}}\n"}}, {}, "", "failures.random.device/dev", "devices that fail cannot be combined with a wireless access (links.access.wifi)"},
      {"MobilityWithoutWifi", "scenario.yaml", {{"network:\n  model: CM02\n", "network:\n  model: CM02\nmobility:\n  @handover_delay: 1s\n"}}, {}, "", "mobility", "mobility needs a wireless access"},
      {"MobilityNegativeSpeed", "wifi-scenario.yaml", {{"speed: [1m/s, 2m/s]", "speed: [@-1m/s, 2m/s]"}}, {}, "", "mobility.models[0].random_waypoint.speed[0]", "must be greater than zero"},
      {"MobilitySpeedNoUnit", "wifi-scenario.yaml", {{"speed: [1m/s, 2m/s]", "speed: [1m/s, @2]"}}, {}, "", "mobility.models[0].random_waypoint.speed[1]", "expected a speed"},
      {"MobilityAreaReversed", "wifi-scenario.yaml", {{"x: [0m, 120m]", "x: [0m, @-120m]"}}, {}, "", "mobility.models[0].random_waypoint.area.x[1]", "max must not be below min"},
      {"MobilityDeviceUnknown", "wifi-scenario.yaml", {{"devices: [1, 2]", "devices: [1, @9]"}}, {}, "", "mobility.models[0].devices[1]", "expected an integer in [0, 3]"},
      {"MobilityTwoModels", "wifi-scenario.yaml", {{"    - trace: walk.csv", "    - @trace: walk.csv\n      position: {x: 0m, y: 0m}"}}, {}, "", "mobility.models[1]", "give exactly one of position, random_waypoint and trace"},
      {"MobilityOutOfCoverageUnknown", "wifi-scenario.yaml", {{"out_of_coverage: wait", "out_of_coverage: @retry"}}, {}, "", "mobility.out_of_coverage", "expected one of wait, give_up"},
      {"MobilityHandoverDelayNegative", "wifi-scenario.yaml", {{"handover_delay: 50ms", "handover_delay: @-50ms"}}, {}, "", "mobility.handover_delay", "must not be negative"},
      {"MobilityTraceMissing", "wifi-scenario.yaml", {{"- trace: walk.csv", "- trace: @nowhere.csv"}}, {}, "", "mobility.models[1].trace", "file not found"},
      {"MobilityTraceUnknownDevice", "walk.csv", {{"60,0,120,0", "60,@7,120,0"}}, {}, "", "device", "unknown device 7 (the platform has devices 0 to 3)"},
      {"MobilityTraceTimesOutOfOrder", "walk.csv", {{"60,0,120,0", "@0,0,120,0"}}, {}, "", "time_s", "times of device 0 must increase"},
      {"MobilityTraceNegativeTime", "walk.csv", {{"60,0,120,0", "@-60,0,120,0"}}, {}, "", "time_s", "must be in [0, 1e9] s"},
      {"MobilityTraceCoordinateWord", "walk.csv", {{"60,0,120,0", "60,0,@far,0"}}, {}, "", "x_m", "expected a number"},
      {"MobilityTraceCoordinateNan", "walk.csv", {{"60,0,120,0", "60,0,120,@nan"}}, {}, "", "y_m", "expected a number"},
      {"MobilityTraceHeader", "walk.csv", {{"time_s,device,x_m,y_m", "@time,device,x,y"}}, {}, "", "", "expected the header time_s,device,x_m,y_m"},
      {"MobilityTraceHexNumber", "walk.csv", {{"60,0,120,0", "60,0,@0x10,0"}}, {}, "", "x_m", "expected a number, got \"0x10\""},
      {"MobilityTraceNotUtf8", "walk.csv", {{"60,0,120,0", "60,0,12@\xff" + std::string("0,0")}}, {}, "", "", "the line is not clean UTF-8 text"},
      {"MobilityTraceNulByte", "walk.csv", {{"60,0,120,0", "60,0,120,0 @" + nul}}, {}, "", "", "a NUL byte in the line"},
      {"MobilityTraceTooManyCells", "walk.csv", {{"60,0,120,0", "60,0,120,0,@5"}}, {}, "", "", "expected 4 cells"},
      // ---- options of run
      {"SeedMinusOne", "", {}, {"--seed", "-1"}, kCl, "--seed", "expected an integer in [0, 4611686018427387904]", kRun},
      {"SeedWord", "", {}, {"--seed", "abc"}, kCl, "--seed", "expected an integer in [0, ", kRun},
      {"SeedAboveRange", "", {}, {"--seed", "4611686018427387905"}, kCl, "--seed", "expected an integer in [0, ", kRun},
      {"SeedOverflow", "", {}, {"--seed", "99999999999999999999"}, kCl, "--seed", "expected an integer in [0, ", kRun},
      {"MaxMemoryWord", "", {}, {"--max-memory", "lots"}, kCl, "--max-memory", "expected a data size", kRun | kValidate},
      {"MaxMemoryExceeded", "scenario.yaml", {{"platform: platform.yaml", "platform: @platform.yaml"}}, {"--max-memory", "10MiB"}, "", "platform", "estimated memory", kRun | kValidate},
      {"SimgridCfgGarbage", "", {}, {"--simgrid-cfg", "garbage"}, kCl, "--simgrid-cfg", "expected NAME:VALUE", kRun},
      {"SimgridCfgBogusModel", "", {}, {"--simgrid-cfg", "network/model:Bogus"}, kCl, "--simgrid-cfg", "network/model is set by the scenario", kRun},
      {"SimgridCfgConstantModel", "", {}, {"--simgrid-cfg", "network/model:Constant"}, kCl, "--simgrid-cfg", "network/model is set by the scenario", kRun},
      {"SimgridCfgContradictsScenario", "", {}, {"--simgrid-cfg", "network/model:LV08"}, kCl, "--simgrid-cfg", "network/model is set by the scenario", kRun},
      {"SimgridCfgCrosstraffic", "", {}, {"--simgrid-cfg", "network/crosstraffic:1"}, kCl, "--simgrid-cfg", "is set by the scenario", kRun},
      {"SimgridCfgUnknown", "", {}, {"--simgrid-cfg", "foo/bar:1"}, kCl, "--simgrid-cfg", "not an allowed setting", kRun},
      {"SimgridCfgStackNegative", "", {}, {"--simgrid-cfg", "contexts/stack-size:-1"}, kCl, "--simgrid-cfg", "expected an integer in [0, 1048576]", kRun},
      {"SimgridCfgPrecisionNan", "", {}, {"--simgrid-cfg", "maxmin/precision:nan"}, kCl, "--simgrid-cfg", "expected a number in (0, 0.1]", kRun},
      {"OutputEmpty", "", {}, {"-o", ""}, kCl, "-o", "an empty folder name", kRun},
      {"OutputDot", "", {}, {"-o", "."}, kCl, "-o", "refusing to replace .: it names the current folder", kRun},
      {"OutputRoot", "", {}, {"-o", "/"}, kCl, "-o", "refusing to replace /: it names the current folder, its parent or the root", kRun},
      {"MaxWallZero", "", {}, {"--max-wall", "0"}, kCl, "--max-wall", "expected a number of seconds > 0 and at most 1e9, got \"0\"", kRun},
      {"ProgressIntervalWord", "", {}, {"--progress-interval", "often"}, kCl, "--progress-interval", "expected a number of seconds >= 0", kRun},
      // ---- options of partition
      {"PartitionTopNegative", "", {}, {"--top", "-1"}, kCl, "--top", "must be >= 0", kPartition},
      {"PartitionWeightNan", "", {}, {"--objective", "weighted", "--weight", "latency=nan"}, kCl, "--weight latency=nan", "the weight must be a number in [0, 1e12]", kPartition},
      {"PartitionWeightNegative", "", {}, {"--objective", "weighted", "--weight", "latency=-1"}, kCl, "--weight latency=-1", "the weight must be a number", kPartition},
      {"PartitionWeightInf", "", {}, {"--objective", "weighted", "--weight", "latency=inf"}, kCl, "--weight latency=inf", "the weight must be a number", kPartition},
      {"PartitionObjectiveUnknown", "", {}, {"--objective", "speed"}, kCl, "--objective speed", "expected latency", kPartition},
      {"PartitionVerifyNegative", "", {}, {"--verify", "-1"}, kCl, "--verify", "must be >= 0", kPartition},
      {"PartitionJobsZero", "", {}, {"-j", "0"}, kCl, "--jobs", "expected an integer in [1, 1000], got \"0\"", kPartition},
      {"PartitionVerifyDirWithoutVerify", "", {}, {"--verify-dir", "v"}, kCl, "--verify-dir", "give --verify too", kPartition},
      {"PartitionOutputFolder", "", {}, {"-o", "/"}, kCl, "-o", "expected a file name", kPartition},
      {"PartitionSeedMinusOne", "", {}, {"--seed", "-1"}, kCl, "--seed", "expected an integer in [0, ", kPartition},
      // ---- study.yaml (sweep)
      {"StudyNameWithSpace", "study.yaml", {{"name: st", "name: @a b"}}, {}, "", "name", "expected 1 to 64 characters", kSweep},
      {"StudyNameCommand", "study.yaml", {{"name: st", "name: @\"$(touch X)\""}}, {}, "", "name", "expected 1 to 64 characters", kSweep},
      {"StudySeedNegative", "study.yaml", {{"seed: 5", "seed: @-1"}}, {}, "", "seed", "expected an integer in [0, ", kSweep},
      {"StudyReplicationsZero", "study.yaml", {{"replications: 1", "replications: @0"}}, {}, "", "replications", "expected an integer in [1, 100000]", kSweep},
      {"StudyRunsTooMany", "study.yaml", {{"replications: 1", "replications: @100000"}, {"[0.3, 0.5]", "[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]"}}, {}, "", "replications", "11 points x 100000 replications = 1100000 runs, at most 1000000", kSweep},
      {"StudyBaseMissing", "study.yaml", {{"base: scenario.yaml", "base: @nowhere.yaml"}}, {}, "", "base", "file not found", kSweep},
      {"StudyBaseDevZero", "study.yaml", {{"base: scenario.yaml", "base: @/dev/zero"}}, {}, "", "base", "not a regular file", kSweep},
      {"StudyUnknownKey", "study.yaml", {{"seed: 5", "seed: 5\n@sed: 2"}}, {}, "", "sed", "unknown key", kSweep},
      {"StudyUnknownGroup", "study.yaml", {{"  - grid:", "  - @gird:"}}, {}, "", "axes[0].gird", "unknown key", kSweep},
      {"StudyAxisValueBad", "study.yaml", {{"[0.3, 0.5]", "[0.3, @abc]"}}, {}, "", "axes[0].grid.policy.threshold[1]", "point 1 sets policy.threshold: policy.threshold: expected a number", kSweep},
      {"StudyAxisKeyUnknown", "study.yaml", {{"      policy.threshold: [0.3, 0.5]", "      policy.treshold: [@0.3]"}}, {}, "", "axes[0].grid.policy.treshold[0]", "unknown key", kSweep},
      {"StudyAxisKeyIndexOutOfRange", "study.yaml", {{"      policy.threshold: [0.3, 0.5]", "      platform.tiers[7].name: [@a]"}}, {}, "", "axes[0].grid.platform.tiers[7].name[0]", "point 0 sets platform.tiers[7].name: platform.tiers[7].name: tiers has only 3 items", kSweep},
      {"StudyAxisKeyBelowScalar", "study.yaml", {{"      policy.threshold: [0.3, 0.5]", "      policy.threshold[0]: [@1]"}}, {}, "", "axes[0].grid.policy.threshold[0][0]", "point 0 sets policy.threshold[0]: policy.threshold[0]: policy.threshold is not a list", kSweep},
      {"StudySetKeyIndexOutOfRange", "study.yaml", {{"replications: 1\n", "replications: 1\nset:\n  platform.tiers[9].count: @1\n"}}, {}, "", "set.platform.tiers[9].count", "point 0 sets platform.tiers[9].count: platform.tiers[9].count: tiers has only 3 items", kSweep},
      {"StudyAxisKeyTwice", "study.yaml", {{"      policy.threshold: [0.3, 0.5]", "      policy.threshold: [0.3]\n      @policy.threshold: [0.5]"}}, {}, "", "axes[0].grid.policy.threshold", "key given twice", kSweep},
      {"StudyGridTooLarge", "study.yaml",
       {{"      policy.threshold: [0.3, 0.5]",
         "      a: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]\n"
         "      b: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]\n"
         "      c: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]\n"
         "      d: @[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]\n"
         "      e: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]"}},
       {}, "", "axes[0].grid.d", "the study would have 2560000 points, at most 100000", kSweep},
      {"StudyZipLengths", "study.yaml", {{"  - grid:\n      policy.threshold: [0.3, 0.5]", "  - zip:\n      policy.threshold: [0.3, 0.5]\n      workload.rate: @[1/s]"}}, {}, "", "axes[0].zip.workload.rate", "zip lists must have the same length (2), this one has 1", kSweep},
      {"StudySlurmOptNotAnOption", "", {}, {"--executor", "slurm", "--slurm-opt=x'; touch INJECTED; echo '"}, kCl, "--slurm-opt", "expected an sbatch option starting with '-'", kSweep},
      {"StudySlurmOptWrap", "", {}, {"--executor", "slurm", "--slurm-opt=--wrap=touch INJECTED"}, kCl, "--slurm-opt", "--wrap is set by hybridfog", kSweep},
      {"StudyExecutorUnknown", "", {}, {"--executor", "cloud"}, kCl, "--executor", "cloud", kSweep},
      {"StudyJobsZero", "", {}, {"-j", "0"}, kCl, "--jobs", "expected an integer in [1, 100000], got \"0\"", kSweep},
      {"StudyTaskIndexOutOfRange", "", {}, {"--task-index", "5", "--task-count", "2"}, kCl, "--task-index", "must be in [0, --task-count 2), got 5", kSweep},
      {"StudyTaskIndexWithoutCount", "", {}, {"--task-index", "1"}, kCl, "--task-index", "needs --task-count (the number of array tasks)", kSweep},
      {"StudyTaskCountWithoutIndex", "", {}, {"--task-count", "2"}, kCl, "--task-count", "needs --task-index", kSweep},
      {"StudyTaskCountZero", "", {}, {"--task-index", "0", "--task-count", "0"}, kCl, "--task-count", "expected an integer in [1, 1000000], got \"0\"", kSweep},
      {"StudyTaskIndexNegative", "", {}, {"--task-index", "-1", "--task-count", "2"}, kCl, "--task-index", "must be in [0, --task-count 2), got -1", kSweep},
      {"StudySlurmTasksZero", "", {}, {"--executor", "slurm", "--slurm-tasks", "0"}, kCl, "--slurm-tasks", "expected an integer in [1, 1000000]", kSweep},
      {"StudyProgressIntervalNegative", "", {}, {"--progress-interval", "-1"}, kCl, "--progress-interval", "expected a number of seconds >= 0", kSweep},
      {"StudyOutputDot", "", {}, {"-o", "."}, kCl, "-o", "refusing to replace .", kSweep},
  };
  return c;
}

// Applies the case's edits to `text`; returns the marker's place ("" when the edit holds none).
struct Marked {
  std::string text;
  int line = 0, column = 0;
  bool found = false;
};

Marked apply_edits(std::string text, const Case& c) {
  for (const auto& [from, to] : c.edits) {
    const size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error(c.name + ": edit not found: " + from.substr(0, 80));
    text.replace(at, from.size(), to);
  }
  Marked m;
  for (const char marker : {'@', '^'}) {
    // The marker is the first one inside an edit's replacement (the rest of the file never holds one).
    for (const auto& [from, to] : c.edits) {
      const size_t in_edit = to.find(marker);
      if (in_edit == std::string::npos) continue;
      const size_t at = text.find(to) + in_edit;
      m.found = true;
      m.line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
      const size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
      m.column = marker == '^' ? 0 : static_cast<int>(at - (line_start == std::string::npos || at == 0 ? 0 : line_start + 1)) + 1;
      text.erase(at, 1);
      m.text = text;
      return m;
    }
  }
  m.text = text;
  return m;
}

class Catalogue : public ::testing::TestWithParam<Case> {};

TEST_P(Catalogue, ExitTwoOneLinePlaceAndKeyNoOutput) {
  const Case& c = GetParam();
  TempDir dir;
  std::map<std::string, std::string> files = {
      {"scenario.yaml", kScenario},
      {"platform.yaml", read_file(source_path("platforms/quickstart.yaml"))},
      {"profile.yaml", read_file(source_path("models/profiles/hybrid-binary-fmnist.yaml"))},
      {"trace.csv", read_file(source_path("models/traces/hybrid-binary-fmnist.csv"))},
      {"arrivals.csv", read_file(source_path("tests/data/arrivals-quickstart.csv"))},
      {"study.yaml", kStudy},
      {"wifi-platform.yaml", kWifiPlatform},
      {"wifi-scenario.yaml", kWifiScenario},
      {"walk.csv", kWalk}};
  std::string where = c.where;
  if (!c.file.empty()) {
    const Marked m = apply_edits(files.at(c.file), c);
    ASSERT_TRUE(m.found) << "the case marks no place";
    files[c.file] = m.text;
    where = dir.file(c.file) + ":" + std::to_string(m.line) + (m.column > 0 ? ":" + std::to_string(m.column) : "");
  }
  for (const auto& [name, text] : files) dir.write(name, text);
  const std::string prefix = where + ": " + (c.key.empty() ? "" : c.key + ": ");

  const std::string out = dir.file("out");
  const bool wireless = c.file.rfind("wifi-", 0) == 0 || c.file == "walk.csv";
  const std::string scenario = dir.file(wireless ? "wifi-scenario.yaml" : "scenario.yaml");
  std::vector<std::vector<std::string>> commands;
  // A case that gives its own -o replaces the default one.
  const bool own_output = std::find(c.args.begin(), c.args.end(), "-o") != c.args.end();
  const std::vector<std::string> output = own_output ? std::vector<std::string>{} : std::vector<std::string>{"-o", out};
  if (c.commands & kRun) {
    commands.push_back({"run", scenario, "--no-progress"});
    commands.back().insert(commands.back().end(), output.begin(), output.end());
  }
  if (c.commands & kValidate) commands.push_back({"validate", scenario});
  if (c.commands & kSweep) {
    commands.push_back({"sweep", dir.file("study.yaml"), "--no-progress"});
    commands.back().insert(commands.back().end(), output.begin(), output.end());
  }
  if (c.commands & kPartition) commands.push_back({"partition", dir.file("scenario.yaml")});
  for (auto args : commands) {
    args.insert(args.end(), c.args.begin(), c.args.end());
    SCOPED_TRACE(args[0]);
    const CommandResult r = run_hybridfog_in(dir.path(), args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err.substr(0, 2000);
    EXPECT_EQ(r.err.substr(0, prefix.size()), prefix) << r.err.substr(0, 2000);
    EXPECT_NE(r.err.find(c.detail), std::string::npos) << r.err.substr(0, 2000);
    EXPECT_LE(r.err.size(), 2100u);
    EXPECT_TRUE(r.out.empty()) << r.out.substr(0, 500);
    // Nothing written: no output folder, no staging folder, no file that a payload would have created.
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      EXPECT_TRUE(files.count(name)) << "left behind: " << name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(BadInput, Catalogue, ::testing::ValuesIn(catalogue()),
                         [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

// Words that are not a command (issue 25 §4: "A subcommand is required" was the answer).
TEST(BadInputCatalogue, AnUnknownCommandIsNamed) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"frobnicate"}, {"--log-level", "warn", "frobnicate", "x"},
                                               {"\x1b[2Jrun"}}) {
    const CommandResult r = run_hybridfog(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("<command line>: unknown command \"", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("(commands: import, inspect, partition, run, sweep, validate)"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  }
}

TEST(BadInputCatalogue, HoldsAtLeastTwoHundredFiftyCasesWithUniqueNames) {
  const auto cases = catalogue();
  EXPECT_GE(cases.size(), 250u);
  std::set<std::string> names;
  for (const auto& c : cases) EXPECT_TRUE(names.insert(c.name).second) << c.name;
}

}  // namespace
}  // namespace hybridfog::testing

#pragma once
// Room scenario/ (docs/architecture.md). Owns: ScenarioSpec: parsing a scenario and its `--set` overrides,
// loading its inputs once and cross-checking them. May use: core, platform, model, trace, policy, cost.
//
// ScenarioSpec: one run, fully resolved. Parsing and validation happen here, once, at the boundary;
// nothing below (engine, metrics) parses or re-checks.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cost/tcp_model.hpp"
#include "model/model_profile.hpp"
#include "platform/platform_spec.hpp"
#include "policy/exit_policy.hpp"
#include "scenario/mobility_spec.hpp"
#include "scenario/failures_spec.hpp"
#include "scenario/orchestration_spec.hpp"
#include "scenario/workload_spec.hpp"
#include "trace/trace.hpp"

namespace hybridfog {

// SimGrid network models (docs/formats.md): CM02 = max-min sharing as declared; LV08 = TCP-calibrated;
// ns3 = SimGrid's packet-level ns-3 binding (small fleets; docs/network-validation.md).
enum class NetworkModel { CM02, LV08, ns3 };
enum class ServerDiscipline { fifo, processor_sharing };
// Which tier runs which layers (model.placement, docs/formats.md). partition: the stages of the partition,
// exit heads decided by the policy. cloud_only: the raw input goes to the partition's last tier, which runs
// every layer the final classifier needs (no exit head runs; the policy is never asked).
enum class Placement { partition, cloud_only };

// Which view of a sample's computation counts in its energy_j (docs/outputs.md, "Energy account"): the
// host energy plugin's dynamic part (busy - idle power x time) or the analytic MACs x energy per MAC.
enum class ComputeEnergyView { host_dynamic, analytic };

struct OutputsSpec {
  bool samples = true;  // samples.csv (switch off for huge runs)
  bool hosts = true;    // hosts.csv
  bool links = true;    // links.csv
  double utilization_window_s = 1.0;  // window of links.csv's peak_utilization, Default: 1 s
  ComputeEnergyView compute_energy_view = ComputeEnergyView::host_dynamic;  // Default: host-dynamic
  // events.csv and link_windows.csv (docs/outputs.md). Default: true when the platform has profiles or
  // failures; events.csv also under a wireless access.
  bool events = false;
  bool link_windows = false;
};

struct InputFile {
  std::string role;  // "scenario", "platform", "profile", "trace", "arrivals" (an arrival trace)
  std::string path;
};

// One application of a scenario with `applications:` (docs/formats.md, "Several applications"): a model, its
// exit policy and its workload, run by some of the devices. Every application's stages share the platform's
// hosts and links.
struct ApplicationSpec {
  std::string name;
  ModelProfile profile;
  Trace trace;
  PolicySpec policy;
  std::shared_ptr<const ExitPolicy> exit_policy;
  std::vector<PartitionSegment> partition;
  Placement placement = Placement::partition;
  WorkloadSpec workload;
  std::vector<std::string> device_classes;  // `devices.classes`; empty: every device class
  double share = 1;                         // `devices.share`, in [0, 1]; Default: 1
  std::vector<int> devices;                 // the device numbers that run it, increasing (never empty)
};

struct ScenarioSpec {
  std::string name;
  std::string file;
  std::uint64_t seed = 1;
  PlatformSpec platform;
  ModelProfile profile;
  Trace trace;
  PolicySpec policy;
  std::shared_ptr<const ExitPolicy> exit_policy;  // built from `policy`, checked against profile and trace
  std::vector<PartitionSegment> partition;        // the scenario's, or the profile's
  Placement placement = Placement::partition;     // Default: partition
  WorkloadSpec workload;
  NetworkModel network_model = NetworkModel::CM02;
  // Maximum TCP window (SimGrid's network/TCP-gamma): a flow over a route of latency L never exceeds
  // tcp_window_bytes / (2 L) bytes/s, under CM02 as under LV08. Default: SimGrid's 4 MiB.
  double tcp_window_bytes = 4194304;
  // `network.tcp` (docs/formats.md, "TCP connections"): handshakes and slow start before each message's
  // flow. Default: absent, no handshake and no slow start (a connection already open, its window wide).
  std::optional<cost::TcpSpec> tcp;
  ServerDiscipline discipline = ServerDiscipline::fifo;
  // Which host of a server tier takes a sample (docs/orchestration.md). Default: least-loaded everywhere.
  OrchestrationSpec orchestration;
  OutputsSpec outputs;
  // Random failures and the recovery policy (docs/formats.md, "Failures and recovery"). Default: nothing fails.
  FailuresSpec failures;
  // Set exactly when the platform's access is wireless (links.access.wifi): the scenario's `mobility`
  // section, or its defaults (every device static at its home site's access point). docs/formats.md.
  std::optional<MobilitySpec> mobility;
  std::vector<InputFile> inputs;
  // `applications:` (docs/formats.md, "Several applications"): every application, in the scenario's order. Empty:
  // the scenario has one application, the model, policy and workload above. When set, those fields hold a copy of
  // the first application's (commands that take one application pick theirs with select_application).
  std::vector<ApplicationSpec> applications;
};

// What the engine and the estimates read of one application, whether the scenario lists applications or has one.
struct ApplicationRef {
  const std::string* name = nullptr;  // nullptr: the scenario's one application (no `applications:`)
  const ModelProfile* profile = nullptr;
  const Trace* trace = nullptr;
  const ExitPolicy* exit_policy = nullptr;
  const std::vector<PartitionSegment>* partition = nullptr;
  Placement placement = Placement::partition;
  const WorkloadSpec* workload = nullptr;
  const std::vector<int>* devices = nullptr;  // nullptr: every device
};
// One entry per application: the scenario's own fields when it lists none.
std::vector<ApplicationRef> application_refs(const ScenarioSpec& spec);

// The scenario as if it had only application `name` (for `partition` and `inspect --application`): its model,
// policy and workload in the scenario's fields, `applications` holding it alone. Throws InputError (naming the
// known applications) when there is none of that name, or when `name` is empty and the scenario has several.
ScenarioSpec select_application(const ScenarioSpec& spec, const std::string& name);

const char* network_model_name(NetworkModel model);
const char* compute_energy_view_name(ComputeEnergyView view);  // "host-dynamic" or "analytic"

// Inputs already loaded, by file (with its size and modification time), so that loading many scenarios that
// share their inputs (a study's points) parses and checks each once: traces, profiles, a trace checked
// against a profile, and platform files that no override changes. Owned by the caller; not thread-safe.
class InputCache {
 public:
  // The trace in `file`, parsed now or earlier (when the file's size and time are unchanged).
  const Trace& trace(const std::string& file);
  // The profile in `file`, likewise.
  const ModelProfile& profile(const std::string& file);
  // The trace of `trace_file` checked against the profile of `profile_file` (check_trace_against_profile:
  // heads in the profile's order), checked now or earlier.
  const Trace& checked_trace(const std::string& trace_file, const std::string& profile_file);
  // The platform in `file` without overrides (parse_platform), parsed now or earlier.
  const PlatformSpec& platform(const std::string& file);

 private:
  struct Stamp {
    std::uintmax_t bytes = 0;
    std::filesystem::file_time_type modified;
    bool operator==(const Stamp& other) const { return bytes == other.bytes && modified == other.modified; }
  };
  // The file's size and time; nullopt when they cannot be read (nothing is then taken from the cache).
  static std::optional<Stamp> stamp(const std::string& file);
  template <typename T>
  struct Entry {
    std::vector<Stamp> stamps;  // of the files the value was made from
    T value;
  };
  std::map<std::string, Entry<Trace>> traces_;
  std::map<std::string, Entry<ModelProfile>> profiles_;
  std::map<std::pair<std::string, std::string>, Entry<Trace>> checked_;
  std::map<std::string, Entry<PlatformSpec>> platforms_;
};

// What a run of the scenario will cost, estimated before it starts (docs/formats.md, "Limits"). The memory
// model is deliberately conservative: 64 MiB + 16 KiB per host and per link + 16 B per sample + 4 B per
// utilisation window per link, with windows = (end of arrivals) / outputs.utilization_window + 1.
struct WorkEstimate {
  long long hosts = 0;
  long long links = 0;
  double samples = 0;           // expected arrivals, all devices
  double arrivals_end_s = 0;    // duration, or samples_per_device / rate
  double windows_per_link = 0;  // utilisation windows each link keeps
  double memory_bytes = 0;
};
WorkEstimate estimate_work(const ScenarioSpec& spec);

// Samples the workload will create: devices x samples_per_device, or a trace's rows; 0 when it is bounded
// by a duration instead.
std::uint64_t expected_samples(const ScenarioSpec& spec);

struct ScenarioLimits {
  double max_memory_bytes = 16.0 * (1ull << 30);  // Default: 16 GiB; `--max-memory` of run and validate
  double max_samples = 1e9;                       // Default: 10^9 arrivals per run
};

// Reads a scenario, applies `--set key.path=value` overrides to its YAML first, then resolves and validates
// everything it references, and refuses work beyond `limits` (with the estimate in the message). Throws
// InputError. With `cache`, inputs come from (and go into) that cache.
ScenarioSpec load_scenario(const std::string& file, const std::vector<std::string>& overrides = {},
                           std::optional<std::uint64_t> seed = std::nullopt, const ScenarioLimits& limits = {},
                           InputCache* cache = nullptr);

// The resolved scenario with every default filled in (for manifest.json).
nlohmann::json scenario_to_json(const ScenarioSpec& spec);

}  // namespace hybridfog

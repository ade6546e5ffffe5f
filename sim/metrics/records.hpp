#pragma once
// What the engine hands to the Recorder: one record per finished sample, per host and per link.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hybridfog {

// What summary.json says about the run itself (docs/outputs.md): scenario, policy and seed.
struct RunIdentity {
  std::string scenario;                       // the scenario's name
  std::string policy;                         // the policy's name
  std::optional<double> policy_threshold;     // null in summary.json when absent
  std::map<std::string, double> policy_thresholds;  // per head; omitted from summary.json when empty
  std::uint64_t seed = 0;
};

struct SampleRecord {
  std::uint64_t id = 0;      // arrival order, 0-based
  int device = 0;
  int application = 0;       // index of its application (docs/formats.md, "Several applications"); 0: the one
  int trace_row = 0;         // 0-based data row of its application's trace
  int dataset_sample = 0;    // the trace's `sample` column for that row
  int exit_head = 0;         // index of the head that produced the answer
  bool correct = false;
  double arrival_s = 0;
  double finish_s = 0;       // when the answer is back on the device
  double compute_s = 0;      // time computing
  double queue_s = 0;        // time waiting for a core (FIFO servers)
  double send_queue_s = 0;   // time waiting in send queues for a flow (docs/formats.md, "Send queue")
  double transfer_s = 0;     // time on links, answer included
  double bytes_sent = 0;     // payload bytes this sample put on the network, answer included
  // Energy this sample caused, above idle (docs/outputs.md, "Energy account"), in J.
  double host_dynamic_energy_j = 0;  // Σ (busy - idle power per core) x its computation seconds
  double compute_energy_j = 0;       // analytic: Σ MACs x energy per MAC (another view of the same work)
  double radio_energy_j = 0;         // its share of the device radios above idle, tails included
  double network_energy_j = 0;       // Σ bytes x 8 x energy_per_bit over the links it used
  double energy_j = 0;               // the compute view chosen by the scenario + radio + network
  double batch_wait_s = 0;           // part of queue_s spent waiting for a batch to form
  int batch_size = 1;                // size of the last batch it was computed in (1: never batched)
  // Failures and recovery (docs/outputs.md): how the sample ended, and what it went through. `battery`: given up
  // because its device's battery emptied (docs/formats.md, "Batteries"), a kind of given up; `device_down`:
  // given up because its device failed after its arrival (docs/formats.md, "Devices that fail"), another kind.
  enum class Outcome { completed, fell_back, given_up, battery, device_down };
  Outcome outcome = Outcome::completed;  // given_up, battery, device_down: exit_head is -1 and correct is false
  bool given_up() const {
    return outcome == Outcome::given_up || outcome == Outcome::battery || outcome == Outcome::device_down;
  }
  int losses = 0;                    // times its work in flight was lost to a failure
  int retries = 0;                   // times the device sent it again after a loss
  double recovery_wait_s = 0;        // Σ over its losses of the time until the device noticed
  // Deadlines (workload.deadline, docs/outputs.md): its relative deadline, whether the answer came after it,
  // and whether the device answered at the deadline instead (policy on_late: fallback; exit_head, correct and
  // finish_s are then the device's answer).
  double deadline_s = 0;
  bool late = false;
  bool fallback = false;
  // The threshold an adaptive policy used at its last decision (NaN: none; policy_threshold column).
  double policy_threshold = 0;
  // Wireless access (docs/outputs.md, "Mobility"): written only when the platform's access is wireless.
  int origin_site = -1;              // the device's site at arrival, -1 out of coverage
  int handovers = 0;                 // handovers of its device while it was in the system
  double coverage_wait_s = 0;        // time its transfers waited for the device's link
  // Orchestration (docs/orchestration.md), written only when a tier's rule is not least-loaded: per server
  // tier of RecorderLayout::server_tiers, the host that ran its stages of that tier ("" when none) and that
  // host's site (-1 for the central tier or none).
  std::vector<std::string> server_hosts;
  std::vector<int> server_sites;
};

// Per device, under a wireless access or with batteries (devices.csv, docs/outputs.md).
struct DeviceRecord {
  int device = 0;
  std::string host;
  int home_site = 0;
  int final_site = -1;            // association at the end of the run (-1: out of coverage)
  int handovers = 0;              // site to site, without a gap
  int reassociations = 0;         // back in coverage after a gap
  double out_of_coverage_s = 0;   // total time without any site in range
  int interrupted_transfers = 0;  // transfers cut by a handover or a loss of coverage
  int given_up = 0;               // its samples given up
  // Batteries (docs/formats.md, "Batteries"); all empty for a wall-powered device.
  std::optional<double> battery_capacity_j, battery_initial_j, battery_end_j;  // end: at sim_time_s or death
  std::optional<double> death_s;  // when its battery emptied; empty: alive at the end
  long long arrivals_not_generated = 0;  // arrivals its stream would have made after its death
  // Devices that fail (docs/formats.md, "Devices that fail"): written when some device class fails.
  int failures = 0;                  // times it went down
  double down_s = 0;                 // total time down, up to the end of the run (or its death)
  long long arrivals_while_down = 0;  // arrivals of its stream that fell while it was down: not generated
};

struct HostRecord {
  std::string name;
  std::string tier;
  std::string host_class;
  int class_index = 0;        // its host class among every class of the platform, tiers in order (prices)
  int site = -1;              // -1 for the central tier
  int cores = 1;
  double energy_j = 0;        // SimGrid host energy plugin, idle included
  double idle_energy_j = 0;   // cores x idle power per core x run time (the plugin's floor)
  double busy_core_s = 0;     // core-seconds of computation
  double compute_energy_j = 0;  // analytic: MACs x energy per MAC
  std::uint64_t executions = 0;
  std::uint64_t samples = 0;  // samples that ran a stage here (hosts.csv `samples`, with orchestration only)
  // Device hosts with a radio model: the radio's energy over the run (idle included) and its idle part.
  std::optional<double> radio_energy_j, radio_idle_energy_j;
};

struct LinkRecord {
  std::string name;
  std::string link_class;
  double bandwidth_bytes_per_s = 0;
  double latency_s = 0;
  double bytes = 0;             // payload bytes carried (sum over transfers routed through it)
  double mean_utilization = 0;  // bytes / (bandwidth * sim_time)
  double peak_utilization = 0;  // highest, over utilisation windows, of bytes in window / (bandwidth * window)
  std::optional<double> energy_j;  // bytes * 8 * energy_per_bit, when the link declares it
  std::uint64_t transfers = 0;
};

}  // namespace hybridfog

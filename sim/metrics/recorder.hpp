#pragma once
// Room metrics/ (docs/architecture.md). Owns: Recorder (per-sample rows, summary.json assembled in one place,
// hosts.csv, links.csv), LinkMeter, the atomic output folder. May use: core.
//
// Recorder: collects what a run produced and writes the documented outputs (docs/outputs.md).
// Samples are streamed to samples.csv as they finish; aggregates are kept in memory (latencies: 8 bytes
// per sample, for exact percentiles).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "metrics/cost_account.hpp"
#include "metrics/event_log.hpp"
#include "metrics/link_windows.hpp"
#include "metrics/records.hpp"

namespace hybridfog {

struct RecorderLayout {
  std::vector<std::string> head_names;  // index -> head name
  std::vector<std::string> tier_names;  // index -> tier name
  RunIdentity run;                      // written into summary.json as it is
  std::string compute_view = "host-dynamic";  // which compute view samples' energy_j counts (for the summary)
  // Something can fail: samples.csv gets the recovery columns and summary.json its `recovery` object.
  bool failures = false;
  // The workload sets deadlines: samples.csv gets deadline_s, late, fallback; summary.json a "deadline" block.
  bool deadlines = false;
  // The policy adapts a threshold: samples.csv gets policy_threshold.
  bool policy_threshold = false;
  // Wireless access: samples.csv gets the mobility columns, summary.json a `mobility` object, and
  // devices.csv is written (docs/outputs.md, "Mobility"). Default: off (outputs as without it).
  bool mobility = false;
  // Some device class runs on a battery: samples.csv gets the outcome columns, summary.json `recovery` and
  // `battery`, devices.csv its battery columns (docs/outputs.md, "Batteries"). Default: off.
  bool batteries = false;
  // Some device class fails (failures.random): samples.csv's outcome `device_down`, summary.json
  // `device_failures`, devices.csv its failure columns (docs/outputs.md, "Devices that fail"). Default: off.
  bool device_failures = false;
  // Orchestration (docs/orchestration.md): the server tiers (names) whose host samples.csv names, in the
  // order of SampleRecord::server_hosts, and whether each has sites; hosts.csv gets `samples`. Empty: off.
  std::vector<std::string> server_tiers = {};
  std::vector<bool> server_tier_sites = {};
  // The platform's prices (docs/outputs.md, "Cost"): summary.json gets a cost account. Empty: no prices, no cost.
  std::optional<CostPrices> prices = std::nullopt;
  // Several applications (docs/outputs.md, "Several applications"): samples.csv gets `application`, exit names
  // are the application's heads, summary.json `by_application`; head_names are then "<application>/<head>".
  // Empty: one application (outputs as without it).
  struct Application {
    std::string name;
    std::string policy;
    std::vector<std::string> head_names;
    long long devices = 0;  // devices that run it
  };
  std::vector<Application> applications = {};
};

class Recorder {
 public:
  // `samples_csv`: where to stream per-sample rows, empty for none.
  Recorder(RecorderLayout layout, const std::string& samples_csv);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // A finished sample, or one given up (outcome given_up: counted in accuracy as wrong, not in latency).
  void record_sample(const SampleRecord& sample);
  // Per-device figures under a wireless access or with batteries (devices.csv, summary.json's `mobility`, `battery`).
  void set_devices(std::vector<DeviceRecord> devices) { devices_ = std::move(devices); }
  void write_devices_csv(const std::string& path) const;
  // Ends the run: final host and link figures. Closes samples.csv.
  void finish(std::vector<HostRecord> hosts, std::vector<LinkRecord> links, double sim_time_s, double wall_time_s);

  std::uint64_t samples() const { return samples_; }
  // summary.json's content, all of it (the one place it is assembled). REQUIRES: finish() was called.
  nlohmann::json summary() const;
  // summary.json's `battery` (layout.batteries).
  nlohmann::json battery_summary() const;
  // summary.json's `by_application` (layout.applications).
  nlohmann::json application_summary() const;
  // summary.json's `device_failures` (layout.device_failures).
  nlohmann::json device_failures_summary() const;
  void write_hosts_csv(const std::string& path) const;
  void write_links_csv(const std::string& path) const;

  // What happened to the platform (events.csv): any part of the engine adds its rows here.
  EventLog& events() { return events_; }
  const EventLog& events() const { return events_; }
  // Bytes and utilisation per link class and window (link_windows.csv), handed over at the end of the run.
  void set_link_windows(std::vector<LinkWindowRecord> rows) { link_windows_ = std::move(rows); }
  const std::vector<LinkWindowRecord>& link_windows() const { return link_windows_; }

 private:
  RecorderLayout layout_;
  std::FILE* samples_file_ = nullptr;
  std::string samples_path_;
  std::uint64_t samples_ = 0;
  std::uint64_t correct_ = 0;
  std::uint64_t answered_ = 0;  // samples with an answer (all of them unless some were given up)
  std::uint64_t fell_back_ = 0, given_up_ = 0, retried_ = 0, retries_ = 0, losses_ = 0;
  std::uint64_t given_up_battery_ = 0;  // outcome battery (part of given_up_)
  std::uint64_t given_up_device_down_ = 0;  // outcome device_down (part of given_up_)
  std::vector<std::uint64_t> exits_;  // per head
  std::vector<double> latencies_s_;
  double compute_s_ = 0, queue_s_ = 0, send_queue_s_ = 0, transfer_s_ = 0, bytes_sent_ = 0;
  double caused_energy_j_ = 0;  // Σ samples' energy_j
  // Deadlines (layout_.deadlines): misses, fallbacks, correct answers in time, latency / deadline per sample.
  std::uint64_t late_ = 0, fallbacks_ = 0, correct_in_time_ = 0;
  std::vector<double> deadline_ratios_;
  double coverage_wait_s_ = 0;  // Σ over answered samples
  // Per application (layout_.applications), what by_application reports.
  struct PerApplication {
    std::uint64_t samples = 0, correct = 0, answered = 0, given_up = 0, late = 0, correct_in_time = 0;
    std::vector<std::uint64_t> exits;  // per head of its model
    std::vector<double> latencies_s;
    double latency_sum_s = 0, bytes_sent = 0, caused_energy_j = 0;
  };
  std::vector<PerApplication> by_application_;
  std::vector<int> head_offset_;  // per application: index of its first head in layout_.head_names
  std::vector<DeviceRecord> devices_;
  std::vector<HostRecord> hosts_;
  std::vector<LinkRecord> links_;
  double sim_time_s_ = 0;
  double wall_time_s_ = 0;
  EventLog events_;
  std::vector<LinkWindowRecord> link_windows_;
};

}  // namespace hybridfog

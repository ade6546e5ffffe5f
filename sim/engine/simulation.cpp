#include "engine/simulation.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <spdlog/spdlog.h>
#include <xbt/log.h>

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>

#include "core/number_format.hpp"
#include "cost/cost_model.hpp"
#include "core/random.hpp"
#include "engine/availability.hpp"
#include "engine/dynamics.hpp"
#include "engine/host_observations.hpp"
#include "engine/maestro_activities.hpp"
#include "engine/send_queue.hpp"
#include "engine/mobility.hpp"
#include "engine/servers.hpp"
#include "engine/stage_plan.hpp"
#include "engine/tcp_connections.hpp"  // network.tcp
#include "engine/workload.hpp"
#include "metrics/link_meter.hpp"
#include "metrics/radio_meter.hpp"
#include "platform/platform_builder.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {

namespace {

enum class Pending : std::uint8_t { none, exec, forward, answer };


struct Sample {
  std::uint64_t id = 0;
  int device = 0;
  int row = 0;
  int stage = 0;
  int host = 0;       // host holding the sample
  int next_host = 0;  // destination of the transfer in flight
  int exit_head = -1;
  Pending pending = Pending::none;
  double arrival_s = 0;
  double phase_start_s = 0;
  double compute_s = 0, queue_s = 0, send_queue_s = 0, transfer_s = 0, bytes_sent = 0;
  double transfer_bytes = 0;  // payload of the transfer in flight
  bool on_radio = false;      // the transfer in flight uses the device's radio (its access link)
  bool upload = false;        // ... from the device
  double radio_token = 0;     // RadioMeter token of that transfer
  double host_dynamic_j = 0, compute_j = 0, radio_j = 0, network_j = 0;  // energy caused so far
  double batch_wait_s = 0;  // part of queue_s spent waiting for a batch to form
  int batch_size = 1;       // size of the last batch it was computed in
  // The execution it owns (DVFS hosts): full-speed seconds of work not yet accounted, dynamic energy so far.
  double exec_work_left_s = 0, exec_dynamic_j = 0;
  sg4::ActivityPtr activity;
  // Failures and recovery (docs/formats.md, "Failures and recovery").
  bool alive = false;     // between its arrival and its record
  bool lost = false;      // its work was lost: the device notices at detection time
  int batch = -1;         // the batch whose execution it is part of, -1 otherwise
  int device_head = -1;   // deepest exit head it passed on its device (the fallback answer)
  int lost_tier = -1;     // tier of the host (or transfer destination) its work was lost on
  double lost_at_s = 0;
  int losses = 0, retries = 0;
  double recovery_wait_s = 0;
  SampleRecord::Outcome outcome = SampleRecord::Outcome::completed;
  // Policies that see the network (HostObservations): the host that first sent it onward, when, when that
  // upload was delivered and its compute + queue seconds then; the last exit head computed on its device
  // (device_head, above) and when (the answer at its deadline, on_late: fallback); the threshold of its last
  // decision.
  int offloaded_by = -1;
  double offload_start_s = 0, upload_done_s = -1, busy_at_upload_s = 0;
  double device_head_s = 0;
  double threshold = std::numeric_limits<double>::quiet_NaN();
  // Wireless access (docs/architecture.md, "Wireless access and mobility").
  int link_site = -1;         // the transfer in flight goes through its device's station at this site (-1: wired)
  int origin_site = -1;       // the device's association at arrival (-1: out of coverage)
  int handovers_before = 0;   // its device's handovers at arrival
  double coverage_wait_s = 0;  // time its transfers waited for the device's link
};

// A device's link under a wireless access: its association, when it is usable, the samples waiting for it
// and the transfers in flight over it.
struct DeviceLink {
  int site = -1;          // associated site, -1 out of coverage
  int level = -1;         // rate level at that site
  double ready_s = 0;     // usable from this time on (a handover or re-association delays it)
  std::vector<int> waiting;    // samples whose transfer waits for the link (their sending flow released)
  std::vector<int> in_flight;  // samples whose transfer is on the link now
  simgrid::kernel::timer::Timer* ready_timer = nullptr;
  int handovers = 0, reassociations = 0, interrupted = 0, given_up = 0;
  double out_since_s = -1;  // when coverage was lost (-1: covered)
  double out_of_coverage_s = 0;
};

class Simulation {
 public:
  Simulation(const ScenarioSpec& spec, Recorder& recorder, const SimulationOptions& options,
             std::chrono::steady_clock::time_point start)
      : spec_(spec), recorder_(recorder), options_(options), start_(start) {}

  void run(sg4::Engine& engine);
  // Host and link figures at the end of the run, handed to the recorder.
  void report(double wall_time_s);

 private:
  // Workload.
  void schedule_next_arrival();
  void on_arrival(int device);

  // Sample lifecycle.
  void enter_stage(int id, double bytes_in);
  void run_stage(int id);
  // Executions: owned by a sample (owner >= 0) or a batch (owner < 0, batch -1 - owner).
  void start_exec(int owner);
  void on_exec_done(int owner, double now);
  void add_to_batch(int id);
  void release_batch(int batch);
  // DVFS: the host's state, with the energy of running executions accounted up to now in the old one.
  void set_pstate(int host, int pstate);
  void account_dvfs(int host, int owner, double remaining_work_s);
  void maybe_raise_pstate(int host);
  void maybe_schedule_lower_pstate(int host);
  const HostClassSpec& host_class(int host) const {
    const BuiltHost& h = platform_.hosts[host];
    return spec_.platform.tiers[h.tier].classes[h.host_class];
  }
  void after_compute(int id);
  // The policy's decision with a PolicyContext (policies that ask for one), and what the host learns.
  Decision decide_in_context(int id, const HeadInfo& info);
  double deadline_s(int device) const {
    const auto& by_class = spec_.workload.deadline_s_by_class;
    return by_class.empty() ? std::numeric_limits<double>::infinity()
                            : by_class[platform_.hosts[platform_.device_host[device]].host_class];
  }
  void queue_changed(int host) {
    if (observations_ && observations_->keeps_queues()) {
      const ServerState& server = (*servers_)[host];
      observations_->queue_changes(host, sg4::Engine::get_clock(), server.busy_cores + static_cast<int>(server.fifo.size()));
    }
  }
  void deliver(int id);
  void finish(int id);
  SampleRecord record_of(int id) const;  // the sample's record as of now
  void after_sample_gone();              // a sample finished or was given up
  // A transfer goes through the sending host's send queue: start_transfer() asks for a flow, and
  // launch_transfer() puts it on the network when it has one (at once, or when an earlier one ends).
  void start_transfer(int id, int from, int to, double bytes, Pending kind);
  void launch_transfer(int id);
  void start_flow(int id, sg4::Host* from, sg4::Host* to, double bytes);  // network.tcp: the comm itself
  void on_completion(int id);
  // A transfer from `host` ended at `now`: the first transfer waiting in its send queue starts.
  void next_in_send_queue(int host, double now);
  void account_transfer(int id, double now);
  // Radio tails are charged after the fact: a sample that owns the open tail of its device when it
  // finishes waits in parked_ until that tail ends (its record is written then).
  void charge_tail(const RadioMeter::TailCharge& charge);
  void record_or_park(int id, const SampleRecord& record);
  void emit(SampleRecord record);  // fills energy_j, hands the record to the recorder

  // Takes a just-created activity off maestro's activity list (engine/maestro_activities.hpp).
  void release_from_maestro(const sg4::Activity& activity) {
    if (!maestro_activities_) maestro_activities_.emplace(std::getenv("HYBRIDFOG_KEEP_MAESTRO_LIST") == nullptr);
    maestro_activities_->release(activity);
  }

  int allocate_sample();
  void release_sample(int id);
  void maybe_report_progress();

  // Wireless access and mobility (all of it idle without links.access.wifi).
  bool wireless() const { return mobility_.has_value(); }
  int device_site(int device) const {  // where the device's new work is dispatched
    return wireless() && device_links_[device].site >= 0 ? device_links_[device].site : platform_.device_site[device];
  }
  void schedule_mobility();
  void on_mobility_change(const MobilityTracker::Change& change, double now);
  // A transfer with a device end found the device's link unusable: it waits, or is given up.
  void park_transfer(int id, int device, double now);
  void resume_device(int device, double now);
  void interrupt_transfer(int id, double now);
  void give_up_out_of_coverage(int id);  // its device has no link (mobility.out_of_coverage)
  void maybe_end_mobility();
  BuiltPlatform::Route transfer_route(const Sample& s) const {
    if (s.link_site < 0) return platform_.route(s.host, s.next_host);
    return platform_.wireless_route(s.link_site, platform_.hosts[s.host].tier == 0 ? s.next_host : s.host);
  }
  // Failures (docs/formats.md, "Failures and recovery"): hosts and links go down and up at the instants of
  // their availability timelines; the work a failure takes with it is accounted up to that instant and
  // the sample is lost until its device notices (detection timeout), then recovered by the policy.
  void setup_failures();
  void schedule_failure_step(int source);
  void apply_availability(int source, bool up);
  void fail_host(int host, double now, std::vector<int>& lost);
  void fail_link(int link, double now, std::vector<int>& lost);
  // A transfer in flight stops at `now` having carried `carried_bytes` of its payload.
  void cut_transfer(int id, double now, double carried_bytes);
  // The exec (or batch) `owner` on `host` stops at `now` with `remaining_s` of full-speed work not done.
  void cut_exec(int owner, int host, double now, double remaining_s);
  void lose(int id, double now, int tier);
  void on_transfer_failed(int id, double remaining_bytes);
  void detect_later(std::vector<int> ids, double now);
  void recover(int id);
  void give_up(int id);
  bool run_over() const { return workload_->done() && free_samples_.size() == samples_.size(); }
  // Every sample left waits out of coverage for a device that will never move again: given up at the end.
  bool stranded() const;
  void stop_failure_timers();

  const ScenarioSpec& spec_;
  Recorder& recorder_;
  const SimulationOptions& options_;
  BuiltPlatform platform_;
  std::vector<Stage> stages_;
  std::vector<int> stage_tier_;
  std::vector<bool> last_exit_before_last_tier_;
  // Decision::escalate from stage k jumps to escalate_to_[k] (first stage on the last tier after k),
  // carrying escalate_bytes_[k] (checked possible by the scenario for policies that escalate).
  std::vector<int> escalate_to_;
  std::vector<double> escalate_bytes_;
  // stage_seconds_[stage][tier class], stage_energy_[stage][tier class]
  std::vector<std::vector<double>> stage_seconds_, stage_energy_j_;
  std::vector<std::vector<double>> stage_dynamic_j_;  // (busy - idle power per core) x seconds
  std::optional<RadioMeter> radio_;
  std::vector<std::optional<SampleRecord>> parked_;   // per device
  std::vector<Batch> batches_;
  std::vector<int> free_batches_;
  std::unordered_map<std::int64_t, int> open_batch_;  // host * stages + stage -> open batch
  std::vector<sg4::ActivityPtr> batch_activity_;       // per batch slot: its execution
  std::vector<double> batch_work_left_s_, batch_dynamic_j_;
  // Pending timers that must not outlive their purpose (a pending timer would extend the run): a batch's
  // max_wait (per batch slot) and an ondemand governor's "lower the state" (per host).
  std::vector<simgrid::kernel::timer::Timer*> batch_timer_, lower_timer_;
  std::optional<Servers> servers_;
  std::optional<SendQueues> send_queues_;
  std::optional<LinkMeter> link_meter_;
  std::optional<TcpConnections> tcp_;  // network.tcp (engine/tcp_connections.hpp); absent by default
  std::optional<Workload> workload_;
  struct FailureSource {
    AvailabilityTimeline timeline;
    std::vector<int> hosts, links;
    std::string subject;  // events.csv: "tier/class" or a link class (scheduled), a host or link name (random)
  };
  std::vector<FailureSource> failure_sources_;
  std::vector<simgrid::kernel::timer::Timer*> failure_timer_;  // per source: its next change
  std::vector<double> host_down_since_, host_down_s_;          // per host: -1 when up; time down so far
  int first_remote_stage_ = -1;       // where a retried sample starts again from its device
  int failure_escalate_stage_ = -1;   // where an escalated one goes (the last tier), -1: not possible
  double failure_escalate_bytes_ = 0;
  // Policies that see the network only (ExitPolicy::context_needs); empty otherwise.
  ContextNeeds needs_;
  std::optional<HostObservations> observations_;
  std::vector<std::unique_ptr<PolicyState>> policy_state_;  // per host, created at its first decision
  std::vector<double> remaining_compute_s_;                 // per stage: seconds of every later stage
  int last_tier_ = 0;

  std::vector<Sample> samples_;
  std::vector<int> free_samples_;
  std::vector<sg4::ActivityPtr> finished_activities_;
  std::optional<MaestroActivities> maestro_activities_;

  std::uint64_t next_id_ = 0;
  std::uint64_t finished_ = 0;
  std::uint64_t expected_ = 0;
  std::chrono::steady_clock::time_point start_, last_progress_;
  std::uint64_t time_steps_ = 0;
  std::optional<MobilityTracker> mobility_;
  std::vector<DeviceLink> device_links_;
  simgrid::kernel::timer::Timer* mobility_timer_ = nullptr;
};

void Simulation::run(sg4::Engine& engine) {
  std::vector<std::vector<int>> station_sites;
  if (spec_.mobility) {
    const int per_site = spec_.platform.devices_per_site();
    std::vector<int> home(static_cast<size_t>(spec_.platform.device_count()));
    for (size_t d = 0; d < home.size(); ++d) home[d] = static_cast<int>(d) / per_site;
    mobility_.emplace(*spec_.platform.access->wifi, *spec_.mobility, home, spec_.seed);
    for (int d = 0; d < mobility_->devices(); ++d) station_sites.push_back(mobility_->reachable_sites(d));
  }
  platform_ = build_platform(spec_.platform, cost::kWorkUnitsPerSecond, station_sites,
                             spec_.network_model == NetworkModel::ns3 ? PlatformShape::one_hop  // network.model: ns-3
                                                                     : PlatformShape::zones);
  if (wireless()) {
    device_links_.resize(static_cast<size_t>(mobility_->devices()));
    for (int d = 0; d < mobility_->devices(); ++d) {
      DeviceLink& link = device_links_[d];
      link.site = mobility_->site(d);
      link.level = mobility_->level(d);
      if (link.site < 0) link.out_since_s = 0;
      else platform_.links[platform_.wifi_link[link.site]].link->set_host_wifi_rate(platform_.station(d, link.site), link.level);
    }
  }
  servers_.emplace(platform_);
  std::vector<int> send_flows;
  send_flows.reserve(platform_.hosts.size());
  for (const BuiltHost& host : platform_.hosts) send_flows.push_back(spec_.platform.tiers[host.tier].send_flows);
  send_queues_.emplace(send_flows);
  for (size_t h = 0; h < platform_.hosts.size(); ++h) {
    const HostClassSpec& c = host_class(static_cast<int>(h));
    if (c.pstates.size() < 2) continue;
    const int initial = c.governor.kind == HostClassSpec::Governor::Kind::fixed ? c.governor.pstate
                                                                                : static_cast<int>(c.pstates.size()) - 1;
    platform_.hosts[h].host->set_pstate(static_cast<unsigned long>(initial));
    (*servers_)[static_cast<int>(h)].pstate = initial;
  }
  link_meter_.emplace(platform_.links.size(), spec_.outputs.utilization_window_s);
  if (spec_.tcp) tcp_.emplace(*spec_.tcp, spec_.tcp_window_bytes, platform_);  // network.tcp

  // Stages, where decisions lead, and their cost on every host class of their tier.
  StagePlan plan = build_stage_plan(spec_);
  stages_ = std::move(plan.stages);
  stage_tier_ = std::move(plan.stage_tier);
  last_exit_before_last_tier_ = std::move(plan.last_exit_before_last_tier);
  escalate_to_ = std::move(plan.escalate_to);
  escalate_bytes_ = std::move(plan.escalate_bytes);
  stage_seconds_ = std::move(plan.seconds);
  stage_energy_j_ = std::move(plan.energy_j);
  stage_dynamic_j_ = std::move(plan.dynamic_j);
  needs_ = spec_.exit_policy->context_needs();
  if (needs_.context) {
    observations_.emplace(static_cast<int>(platform_.hosts.size()), needs_);
    policy_state_.resize(platform_.hosts.size());
    last_tier_ = stage_tier_.back();
    remaining_compute_s_.assign(stages_.size(), 0.0);
    for (int k = static_cast<int>(stages_.size()) - 2; k >= 0; --k)
      remaining_compute_s_[k] = remaining_compute_s_[k + 1] + stage_seconds_[k + 1].front();
  }

  // Workload streams: one per device for arrivals, one for the order of trace rows.
  workload_.emplace(spec_.workload, spec_.seed, static_cast<int>(platform_.device_host.size()), spec_.trace.rows(),
                    device_classes(spec_.platform));
  expected_ = expected_samples(spec_);
  if (spec_.platform.access && spec_.platform.access->radio) {
    const RadioSpec& r = *spec_.platform.access->radio;
    const int devices = static_cast<int>(platform_.device_host.size());
    radio_.emplace(RadioPowers{r.transmit_power_w, r.receive_power_w, r.idle_power_w, r.tail_s, r.tail_power_w}, devices);
    parked_.assign(devices, std::nullopt);
  }

  sg4::Activity::on_completion_cb([this](sg4::Activity const& activity) {
    // Tags (start_transfer, start_exec): sample id + 1 (> 0), or a batch's owner id (< 0).
    const auto tag = reinterpret_cast<std::intptr_t>(activity.get_data<void>());
    if (activity.get_state() == sg4::Activity::State::FAILED) {
      // A transfer through a link that went down (work lost to a host failure is detached beforehand).
      if (tag > 0) on_transfer_failed(static_cast<int>(tag - 1), activity.get_remaining());
      return;
    }
    if (tag > 0) on_completion(static_cast<int>(tag - 1));
    if (tag < 0) on_exec_done(static_cast<int>(tag), sg4::Engine::get_clock());
  });
  // An activity may only be released once SimGrid is done with it: after time moved on.
  sg4::Engine::on_time_advance_cb([this](double) {
    finished_activities_.clear();
    // Progress and the wall-time limit are looked at every 1024 steps of simulated time as well as every
    // 4096 finished samples: an overloaded run may finish few samples for a long time.
    if ((++time_steps_ & 1023) == 0) maybe_report_progress();
  });

  if (spec_.failures.any) setup_failures();
  last_progress_ = std::chrono::steady_clock::now();
  schedule_next_arrival();
  if (wireless()) schedule_mobility();
  engine.run();
  finished_activities_.clear();
  if (wireless()) {
    // The run ended with samples still waiting for a link that never came back: given up at the end.
    const double end = sg4::Engine::get_clock();
    for (int d = 0; d < static_cast<int>(device_links_.size()); ++d) {
      std::vector<int> waiting;
      waiting.swap(device_links_[d].waiting);
      for (int id : waiting) {
        samples_[id].coverage_wait_s += end - samples_[id].phase_start_s;
        give_up_out_of_coverage(id);
      }
    }
  }
  if (maestro_activities_) {
    if (maestro_activities_->active())
      spdlog::debug("maestro activity list: {} activities taken off", maestro_activities_->released());
    else
      spdlog::debug("maestro activity list: left as SimGrid keeps it ({})", maestro_activities_->why_off());
  }
  if (radio_)
    for (const auto& charge : radio_->close_tails()) charge_tail(charge);
}

void Simulation::set_pstate(int host, int pstate) {
  ServerState& server = (*servers_)[host];
  if (server.pstate == pstate) return;
  for (int owner : server.running) {
    const sg4::ActivityPtr& activity = owner >= 0 ? samples_[owner].activity : batch_activity_[-1 - owner];
    account_dvfs(host, owner, activity->get_remaining() / cost::kWorkUnitsPerSecond);
  }
  platform_.hosts[host].host->set_pstate(static_cast<unsigned long>(pstate));
  server.pstate = pstate;
}

// Energy above idle of the work done since the last accounting, in the host's current state: a core
// doing w seconds of full-speed work at speed f for (busy - idle) W draws (busy - idle) / f * w joules.
void Simulation::account_dvfs(int host, int owner, double remaining_work_s) {
  const auto& state = host_class(host).pstates[(*servers_)[host].pstate];
  const double per_work_s = (state.busy_power_per_core_w - state.idle_power_per_core_w) / state.speed;
  double& left = owner >= 0 ? samples_[owner].exec_work_left_s : batch_work_left_s_[-1 - owner];
  double& dynamic = owner >= 0 ? samples_[owner].exec_dynamic_j : batch_dynamic_j_[-1 - owner];
  dynamic += per_work_s * (left - remaining_work_s);
  left = remaining_work_s;
}

void Simulation::maybe_raise_pstate(int host) {
  const HostClassSpec& c = host_class(host);
  if (c.governor.kind != HostClassSpec::Governor::Kind::ondemand) return;
  const ServerState& server = (*servers_)[host];
  const int cores = platform_.hosts[host].host->get_core_count();
  const int waiting = spec_.discipline == ServerDiscipline::fifo
                          ? static_cast<int>(server.fifo.size())
                          : std::max(0, static_cast<int>(server.running.size()) - cores);
  if (waiting >= c.governor.up_queue) set_pstate(host, 0);
}

void Simulation::maybe_schedule_lower_pstate(int host) {
  const HostClassSpec& c = host_class(host);
  ServerState& server = (*servers_)[host];
  if (c.governor.kind != HostClassSpec::Governor::Kind::ondemand || server.busy_cores > 0 || !server.fifo.empty()) return;
  const int slowest = static_cast<int>(c.pstates.size()) - 1;
  if (c.governor.down_after_s <= 0) {
    set_pstate(host, slowest);
    return;
  }
  if (lower_timer_.empty()) lower_timer_.assign(platform_.hosts.size(), nullptr);
  if (lower_timer_[host]) lower_timer_[host]->remove();
  lower_timer_[host] = simgrid::kernel::timer::Timer::set(sg4::Engine::get_clock() + c.governor.down_after_s,
                                                          [this, host, slowest]() {
                                                            lower_timer_[host] = nullptr;
                                                            set_pstate(host, slowest);
                                                          });
}

void Simulation::report(double wall_time_s) {
  sg_host_energy_update_all();
  const double sim_time = sg4::Engine::get_clock();
  std::vector<HostRecord> hosts;
  for (size_t h = 0; h < platform_.hosts.size(); ++h) {
    const BuiltHost& built = platform_.hosts[h];
    const TierSpec& tier = spec_.platform.tiers[built.tier];
    HostRecord record;
    record.name = built.host->get_name();
    record.tier = tier.name;
    record.host_class = tier.classes[built.host_class].name;
    record.site = built.site;
    record.cores = built.host->get_core_count();
    record.energy_j = sg_host_get_consumed_energy(built.host);
    // A host that was down (failures) drew nothing meanwhile: its idle floor counts the time it was up.
    double up_s = sim_time;
    if (!host_down_s_.empty())
      up_s -= host_down_s_[h] + (host_down_since_[h] >= 0 ? sim_time - host_down_since_[h] : 0.0);
    record.idle_energy_j = record.cores * tier.classes[built.host_class].idle_power_per_core_w * up_s;
    if (radio_ && built.device >= 0) {
      record.radio_idle_energy_j = radio_->idle_energy_j(sim_time);
      record.radio_energy_j = *record.radio_idle_energy_j + radio_->device_energy_above_idle_j(built.device);
    }
    const ServerState& server = (*servers_)[static_cast<int>(h)];
    record.busy_core_s = server.busy_core_s;
    record.compute_energy_j = server.compute_energy_j;
    record.executions = server.executions;
    hosts.push_back(record);
  }
  std::vector<LinkRecord> links;
  for (size_t l = 0; l < platform_.links.size(); ++l) {
    const BuiltLink& built = platform_.links[l];
    LinkRecord record = link_meter_->record(l, built.name, built.link_class, built.spec->bandwidth_bytes_per_s,
                                            built.spec->latency_s, built.spec->energy_per_bit_j, sim_time);
    links.push_back(record);
  }
  if (wireless()) {
    std::vector<DeviceRecord> devices;
    for (int d = 0; d < static_cast<int>(device_links_.size()); ++d) {
      const DeviceLink& link = device_links_[d];
      DeviceRecord record;
      record.device = d;
      record.host = platform_.hosts[platform_.device_host[d]].host->get_name();
      record.home_site = platform_.device_site[d];
      record.final_site = link.site;
      record.handovers = link.handovers;
      record.reassociations = link.reassociations;
      record.out_of_coverage_s = link.out_of_coverage_s + (link.out_since_s >= 0 ? sim_time - link.out_since_s : 0.0);
      record.interrupted_transfers = link.interrupted;
      record.given_up = link.given_up;
      devices.push_back(record);
    }
    recorder_.set_devices(std::move(devices));
  }
  if (spec_.outputs.events) log_profile_steps(spec_.platform, sim_time, recorder_.events());
  if (spec_.outputs.link_windows) recorder_.set_link_windows(link_window_rows(spec_.platform, platform_, *link_meter_, sim_time));
  recorder_.finish(std::move(hosts), std::move(links), sim_time, wall_time_s);
}

void Simulation::schedule_next_arrival() {
  if (workload_->done()) return;
  simgrid::kernel::timer::Timer::set(workload_->next_time(), [this]() {
    on_arrival(workload_->take_next());
    schedule_next_arrival();
  });
}

int Simulation::allocate_sample() {
  if (free_samples_.empty()) {
    samples_.emplace_back();
    return static_cast<int>(samples_.size()) - 1;
  }
  const int id = free_samples_.back();
  free_samples_.pop_back();
  return id;
}

void Simulation::release_sample(int id) {
  samples_[id] = Sample{};
  free_samples_.push_back(id);
}

void Simulation::on_arrival(int device) {
  const int row = workload_->trace_row(next_id_);
  const int id = allocate_sample();
  Sample& s = samples_[id];
  s.id = next_id_++;
  s.device = device;
  s.row = row;
  s.stage = 0;
  s.host = platform_.device_host[device];
  s.arrival_s = sg4::Engine::get_clock();
  if (wireless()) {
    s.origin_site = device_links_[device].site;
    s.handovers_before = device_links_[device].handovers;
  }
  s.alive = true;
  enter_stage(id, stages_[0].bytes_in);
}

void Simulation::enter_stage(int id, double bytes_in) {
  Sample& s = samples_[id];
  const int tier = stage_tier_[s.stage];
  if (platform_.hosts[s.host].tier == tier) {
    run_stage(id);
    return;
  }
  const int site = device_site(s.device);
  const int target = tier == 0 ? platform_.device_host[s.device] : servers_->dispatch(tier, site);
  if (target < 0) {  // every host of that tier within reach is down: the sample cannot go on
    const double now = sg4::Engine::get_clock();
    lose(id, now, tier);
    detect_later({id}, now);
    return;
  }
  servers_->assign(target);
  servers_->leave(s.host);
  start_transfer(id, s.host, target, bytes_in, Pending::forward);
}

void Simulation::start_transfer(int id, int from, int to, double bytes, Pending kind) {
  Sample& s = samples_[id];
  s.pending = kind;
  s.next_host = to;
  s.phase_start_s = sg4::Engine::get_clock();
  s.bytes_sent += bytes;
  s.transfer_bytes = bytes;
  if (send_queues_->request(from, id)) launch_transfer(id);
}

void Simulation::launch_transfer(int id) {
  Sample& s = samples_[id];
  const int from = s.host;
  s.phase_start_s = sg4::Engine::get_clock();
  s.link_site = -1;
  sg4::Host* from_host = platform_.hosts[from].host;
  sg4::Host* to_host = platform_.hosts[s.next_host].host;
  if (wireless() && (platform_.hosts[from].tier == 0 || platform_.hosts[s.next_host].tier == 0)) {
    DeviceLink& link = device_links_[s.device];
    if (link.site < 0 || s.phase_start_s < link.ready_s) {
      s.bytes_sent -= s.transfer_bytes;  // counted again when it is sent
      park_transfer(id, s.device, s.phase_start_s);
      return;
    }
    // An upload goes to a server of the site the device is associated with now.
    const BuiltHost& target = platform_.hosts[s.next_host];
    if (platform_.hosts[from].tier == 0 && target.site >= 0 && target.site != link.site &&
        spec_.platform.tiers[target.tier].scope == TierScope::site) {
      servers_->leave(s.next_host);
      s.next_host = servers_->dispatch(target.tier, link.site);
      servers_->assign(s.next_host);
    }
    s.link_site = link.site;
    sg4::Host* station = platform_.station(s.device, link.site);
    if (!station)  // reachable_sites covers every site the tracker can associate a device with
      throw std::logic_error("device " + std::to_string(s.device) + " has no station at site " + std::to_string(link.site));
    if (platform_.hosts[from].tier == 0) {
      from_host = station;
      to_host = platform_.hosts[s.next_host].host;
    } else {
      to_host = station;
    }
    link.in_flight.push_back(id);
  }
  const int to = s.next_host;
  s.on_radio = radio_ && (platform_.hosts[from].tier == 0 || platform_.hosts[to].tier == 0);
  if (s.on_radio) {
    s.upload = platform_.hosts[from].tier == 0;
    RadioMeter::TailCharge cut;
    s.radio_token = radio_->begin(s.device, s.upload, s.phase_start_s, &cut);
    charge_tail(cut);
  }
  // network.tcp (engine/tcp_connections.hpp): the handshake and slow-start rounds first, then the rest of
  // the payload as one flow. Without network.tcp the flow carries the whole payload at once.
  if (tcp_) {
    const TcpConnections::Start tcp = tcp_->begin(from, to, s.transfer_bytes, s.phase_start_s, s.pending == Pending::answer);
    if (tcp.delay_s > 0) {
      simgrid::kernel::timer::Timer::set(s.phase_start_s + tcp.delay_s, [this, id, from_host, to_host, bytes = tcp.bytes]() {
        start_flow(id, from_host, to_host, bytes);
      });
      return;
    }
    start_flow(id, from_host, to_host, tcp.bytes);
    return;
  }
  start_flow(id, from_host, to_host, s.transfer_bytes);
}

void Simulation::start_flow(int id, sg4::Host* from, sg4::Host* to, double bytes) {
  sg4::CommPtr comm = sg4::Comm::sendto_init(from, to);
  comm->set_payload_size(static_cast<std::uint64_t>(bytes));
  comm->set_data(reinterpret_cast<void*>(static_cast<std::uintptr_t>(id) + 1));
  comm->start();
  release_from_maestro(*comm);
  samples_[id].activity = comm;
}

void Simulation::account_transfer(int id, double now) {
  Sample& s = samples_[id];
  if (s.on_radio) {
    const double radio_j = radio_->end(s.device, s.upload, s.radio_token, now, id);
    s.radio_j += radio_j;
    if (observations_) observations_->energy(platform_.device_host[s.device], radio_j);
  }
  if (s.link_site >= 0) {
    auto& flying = device_links_[s.device].in_flight;
    flying.erase(std::find(flying.begin(), flying.end(), id));
  }
  if (tcp_) tcp_->end(s.host, s.next_host, now);  // network.tcp: the connection is idle from here
  const BuiltPlatform::Route route = transfer_route(s);
  link_meter_->add_transfer(route.begin(), route.end(), s.transfer_bytes, s.phase_start_s, now);
  for (int link : route)
    if (const auto& per_bit = platform_.links[link].spec->energy_per_bit_j) s.network_j += s.transfer_bytes * 8.0 * *per_bit;
}

void Simulation::run_stage(int id) {
  Sample& s = samples_[id];
  const int host_class_index = platform_.hosts[s.host].host_class;
  if (stage_seconds_[s.stage][host_class_index] == 0) {
    after_compute(id);
    return;
  }
  const auto& batching = host_class(s.host).batching;
  if (batching && batching->max_size > 1) {
    add_to_batch(id);
    return;
  }
  ServerState& host = (*servers_)[s.host];
  const int cores = platform_.hosts[s.host].host->get_core_count();
  s.phase_start_s = sg4::Engine::get_clock();
  if (spec_.discipline == ServerDiscipline::fifo && host.busy_cores >= cores) {
    host.fifo.push_back(id);
    queue_changed(s.host);
    maybe_raise_pstate(s.host);
    return;
  }
  start_exec(id);
}

void Simulation::add_to_batch(int id) {
  Sample& s = samples_[id];
  const std::int64_t key = static_cast<std::int64_t>(s.host) * static_cast<std::int64_t>(stages_.size()) + s.stage;
  const double now = sg4::Engine::get_clock();
  s.phase_start_s = now;  // waiting (for the batch, then for a core) is queue time
  const auto& batching = *host_class(s.host).batching;
  auto it = open_batch_.find(key);
  int b;
  if (it == open_batch_.end()) {
    if (free_batches_.empty()) {
      batches_.emplace_back();
      batch_activity_.emplace_back();
      batch_work_left_s_.push_back(0);
      batch_dynamic_j_.push_back(0);
      batch_timer_.push_back(nullptr);
      b = static_cast<int>(batches_.size()) - 1;
    } else {
      b = free_batches_.back();
      free_batches_.pop_back();
    }
    Batch& batch = batches_[b];
    batch.samples.clear();
    batch.host = s.host;
    batch.stage = s.stage;
    open_batch_.emplace(key, b);
    batch_timer_[b] = simgrid::kernel::timer::Timer::set(now + batching.max_wait_s, [this, b]() {
      batch_timer_[b] = nullptr;
      release_batch(b);
    });
  } else {
    b = it->second;
  }
  batches_[b].samples.push_back(id);
  if (static_cast<int>(batches_[b].samples.size()) >= batching.max_size) release_batch(b);
}

void Simulation::release_batch(int b) {
  Batch& batch = batches_[b];
  if (batch_timer_[b]) {  // released full, before its max_wait
    batch_timer_[b]->remove();
    batch_timer_[b] = nullptr;
  }
  open_batch_.erase(static_cast<std::int64_t>(batch.host) * static_cast<std::int64_t>(stages_.size()) + batch.stage);
  const double now = sg4::Engine::get_clock();
  for (int id : batch.samples) {
    samples_[id].batch_wait_s += now - samples_[id].phase_start_s;
    samples_[id].batch_size = static_cast<int>(batch.samples.size());
  }
  ServerState& host = (*servers_)[batch.host];
  const int cores = platform_.hosts[batch.host].host->get_core_count();
  if (spec_.discipline == ServerDiscipline::fifo && host.busy_cores >= cores) {
    host.fifo.push_back(-1 - b);
    queue_changed(batch.host);
    maybe_raise_pstate(batch.host);
    return;
  }
  start_exec(-1 - b);
}

void Simulation::start_exec(int owner) {
  const bool single = owner >= 0;
  const int lead = single ? owner : batches_[-1 - owner].samples.front();
  const int host_index = samples_[lead].host;
  const int stage = samples_[lead].stage;
  ServerState& host = (*servers_)[host_index];
  const HostClassSpec& c = host_class(host_index);
  const int host_class_index = platform_.hosts[host_index].host_class;
  const int n = single ? 1 : static_cast<int>(batches_[-1 - owner].samples.size());
  const double seconds =
      single ? stage_seconds_[stage][host_class_index] : stage_seconds_[stage][host_class_index] * c.batching->relative_time[n - 1];
  const double now = sg4::Engine::get_clock();
  ++host.busy_cores;
  ++host.executions;
  queue_changed(host_index);
  if (!lower_timer_.empty() && lower_timer_[host_index]) {  // work again: the host stays in its state
    lower_timer_[host_index]->remove();
    lower_timer_[host_index] = nullptr;
  }
  host.busy_core_s += seconds;
  const bool dvfs = c.pstates.size() > 1;
  const auto start_member = [&](int id) {
    Sample& s = samples_[id];
    s.batch = single ? -1 : -1 - owner;
    if (s.phase_start_s < now) s.queue_s += now - s.phase_start_s;
    s.phase_start_s = now;
    s.pending = Pending::exec;
    host.compute_energy_j += stage_energy_j_[stage][host_class_index];
    if (observations_) observations_->energy(host_index, stage_energy_j_[stage][host_class_index]);
    s.compute_j += stage_energy_j_[stage][host_class_index];
    // Without DVFS the dynamic energy is known now: (busy - idle) x seconds, shared by the batch.
    if (!dvfs) s.host_dynamic_j += single ? stage_dynamic_j_[stage][host_class_index] : stage_dynamic_j_[stage][host_class_index] * c.batching->relative_time[n - 1] / n;
  };
  if (single) {
    start_member(owner);
  } else {
    for (int id : batches_[-1 - owner].samples) start_member(id);
  }
  sg4::ExecPtr exec = sg4::Exec::init();
  release_from_maestro(*exec);
  exec->set_host(platform_.hosts[host_index].host);
  exec->set_flops_amount(seconds * cost::kWorkUnitsPerSecond);
  // The tag: owner + 1 for a sample (>= 1), owner for a batch (<= -1).
  exec->set_data(reinterpret_cast<void*>(static_cast<std::intptr_t>(single ? owner + 1 : owner)));
  exec->start();
  if (dvfs) {
    host.running.push_back(owner);
    (single ? samples_[owner].exec_work_left_s : batch_work_left_s_[-1 - owner]) = seconds;
    (single ? samples_[owner].exec_dynamic_j : batch_dynamic_j_[-1 - owner]) = 0;
  }
  (single ? samples_[owner].activity : batch_activity_[-1 - owner]) = exec;
  maybe_raise_pstate(host_index);
}

void Simulation::on_exec_done(int owner, double now) {
  const bool single = owner >= 0;
  const int lead = single ? owner : batches_[-1 - owner].samples.front();
  const int host_index = samples_[lead].host;
  ServerState& host = (*servers_)[host_index];
  const HostClassSpec& c = host_class(host_index);
  double dynamic = 0;
  if (c.pstates.size() > 1) {
    account_dvfs(host_index, owner, 0.0);
    dynamic = single ? samples_[owner].exec_dynamic_j : batch_dynamic_j_[-1 - owner];
    host.running.erase(std::find(host.running.begin(), host.running.end(), owner));
  }
  std::vector<int> members;
  if (single) {
    members.push_back(owner);
  } else {
    Batch& batch = batches_[-1 - owner];
    members.swap(batch.samples);
    finished_activities_.push_back(std::move(batch_activity_[-1 - owner]));
    free_batches_.push_back(-1 - owner);
  }
  const double n = static_cast<double>(members.size());
  for (int id : members) {
    Sample& s = samples_[id];
    s.pending = Pending::none;
    s.compute_s += now - s.phase_start_s;
    if (c.pstates.size() > 1) s.host_dynamic_j += dynamic / n;
  }
  --host.busy_cores;
  queue_changed(host_index);
  if (!host.fifo.empty()) {
    const int waiting = host.fifo.front();
    host.fifo.pop_front();
    start_exec(waiting);
  }
  maybe_schedule_lower_pstate(host_index);
  for (int id : members) after_compute(id);
}

void Simulation::on_completion(int id) {
  Sample& s = samples_[id];
  finished_activities_.push_back(std::move(s.activity));
  const double now = sg4::Engine::get_clock();
  const Pending kind = s.pending;
  s.pending = Pending::none;
  switch (kind) {
    case Pending::exec:
      on_exec_done(id, now);
      break;
    case Pending::forward:
      account_transfer(id, now);
      if (observations_) {
        observations_->transfer_done(s.host, s.transfer_bytes, s.phase_start_s, now);
        if (s.offloaded_by >= 0 && s.upload_done_s < 0) {
          s.upload_done_s = now;
          s.busy_at_upload_s = s.compute_s + s.queue_s;
        }
      }
      s.transfer_s += now - s.phase_start_s;
      next_in_send_queue(s.host, now);
      s.host = s.next_host;
      run_stage(id);
      break;
    case Pending::answer:
      account_transfer(id, now);
      if (observations_) observations_->transfer_done(s.host, s.transfer_bytes, s.phase_start_s, now);
      s.transfer_s += now - s.phase_start_s;
      next_in_send_queue(s.host, now);
      finish(id);
      break;
    case Pending::none:
      break;
  }
}

void Simulation::next_in_send_queue(int host, double now) {
  if (const std::optional<int> waiting = send_queues_->finish(host)) {
    samples_[*waiting].send_queue_s += now - samples_[*waiting].phase_start_s;
    launch_transfer(*waiting);
  }
}

void Simulation::after_compute(int id) {
  Sample& s = samples_[id];
  const Stage& stage = stages_[s.stage];
  if (stage.head >= 0 && stage_tier_[s.stage] == 0) s.device_head = stage.head;
  if (stage.head >= 0) {
    const bool final_head = stage.head + 1 == static_cast<int>(spec_.profile.heads.size());
    const HeadInfo info{stage.head, last_exit_before_last_tier_[s.stage]};
    const Decision decision = final_head      ? Decision::exit
                              : observations_ ? decide_in_context(id, info)
                                              : spec_.exit_policy->decide(spec_.trace, static_cast<size_t>(s.row), info);
    if (decision == Decision::exit) {
      s.exit_head = stage.head;
      deliver(id);
      return;
    }
    if (decision == Decision::escalate && escalate_to_[s.stage] > s.stage + 1) {
      const int from = s.stage;
      s.stage = escalate_to_[from];
      enter_stage(id, escalate_bytes_[from]);
      return;
    }
  }
  ++s.stage;
  enter_stage(id, stages_[s.stage].bytes_in);
}

Decision Simulation::decide_in_context(int id, const HeadInfo& info) {
  Sample& s = samples_[id];
  const double now = sg4::Engine::get_clock();
  const int tier = platform_.hosts[s.host].tier;
  if (tier == 0) {
    s.device_head = info.index;
    s.device_head_s = now;
  }
  PolicyContext context;
  context.now_s = now;
  context.age_s = now - s.arrival_s;
  context.deadline_s = deadline_s(s.device);
  context.deciding_host = s.host;
  context.on_device = tier == 0;
  context.remaining_compute_s = remaining_compute_s_[s.stage];
  const int next_tier = stage_tier_[s.stage + 1];
  int next_host = -1, next_cores = 1;
  if (next_tier != tier) {
    context.offload_bytes = stages_[s.stage + 1].bytes_in;
    next_host = next_tier == 0 ? platform_.device_host[s.device]
                               : servers_->dispatch(next_tier, platform_.device_site[s.device]);
    next_cores = platform_.hosts[next_host].host->get_core_count();
  }
  observations_->fill(context, s.host, next_host, next_cores, now);
  std::unique_ptr<PolicyState>& state = policy_state_[s.host];
  if (!state) state = spec_.exit_policy->new_state();
  const Decision decision =
      spec_.exit_policy->decide_in_context(spec_.trace, static_cast<size_t>(s.row), info, context, state.get());
  observations_->decided(s.host);
  if (state) s.threshold = state->threshold;
  if (decision != Decision::exit) {
    const bool skips = decision == Decision::escalate && escalate_to_[s.stage] > s.stage + 1;
    const int target = skips ? escalate_to_[s.stage] : s.stage + 1;
    if (stage_tier_[target] != tier) {
      if (stage_tier_[target] == last_tier_)
        observations_->sent_to_last_tier(s.host, skips ? escalate_bytes_[s.stage] : stages_[target].bytes_in);
      if (s.offloaded_by < 0) {
        s.offloaded_by = s.host;
        s.offload_start_s = now;
      }
    }
  }
  return decision;
}

void Simulation::deliver(int id) {
  Sample& s = samples_[id];
  if (platform_.hosts[s.host].tier == 0) {
    finish(id);
    return;
  }
  servers_->leave(s.host);
  start_transfer(id, s.host, platform_.device_host[s.device], spec_.workload.result_bytes, Pending::answer);
}

void Simulation::finish(int id) {
  const Sample& s = samples_[id];
  if (observations_ && s.outcome == SampleRecord::Outcome::completed && s.offloaded_by >= 0 && s.upload_done_s >= 0) {
    const double now = sg4::Engine::get_clock();
    const double rtt = (now - s.upload_done_s) - (s.compute_s + s.queue_s - s.busy_at_upload_s);
    observations_->offload_answered(s.offloaded_by, now - s.offload_start_s, rtt,
                                    now - s.arrival_s > deadline_s(s.device), now);
  }
  record_or_park(id, record_of(id));
  release_sample(id);
  after_sample_gone();
}

void Simulation::after_sample_gone() {
  // The last answer ends the run: a governor still waiting to lower a state, or devices still moving,
  // must not extend it.
  const bool idle = workload_->done() && free_samples_.size() == samples_.size();
  if (idle && !lower_timer_.empty())
    for (auto*& timer : lower_timer_)
      if (timer) {
        timer->remove();
        timer = nullptr;
      }
  if (idle && mobility_timer_) {
    mobility_timer_->remove();
    mobility_timer_ = nullptr;
  }
  if (idle && !failure_timer_.empty()) stop_failure_timers();
  ++finished_;
  if ((finished_ & 4095) == 0) maybe_report_progress();
}

SampleRecord Simulation::record_of(int id) const {
  const Sample& s = samples_[id];
  SampleRecord record;
  record.id = s.id;
  record.device = s.device;
  record.trace_row = s.row;
  record.dataset_sample = spec_.trace.sample[s.row];
  record.exit_head = s.exit_head;
  // A given-up sample has no answer: it counts as wrong (docs/outputs.md, "Failures and recovery").
  record.correct = s.exit_head >= 0 && spec_.trace.heads[s.exit_head].pred[s.row] == spec_.trace.label[s.row];
  record.outcome = s.outcome;
  record.losses = s.losses;
  record.retries = s.retries;
  record.recovery_wait_s = s.recovery_wait_s;
  record.arrival_s = s.arrival_s;
  record.finish_s = sg4::Engine::get_clock();
  record.compute_s = s.compute_s;
  record.queue_s = s.queue_s;
  record.send_queue_s = s.send_queue_s;
  record.transfer_s = s.transfer_s;
  record.bytes_sent = s.bytes_sent;
  record.host_dynamic_energy_j = s.host_dynamic_j;
  record.compute_energy_j = s.compute_j;
  record.radio_energy_j = s.radio_j;
  record.network_energy_j = s.network_j;
  record.batch_wait_s = s.batch_wait_s;
  record.batch_size = s.batch_size;
  record.policy_threshold = s.threshold;
  if (!spec_.workload.deadline_s_by_class.empty()) {
    // Deadlines (docs/outputs.md): an answer after the deadline is late, unless the policy asked for the
    // device's answer at the deadline (the last exit head it computed before then; the late answer is
    // discarded on arrival, this record keeps everything the sample caused).
    // A given-up sample (failures, lost coverage) has no answer: a miss. Only a completed sample falls back
    // at its deadline.
    record.deadline_s = deadline_s(s.device);
    const double due_s = s.arrival_s + record.deadline_s;
    const bool completed = s.outcome == SampleRecord::Outcome::completed;
    if (s.outcome == SampleRecord::Outcome::given_up) {
      record.late = true;
    } else if (record.finish_s > due_s) {
      if (completed && needs_.fallback_at_deadline && s.device_head >= 0 && s.device_head != s.exit_head &&
          s.device_head_s <= due_s) {
        record.fallback = true;
        record.exit_head = s.device_head;
        record.correct = spec_.trace.heads[s.device_head].pred[s.row] == spec_.trace.label[s.row];
        record.finish_s = due_s;
      } else {
        record.late = true;
      }
    }
  }
  if (wireless()) {
    record.origin_site = s.origin_site;
    record.handovers = device_links_[s.device].handovers - s.handovers_before;
    record.coverage_wait_s = s.coverage_wait_s;
  }
  return record;
}

void Simulation::record_or_park(int id, const SampleRecord& r) {
  const int device = samples_[id].device;
  if (radio_ && radio_->tail_owner(device) == id) {
    radio_->rename_owner(device, id, -2 - device);  // owner ids <= -2: the parked record of a device
    parked_[device] = r;
    return;
  }
  emit(r);
}

void Simulation::emit(SampleRecord r) {
  const bool analytic = spec_.outputs.compute_energy_view == ComputeEnergyView::analytic;
  r.energy_j = (analytic ? r.compute_energy_j : r.host_dynamic_energy_j) + r.radio_energy_j + r.network_energy_j;
  recorder_.record_sample(r);
}

void Simulation::charge_tail(const RadioMeter::TailCharge& charge) {
  if (charge.owner >= 0) {
    samples_[charge.owner].radio_j += charge.energy_j;
  } else if (charge.owner <= -2) {
    const int device = -2 - charge.owner;
    SampleRecord r = *parked_[device];
    parked_[device].reset();
    r.radio_energy_j += charge.energy_j;
    emit(r);
  }
}

void Simulation::maybe_report_progress() {
  if (!options_.progress && options_.max_wall_s <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (options_.max_wall_s > 0) {
    const double wall_s = std::chrono::duration<double>(now - start_).count();
    if (wall_s >= options_.max_wall_s) throw WallLimitReached(finished_, expected_, sg4::Engine::get_clock(), wall_s);
  }
  if (!options_.progress) return;
  if (std::chrono::duration<double>(now - last_progress_).count() < options_.progress_interval_s) return;
  last_progress_ = now;
  options_.progress(finished_, expected_, sg4::Engine::get_clock());
}

// ---- Wireless access and mobility (docs/architecture.md, "Wireless access and mobility") ----

// One kernel timer for the whole fleet, always set to the tracker's next time.
void Simulation::schedule_mobility() {
  const double next = mobility_->next_time();
  if (next == MobilityTracker::kNever) return;
  mobility_timer_ = simgrid::kernel::timer::Timer::set(next, [this, next]() {
    mobility_timer_ = nullptr;
    while (mobility_->next_time() <= next) on_mobility_change(mobility_->advance(), next);
    if (!(workload_->done() && free_samples_.size() == samples_.size())) schedule_mobility();
  });
}

void Simulation::on_mobility_change(const MobilityTracker::Change& change, double now) {
  const int d = change.device;
  DeviceLink& link = device_links_[d];
  const auto set_rate = [&] {
    platform_.links[platform_.wifi_link[link.site]].link->set_host_wifi_rate(platform_.station(d, link.site), link.level);
  };
  if (change.new_site == change.old_site) {
    // A new rate level applies to transfers that start from now on (SimGrid fixes a flow's share of the
    // medium when it starts).
    if (change.new_level != change.old_level && link.site >= 0) {
      link.level = change.new_level;
      set_rate();
    }
    return;
  }
  const int interrupted_before = link.interrupted, given_up_before = link.given_up;
  const double out_since_s = link.out_since_s;
  if (change.old_site >= 0 && change.new_site >= 0) ++link.handovers;
  if (change.new_site < 0) link.out_since_s = now;
  if (change.old_site < 0 && change.new_site >= 0) {
    ++link.reassociations;
    link.out_of_coverage_s += now - link.out_since_s;
    link.out_since_s = -1;
  }
  link.site = change.new_site;
  link.level = change.new_level;
  if (link.ready_timer) {
    link.ready_timer->remove();
    link.ready_timer = nullptr;
  }
  if (link.site >= 0) {
    set_rate();
    link.ready_s = now + spec_.mobility->handover_delay_s;
  }
  // Transfers on the old link stop; what they carried so far stays accounted, and they start again from
  // the beginning once the device has a link (or are given up, per mobility.out_of_coverage).
  std::vector<int> flying;
  flying.swap(link.in_flight);
  for (int id : flying) interrupt_transfer(id, now);
  if (link.site < 0 && spec_.mobility->out_of_coverage == MobilitySpec::OutOfCoverage::give_up) {
    std::vector<int> waiting;
    waiting.swap(link.waiting);
    for (int id : waiting) give_up_out_of_coverage(id);
  } else if (link.site >= 0 && !link.waiting.empty() && !link.ready_timer) {
    if (link.ready_s <= now) {
      resume_device(d, now);
    } else {
      link.ready_timer = simgrid::kernel::timer::Timer::set(link.ready_s, [this, d]() {
        device_links_[d].ready_timer = nullptr;
        resume_device(d, sg4::Engine::get_clock());
      });
    }
  }
  if (spec_.outputs.events) {  // docs/outputs.md, "events.csv"
    const std::string interrupted = "interrupted_transfers=" + std::to_string(link.interrupted - interrupted_before);
    const std::string subject = platform_.hosts[platform_.device_host[d]].host->get_name();
    if (change.old_site >= 0 && change.new_site >= 0)
      recorder_.events().add(now, "handover", subject,
                             "from_site=" + std::to_string(change.old_site) + ";to_site=" + std::to_string(change.new_site) +
                                 ";usable_at_s=" + format_number(link.ready_s) + ";" + interrupted);
    else if (change.new_site < 0)
      recorder_.events().add(now, "coverage_loss", subject,
                             "from_site=" + std::to_string(change.old_site) + ";" + interrupted +
                                 ";given_up=" + std::to_string(link.given_up - given_up_before));
    else
      recorder_.events().add(now, "reassociation", subject,
                             "to_site=" + std::to_string(change.new_site) + ";usable_at_s=" + format_number(link.ready_s) +
                                 ";out_of_coverage_s=" + format_number(now - out_since_s));
  }
}

void Simulation::interrupt_transfer(int id, double now) {
  Sample& s = samples_[id];
  auto* comm = static_cast<sg4::Comm*>(s.activity.get());
  const double remaining = std::min(s.transfer_bytes, std::max(0.0, comm->get_remaining()));
  comm->set_data(nullptr);  // its completion signal (cancelled) is not ours to handle
  comm->cancel();
  finished_activities_.push_back(std::move(s.activity));
  ++device_links_[s.device].interrupted;
  // Account what was carried: radio, link bytes and network energy of the part sent.
  const double full = s.transfer_bytes;
  s.transfer_bytes = full - remaining;
  s.bytes_sent -= remaining;
  device_links_[s.device].in_flight.push_back(id);  // account_transfer removes it
  account_transfer(id, now);
  s.transfer_bytes = full;
  s.transfer_s += now - s.phase_start_s;
  park_transfer(id, s.device, now);
}

void Simulation::park_transfer(int id, int device, double now) {
  Sample& s = samples_[id];
  DeviceLink& link = device_links_[device];
  const bool give = link.site < 0 && spec_.mobility->out_of_coverage == MobilitySpec::OutOfCoverage::give_up;
  s.phase_start_s = now;
  s.link_site = -1;
  if (!give) link.waiting.push_back(id);
  if (!give && link.site >= 0 && !link.ready_timer)
    link.ready_timer = simgrid::kernel::timer::Timer::set(link.ready_s, [this, device]() {
      device_links_[device].ready_timer = nullptr;
      resume_device(device, sg4::Engine::get_clock());
    });
  next_in_send_queue(s.host, now);  // the sending flow it held goes to the next transfer in the queue
  if (give) give_up_out_of_coverage(id);
}

void Simulation::resume_device(int device, double now) {
  DeviceLink& link = device_links_[device];
  if (link.site < 0 || now < link.ready_s) return;
  std::vector<int> waiting;
  waiting.swap(link.waiting);
  for (int id : waiting) {
    Sample& s = samples_[id];
    s.coverage_wait_s += now - s.phase_start_s;
    s.phase_start_s = now;
    s.bytes_sent += s.transfer_bytes;  // sent again, in full
    if (send_queues_->request(s.host, id)) launch_transfer(id);
  }
}

void Simulation::give_up_out_of_coverage(int id) {
  // Given up as dyn's give-up policy gives up (one outcome, counted once): no answer, counted wrong.
  Sample& s = samples_[id];
  servers_->leave(s.next_host);  // the server it was on its way to (a device: nothing)
  ++device_links_[s.device].given_up;
  s.outcome = SampleRecord::Outcome::given_up;
  s.exit_head = -1;
  finish(id);
}

// ---- Failures and recovery (docs/formats.md, "Failures and recovery").

void Simulation::setup_failures() {
  // Availability profiles of the platform: one timeline per class, turning all its hosts or links at once.
  for (size_t t = 0; t < spec_.platform.tiers.size(); ++t)
    for (size_t k = 0; k < spec_.platform.tiers[t].classes.size(); ++k) {
      const HostClassSpec& c = spec_.platform.tiers[t].classes[k];
      if (!c.profiles.availability) continue;
      FailureSource source{AvailabilityTimeline(*c.profiles.availability), {}, {}, spec_.platform.tiers[t].name + "/" + c.name};
      for (size_t h = 0; h < platform_.hosts.size(); ++h)
        if (platform_.hosts[h].tier == static_cast<int>(t) && platform_.hosts[h].host_class == static_cast<int>(k))
          source.hosts.push_back(static_cast<int>(h));
      failure_sources_.push_back(std::move(source));
    }
  for (LinkClass link_class : {LinkClass::access, LinkClass::uplink, LinkClass::ingress}) {
    const LinkSpec* link = spec_.platform.link(link_class);
    if (!link || !link->profiles.availability) continue;
    FailureSource source{AvailabilityTimeline(*link->profiles.availability), {}, {}, link_class_name(link_class)};
    for (size_t l = 0; l < platform_.links.size(); ++l)
      if (platform_.links[l].link_class == link_class_name(link_class)) source.links.push_back(static_cast<int>(l));
    failure_sources_.push_back(std::move(source));
  }
  // Random failures: one timeline per host or link, each from its own stream of the scenario seed.
  constexpr std::uint64_t kFailureStreams = 0x4641494C00000000ULL;  // "FAIL": far from the workload's streams
  const std::uint64_t host_count = platform_.hosts.size();
  for (const RandomFailureSpec& r : spec_.failures.random) {
    if (!r.link) {
      for (size_t h = 0; h < platform_.hosts.size(); ++h)
        if (platform_.hosts[h].tier == r.tier && platform_.hosts[h].host_class == r.host_class)
          failure_sources_.push_back({AvailabilityTimeline(r.mtbf_s, r.mttr_s, derive_seed(spec_.seed, kFailureStreams + h)),
                                      {static_cast<int>(h)}, {}, platform_.hosts[h].host->get_name()});
    } else {
      for (size_t l = 0; l < platform_.links.size(); ++l)
        if (platform_.links[l].link_class == link_class_name(*r.link))
          failure_sources_.push_back(
              {AvailabilityTimeline(r.mtbf_s, r.mttr_s, derive_seed(spec_.seed, kFailureStreams + host_count + l)),
               {}, {static_cast<int>(l)}, platform_.links[l].name});
    }
  }
  // Where recovered samples start again from their device: the first stage off the device; escalated ones
  // straight at the last tier, when the model lets the device's last results skip the tiers in between.
  for (size_t k = 0; k < stages_.size(); ++k)
    if (stage_tier_[k] != 0) {
      first_remote_stage_ = static_cast<int>(k);
      break;
    }
  int last_on_device = -1;
  for (size_t k = 0; k < stages_.size(); ++k)
    if (stage_tier_[k] == 0) last_on_device = static_cast<int>(k);
  if (first_remote_stage_ >= 0) {
    int target = -1;
    for (size_t k = 0; k < stages_.size(); ++k)
      if (stage_tier_[k] == stage_tier_.back()) {
        target = static_cast<int>(k);
        break;
      }
    // What the device holds: its last stage's results, or only the raw input when it runs no stage.
    int last_done = kInputTensor;
    if (last_on_device >= 0) {
      const Stage& done = stages_[last_on_device];
      last_done = done.head >= 0 ? spec_.profile.heads[done.head].after : done.last_layer;
    }
    if (target > first_remote_stage_)
      if (const auto bytes = cost::skip_bytes(spec_.profile, last_done, stages_[target].first_layer)) {
        failure_escalate_stage_ = target;
        failure_escalate_bytes_ = *bytes;
      }
  }
  failure_timer_.assign(failure_sources_.size(), nullptr);
  host_down_since_.assign(platform_.hosts.size(), -1.0);
  host_down_s_.assign(platform_.hosts.size(), 0.0);
  for (size_t i = 0; i < failure_sources_.size(); ++i) schedule_failure_step(static_cast<int>(i));
}

void Simulation::schedule_failure_step(int source) {
  if (run_over() || stranded()) return;  // nothing left to disturb: the run must be able to end
  const auto change = failure_sources_[source].timeline.next();
  if (!change) return;
  failure_timer_[source] = simgrid::kernel::timer::Timer::set(change->time_s, [this, source, up = change->up]() {
    failure_timer_[source] = nullptr;
    apply_availability(source, up);
    schedule_failure_step(source);
  });
}

bool Simulation::stranded() const {
  if (!wireless() || !workload_->done() || mobility_->next_time() != MobilityTracker::kNever) return false;
  size_t waiting = 0;
  for (const DeviceLink& link : device_links_)
    if (link.site < 0) waiting += link.waiting.size();
  return waiting == samples_.size() - free_samples_.size();
}

void Simulation::stop_failure_timers() {
  for (auto*& timer : failure_timer_)
    if (timer) {
      timer->remove();
      timer = nullptr;
    }
}

void Simulation::apply_availability(int source, bool up) {
  const double now = sg4::Engine::get_clock();
  const FailureSource& f = failure_sources_[source];
  std::vector<int> lost;
  if (!up) {
    for (int h : f.hosts) fail_host(h, now, lost);
    for (int l : f.links) fail_link(l, now, lost);
  } else {
    for (int h : f.hosts) {
      platform_.hosts[h].host->turn_on();
      servers_->set_down(h, false);
      host_down_s_[h] += now - host_down_since_[h];
      host_down_since_[h] = -1.0;
    }
    for (int l : f.links)
      for (sg4::Link* copy : platform_.links[l].copies) copy->turn_on();
  }
  std::string detail = f.hosts.empty() ? "links=" + std::to_string(f.links.size()) : "hosts=" + std::to_string(f.hosts.size());
  if (!up) detail += ";lost_samples=" + std::to_string(lost.size());
  recorder_.events().add(now, up ? "recovery" : "failure", f.subject, detail);
  if (!lost.empty()) detect_later(std::move(lost), now);
}

void Simulation::cut_transfer(int id, double now, double carried_bytes) {
  Sample& s = samples_[id];
  carried_bytes = std::clamp(carried_bytes, 0.0, s.transfer_bytes);
  if (s.on_radio) s.radio_j += radio_->end(s.device, s.upload, s.radio_token, now, id);
  if (s.link_site >= 0) {  // over its device's wireless link: no longer in flight there
    auto& flying = device_links_[s.device].in_flight;
    flying.erase(std::find(flying.begin(), flying.end(), id));
  }
  const BuiltPlatform::Route route = transfer_route(s);
  link_meter_->add_transfer(route.begin(), route.end(), carried_bytes, s.phase_start_s, now);
  for (int link : route)
    if (const auto& per_bit = platform_.links[link].spec->energy_per_bit_j) s.network_j += carried_bytes * 8.0 * *per_bit;
  s.transfer_s += now - s.phase_start_s;
  s.bytes_sent -= s.transfer_bytes - carried_bytes;  // start_transfer counted the whole payload
  if (s.activity) {
    s.activity->set_data(nullptr);  // its completion (cancelled or failed) is no longer ours
    s.activity->cancel();
  }
}

void Simulation::cut_exec(int owner, int host_index, double now, double remaining_s) {
  const bool single = owner >= 0;
  ServerState& host = (*servers_)[host_index];
  const HostClassSpec& c = host_class(host_index);
  const int class_index = platform_.hosts[host_index].host_class;
  std::vector<int> members;
  if (single) {
    members.push_back(owner);
  } else {
    members = batches_[-1 - owner].samples;
  }
  const int stage = samples_[members.front()].stage;
  const double n = static_cast<double>(members.size());
  const double relative = single ? 1.0 : c.batching->relative_time[members.size() - 1];
  const double total_s = stage_seconds_[stage][class_index] * relative;
  const double undone = total_s > 0 ? std::clamp(remaining_s / total_s, 0.0, 1.0) : 0.0;
  double dynamic = 0;
  if (c.pstates.size() > 1) {
    account_dvfs(host_index, owner, remaining_s);
    dynamic = single ? samples_[owner].exec_dynamic_j : batch_dynamic_j_[-1 - owner];
    host.running.erase(std::find(host.running.begin(), host.running.end(), owner));
  }
  // What start_exec charged in advance for the whole execution, less the part never done.
  host.busy_core_s -= std::min(remaining_s, total_s);
  for (int id : members) {
    Sample& s = samples_[id];
    const double energy_undone = stage_energy_j_[stage][class_index] * undone;
    s.compute_j -= energy_undone;
    host.compute_energy_j -= energy_undone;
    if (c.pstates.size() > 1)
      s.host_dynamic_j += dynamic / n;
    else
      s.host_dynamic_j -= stage_dynamic_j_[stage][class_index] * relative / n * undone;
    s.compute_s += now - s.phase_start_s;
  }
  --host.busy_cores;
  queue_changed(host_index);
  sg4::ActivityPtr& activity = single ? samples_[owner].activity : batch_activity_[-1 - owner];
  activity->set_data(nullptr);
  activity->cancel();
  finished_activities_.push_back(std::move(activity));
  if (!single) {
    batches_[-1 - owner].samples.clear();
    free_batches_.push_back(-1 - owner);
  }
}

void Simulation::lose(int id, double now, int tier) {
  Sample& s = samples_[id];
  // Which host the sample counted against for dispatch: its destination while a transfer is under way.
  const int assigned = s.pending == Pending::forward ? s.next_host : s.pending == Pending::answer ? -1 : s.host;
  if (assigned >= 0) servers_->leave(assigned);
  s.lost = true;
  s.lost_at_s = now;
  s.lost_tier = tier;
  ++s.losses;
  s.pending = Pending::none;
  s.batch = -1;
  if (s.activity) finished_activities_.push_back(std::move(s.activity));
}

void Simulation::fail_host(int h, double now, std::vector<int>& lost) {
  servers_->set_down(h, true);
  if (!lower_timer_.empty() && lower_timer_[h]) {
    lower_timer_[h]->remove();
    lower_timer_[h] = nullptr;
  }
  const int tier = platform_.hosts[h].tier;
  std::vector<int> affected;  // in id order: deterministic
  for (size_t i = 0; i < samples_.size(); ++i) {
    const Sample& s = samples_[i];
    const bool sending = s.pending == Pending::forward || s.pending == Pending::answer;
    if (s.alive && !s.lost && (s.host == h || (sending && s.next_host == h))) affected.push_back(static_cast<int>(i));
  }
  // Transfers still waiting in a send queue first, so that freeing a flow below never launches one of them.
  for (int id : affected) {
    Sample& s = samples_[id];
    if ((s.pending == Pending::forward || s.pending == Pending::answer) && !s.activity) {
      if (send_queues_->remove(s.host, id)) {
        s.send_queue_s += now - s.phase_start_s;
        s.bytes_sent -= s.transfer_bytes;
      } else if (wireless()) {  // waiting for its device's wireless link (not counted as sent then)
        auto& waiting = device_links_[s.device].waiting;
        waiting.erase(std::find(waiting.begin(), waiting.end(), id));
        s.coverage_wait_s += now - s.phase_start_s;
      }
    }
  }
  // Transfers in flight, to or from the host.
  for (int id : affected) {
    Sample& s = samples_[id];
    if ((s.pending != Pending::forward && s.pending != Pending::answer) || !s.activity) continue;
    cut_transfer(id, now, s.transfer_bytes - s.activity->get_remaining());
    if (s.host == h)
      send_queues_->drop_in_flight(h);
    else
      next_in_send_queue(s.host, now);
  }
  // Computations and waits on the host.
  ServerState& server = (*servers_)[h];
  for (int id : affected) {
    Sample& s = samples_[id];
    if (s.pending == Pending::exec) {
      if (s.batch >= 0) {
        const int b = s.batch;
        const std::vector<int> members = batches_[b].samples;
        cut_exec(-1 - b, h, now, batch_activity_[b]->get_remaining() / cost::kWorkUnitsPerSecond);
        for (int m : members) samples_[m].batch = -1;
      } else if (s.activity) {
        cut_exec(id, h, now, s.activity->get_remaining() / cost::kWorkUnitsPerSecond);
      }
    } else if (s.pending == Pending::none && s.host == h) {
      s.queue_s += now - s.phase_start_s;  // waiting for a core or for its batch
    }
  }
  for (int owner : server.fifo)
    if (owner < 0) {  // a full batch waiting for a core: its slot is free again
      batches_[-1 - owner].samples.clear();
      free_batches_.push_back(-1 - owner);
    }
  server.fifo.clear();
  queue_changed(h);
  // Batches still forming on the host.
  for (auto it = open_batch_.begin(); it != open_batch_.end();) {
    const int b = it->second;
    if (batches_[b].host != h) {
      ++it;
      continue;
    }
    for (int id : batches_[b].samples) samples_[id].batch_wait_s += now - samples_[id].phase_start_s;
    if (batch_timer_[b]) {
      batch_timer_[b]->remove();
      batch_timer_[b] = nullptr;
    }
    batches_[b].samples.clear();
    free_batches_.push_back(b);
    it = open_batch_.erase(it);
  }
  for (int id : affected) {
    Sample& s = samples_[id];
    const bool to_h = (s.pending == Pending::forward || s.pending == Pending::answer) && s.next_host == h;
    lose(id, now, to_h || s.host == h ? tier : platform_.hosts[s.next_host].tier);
    lost.push_back(id);
  }
  platform_.hosts[h].host->turn_off();  // the host energy plugin: no power while off
  host_down_since_[h] = now;
}

void Simulation::fail_link(int l, double now, std::vector<int>& lost) {
  // The transfers crossing the link, found here rather than left to SimGrid: it fails those in their
  // bandwidth phase but not those still in their latency phase, which would then never end.
  std::vector<int> affected;  // in id order: deterministic
  for (size_t i = 0; i < samples_.size(); ++i) {
    const Sample& s = samples_[i];
    if (!s.alive || s.lost || (s.pending != Pending::forward && s.pending != Pending::answer) || !s.activity) continue;
    const BuiltPlatform::Route route = transfer_route(s);
    if (std::find(route.begin(), route.end(), l) != route.end()) affected.push_back(static_cast<int>(i));
  }
  // Off first: transfers that start from here on over the link fail at once (SimGrid), and come back
  // through on_completion.
  for (sg4::Link* copy : platform_.links[l].copies) copy->turn_off();
  for (int id : affected) {
    Sample& s = samples_[id];
    cut_transfer(id, now, s.transfer_bytes - s.activity->get_remaining());
    lose(id, now, platform_.hosts[s.next_host].tier);
    lost.push_back(id);
    next_in_send_queue(s.host, now);
  }
}

void Simulation::on_transfer_failed(int id, double remaining_bytes) {
  Sample& s = samples_[id];
  const double now = sg4::Engine::get_clock();
  if (!s.alive || s.lost || (s.pending != Pending::forward && s.pending != Pending::answer)) return;
  cut_transfer(id, now, s.transfer_bytes - remaining_bytes);
  next_in_send_queue(s.host, now);
  lose(id, now, platform_.hosts[s.next_host].tier);
  detect_later({id}, now);
}

void Simulation::detect_later(std::vector<int> ids, double now) {
  simgrid::kernel::timer::Timer::set(now + spec_.failures.recovery.detection_timeout_s, [this, ids = std::move(ids)]() {
    for (int id : ids) recover(id);
  });
}

void Simulation::recover(int id) {
  Sample& s = samples_[id];
  const double now = sg4::Engine::get_clock();
  s.recovery_wait_s += now - s.lost_at_s;
  s.lost = false;
  s.host = platform_.device_host[s.device];  // the device is the one that noticed; it holds the raw input
  const RecoverySpec& r = spec_.failures.recovery;
  switch (r.policy) {
    case RecoveryPolicy::give_up:
      give_up(id);
      return;
    case RecoveryPolicy::fallback:
      if (s.device_head < 0) {
        give_up(id);
        return;
      }
      s.exit_head = s.device_head;
      s.outcome = SampleRecord::Outcome::fell_back;
      finish(id);
      return;
    case RecoveryPolicy::retry:
    case RecoveryPolicy::escalate:
      break;
  }
  if (s.retries >= r.max_retries || first_remote_stage_ < 0) {
    give_up(id);
    return;
  }
  ++s.retries;
  const bool escalate = r.policy == RecoveryPolicy::escalate && failure_escalate_stage_ >= 0 && s.lost_tier >= 0 &&
                        s.lost_tier < stage_tier_.back();
  s.stage = escalate ? failure_escalate_stage_ : first_remote_stage_;
  enter_stage(id, escalate ? failure_escalate_bytes_ : stages_[s.stage].bytes_in);
}

void Simulation::give_up(int id) {
  Sample& s = samples_[id];
  s.outcome = SampleRecord::Outcome::given_up;
  s.exit_head = -1;
  finish(id);
}

}  // namespace

// What ns-3 is given, and why: a send buffer that holds any message (SimGrid 3.32 closes the receiver's sockets
// once a message is buffered: a message larger than the buffer aborted with "total_bytes is not sent_bytes"),
// the receive buffer at network.tcp_window (the flow models' window), and device queues that never drop
// (ns-3 3.37 crashes recovering a loss with such a send buffer).
std::string ns3_attribute_defaults(const ScenarioSpec& spec) {
  return "ns3::TcpSocket::SndBufSize=4294967295;ns3::TcpSocket::RcvBufSize=" +
         std::to_string(static_cast<std::uint64_t>(spec.tcp_window_bytes)) + ";ns3::DropTailQueue<Packet>::MaxSize=1000000p";
}

void run_simulation(const ScenarioSpec& spec, Recorder& recorder, const SimulationOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  std::vector<std::string> args = {"hybridfog"};
  // The network model is the scenario's explicit choice. CM02: plain max-min sharing, latencies and
  // bandwidths as declared (no cross-traffic); LV08: SimGrid's default TCP model (latency x 13.01,
  // bandwidth x 0.97, reverse cross-traffic).
  switch (spec.network_model) {
    case NetworkModel::CM02:
      args.push_back("--cfg=network/model:CM02");
      args.push_back("--cfg=network/crosstraffic:0");
      break;
    case NetworkModel::LV08: args.push_back("--cfg=network/model:LV08"); break;
    case NetworkModel::ns3: {
      // ns-3 must have read these attribute defaults when its libraries loaded (ns3_attribute_defaults).
      const std::string defaults = ns3_attribute_defaults(spec);
      const char* env = std::getenv("NS_ATTRIBUTE_DEFAULT");
      if (env == nullptr || defaults != env)
        throw std::runtime_error("network.model: ns-3 needs NS_ATTRIBUTE_DEFAULT=\"" + defaults +
                                 "\" in the environment when the process starts (hybridfog run sets it itself)");
      args.push_back("--cfg=network/model:ns-3");
      break;
    }
  }
  char window[64];
  std::snprintf(window, sizeof window, "--cfg=network/TCP-gamma:%.17g", spec.tcp_window_bytes);
  args.push_back(window);
  for (const auto& c : options.simgrid_config) args.push_back("--cfg=" + c);
  args.push_back("--log=root.thres:warning");
  args.push_back("--log=xbt_cfg.thres:warning");
  args.push_back("--log=host_energy.thres:warning");
  if (!options.simgrid_log.empty()) args.push_back("--log=" + options.simgrid_log);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  argv.push_back(nullptr);

  auto engine = std::make_unique<sg4::Engine>(&argc, argv.data());
  sg_host_energy_plugin_init();

  auto simulation = std::make_unique<Simulation>(spec, recorder, options, wall_start);
  try {
    simulation->run(*engine);
  } catch (const WallLimitReached&) {
    // Stopped in the middle of SimGrid's main loop: neither the simulation (it holds activities) nor the
    // engine can be torn down from that state. Both are left as they are; the process ends soon after.
    simulation.release();
    engine.release();
    throw;
  }
  simulation->report(std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
}

}  // namespace hybridfog

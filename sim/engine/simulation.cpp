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
#include <memory>
#include <optional>
#include <unordered_map>

#include "cost/cost_model.hpp"
#include "engine/maestro_activities.hpp"
#include "engine/send_queue.hpp"
#include "engine/mobility.hpp"
#include "engine/servers.hpp"
#include "engine/stage_plan.hpp"
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
  void deliver(int id);
  void finish(int id);
  SampleRecord record_of(int id) const;  // the sample's record as of now
  void after_sample_gone();              // a sample finished or was given up
  // A transfer goes through the sending host's send queue: start_transfer() asks for a flow, and
  // launch_transfer() puts it on the network when it has one (at once, or when an earlier one ends).
  void start_transfer(int id, int from, int to, double bytes, Pending kind);
  void launch_transfer(int id);
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
  void give_up(int id, double now);
  void maybe_end_mobility();
  BuiltPlatform::Route transfer_route(const Sample& s) const {
    if (s.link_site < 0) return platform_.route(s.host, s.next_host);
    return platform_.wireless_route(s.link_site, platform_.hosts[s.host].tier == 0 ? s.next_host : s.host);
  }

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
  std::optional<Workload> workload_;

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
  std::uint64_t given_up_ = 0;
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
  platform_ = build_platform(spec_.platform, cost::kWorkUnitsPerSecond, station_sites);
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

  // Workload streams: one per device for arrivals, one for the order of trace rows.
  workload_.emplace(spec_.workload, spec_.seed, static_cast<int>(platform_.device_host.size()), spec_.trace.rows());
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
        give_up(id, end);
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
    record.idle_energy_j = record.cores * tier.classes[built.host_class].idle_power_per_core_w * sim_time;
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
  sg4::CommPtr comm = sg4::Comm::sendto_init(from_host, to_host);
  comm->set_payload_size(static_cast<std::uint64_t>(s.transfer_bytes));
  comm->set_data(reinterpret_cast<void*>(static_cast<std::uintptr_t>(id) + 1));
  comm->start();
  release_from_maestro(*comm);
  s.activity = comm;
}

void Simulation::account_transfer(int id, double now) {
  Sample& s = samples_[id];
  if (s.on_radio) s.radio_j += radio_->end(s.device, s.upload, s.radio_token, now, id);
  if (s.link_site >= 0) {
    auto& flying = device_links_[s.device].in_flight;
    flying.erase(std::find(flying.begin(), flying.end(), id));
  }
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
  if (!lower_timer_.empty() && lower_timer_[host_index]) {  // work again: the host stays in its state
    lower_timer_[host_index]->remove();
    lower_timer_[host_index] = nullptr;
  }
  host.busy_core_s += seconds;
  const bool dvfs = c.pstates.size() > 1;
  const auto start_member = [&](int id) {
    Sample& s = samples_[id];
    if (s.phase_start_s < now) s.queue_s += now - s.phase_start_s;
    s.phase_start_s = now;
    s.pending = Pending::exec;
    host.compute_energy_j += stage_energy_j_[stage][host_class_index];
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
      s.transfer_s += now - s.phase_start_s;
      next_in_send_queue(s.host, now);
      s.host = s.next_host;
      run_stage(id);
      break;
    case Pending::answer:
      account_transfer(id, now);
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
  if (stage.head >= 0) {
    const bool final_head = stage.head + 1 == static_cast<int>(spec_.profile.heads.size());
    const HeadInfo info{stage.head, last_exit_before_last_tier_[s.stage]};
    const Decision decision =
        final_head ? Decision::exit : spec_.exit_policy->decide(spec_.trace, static_cast<size_t>(s.row), info);
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
  record.correct = s.exit_head >= 0 && spec_.trace.heads[s.exit_head].pred[s.row] == spec_.trace.label[s.row];
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
    for (int id : waiting) give_up(id, now);
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
  if (give) give_up(id, now);
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

void Simulation::give_up(int id, double now) {
  Sample& s = samples_[id];
  servers_->leave(s.next_host);  // the server it was on its way to (a device: nothing)
  SampleRecord record = record_of(id);
  record.given_up = true;
  record.exit_head = -1;
  record.correct = false;
  record.finish_s = now;
  ++device_links_[s.device].given_up;
  ++given_up_;
  record_or_park(id, record);
  release_sample(id);
  after_sample_gone();
}

}  // namespace

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

#include "engine/simulation.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <spdlog/spdlog.h>
#include <xbt/log.h>

#include <chrono>

#include "cost/cost_model.hpp"
#include "engine/servers.hpp"
#include "engine/workload.hpp"
#include "metrics/link_meter.hpp"
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
  double compute_s = 0, queue_s = 0, transfer_s = 0, bytes_sent = 0;
  double transfer_bytes = 0;  // payload of the transfer in flight
  sg4::ActivityPtr activity;
};

class Simulation {
 public:
  Simulation(const ScenarioSpec& spec, Recorder& recorder, const SimulationOptions& options)
      : spec_(spec), recorder_(recorder), options_(options) {}

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
  void start_exec(int id);
  void after_compute(int id);
  void deliver(int id);
  void finish(int id);
  void start_transfer(int id, int from, int to, double bytes, Pending kind);
  void on_completion(int id);
  void account_transfer(const Sample& s, double now);

  int allocate_sample();
  void release_sample(int id);
  void maybe_report_progress();

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
  std::optional<Servers> servers_;
  std::optional<LinkMeter> link_meter_;
  std::optional<Workload> workload_;

  std::vector<Sample> samples_;
  std::vector<int> free_samples_;
  std::vector<sg4::ActivityPtr> finished_activities_;

  std::uint64_t next_id_ = 0;
  std::uint64_t finished_ = 0;
  std::uint64_t expected_ = 0;
  std::chrono::steady_clock::time_point last_progress_;
};

void Simulation::run(sg4::Engine& engine) {
  platform_ = build_platform(spec_.platform, cost::kWorkUnitsPerSecond);
  servers_.emplace(platform_);
  link_meter_.emplace(platform_.links.size(), spec_.outputs.utilization_window_s);

  // Stages and their cost on every host class of their tier.
  stages_ = spec_.placement == Placement::cloud_only
                ? build_raw_offload_stages(spec_.profile, spec_.partition.back().tier)
                : build_stages(spec_.profile, spec_.partition);
  const int last_tier = spec_.platform.tier_index(spec_.partition.back().tier);
  int first_layer_on_last_tier = -1;
  for (const Stage& stage : stages_) {
    const int tier = spec_.platform.tier_index(stage.tier);
    if (tier == last_tier && first_layer_on_last_tier < 0) first_layer_on_last_tier = stage.first_layer;
    stage_tier_.push_back(tier);
    std::vector<double> seconds, energy;
    for (const HostClassSpec& c : spec_.platform.tiers[tier].classes) {
      const cost::SegmentCost segment = cost::segment_cost(stage.macs, c);
      seconds.push_back(segment.seconds);
      energy.push_back(segment.energy_j);
    }
    stage_seconds_.push_back(seconds);
    stage_energy_j_.push_back(energy);
  }
  const int last_exit_head = cost::last_exit_head_before(spec_.profile.heads, first_layer_on_last_tier);
  for (size_t k = 0; k < stages_.size(); ++k) {
    last_exit_before_last_tier_.push_back(stages_[k].head >= 0 && stages_[k].head == last_exit_head);
    // The final stage never escalates: its entry is a plain "next" that is never taken.
    const int from = static_cast<int>(k);
    const int target = k + 1 < stages_.size() ? escalation_target(stages_, from) : from + 1;
    escalate_to_.push_back(target);
    const bool skips = target > from + 1 && stages_[k].head >= 0;
    escalate_bytes_.push_back(
        skips ? cost::skip_bytes(spec_.profile, spec_.profile.heads[stages_[k].head].after, stages_[target].first_layer)
                    .value_or(0.0)
              : 0.0);
  }

  // Workload streams: one per device for arrivals, one for the order of trace rows.
  workload_.emplace(spec_.workload, spec_.seed, static_cast<int>(platform_.device_host.size()), spec_.trace.rows());
  expected_ = expected_samples(spec_);

  sg4::Activity::on_completion_cb([this](sg4::Activity const& activity) {
    const auto tag = reinterpret_cast<std::uintptr_t>(activity.get_data<void>());
    if (tag != 0) on_completion(static_cast<int>(tag - 1));
  });
  // An activity may only be released once SimGrid is done with it: after time moved on.
  sg4::Engine::on_time_advance_cb([this](double) { finished_activities_.clear(); });

  last_progress_ = std::chrono::steady_clock::now();
  schedule_next_arrival();
  engine.run();
  finished_activities_.clear();
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
    const ServerState& server = (*servers_)[static_cast<int>(h)];
    record.busy_core_s = server.busy_core_s;
    record.compute_energy_j = server.compute_energy_j;
    record.executions = server.executions;
    hosts.push_back(record);
  }
  std::vector<LinkRecord> links;
  for (size_t l = 0; l < platform_.links.size(); ++l) {
    const BuiltLink& built = platform_.links[l];
    LinkRecord record = link_meter_->record(l, built.link->get_name(), built.link_class, built.spec->bandwidth_bytes_per_s,
                                            built.spec->latency_s, built.spec->energy_per_bit_j, sim_time);
    links.push_back(record);
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
  enter_stage(id, stages_[0].bytes_in);
}

void Simulation::enter_stage(int id, double bytes_in) {
  Sample& s = samples_[id];
  const int tier = stage_tier_[s.stage];
  if (platform_.hosts[s.host].tier == tier) {
    run_stage(id);
    return;
  }
  const int site = platform_.device_site[s.device];
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
  sg4::CommPtr comm = sg4::Comm::sendto_init(platform_.hosts[from].host, platform_.hosts[to].host);
  comm->set_payload_size(static_cast<std::uint64_t>(bytes));
  comm->set_data(reinterpret_cast<void*>(static_cast<std::uintptr_t>(id) + 1));
  comm->start();
  s.activity = comm;
}

void Simulation::account_transfer(const Sample& s, double now) {
  const BuiltPlatform::Route route = platform_.route(s.host, s.next_host);
  link_meter_->add_transfer(route.begin(), route.end(), s.transfer_bytes, s.phase_start_s, now);
}

void Simulation::run_stage(int id) {
  Sample& s = samples_[id];
  const int host_class = platform_.hosts[s.host].host_class;
  if (stage_seconds_[s.stage][host_class] == 0) {
    after_compute(id);
    return;
  }
  ServerState& host = (*servers_)[s.host];
  const int cores = platform_.hosts[s.host].host->get_core_count();
  if (spec_.discipline == ServerDiscipline::fifo && host.busy_cores >= cores) {
    s.phase_start_s = sg4::Engine::get_clock();
    host.fifo.push_back(id);
    return;
  }
  start_exec(id);
}

void Simulation::start_exec(int id) {
  Sample& s = samples_[id];
  ServerState& host = (*servers_)[s.host];
  const int host_class = platform_.hosts[s.host].host_class;
  const double seconds = stage_seconds_[s.stage][host_class];
  ++host.busy_cores;
  ++host.executions;
  host.busy_core_s += seconds;
  host.compute_energy_j += stage_energy_j_[s.stage][host_class];
  s.pending = Pending::exec;
  s.phase_start_s = sg4::Engine::get_clock();
  sg4::ExecPtr exec = sg4::Exec::init();
  exec->set_host(platform_.hosts[s.host].host);
  exec->set_flops_amount(seconds * cost::kWorkUnitsPerSecond);
  exec->set_data(reinterpret_cast<void*>(static_cast<std::uintptr_t>(id) + 1));
  exec->start();
  s.activity = exec;
}

void Simulation::on_completion(int id) {
  Sample& s = samples_[id];
  finished_activities_.push_back(std::move(s.activity));
  const double now = sg4::Engine::get_clock();
  const Pending kind = s.pending;
  s.pending = Pending::none;
  switch (kind) {
    case Pending::exec: {
      s.compute_s += now - s.phase_start_s;
      ServerState& host = (*servers_)[s.host];
      --host.busy_cores;
      if (!host.fifo.empty()) {
        const int waiting = host.fifo.front();
        host.fifo.pop_front();
        samples_[waiting].queue_s += now - samples_[waiting].phase_start_s;
        start_exec(waiting);
      }
      after_compute(id);
      break;
    }
    case Pending::forward:
      account_transfer(s, now);
      s.transfer_s += now - s.phase_start_s;
      s.host = s.next_host;
      run_stage(id);
      break;
    case Pending::answer:
      account_transfer(s, now);
      s.transfer_s += now - s.phase_start_s;
      finish(id);
      break;
    case Pending::none:
      break;
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
  const Sample& s = samples_[id];
  SampleRecord record;
  record.id = s.id;
  record.device = s.device;
  record.trace_row = s.row;
  record.dataset_sample = spec_.trace.sample[s.row];
  record.exit_head = s.exit_head;
  record.correct = spec_.trace.heads[s.exit_head].pred[s.row] == spec_.trace.label[s.row];
  record.arrival_s = s.arrival_s;
  record.finish_s = sg4::Engine::get_clock();
  record.compute_s = s.compute_s;
  record.queue_s = s.queue_s;
  record.transfer_s = s.transfer_s;
  record.bytes_sent = s.bytes_sent;
  recorder_.record_sample(record);
  release_sample(id);
  ++finished_;
  if ((finished_ & 4095) == 0) maybe_report_progress();
}

void Simulation::maybe_report_progress() {
  if (!options_.progress) return;
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_progress_).count() < options_.progress_interval_s) return;
  last_progress_ = now;
  options_.progress(finished_, expected_, sg4::Engine::get_clock());
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
  for (const auto& c : options.simgrid_config) args.push_back("--cfg=" + c);
  args.push_back("--log=root.thres:warning");
  args.push_back("--log=xbt_cfg.thres:warning");
  args.push_back("--log=host_energy.thres:warning");
  if (!options.simgrid_log.empty()) args.push_back("--log=" + options.simgrid_log);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  argv.push_back(nullptr);

  sg4::Engine engine(&argc, argv.data());
  sg_host_energy_plugin_init();

  Simulation simulation(spec, recorder, options);
  simulation.run(engine);
  simulation.report(std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
}

}  // namespace hybridfog

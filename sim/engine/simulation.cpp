#include "engine/lifecycle.hpp"

#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/number_format.hpp"
#include "cost/cost_model.hpp"
#include "engine/run_report.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {

void Simulation::run(sg4::Engine& engine) {
  std::vector<std::vector<int>> station_sites;
  std::optional<MobilityTracker> mobility;  // a wireless access: where the devices are, and their stations
  if (spec_.mobility) {
    const int per_site = spec_.platform.devices_per_site();
    std::vector<int> home(static_cast<size_t>(spec_.platform.device_count()));
    for (size_t d = 0; d < home.size(); ++d) home[d] = static_cast<int>(d) / per_site;
    mobility.emplace(*spec_.platform.access->wifi, *spec_.mobility, home, spec_.seed);
    for (int d = 0; d < mobility->devices(); ++d) station_sites.push_back(mobility->reachable_sites(d));
  }
  std::function<void(int, int)> on_site;  // progress of a long platform build
  if (options_.platform_progress)
    on_site = [this, last = start_, told = false](int built, int sites) mutable {
      const auto now = std::chrono::steady_clock::now();
      if (!(built == sites && told) && std::chrono::duration<double>(now - last).count() < options_.progress_interval_s) return;
      last = now;
      told = true;
      options_.platform_progress(built, sites, std::chrono::duration<double>(now - start_).count());
    };
  platform_ = build_platform(spec_.platform, cost::kWorkUnitsPerSecond, station_sites,
                             spec_.network_model == NetworkModel::ns3 ? PlatformShape::one_hop  // network.model: ns-3
                             : spec_.orchestration.between_sites     ? PlatformShape::zones_between_sites  // orchestration
                                                                     : PlatformShape::zones,
                             on_site);
  if (DvfsGovernor::needed(spec_)) dvfs_.emplace(spec_, platform_);
  bool bandwidth_profiles = false;
  for (const BuiltLink& link : platform_.links) bandwidth_profiles = bandwidth_profiles || link.spec->profiles.bandwidth;
  if (bandwidth_profiles) {
    flow_bounds_.emplace(spec_.tcp_window_bytes);
    for (size_t l = 0; l < platform_.links.size(); ++l)
      for (const sg4::Link* copy : platform_.links[l].copies) link_index_.emplace(copy, static_cast<int>(l));
    sg4::Link::on_bandwidth_change_cb([this](sg4::Link const& link) { on_bandwidth_step(link); });
  }

  // Stages, where decisions lead, and their cost on every host class of their tier.
  plan_ = build_stage_plan(spec_);
  for (const ApplicationRef& app : application_refs(spec_)) {
    result_bytes_.push_back(app.workload->result_bytes);
    traces_.push_back(app.trace);
  }
  const ContextNeeds needs = ExitDecider::needs_of(spec_);
  if (needs.context) observations_.emplace(static_cast<int>(platform_.hosts.size()), needs);
  compute_.emplace(spec_, platform_, plan_, samples_, activities_, observations_ ? &*observations_ : nullptr,
                   dvfs_ ? &*dvfs_ : nullptr);
  decider_.emplace(spec_, platform_, plan_, samples_, *compute_, observations_ ? &*observations_ : nullptr);

  // Workload streams, per application: one per device for arrivals, one for the order of trace rows.
  workload_.emplace(spec_, static_cast<int>(platform_.device_host.size()), device_classes(spec_.platform));
  if (spec_.platform.access && spec_.platform.access->radio)
    radio_.emplace(*spec_.platform.access->radio, static_cast<int>(platform_.device_host.size()), samples_);
  transfers_.emplace(spec_, platform_, samples_, activities_, radio_ ? &*radio_ : nullptr,
                     observations_ ? &*observations_ : nullptr);
  if (mobility)
    wireless_.emplace(std::move(*mobility), spec_, platform_, samples_, activities_, *transfers_, *compute_,
                      recorder_.events(), *this);

  sg4::Activity::on_completion_cb([this](sg4::Activity const& activity) {
    const ActivityTag tag = Activities::tag_of(activity);
    if (activity.get_state() == sg4::Activity::State::FAILED) {
      // A transfer through a link that went down (work lost to a host failure is detached beforehand).
      if (tag.kind == ActivityTag::Kind::transfer && outages_) outages_->on_transfer_failed(tag.sample, activity.get_remaining());
      return;
    }
    if (tag.kind == ActivityTag::Kind::transfer) on_completion(tag.sample.value());
    if (tag.kind == ActivityTag::Kind::exec) on_exec_done(tag.owner, sg4::Engine::get_clock());
  });
  // An activity may only be released once SimGrid is done with it: after time moved on.
  sg4::Engine::on_time_advance_cb([this](double) {
    activities_.on_time_advance();
    // Progress and the wall-time limit are looked at every 1024 steps of simulated time as well as every
    // 4096 finished samples: an overloaded run may finish few samples for a long time.
    run_control_->on_time_step();
  });

  if (spec_.platform.has_batteries()) {
    batteries_.emplace(spec_, platform_, samples_, activities_, *compute_, *transfers_, dvfs_ ? &*dvfs_ : nullptr,
                       radio_ ? &*radio_ : nullptr, wireless_ ? &*wireless_ : nullptr,
                       spec_.outputs.events ? &recorder_.events() : nullptr, *this,
                       [this](DeviceId device, std::optional<SampleRecord> parked) {
                         return on_battery_empty(device, std::move(parked));
                       });
    compute_->set_batteries(&*batteries_);
    transfers_->set_batteries(&*batteries_);
    if (dvfs_) dvfs_->set_batteries(&*batteries_);
    decider_->set_batteries(&*batteries_);
    batteries_->start();
  }
  if (spec_.failures.any) {
    outages_.emplace(spec_, platform_, plan_, samples_, activities_, *compute_, *transfers_, dvfs_ ? &*dvfs_ : nullptr,
                     wireless_ ? &*wireless_ : nullptr, recorder_.events(), *this,
                     [this]() { return !run_over() && !stranded(); });
    if (batteries_) outages_->set_batteries(&*batteries_);
    if (spec_.failures.devices) {
      device_outages_.emplace(platform_, samples_, activities_, *compute_, *transfers_, dvfs_ ? &*dvfs_ : nullptr,
                              radio_ ? &*radio_ : nullptr, batteries_ ? &*batteries_ : nullptr, *this,
                              [this](SampleRecord record) { emit(std::move(record)); });
      outages_->set_devices(&*device_outages_);
    }
    outages_->start();
  }
  run_control_.emplace(options_, start_, expected_samples(spec_));
  schedule_next_arrival();
  if (wireless_) wireless_->start();
  engine.run();
  activities_.on_time_advance();
  // The run ended with samples still waiting for a link that never came back: given up at the end.
  if (wireless_) wireless_->give_up_waiting(sg4::Engine::get_clock());
  activities_.log_end();
  if (radio_)
    for (SampleRecord& record : radio_->close_all()) emit(std::move(record));
}

void Simulation::report(double wall_time_s) {
  sg_host_energy_update_all();
  const double sim_time = sg4::Engine::get_clock();
  std::optional<std::vector<DeviceRecord>> devices;
  if (wireless_) devices = wireless_->device_records(sim_time);
  if (batteries_ || device_outages_) {
    if (!devices) {
      devices.emplace(platform_.device_host.size());
      for (size_t d = 0; d < devices->size(); ++d) {
        (*devices)[d].device = static_cast<int>(d);
        (*devices)[d].host = platform_.hosts[platform_.device_host[d]].host->get_name();
      }
    }
    for (DeviceRecord& record : *devices) {
      if (batteries_) batteries_->fill_record(record, sim_time);
      if (device_outages_)
        device_outages_->fill_record(record, batteries_ ? batteries_->alive_until_s(record.device, sim_time) : sim_time);
    }
  }
  RunParts parts{spec_, platform_, *compute_, *transfers_};
  parts.failures = outages_ ? &outages_->injector() : nullptr;
  parts.dvfs = dvfs_ ? &*dvfs_ : nullptr;
  parts.radio = radio_ ? &*radio_ : nullptr;
  parts.batteries = batteries_ ? &*batteries_ : nullptr;
  report_run(parts, std::move(devices), sim_time, wall_time_s, recorder_);
}

void Simulation::schedule_next_arrival() {
  if (workload_->done()) return;
  auto arrive = [this]() {
    on_arrival(workload_->take_next());
    schedule_next_arrival();
  };
  if (batteries_)
    arrival_timer_.set(workload_->next_time(), std::move(arrive));
  else
    at(workload_->next_time(), std::move(arrive));
}

long long Simulation::on_battery_empty(DeviceId device, std::optional<SampleRecord> parked) {
  const long long not_generated = workload_->stop(device.value());
  arrival_timer_.cancel();  // its arrival may have been the next one
  schedule_next_arrival();
  if (parked) emit(std::move(*parked));
  if (run_over()) stop_background();
  return not_generated;
}

void Simulation::on_arrival(const Arrivals::Arrival& arrival) {
  const int device = arrival.device;
  if (device_outages_ && device_outages_->skip_arrival(device)) {  // down: not generated (DeviceOutages)
    if (run_over()) stop_background();
    return;
  }
  const int row = workload_->trace_row(arrival.app);  // drawn only for arrivals that are generated
  const int id = samples_.allocate().value();
  Sample& s = samples_[SampleId(id)];
  s.id = next_id_++;
  s.device = device;
  s.row = row;
  s.app = arrival.app;
  s.stage = plan_.first_stage[static_cast<size_t>(arrival.app)];
  s.host = platform_.device_host[device];
  s.arrival_s = sg4::Engine::get_clock();
  if (wireless_) wireless_->on_arrival(SampleId(id));
  s.alive = true;
  enter_stage(id, plan_.stages[s.stage].bytes_in);
}

void Simulation::enter_stage(int id, double bytes_in) {
  Sample& s = samples_[SampleId(id)];
  const int tier = plan_.stage_tier[s.stage];
  if (platform_.hosts[s.host].tier == tier) {
    run_stage(id);
    return;
  }
  const int site = device_site(s.device);
  const int target = tier == 0 ? platform_.device_host[s.device] : compute_->take(tier, site, s.host, s.stage, bytes_in, s.id).value();
  if (target < 0) {  // every host of that tier within reach is down: the sample cannot go on
    const double now = sg4::Engine::get_clock();
    if (!outages_) throw std::logic_error("no host of tier " + std::to_string(tier) + " within reach, and no failures");
    outages_->lose_unreachable(SampleId(id), now, tier);
    return;
  }
  compute_->assign(HostId(target));
  compute_->leave(HostId(s.host));
  start_transfer(id, s.host, target, bytes_in, Pending::forward);
}

void Simulation::start_transfer(int id, int from, int to, double bytes, Pending kind) {
  Sample& s = samples_[SampleId(id)];
  s.pending = kind;
  s.next_host = to;
  s.phase_start_s = sg4::Engine::get_clock();
  s.bytes_sent += bytes;
  s.transfer_bytes = bytes;
  if (transfers_->request(from, SampleId(id))) launch_transfer(id);
}

void Simulation::launch_transfer(int id) {
  Sample& s = samples_[SampleId(id)];
  const int from = s.host;
  s.phase_start_s = sg4::Engine::get_clock();
  s.link_site = -1;
  sg4::Host* from_host = platform_.hosts[from].host;
  sg4::Host* to_host = platform_.hosts[s.next_host].host;
  if (wireless() && (platform_.hosts[from].tier == 0 || platform_.hosts[s.next_host].tier == 0)) {
    if (!wireless_->prepare_launch(SampleId(id), from_host, to_host)) return;  // waits for the device's link
  }
  std::optional<SampleRecord> done;  // a parked record that the radio's start completes
  transfers_->launch(SampleId(id), from_host, to_host, done);
  if (done) emit(std::move(*done));
}

void Simulation::end_transfer(int id, double carried_bytes, double now) {
  Sample& s = samples_[SampleId(id)];
  if (s.link_site >= 0) wireless_->transfer_ended(SampleId(id));  // over its device's wireless link
  transfers_->finish_transfer(SampleId(id), carried_bytes, now, transfers_->route(s));
}

void Simulation::run_stage(int id) {
  const Sample& s = samples_[SampleId(id)];
  compute_->ran_stage(SampleId(id));  // orchestration outputs only
  if (plan_.seconds[s.stage][platform_.hosts[s.host].host_class] == 0) {
    after_compute(id);
    return;
  }
  compute_->compute(SampleId(id));
}

void Simulation::on_exec_done(ExecOwner owner, double now) {
  for (SampleId id : compute_->finish(owner, now)) after_compute(id.value());
}

void Simulation::on_completion(int id) {
  Sample& s = samples_[SampleId(id)];
  activities_.retire(s.activity);
  const double now = sg4::Engine::get_clock();
  const Pending kind = s.pending;
  s.pending = Pending::none;
  switch (kind) {
    case Pending::exec:  // executions complete through on_exec_done
      break;
    case Pending::forward:
      end_transfer(id, s.transfer_bytes, now);
      decider_->on_transfer_done(SampleId(id), true, now);
      next_in_send_queue(s.host, now);
      s.host = s.next_host;
      run_stage(id);
      break;
    case Pending::answer:
      end_transfer(id, s.transfer_bytes, now);
      decider_->on_transfer_done(SampleId(id), false, now);
      next_in_send_queue(s.host, now);
      finish(id);
      break;
    case Pending::none:
      break;
  }
}

void Simulation::next_in_send_queue(int host, double now) {
  if (const std::optional<SampleId> waiting = transfers_->next(host)) {
    samples_[*waiting].send_queue_s += now - samples_[*waiting].phase_start_s;
    launch_transfer(waiting->value());
  }
}

void Simulation::after_compute(int id) {
  Sample& s = samples_[SampleId(id)];
  const Stage& stage = plan_.stages[s.stage];
  if (stage.head >= 0 && plan_.stage_tier[s.stage] == 0) s.device_head = stage.head;
  if (stage.head >= 0) {
    const bool final_head = plan_.final_head[s.stage];
    const HeadInfo info{stage.head, plan_.last_exit_before_last_tier[s.stage], s.id};
    const Decision decision = final_head ? Decision::exit : decider_->decide(SampleId(id), info);
    if (decision == Decision::exit) {
      s.exit_head = stage.head;
      deliver(id);
      return;
    }
    if (decision == Decision::escalate && plan_.escalate_to[s.stage] > s.stage + 1) {
      const int from = s.stage;
      s.stage = plan_.escalate_to[from];
      enter_stage(id, plan_.escalate_bytes[from]);
      return;
    }
  }
  ++s.stage;
  enter_stage(id, plan_.stages[s.stage].bytes_in);
}

void Simulation::deliver(int id) {
  Sample& s = samples_[SampleId(id)];
  if (platform_.hosts[s.host].tier == 0) {
    finish(id);
    return;
  }
  compute_->leave(HostId(s.host));
  const bool dead = batteries_ && batteries_->dead(s.device);
  if (dead || (device_outages_ && device_outages_->forgot(s))) {  // nobody to answer: given up where it is
    s.outcome = dead ? SampleRecord::Outcome::battery : SampleRecord::Outcome::device_down;
    s.exit_head = -1;
    finish(id);
    return;
  }
  start_transfer(id, s.host, platform_.device_host[s.device], result_bytes_[static_cast<size_t>(s.app)], Pending::answer);
}

void Simulation::finish(int id) {
  const Sample& s = samples_[SampleId(id)];
  decider_->on_finish(SampleId(id), sg4::Engine::get_clock());
  const SampleRecord record = record_of(id);
  if (!radio_) {
    emit(record);
  } else if (std::optional<SampleRecord> now_done = radio_->finish(s.device, SampleId(id), record)) {
    emit(std::move(*now_done));  // else parked: it owns its device's open radio tail, part of its energy
  }
  samples_.release(SampleId(id));
  after_sample_gone();
}

void Simulation::after_sample_gone() {
  // The last answer ends the run: a governor still waiting to lower a state, or devices still moving,
  // must not extend it.
  if (run_over()) stop_background();
  run_control_->on_sample_done();
}

void Simulation::stop_background() {
  if (dvfs_) dvfs_->stop_timers();
  if (wireless_) wireless_->stop();
  if (outages_) outages_->stop();
  if (batteries_) batteries_->stop();
}

void Simulation::on_bandwidth_step(const sg4::Link& link) {
  const auto found = link_index_.find(&link);
  if (found == link_index_.end()) return;
  const int l = found->second;
  std::vector<FlowBounds::Flow> flows;  // in id order: deterministic
  for (int i = 0; i < samples_.slots(); ++i) {
    const Sample& s = samples_[SampleId(i)];
    if (!s.alive || s.lost || (s.pending != Pending::forward && s.pending != Pending::answer) || !s.activity) continue;
    const BuiltPlatform::Route route = transfers_->route(s);
    if (std::find(route.begin(), route.end(), l) == route.end()) continue;
    FlowBounds::Flow flow{static_cast<const sg4::Comm*>(s.activity.get()), {}};
    for (int r : route) flow.route.push_back(platform_.links[r].link);
    flows.push_back(std::move(flow));
  }
  flow_bounds_->refresh(flows);
}

bool Simulation::stranded() const {
  return wireless_ && workload_->done() && wireless_->stranded(samples_.in_flight());
}

}  // namespace hybridfog

#include "engine/compute.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>

#include "cost/cost_model.hpp"
#include "engine/activities.hpp"
#include "engine/batteries.hpp"
#include "engine/dvfs_governor.hpp"
#include "engine/host_observations.hpp"
#include "engine/orchestrator.hpp"
#include "engine/sample_pool.hpp"
#include "metrics/records.hpp"
#include "scenario/stage_plan.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

namespace sg4 = simgrid::s4u;

Compute::Compute(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan, SamplePool& samples,
                 Activities& activities, HostObservations* observations, DvfsGovernor* dvfs)
    : spec_(spec), platform_(platform), plan_(plan), samples_(samples), activities_(activities),
      observations_(observations), dvfs_(dvfs), state_(platform.hosts.size()) {
  bool batching = false;
  for (const TierSpec& tier : spec_.platform.tiers)
    for (const HostClassSpec& c : tier.classes) batching = batching || (c.batching && c.batching->max_size > 1);
  if (batching)
    batcher_.emplace(static_cast<int>(plan_.stages.size()), [this](BatchId batch) { release_batch(batch); });
  if (spec_.orchestration.any()) orchestrator_ = std::make_unique<Orchestrator>(spec_, platform_, plan_, *this);
}

Compute::~Compute() = default;

// The Orchestrator's state (a round-robin cursor, the random stream) is the dispatcher's own bookkeeping, not
// the servers': a preview restores it (Orchestrator::choose with commit false changes nothing).
HostId Compute::orchestrate(int tier, int site, int from_host, int stage, double bytes, bool commit,
                            std::uint64_t sample_id) const {
  return orchestrator_->choose(tier, site, from_host, stage, bytes, commit, sample_id);
}

void Compute::note_stage(SampleId id) { orchestrator_->ran(id, samples_[id].host); }

void Compute::fill_hosts(SampleId id, SampleRecord& record) const {
  for (size_t t = 0; t < spec_.platform.tiers.size(); ++t) {
    if (spec_.platform.tiers[t].scope == TierScope::device) continue;
    const int host = orchestrator_->host_of(id, static_cast<int>(t));
    record.server_hosts.push_back(host >= 0 ? platform_.hosts[host].host->get_name() : std::string());
    record.server_sites.push_back(host >= 0 ? platform_.hosts[host].site : -1);
  }
  orchestrator_->forget(id);
}

std::uint64_t Compute::samples_taken(HostId host) const { return orchestrator_ ? orchestrator_->taken(host) : 0; }

const HostClassSpec& Compute::host_class(HostId host) const {
  const BuiltHost& h = platform_.hosts[host.value()];
  return spec_.platform.tiers[h.tier].classes[h.host_class];
}

HostId Compute::dispatch(int tier, int site) const {
  const auto& candidates = platform_.tier_hosts[tier][site];
  int best = down_.empty() ? candidates.front() : -1;
  double best_load = 0;
  bool first = true;
  for (int h : candidates) {
    if (!down_.empty() && down_[h]) continue;
    const double load = static_cast<double>(state_[h].outstanding) / platform_.hosts[h].host->get_core_count();
    if (first || load < best_load) {
      best = h;
      best_load = load;
      first = false;
    }
  }
  return HostId(best);
}

void Compute::leave(HostId host) {
  if (platform_.hosts[host.value()].tier != 0) --state_[host.value()].outstanding;
}

void Compute::set_down(HostId host, bool down) {
  if (down_.empty()) down_.assign(state_.size(), false);
  down_[host.value()] = down;
}

void Compute::queue_changed(HostId host) {
  const ServerState& server = state_[host.value()];
  if (observations_ && observations_->keeps_queues())
    observations_->queue_changes(host.value(), sg4::Engine::get_clock(), server.busy_cores + static_cast<int>(server.fifo.size()));
  if (orchestrator_ && orchestrator_->keeps_queues())
    orchestrator_->queue_changes(host.value(), sg4::Engine::get_clock(), server.busy_cores + static_cast<int>(server.fifo.size()));
}

// Something joined the host's FIFO: adaptive policies see the queue, ondemand may raise the state.
void Compute::after_queueing(HostId host) {
  queue_changed(host);
  if (dvfs_) dvfs_->on_backlog(host, static_cast<int>(state_[host.value()].fifo.size()));
}

void Compute::compute(SampleId id) {
  Sample& s = samples_[id];
  const double now = sg4::Engine::get_clock();
  s.phase_start_s = now;  // waiting (for a batch, then for a core) is queue time
  const HostId host(s.host);
  const auto& batching = host_class(host).batching;
  if (batching && batching->max_size > 1) {
    const BatchId full = batcher_->add(id, host, s.stage, now, batching->max_size, batching->max_wait_s);
    if (full.valid()) release_batch(full);
    return;
  }
  start_or_queue(host, ExecOwner::of(id));
}

// FIFO with every core busy: the execution waits its turn; otherwise (or with processor sharing) it starts.
void Compute::start_or_queue(HostId host, ExecOwner owner) {
  ServerState& server = state_[host.value()];
  const int cores = platform_.hosts[host.value()].host->get_core_count();
  if (spec_.discipline == ServerDiscipline::fifo && server.busy_cores >= cores) {
    server.fifo.push_back(owner);
    after_queueing(host);
    return;
  }
  start(owner);
}

void Compute::release_batch(BatchId b) {
  batcher_->close(b);
  const double now = sg4::Engine::get_clock();
  const auto& members = batcher_->members(b);
  for (SampleId id : members) {
    samples_[id].batch_wait_s += now - samples_[id].phase_start_s;
    samples_[id].batch_size = static_cast<int>(members.size());
  }
  start_or_queue(batcher_->host(b), ExecOwner::of(b));
}

void Compute::start(ExecOwner owner) {
  const bool single = !owner.is_batch();
  const SampleId lead = single ? owner.sample() : batcher_->members(owner.batch()).front();
  const HostId host(samples_[lead].host);
  const int stage = samples_[lead].stage;
  ServerState& server = state_[host.value()];
  const HostClassSpec& c = host_class(host);
  const int class_index = platform_.hosts[host.value()].host_class;
  const int n = single ? 1 : static_cast<int>(batcher_->members(owner.batch()).size());
  const double relative = single ? 1.0 : c.batching->relative_time[n - 1];
  const double seconds = single ? plan_.seconds[stage][class_index] : plan_.seconds[stage][class_index] * relative;
  const double now = sg4::Engine::get_clock();
  ++server.busy_cores;
  ++server.executions;
  queue_changed(host);
  server.busy_core_s += seconds;
  const bool states = dvfs_ && dvfs_->has_states(host);
  const double energy = plan_.energy_j[stage][class_index];
  const auto start_member = [&](SampleId id) {
    Sample& s = samples_[id];
    s.batch = single ? BatchId() : owner.batch();
    if (s.phase_start_s < now) s.queue_s += now - s.phase_start_s;
    s.phase_start_s = now;
    s.pending = Pending::exec;
    server.compute_energy_j += energy;
    if (observations_) observations_->energy(host.value(), energy);
    s.compute_j += energy;
    // Without DVFS the dynamic energy is known now: (busy - idle) x seconds, shared by the batch.
    if (!states) s.host_dynamic_j += single ? plan_.dynamic_j[stage][class_index] : plan_.dynamic_j[stage][class_index] * relative / n;
  };
  if (single) {
    start_member(owner.sample());
  } else {
    for (SampleId id : batcher_->members(owner.batch())) start_member(id);
  }
  sg4::ActivityPtr exec = activities_.start_exec(platform_.hosts[host.value()].host, seconds * cost::kWorkUnitsPerSecond, owner);
  if (dvfs_) dvfs_->on_exec_start(host, owner, exec.get(), seconds);
  (single ? samples_[owner.sample()].activity : batcher_->activity(owner.batch())) = std::move(exec);
  if (dvfs_) dvfs_->on_backlog(host, static_cast<int>(server.fifo.size()));
  if (batteries_) batteries_->changed(host);
}

std::vector<SampleId> Compute::finish(ExecOwner owner, double now) {
  const bool single = !owner.is_batch();
  const SampleId lead = single ? owner.sample() : batcher_->members(owner.batch()).front();
  const HostId host(samples_[lead].host);
  ServerState& server = state_[host.value()];
  const bool states = dvfs_ && dvfs_->has_states(host);
  const double dynamic = states ? dvfs_->on_exec_end(host, owner) : 0.0;
  std::vector<SampleId> members;
  if (single) {
    members.push_back(owner.sample());
    activities_.retire(samples_[owner.sample()].activity);
  } else {
    members.swap(batcher_->members(owner.batch()));
    activities_.retire(batcher_->activity(owner.batch()));
    batcher_->free(owner.batch());
  }
  const double n = static_cast<double>(members.size());
  for (SampleId id : members) {
    Sample& s = samples_[id];
    s.pending = Pending::none;
    s.compute_s += now - s.phase_start_s;
    if (states) s.host_dynamic_j += dynamic / n;
  }
  --server.busy_cores;
  queue_changed(host);
  if (batteries_) batteries_->changed(host);
  if (!server.fifo.empty()) {
    const ExecOwner waiting = server.fifo.front();
    server.fifo.pop_front();
    start(waiting);
  }
  if (dvfs_ && server.busy_cores == 0 && server.fifo.empty()) dvfs_->on_idle(host);
  return members;
}

void Compute::cut(ExecOwner owner, HostId host, double now, double remaining_s) {
  const bool single = !owner.is_batch();
  ServerState& server = state_[host.value()];
  const HostClassSpec& c = host_class(host);
  const int class_index = platform_.hosts[host.value()].host_class;
  std::vector<SampleId> members;
  if (single) members.push_back(owner.sample());
  else members = batcher_->members(owner.batch());
  const int stage = samples_[members.front()].stage;
  const double n = static_cast<double>(members.size());
  const double relative = single ? 1.0 : c.batching->relative_time[members.size() - 1];
  const double total_s = plan_.seconds[stage][class_index] * relative;
  const double undone = total_s > 0 ? std::clamp(remaining_s / total_s, 0.0, 1.0) : 0.0;
  const bool states = dvfs_ && dvfs_->has_states(host);
  const double dynamic = states ? dvfs_->on_exec_cut(host, owner, remaining_s) : 0.0;
  // What start() charged in advance for the whole execution, less the part never done.
  server.busy_core_s -= std::min(remaining_s, total_s);
  for (SampleId id : members) {
    Sample& s = samples_[id];
    const double energy_undone = plan_.energy_j[stage][class_index] * undone;
    s.compute_j -= energy_undone;
    server.compute_energy_j -= energy_undone;
    if (states)
      s.host_dynamic_j += dynamic / n;
    else
      s.host_dynamic_j -= plan_.dynamic_j[stage][class_index] * relative / n * undone;
    s.compute_s += now - s.phase_start_s;
  }
  --server.busy_cores;
  queue_changed(host);
  if (batteries_) batteries_->changed(host);
  activities_.cancel(single ? samples_[owner.sample()].activity : batcher_->activity(owner.batch()));
  if (!single) batcher_->free(owner.batch());
}

void Compute::abort_host(HostId host, double now, const std::vector<SampleId>& affected) {
  for (SampleId id : affected) {
    Sample& s = samples_[id];
    if (s.pending == Pending::exec) {
      if (s.batch.valid()) {
        const BatchId b = s.batch;
        const std::vector<SampleId> members = batcher_->members(b);
        cut(ExecOwner::of(b), host, now, batcher_->activity(b)->get_remaining() / cost::kWorkUnitsPerSecond);
        for (SampleId m : members) samples_[m].batch = BatchId();
      } else if (s.activity) {
        cut(ExecOwner::of(id), host, now, s.activity->get_remaining() / cost::kWorkUnitsPerSecond);
      }
    } else if (s.pending == Pending::none && s.host == host.value()) {
      s.queue_s += now - s.phase_start_s;  // waiting for a core or for its batch
    }
  }
  ServerState& server = state_[host.value()];
  for (ExecOwner owner : server.fifo)
    if (owner.is_batch()) batcher_->free(owner.batch());  // a full batch waiting for a core: its slot is free again
  server.fifo.clear();
  queue_changed(host);
  if (batcher_)
    batcher_->drop_open(host, [&](const std::vector<SampleId>& members) {
      for (SampleId id : members) samples_[id].batch_wait_s += now - samples_[id].phase_start_s;
    });
}

}  // namespace hybridfog

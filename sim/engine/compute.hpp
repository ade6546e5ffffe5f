#pragma once
// Compute: the hosts as servers (docs/formats.md, "Servers", "Batching", "DVFS").
//
// Dispatch (which host of a tier takes a sample: the fewest samples assigned per core within reach, ties to
// the first), each host's cores and its FIFO of executions waiting for a core (or processor sharing), the
// batches (Batcher) and the executions themselves (through Activities), with what they cost: busy
// core-seconds, analytic compute energy, dynamic host energy (or the DvfsGovernor's, on hosts with states).
// A failure of a host stops what runs and waits there (`abort_host`).
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "engine/batcher.hpp"
#include "engine/ids.hpp"

namespace hybridfog {

struct BuiltPlatform;
struct ScenarioSpec;
struct HostClassSpec;
struct StagePlan;
class Activities;
class Batteries;
class DvfsGovernor;
class HostObservations;
class Orchestrator;
struct SampleRecord;
class SamplePool;

struct ServerState {
  int busy_cores = 0;
  int outstanding = 0;          // samples assigned to this host and not gone yet (dispatch load)
  std::deque<ExecOwner> fifo;   // executions waiting for a core (FIFO discipline)
  double busy_core_s = 0;
  double compute_energy_j = 0;
  std::uint64_t executions = 0;
};

class Compute {
 public:
  // `observations` (adaptive policies) and `dvfs` (hosts with states) may be null.
  Compute(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan, SamplePool& samples,
          Activities& activities, HostObservations* observations, DvfsGovernor* dvfs);
  ~Compute();
  // Battery-powered devices (docs/formats.md, "Batteries"): told when a device's busy cores change.
  void set_batteries(Batteries* batteries) { batteries_ = batteries; }

  // ---- Dispatch
  // The host of `tier` reachable from `site` with the fewest samples assigned per core; ties go to the first
  // (docs/formats.md). Hosts that are down are skipped; an invalid id when every candidate is down.
  HostId dispatch(int tier, int site) const;
  // The host of `tier` that takes a sample at `from_host` entering `stage` with `bytes` to carry, its device
  // at `site`, by the tier's orchestration rule (docs/orchestration.md): `dispatch` without an Orchestrator
  // (every tier least-loaded). `take` is the final choice (a round-robin turn, a random draw are used up);
  // `preview` the host that a choice now would give, changing nothing (an adaptive policy's context).
  HostId take(int tier, int site, int from_host, int stage, double bytes, std::uint64_t sample_id) {
    return orchestrator_ ? orchestrate(tier, site, from_host, stage, bytes, true, sample_id) : dispatch(tier, site);
  }
  HostId preview(int tier, int site, int from_host, int stage, double bytes) const {
    return orchestrator_ ? orchestrate(tier, site, from_host, stage, bytes, false, 0) : dispatch(tier, site);
  }
  // Sample `id` runs a stage on its host (with an Orchestrator: samples.csv's `<tier>_host`, hosts.csv's
  // `samples`); its record takes what was noted (`note_hosts`, which frees the slot's notes).
  void ran_stage(SampleId id) {
    if (orchestrator_) note_stage(id);
  }
  void note_hosts(SampleId id, SampleRecord& record) const {
    if (orchestrator_) fill_hosts(id, record);
  }
  std::uint64_t samples_taken(HostId host) const;
  // A sample is assigned to `host` (counts for dispatch) / leaves it (device hosts are not counted).
  void assign(HostId host) { ++state_[host.value()].outstanding; }
  void leave(HostId host);
  // Failures: a host that is down gets no new samples.
  void set_down(HostId host, bool down);
  bool is_down(HostId host) const { return !down_.empty() && down_[host.value()]; }
  const ServerState& operator[](HostId host) const { return state_[host.value()]; }

  // ---- Executions
  // Sample `id`, on the host of its stage, computes that stage (work > 0): it joins a batch, waits for a core
  // or starts now.
  void compute(SampleId id);
  // The execution of `owner` completed at `now`: accounted, the next execution waiting for the core starts,
  // and the samples it computed are returned, to go on in this order.
  std::vector<SampleId> finish(ExecOwner owner, double now);
  // `host` fails at `now`: the executions on it stop with the work done so far accounted, and the samples of
  // `affected` (in id order) that wait there for a core or a batch stop waiting; the host's queue and its
  // open batches are emptied.
  void abort_host(HostId host, double now, const std::vector<SampleId>& affected);

 private:
  const HostClassSpec& host_class(HostId host) const;
  HostId orchestrate(int tier, int site, int from_host, int stage, double bytes, bool commit,
                     std::uint64_t sample_id) const;
  void note_stage(SampleId id);
  void fill_hosts(SampleId id, SampleRecord& record) const;
  void release_batch(BatchId batch);
  void start_or_queue(HostId host, ExecOwner owner);
  void start(ExecOwner owner);
  void cut(ExecOwner owner, HostId host, double now, double remaining_s);
  void queue_changed(HostId host);
  void after_queueing(HostId host);

  const ScenarioSpec& spec_;
  const BuiltPlatform& platform_;
  const StagePlan& plan_;
  SamplePool& samples_;
  Activities& activities_;
  HostObservations* observations_;
  DvfsGovernor* dvfs_;
  Batteries* batteries_ = nullptr;
  std::vector<ServerState> state_;
  std::vector<bool> down_;  // empty until a host fails
  std::optional<Batcher> batcher_;  // host classes with batching only
  std::unique_ptr<Orchestrator> orchestrator_;  // a tier whose rule is not least-loaded only
};

}  // namespace hybridfog

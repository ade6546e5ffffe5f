#pragma once
// ExitDecider: the decision at an exit head (docs/policies.md).
//
// Static policies read the sample's trace row only. Policies that see the network (ExitPolicy::context_needs)
// get a PolicyContext of what the deciding host could know and that host's PolicyState, from HostObservations
// (per host: estimates from its own transfers, offloads and answers, running totals, advertised queues),
// which the simulation builds for them alone and which the hooks below feed (they do nothing without it).
#include <memory>
#include <vector>

#include "engine/host_observations.hpp"
#include "engine/ids.hpp"
#include "policy/exit_policy.hpp"

namespace hybridfog {

struct BuiltPlatform;
struct ScenarioSpec;
struct StagePlan;
class Batteries;
class Compute;
class SamplePool;

class ExitDecider {
 public:
  // `compute`: where the next stage would be dispatched (what the context calls the next host).
  // `observations`: REQUIRED when the policy's context_needs() asks for a context, null otherwise.
  ExitDecider(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan, SamplePool& samples,
              const Compute& compute, HostObservations* observations);

  // The policy's decision for sample `id` at the head of its stage (not the final head: that one exits).
  Decision decide(SampleId id, const HeadInfo& info) {
    return observations_ ? decide_in_context(id, info) : policy_.decide(trace_, static_cast<size_t>(row(id)), info);
  }
  // Battery-powered devices: the context's battery_fraction (docs/formats.md, "Batteries"); 1 without.
  void set_batteries(const Batteries* batteries) { batteries_ = batteries; }
  // The deadline of a sample of `device` (infinity without deadlines).
  double deadline_s(int device) const;
  // The policy answers from the device at the deadline (on_late: fallback; docs/policies.md).
  bool fallback_at_deadline() const { return needs_.fallback_at_deadline; }

  // ---- What the deciding hosts learn (policies that see the network only; nothing otherwise).
  // A transfer of `id` (forward: towards the next stage) completed at `now`.
  void on_transfer_done(SampleId id, bool forward, double now);
  // Sample `id` finished at `now` (before its record is written).
  void on_finish(SampleId id, double now);

 private:
  // Per sample slot, for policies that see the network: the host that first sent it onward and when, when
  // that upload was delivered and its compute + queue seconds then (reset when the sample finishes).
  struct Offload {
    int by = -1;
    double start_s = 0, upload_done_s = -1, busy_at_upload_s = 0;
  };
  Offload& offload_of(SampleId id) {
    if (static_cast<size_t>(id.value()) >= offloads_.size()) offloads_.resize(static_cast<size_t>(id.value()) + 1);
    return offloads_[id.value()];
  }
  int row(SampleId id) const;
  Decision decide_in_context(SampleId id, const HeadInfo& info);

  const ScenarioSpec& spec_;
  const BuiltPlatform& platform_;
  const StagePlan& plan_;
  SamplePool& samples_;
  const Compute& compute_;
  const ExitPolicy& policy_;
  const Trace& trace_;
  ContextNeeds needs_;
  HostObservations* observations_;
  const Batteries* batteries_ = nullptr;
  std::vector<std::unique_ptr<PolicyState>> policy_state_;  // per host, created at its first decision
  std::vector<double> remaining_compute_s_;                 // per stage: seconds of every later stage
  std::vector<Offload> offloads_;
  int last_tier_ = 0;
};

}  // namespace hybridfog

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
#include "engine/sample_pool.hpp"
#include "policy/exit_policy.hpp"

namespace hybridfog {

struct BuiltPlatform;
struct ScenarioSpec;
struct StagePlan;
class Batteries;
class Compute;

class ExitDecider {
 public:
  // `compute`: where the next stage would be dispatched (what the context calls the next host).
  // `observations`: REQUIRED when the policy's context_needs() asks for a context, null otherwise.
  ExitDecider(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan, SamplePool& samples,
              const Compute& compute, HostObservations* observations);

  // The policy's decision for sample `id` at the head of its stage (not the final head: that one exits).
  Decision decide(SampleId id, const HeadInfo& info) {
    if (observations_) return decide_in_context(id, info);
    const Sample& s = samples_[id];
    return apps_[static_cast<size_t>(s.app)].policy->decide(*apps_[static_cast<size_t>(s.app)].trace,
                                                            static_cast<size_t>(s.row), info);
  }
  // What a scenario's policies need, all of its applications together (docs/formats.md, "Several applications").
  static ContextNeeds needs_of(const ScenarioSpec& spec);
  // Battery-powered devices: the context's battery_fraction (docs/formats.md, "Batteries"); 1 without.
  void set_batteries(const Batteries* batteries) { batteries_ = batteries; }
  // The deadline of a sample of application `app` on `device` (infinity without deadlines).
  double deadline_s(int device, int app) const;
  // The application's policy answers from the device at the deadline (on_late: fallback; docs/policies.md).
  bool fallback_at_deadline(int app) const { return apps_[static_cast<size_t>(app)].needs.fallback_at_deadline; }

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
  Decision decide_in_context(SampleId id, const HeadInfo& info);
  // Per application: its policy, trace, deadlines and needs, and the tier of its last stage.
  struct App {
    const ExitPolicy* policy = nullptr;
    const Trace* trace = nullptr;
    const std::vector<double>* deadline_s_by_class = nullptr;
    ContextNeeds needs;
    int last_tier = 0;
  };

  const ScenarioSpec& spec_;
  const BuiltPlatform& platform_;
  const StagePlan& plan_;
  SamplePool& samples_;
  const Compute& compute_;
  std::vector<App> apps_;
  HostObservations* observations_;
  const Batteries* batteries_ = nullptr;
  // Per application and host, created at the host's first decision for that application.
  std::vector<std::vector<std::unique_ptr<PolicyState>>> policy_state_;
  std::vector<double> remaining_compute_s_;  // per stage: seconds of every later stage of its application
  std::vector<Offload> offloads_;
};

}  // namespace hybridfog

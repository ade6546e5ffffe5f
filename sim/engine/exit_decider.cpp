#include "engine/exit_decider.hpp"

#include <simgrid/s4u.hpp>

#include <limits>

#include "engine/batteries.hpp"
#include "engine/compute.hpp"
#include "engine/sample_pool.hpp"
#include "scenario/stage_plan.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

ExitDecider::ExitDecider(const ScenarioSpec& spec, const BuiltPlatform& platform, const StagePlan& plan,
                         SamplePool& samples, const Compute& compute, HostObservations* observations)
    : spec_(spec), platform_(platform), plan_(plan), samples_(samples), compute_(compute), policy_(*spec.exit_policy),
      trace_(spec.trace), needs_(spec.exit_policy->context_needs()), observations_(observations) {
  if (!observations_) return;
  policy_state_.resize(platform_.hosts.size());
  last_tier_ = plan_.stage_tier.back();
  remaining_compute_s_.assign(plan_.stages.size(), 0.0);
  for (int k = static_cast<int>(plan_.stages.size()) - 2; k >= 0; --k)
    remaining_compute_s_[k] = remaining_compute_s_[k + 1] + plan_.seconds[k + 1].front();
}

int ExitDecider::row(SampleId id) const { return samples_[id].row; }

double ExitDecider::deadline_s(int device) const {
  const auto& by_class = spec_.workload.deadline_s_by_class;
  return by_class.empty() ? std::numeric_limits<double>::infinity()
                          : by_class[platform_.hosts[platform_.device_host[device]].host_class];
}

Decision ExitDecider::decide_in_context(SampleId id, const HeadInfo& info) {
  Sample& s = samples_[id];
  const double now = simgrid::s4u::Engine::get_clock();
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
  const int next_tier = plan_.stage_tier[s.stage + 1];
  int next_host = -1, next_cores = 1;
  if (next_tier != tier) {
    context.offload_bytes = plan_.stages[s.stage + 1].bytes_in;
    next_host = next_tier == 0 ? platform_.device_host[s.device]
                               : compute_.preview(next_tier, platform_.device_site[s.device], s.host, s.stage + 1,
                                                  context.offload_bytes).value();
    next_cores = platform_.hosts[next_host].host->get_core_count();
  }
  observations_->fill(context, s.host, next_host, next_cores, now);
  if (batteries_) context.battery_fraction = batteries_->fraction(s.device, now);
  std::unique_ptr<PolicyState>& state = policy_state_[s.host];
  if (!state) state = policy_.new_state();
  const Decision decision = policy_.decide_in_context(trace_, static_cast<size_t>(s.row), info, context, state.get());
  observations_->decided(s.host);
  if (state) s.threshold = state->threshold;
  if (decision != Decision::exit) {
    const bool skips = decision == Decision::escalate && plan_.escalate_to[s.stage] > s.stage + 1;
    const int target = skips ? plan_.escalate_to[s.stage] : s.stage + 1;
    if (plan_.stage_tier[target] != tier) {
      if (plan_.stage_tier[target] == last_tier_)
        observations_->sent_to_last_tier(s.host, skips ? plan_.escalate_bytes[s.stage] : plan_.stages[target].bytes_in);
      Offload& offload = offload_of(id);
      if (offload.by < 0) {
        offload.by = s.host;
        offload.start_s = now;
      }
    }
  }
  return decision;
}

void ExitDecider::on_transfer_done(SampleId id, bool forward, double now) {
  if (!observations_) return;
  const Sample& s = samples_[id];
  observations_->transfer_done(s.host, s.transfer_bytes, s.phase_start_s, now);
  Offload& offload = offload_of(id);
  if (forward && offload.by >= 0 && offload.upload_done_s < 0) {
    offload.upload_done_s = now;
    offload.busy_at_upload_s = s.compute_s + s.queue_s;
  }
}

void ExitDecider::on_finish(SampleId id, double now) {
  if (!observations_) return;
  const Sample& s = samples_[id];
  const Offload offload = offload_of(id);
  offload_of(id) = Offload{};  // the slot's next sample starts afresh
  if (s.outcome != SampleRecord::Outcome::completed || offload.by < 0 || offload.upload_done_s < 0) return;
  const double rtt = (now - offload.upload_done_s) - (s.compute_s + s.queue_s - offload.busy_at_upload_s);
  observations_->offload_answered(offload.by, now - offload.start_s, rtt, now - s.arrival_s > deadline_s(s.device), now);
}

}  // namespace hybridfog

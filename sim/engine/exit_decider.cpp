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
    : spec_(spec), platform_(platform), plan_(plan), samples_(samples), compute_(compute), observations_(observations) {
  const std::vector<ApplicationRef> refs = application_refs(spec);
  for (size_t a = 0; a < refs.size(); ++a) {
    App app;
    app.policy = refs[a].exit_policy;
    app.trace = refs[a].trace;
    app.deadline_s_by_class = &refs[a].workload->deadline_s_by_class;
    app.needs = refs[a].exit_policy->context_needs();
    const size_t end = a + 1 < refs.size() ? static_cast<size_t>(plan_.first_stage[a + 1]) : plan_.stages.size();
    app.last_tier = plan_.stage_tier[end - 1];
    apps_.push_back(app);
  }
  if (!observations_) return;
  policy_state_.resize(apps_.size());
  for (auto& per_host : policy_state_) per_host.resize(platform_.hosts.size());
  remaining_compute_s_.assign(plan_.stages.size(), 0.0);
  for (int k = static_cast<int>(plan_.stages.size()) - 2; k >= 0; --k)
    if (plan_.stage_app[k] == plan_.stage_app[k + 1])
      remaining_compute_s_[k] = remaining_compute_s_[k + 1] + plan_.seconds[k + 1].front();
}

ContextNeeds ExitDecider::needs_of(const ScenarioSpec& spec) {
  ContextNeeds all;
  bool first = true;
  for (const ApplicationRef& app : application_refs(spec)) {
    const ContextNeeds needs = app.exit_policy->context_needs();
    if (first) {
      all = needs;
      first = false;
      continue;
    }
    const bool first_context = !all.context && needs.context;
    all.context = all.context || needs.context;
    all.queue = all.queue || needs.queue;
    all.deadline = all.deadline || needs.deadline;
    all.fallback_at_deadline = all.fallback_at_deadline || needs.fallback_at_deadline;
    // Estimators and advertisements are the hosts', one setting for all: the first application that asks for them.
    if (first_context) {
      all.estimator_window = needs.estimator_window;
      all.advertise_period_s = needs.advertise_period_s;
    }
  }
  return all;
}

double ExitDecider::deadline_s(int device, int app) const {
  const auto& by_class = *apps_[static_cast<size_t>(app)].deadline_s_by_class;
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
  context.deadline_s = deadline_s(s.device, s.app);
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
  const App& app = apps_[static_cast<size_t>(s.app)];
  std::unique_ptr<PolicyState>& state = policy_state_[static_cast<size_t>(s.app)][s.host];
  if (!state) state = app.policy->new_state();
  const Decision decision = app.policy->decide_in_context(*app.trace, static_cast<size_t>(s.row), info, context, state.get());
  observations_->decided(s.host);
  if (state) s.threshold = state->threshold;
  if (decision != Decision::exit) {
    const bool skips = decision == Decision::escalate && plan_.escalate_to[s.stage] > s.stage + 1;
    const int target = skips ? plan_.escalate_to[s.stage] : s.stage + 1;
    if (plan_.stage_tier[target] != tier) {
      if (plan_.stage_tier[target] == app.last_tier)
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
  observations_->offload_answered(offload.by, now - offload.start_s, rtt, now - s.arrival_s > deadline_s(s.device, s.app), now);
}

}  // namespace hybridfog

#include "engine/recovery.hpp"

#include "cost/cost_model.hpp"
#include "scenario/stage_plan.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

Recovery::Recovery(const ScenarioSpec& spec, const StagePlan& plan) : spec_(spec), plan_(plan) {
  const std::vector<ApplicationRef> refs = application_refs(spec);
  for (size_t a = 0; a < refs.size(); ++a) {
    const ModelProfile& profile = *refs[a].profile;
    const size_t begin = static_cast<size_t>(plan_.first_stage[a]);
    const size_t end = a + 1 < refs.size() ? static_cast<size_t>(plan_.first_stage[a + 1]) : plan_.stages.size();
    App app;
    app.last_tier = plan_.stage_tier[end - 1];
    for (size_t k = begin; k < end; ++k)
      if (plan_.stage_tier[k] != 0) {
        app.first_remote_stage = static_cast<int>(k);
        break;
      }
    int last_on_device = -1;
    for (size_t k = begin; k < end; ++k)
      if (plan_.stage_tier[k] == 0) last_on_device = static_cast<int>(k);
    if (app.first_remote_stage >= 0) {
      int target = -1;
      for (size_t k = begin; k < end; ++k)
        if (plan_.stage_tier[k] == app.last_tier) {
          target = static_cast<int>(k);
          break;
        }
      // What the device holds: its last stage's results, or only the raw input when it runs no stage.
      int last_done = kInputTensor;
      if (last_on_device >= 0) {
        const Stage& done = plan_.stages[last_on_device];
        last_done = done.head >= 0 ? profile.heads[done.head].after : done.last_layer;
      }
      if (target > app.first_remote_stage)
        if (const auto bytes = cost::skip_bytes(profile, last_done, plan_.stages[target].first_layer)) {
          app.escalate_stage = target;
          app.escalate_bytes = *bytes;
        }
    }
    apps_.push_back(app);
  }
}

void Recovery::lose(Sample& s, double now, int tier) {
  s.lost = true;
  s.lost_at_s = now;
  s.lost_tier = tier;
  ++s.losses;
  s.pending = Pending::none;
  s.batch = BatchId();
}

Recovery::Next Recovery::recover(Sample& s, double now, int device_host) const {
  s.recovery_wait_s += now - s.lost_at_s;
  s.lost = false;
  s.host = device_host;  // the device is the one that noticed; it holds the raw input
  const RecoverySpec& r = spec_.failures.recovery;
  switch (r.policy) {
    case RecoveryPolicy::give_up:
      return {Next::Kind::give_up, 0};
    case RecoveryPolicy::fallback:
      if (s.device_head < 0) return {Next::Kind::give_up, 0};
      s.exit_head = s.device_head;
      s.outcome = SampleRecord::Outcome::fell_back;
      return {Next::Kind::fall_back, 0};
    case RecoveryPolicy::retry:
    case RecoveryPolicy::escalate:
      break;
  }
  const App& app = apps_[static_cast<size_t>(s.app)];
  if (s.retries >= r.max_retries || app.first_remote_stage < 0) return {Next::Kind::give_up, 0};
  ++s.retries;
  const bool escalate = r.policy == RecoveryPolicy::escalate && app.escalate_stage >= 0 && s.lost_tier >= 0 &&
                        s.lost_tier < app.last_tier;
  s.stage = escalate ? app.escalate_stage : app.first_remote_stage;
  return {Next::Kind::restart, escalate ? app.escalate_bytes : plan_.stages[s.stage].bytes_in};
}

}  // namespace hybridfog

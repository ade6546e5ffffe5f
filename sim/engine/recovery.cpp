#include "engine/recovery.hpp"

#include "cost/cost_model.hpp"
#include "scenario/stage_plan.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

Recovery::Recovery(const ScenarioSpec& spec, const StagePlan& plan) : spec_(spec), plan_(plan) {
  for (size_t k = 0; k < plan_.stages.size(); ++k)
    if (plan_.stage_tier[k] != 0) {
      first_remote_stage_ = static_cast<int>(k);
      break;
    }
  int last_on_device = -1;
  for (size_t k = 0; k < plan_.stages.size(); ++k)
    if (plan_.stage_tier[k] == 0) last_on_device = static_cast<int>(k);
  if (first_remote_stage_ < 0) return;
  int target = -1;
  for (size_t k = 0; k < plan_.stages.size(); ++k)
    if (plan_.stage_tier[k] == plan_.stage_tier.back()) {
      target = static_cast<int>(k);
      break;
    }
  // What the device holds: its last stage's results, or only the raw input when it runs no stage.
  int last_done = kInputTensor;
  if (last_on_device >= 0) {
    const Stage& done = plan_.stages[last_on_device];
    last_done = done.head >= 0 ? spec_.profile.heads[done.head].after : done.last_layer;
  }
  if (target > first_remote_stage_)
    if (const auto bytes = cost::skip_bytes(spec_.profile, last_done, plan_.stages[target].first_layer)) {
      escalate_stage_ = target;
      escalate_bytes_ = *bytes;
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
  if (s.retries >= r.max_retries || first_remote_stage_ < 0) return {Next::Kind::give_up, 0};
  ++s.retries;
  const bool escalate = r.policy == RecoveryPolicy::escalate && escalate_stage_ >= 0 && s.lost_tier >= 0 &&
                        s.lost_tier < plan_.stage_tier.back();
  s.stage = escalate ? escalate_stage_ : first_remote_stage_;
  return {Next::Kind::restart, escalate ? escalate_bytes_ : plan_.stages[s.stage].bytes_in};
}

}  // namespace hybridfog

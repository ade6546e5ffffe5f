#include "scenario/stage_plan.hpp"

#include "cost/cost_model.hpp"

namespace hybridfog {

StagePlan build_stage_plan(const ScenarioSpec& spec) {
  StagePlan plan;
  plan.stages = spec.placement == Placement::cloud_only
                    ? build_raw_offload_stages(spec.profile, spec.partition.back().tier)
                    : build_stages(spec.profile, spec.partition);
  const int last_tier = spec.platform.tier_index(spec.partition.back().tier);
  int first_layer_on_last_tier = -1;
  for (const Stage& stage : plan.stages) {
    const int tier = spec.platform.tier_index(stage.tier);
    if (tier == last_tier && first_layer_on_last_tier < 0) first_layer_on_last_tier = stage.first_layer;
    plan.stage_tier.push_back(tier);
    std::vector<double> seconds, energy, dynamic;
    for (const HostClassSpec& c : spec.platform.tiers[tier].classes) {
      const cost::SegmentCost segment = cost::segment_cost(stage.macs, c);
      seconds.push_back(segment.seconds);
      energy.push_back(segment.energy_j);
      dynamic.push_back(segment.dynamic_energy_j);
    }
    plan.seconds.push_back(seconds);
    plan.energy_j.push_back(energy);
    plan.dynamic_j.push_back(dynamic);
  }
  const int last_exit_head = cost::last_exit_head_before(spec.profile.heads, first_layer_on_last_tier);
  const auto& stages = plan.stages;
  for (size_t k = 0; k < stages.size(); ++k) {
    plan.last_exit_before_last_tier.push_back(stages[k].head >= 0 && stages[k].head == last_exit_head);
    // The final stage never escalates: its entry is a plain "next" that is never taken.
    const int from = static_cast<int>(k);
    const int target = k + 1 < stages.size() ? escalation_target(stages, from) : from + 1;
    plan.escalate_to.push_back(target);
    const bool skips = target > from + 1 && stages[k].head >= 0;
    plan.escalate_bytes.push_back(
        skips ? cost::skip_bytes(spec.profile, spec.profile.heads[stages[k].head].after, stages[target].first_layer)
                    .value_or(0.0)
              : 0.0);
  }
  return plan;
}

}  // namespace hybridfog

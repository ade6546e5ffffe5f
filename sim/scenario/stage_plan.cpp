#include "scenario/stage_plan.hpp"

#include "cost/cost_model.hpp"

namespace hybridfog {

namespace {

// One application's stages appended to `plan`, its indices shifted by the stages already there.
void append_application(const PlatformSpec& platform, const ApplicationRef& app, int index, StagePlan& plan) {
  const ModelProfile& profile = *app.profile;
  const std::vector<PartitionSegment>& partition = *app.partition;
  const int offset = static_cast<int>(plan.stages.size());
  plan.first_stage.push_back(offset);
  const std::vector<Stage> stages = app.placement == Placement::cloud_only
                                        ? build_raw_offload_stages(profile, partition.back().tier)
                                        : build_stages(profile, partition);
  const int last_tier = platform.tier_index(partition.back().tier);
  int first_layer_on_last_tier = -1;
  for (const Stage& stage : stages) {
    const int tier = platform.tier_index(stage.tier);
    if (tier == last_tier && first_layer_on_last_tier < 0) first_layer_on_last_tier = stage.first_layer;
    plan.stages.push_back(stage);
    plan.stage_tier.push_back(tier);
    plan.stage_app.push_back(index);
    plan.final_head.push_back(stage.head >= 0 && stage.head + 1 == static_cast<int>(profile.heads.size()));
    std::vector<double> seconds, energy, dynamic;
    for (const HostClassSpec& c : platform.tiers[tier].classes) {
      const cost::SegmentCost segment = cost::segment_cost(stage.macs, c);
      seconds.push_back(segment.seconds);
      energy.push_back(segment.energy_j);
      dynamic.push_back(segment.dynamic_energy_j);
    }
    plan.seconds.push_back(seconds);
    plan.energy_j.push_back(energy);
    plan.dynamic_j.push_back(dynamic);
  }
  const int last_exit_head = cost::last_exit_head_before(profile.heads, first_layer_on_last_tier);
  for (size_t k = 0; k < stages.size(); ++k) {
    plan.last_exit_before_last_tier.push_back(stages[k].head >= 0 && stages[k].head == last_exit_head);
    // The final stage never escalates: its entry is a plain "next" that is never taken.
    const int from = static_cast<int>(k);
    const int target = k + 1 < stages.size() ? escalation_target(stages, from) : from + 1;
    plan.escalate_to.push_back(offset + target);
    const bool skips = target > from + 1 && stages[k].head >= 0;
    plan.escalate_bytes.push_back(
        skips ? cost::skip_bytes(profile, profile.heads[stages[k].head].after, stages[target].first_layer).value_or(0.0)
              : 0.0);
  }
}

}  // namespace

StagePlan build_stage_plan(const ScenarioSpec& spec) {
  StagePlan plan;
  const std::vector<ApplicationRef> apps = application_refs(spec);
  for (size_t a = 0; a < apps.size(); ++a) append_application(spec.platform, apps[a], static_cast<int>(a), plan);
  return plan;
}

}  // namespace hybridfog

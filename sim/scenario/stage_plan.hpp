#pragma once
// StagePlan: the stages every sample of a scenario goes through and where decisions lead (the next
// stage, or an escalation straight to the last tier), with each stage's cost on every host class of its
// tier. Built once from the scenario; used by the simulation (to drive samples) and by the offered-load
// check (to know, without simulating, what each trace row asks of every tier and link).
//
// Several applications (docs/formats.md, "Several applications"): the stages of every application one after
// the other; a sample of application a starts at first_stage[a] and never leaves that application's stages
// (its last stage has its final head, where it always exits).
#include <vector>

#include "model/model_profile.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

struct StagePlan {
  std::vector<Stage> stages;
  std::vector<int> stage_tier;  // tier index of each stage
  std::vector<bool> last_exit_before_last_tier;
  // Decision::escalate from stage k jumps to escalate_to[k] (first stage on the last tier after k),
  // carrying escalate_bytes[k] (checked possible by the scenario for policies that escalate).
  std::vector<int> escalate_to;
  std::vector<double> escalate_bytes;
  // [stage][host class of the stage's tier]: seconds on one core, analytic energy, dynamic host energy
  // ((busy - idle power per core) x seconds).
  std::vector<std::vector<double>> seconds, energy_j, dynamic_j;
  // Per stage: its application (index into application_refs), and whether its head is its model's final one.
  std::vector<int> stage_app;
  std::vector<bool> final_head;
  // Per application: the index of its first stage.
  std::vector<int> first_stage;
};

StagePlan build_stage_plan(const ScenarioSpec& spec);

}  // namespace hybridfog

#pragma once
// The learning environment's simulation side (python/env_bridge.cpp).
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "engine/run_scenario.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog {

// The observation's names, the number of actions and the outcome fields of `decision` ("exit" or
// "orchestration") for this scenario (docs/python.md, "Learning a policy").
pybind11::dict env_layout(const ScenarioSpec& spec, const std::string& decision, bool all_sites);

// Forks the episode's process; returns its pid. It writes to `to_parent`, reads actions from `from_parent`,
// and closes `parent_ends` (the parent's ends of both pipes).
int start_episode(const ScenarioSpec& spec, const RunRequest& request, const std::string& decision, bool all_sites,
                  int to_parent, int from_parent, const std::vector<int>& parent_ends);

}  // namespace hybridfog

#pragma once
// Early exits for the partition search: the scenario's policy replayed over every trace row.
//
// A policy decides from (trace row, head, HeadInfo). HeadInfo carries the head index and one bit that
// depends on the partition (last_exit_before_last_tier). So each row has, per exit head, one decision for
// each value of that bit; rows with the same decisions everywhere behave the same under every partition.
// Grouping them gives a handful of weighted sample classes, and the expected cost of a configuration is
// the weighted sum of the cost of each class's path through it.
#include <array>
#include <vector>

#include "policy/exit_policy.hpp"

namespace hybridfog {
struct Trace;
}

namespace hybridfog::search {

struct SampleClass {
  double weight = 0;  // fraction of the trace's rows in this class; the weights sum to 1
  // decision[flag][h]: the decision at exit head h (every head but the final one) when
  // HeadInfo::last_exit_before_last_tier == flag.
  std::array<std::vector<Decision>, 2> decision;
};

// Replays `policy` over every row of `trace` at every exit head of a model with `head_count` heads
// (the last one is the final classifier, where every sample stops). Classes are in a deterministic order.
std::vector<SampleClass> replay_policy(const ExitPolicy& policy, const Trace& trace, int head_count);

// One class of weight 1 that never exits early (every sample runs the whole network).
std::vector<SampleClass> no_early_exits(int head_count);

}  // namespace hybridfog::search

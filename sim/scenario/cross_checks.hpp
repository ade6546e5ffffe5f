#pragma once
// Cross-checks between the inputs of a scenario, each read and validated on its own by its room (a trace
// does not know profiles): they meet here, in scenario/, once.
#include "model/model_profile.hpp"
#include "trace/trace.hpp"

namespace hybridfog {

// Checks the trace against a profile: the same heads (every profile head present, no unknown head) and
// labels / predictions inside [0, classes). Re-orders `heads` to the profile's head order.
void check_trace_against_profile(Trace& trace, const ModelProfile& profile);

}  // namespace hybridfog

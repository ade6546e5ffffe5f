// entropy: the conditionally deep hybrid network's rule (Long, Chakraborty, Roy 2020; BranchyNet):
// stop at exit head i when the softmax entropy (nats) is below the threshold T_i.
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "entropy", "stop at an exit head when its softmax entropy (nats) < threshold", {"threshold", "thresholds"},
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace&) -> std::unique_ptr<ExitPolicy> {
      auto thresholds = thresholds_per_exit_head(spec, profile);
      for (double t : thresholds)
        if (t < 0) throw PolicyParameterError("threshold", "an entropy threshold must not be negative");
      return std::make_unique<PerHeadThresholdPolicy>(
          std::move(thresholds),
          [](const Trace& trace, size_t row, int head) { return trace.heads[head].entropy_nats[row]; }, false);
    }});

}  // namespace
}  // namespace hybridfog

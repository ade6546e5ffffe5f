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
      // Refused like a max-softmax threshold above 1: above ln(classes), the largest entropy there is, every
      // sample would exit at the first head whatever its entropy.
      for (size_t h = 0; h < thresholds.size(); ++h) {
        const double t = thresholds[h];
        if (t < 0 || t > max_entropy_nats(profile))
          throw PolicyParameterError(threshold_key(spec, profile, h), entropy_threshold_range_text(profile));
      }
      return std::make_unique<PerHeadThresholdPolicy>(
          std::move(thresholds),
          [](const Trace& trace, size_t row, int head) { return trace.heads[head].entropy_nats[row]; }, false);
    }});

}  // namespace
}  // namespace hybridfog

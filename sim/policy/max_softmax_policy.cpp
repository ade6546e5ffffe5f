// max-softmax: stop at an exit head when the top softmax probability is at least the threshold.
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "max-softmax", "stop at an exit head when its max softmax probability >= threshold", {"threshold", "thresholds"},
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace&) -> std::unique_ptr<ExitPolicy> {
      auto thresholds = thresholds_per_exit_head(spec, profile);
      for (size_t h = 0; h < thresholds.size(); ++h) {
        const double t = thresholds[h];
        if (t < 0 || t > 1) throw PolicyParameterError(threshold_key(spec, profile, h), "a max-softmax threshold must be in [0, 1]");
      }
      return std::make_unique<PerHeadThresholdPolicy>(
          std::move(thresholds), [](const Trace& trace, size_t row, int head) { return trace.heads[head].confidence[row]; },
          true);
    }});

}  // namespace
}  // namespace hybridfog

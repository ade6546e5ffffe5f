// ddnn: DDNN's rule (Teerapittayanon et al., ICDCS 2017): stop at an exit head when the normalised
// entropy, entropy / ln(classes), is below the threshold (0.8 in their experiments).
#include <cmath>

#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "ddnn", "stop at an exit head when entropy / ln(classes) < threshold", {"threshold", "thresholds"},
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace&) -> std::unique_ptr<ExitPolicy> {
      auto thresholds = thresholds_per_exit_head(spec, profile);
      for (size_t h = 0; h < thresholds.size(); ++h) {
        const double t = thresholds[h];
        if (t < 0 || t > 1)
          throw PolicyParameterError(threshold_key(spec, profile, h), "a normalised entropy threshold must be in [0, 1]");
      }
      const double max_entropy = std::log(static_cast<double>(profile.classes));
      return std::make_unique<PerHeadThresholdPolicy>(
          std::move(thresholds),
          [max_entropy](const Trace& trace, size_t row, int head) { return trace.heads[head].entropy_nats[row] / max_entropy; },
          false);
    }});

}  // namespace
}  // namespace hybridfog

// ddnn: DDNN's rule (Teerapittayanon et al., ICDCS 2017): stop at an exit head when the normalised
// entropy, entropy / ln(classes), is below the threshold (0.8 in their experiments).
#include <cmath>

#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

class DdnnPolicy final : public ExitPolicy {
 public:
  DdnnPolicy(std::vector<double> thresholds, int classes)
      : thresholds_(std::move(thresholds)), max_entropy_(std::log(static_cast<double>(classes))) {}
  Decision decide(const Trace& trace, size_t row, const HeadInfo& head) const override {
    return trace.heads[head.index].entropy_nats[row] / max_entropy_ < thresholds_[head.index] ? Decision::exit
                                                                                              : Decision::next;
  }

 private:
  std::vector<double> thresholds_;  // per exit head, fraction of ln(classes)
  double max_entropy_;
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "ddnn", "stop at an exit head when entropy / ln(classes) < threshold", {"threshold", "thresholds"},
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace&) -> std::unique_ptr<ExitPolicy> {
      auto thresholds = thresholds_per_exit_head(spec, profile);
      for (double t : thresholds)
        if (t < 0 || t > 1) throw PolicyParameterError("threshold", "a normalised entropy threshold must be in [0, 1]");
      return std::make_unique<DdnnPolicy>(std::move(thresholds), profile.classes);
    }});

}  // namespace
}  // namespace hybridfog

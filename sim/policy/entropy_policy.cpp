// entropy: the conditionally deep hybrid network's rule (Long, Chakraborty, Roy 2020; BranchyNet):
// stop at exit head i when the softmax entropy (nats) is below the threshold T_i.
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

class EntropyPolicy final : public ExitPolicy {
 public:
  explicit EntropyPolicy(std::vector<double> thresholds) : thresholds_(std::move(thresholds)) {}
  Decision decide(const Trace& trace, size_t row, const HeadInfo& head) const override {
    return trace.heads[head.index].entropy_nats[row] < thresholds_[head.index] ? Decision::exit : Decision::next;
  }

 private:
  std::vector<double> thresholds_;  // per exit head, nats
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "entropy", "stop at an exit head when its softmax entropy (nats) < threshold", {"threshold", "thresholds"},
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace&) -> std::unique_ptr<ExitPolicy> {
      auto thresholds = thresholds_per_exit_head(spec, profile);
      for (double t : thresholds)
        if (t < 0) throw PolicyParameterError("threshold", "an entropy threshold must not be negative");
      return std::make_unique<EntropyPolicy>(std::move(thresholds));
    }});

}  // namespace
}  // namespace hybridfog

// meanet: MEANet (Long et al., ICDCS 2021). At the main block's head: entropy > threshold -> complex:
// escalate straight to the cloud model; else the predicted class is easy -> exit at the main block; else
// hard -> go on to the extension block, whose head answers. Three termination points.
// Reads the trace column `<first head>.hard` (1 when the main block predicts a hard class).
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

class MeaNetPolicy final : public ExitPolicy {
 public:
  MeaNetPolicy(double threshold, const Eigen::VectorXd* hard) : threshold_(threshold), hard_(hard) {}
  Decision decide(const Trace& trace, size_t row, const HeadInfo& head) const override {
    if (head.index != 0) return Decision::exit;  // the extension block answers every hard sample
    if (trace.heads[0].entropy_nats[row] > threshold_) return Decision::escalate;
    return (*hard_)[row] != 0 ? Decision::next : Decision::exit;
  }
  bool may_escalate() const override { return true; }

 private:
  double threshold_;            // nats
  const Eigen::VectorXd* hard_;  // main head's `hard` column
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "meanet", "main entropy > threshold -> cloud; easy class -> exit at main; hard class -> extension block",
    {"threshold"},
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) -> std::unique_ptr<ExitPolicy> {
      const double threshold = single_threshold(spec);
      if (threshold < 0 || threshold > max_entropy_nats(profile))
        throw PolicyParameterError("threshold", entropy_threshold_range_text(profile));
      if (profile.heads.size() != 3)
        throw PolicyParameterError("name", "meanet needs three heads (main, extension, final); profile " + profile.name +
                                               " has " + std::to_string(profile.heads.size()));
      const auto it = trace.heads[0].extras.find("hard");
      if (it == trace.heads[0].extras.end())
        throw PolicyParameterError("name", "meanet needs the trace column " + trace.heads[0].name + ".hard in " + trace.file);
      return std::make_unique<MeaNetPolicy>(threshold, &it->second);
    }});

}  // namespace
}  // namespace hybridfog

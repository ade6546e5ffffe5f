// appealnet: AppealNet (Li et al., DAC 2021). The edge model's appeal head q(x) in [0, 1] estimates whether
// the edge prediction can be trusted: keep it when q(x) >= threshold (delta), else appeal: the raw input
// goes to the cloud model (the next stage of an AppealNet profile reads the raw input).
// Reads the trace column `<head>.appeal` of every exit head.
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

class AppealNetPolicy final : public ExitPolicy {
 public:
  AppealNetPolicy(double delta, std::vector<const Eigen::VectorXd*> appeal) : delta_(delta), appeal_(std::move(appeal)) {}
  Decision decide(const Trace&, size_t row, const HeadInfo& head) const override {
    return (*appeal_[head.index])[row] >= delta_ ? Decision::exit : Decision::next;
  }

 private:
  double delta_;
  std::vector<const Eigen::VectorXd*> appeal_;  // per exit head: the trace's q(x) column
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "appealnet", "keep the edge prediction when the appeal score q(x) >= threshold, else send the raw input to the cloud",
    {"threshold"},
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) -> std::unique_ptr<ExitPolicy> {
      const double delta = single_threshold(spec);
      if (delta < 0 || delta > 1) throw PolicyParameterError("threshold", "an appeal threshold must be in [0, 1]");
      std::vector<const Eigen::VectorXd*> appeal;
      for (size_t h = 0; h + 1 < profile.heads.size(); ++h) {
        const HeadColumns& columns = trace.heads[h];
        const auto it = columns.extras.find("appeal");
        if (it == columns.extras.end())
          throw PolicyParameterError("name", "appealnet needs the trace column " + columns.name + ".appeal (q(x)) in " + trace.file);
        appeal.push_back(&it->second);
      }
      if (appeal.empty()) throw PolicyParameterError("name", "appealnet needs an exit head before the final classifier");
      return std::make_unique<AppealNetPolicy>(delta, std::move(appeal));
    }});

}  // namespace
}  // namespace hybridfog

// congestion-aware: a threshold rule (entropy, max-softmax or AppealNet's delta, `base`) whose threshold
// follows the deciding host's estimated uplink throughput x (docs/policies.md):
// T(x) = congested_threshold + (threshold - congested_threshold) x min(1, x / reference_throughput);
// `threshold` until the first measurement. Reads the context: the throughput estimate.
#include "model/model_profile.hpp"
#include "policy/adaptive_support.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

class CongestionAwarePolicy final : public ExitPolicy {
 public:
  CongestionAwarePolicy(ThresholdRule rule, double threshold, double congested, double reference, ContextNeeds needs)
      : rule_(std::move(rule)), threshold_(threshold), congested_(congested), reference_(reference), needs_(needs) {}
  Decision decide(const Trace&, size_t row, const HeadInfo& head) const override {
    return rule_.exits(row, head.index, threshold_) ? Decision::exit : Decision::next;
  }
  ContextNeeds context_needs() const override { return needs_; }
  std::unique_ptr<PolicyState> new_state() const override { return std::make_unique<PolicyState>(); }
  Decision decide_in_context(const Trace&, size_t row, const HeadInfo& head, const PolicyContext& context,
                             PolicyState* state) const override {
    const double t = congestion_threshold(threshold_, congested_, reference_, context);
    state->threshold = t;
    return rule_.exits(row, head.index, t) ? Decision::exit : Decision::next;
  }

 private:
  ThresholdRule rule_;
  double threshold_, congested_, reference_;
  ContextNeeds needs_;
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "congestion-aware",
    "a threshold rule whose threshold moves towards congested_threshold as the estimated uplink throughput falls",
    adaptive_parameters({"base", "threshold", "congested_threshold", "reference_throughput"}),
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) -> std::unique_ptr<ExitPolicy> {
      ThresholdRule rule = threshold_rule(spec, profile, trace);
      const double threshold = single_threshold(spec);
      const auto in_range = [&](double t) { return t >= rule.min && t <= rule.max; };
      if (!in_range(threshold)) throw PolicyParameterError("threshold", threshold_range_text(rule));
      const auto congested = spec.numbers.find("congested_threshold");
      if (congested == spec.numbers.end())
        throw PolicyParameterError("name", "congestion-aware needs `congested_threshold` (the threshold at zero throughput)");
      if (!in_range(congested->second))
        throw PolicyParameterError("congested_threshold", threshold_range_text(rule));
      const auto reference = spec.numbers.find("reference_throughput");
      if (reference == spec.numbers.end())
        throw PolicyParameterError("name", "congestion-aware needs `reference_throughput` (where `threshold` applies)");
      ContextNeeds needs;
      read_adaptive_parameters(spec, needs);
      return std::make_unique<CongestionAwarePolicy>(std::move(rule), threshold, congested->second, reference->second, needs);
    },
    adaptive_kinds({{"base", "word"}, {"reference_throughput", "bandwidth"}})});

}  // namespace
}  // namespace hybridfog

// deadline-aware: a base policy (any static policy: entropy, max-softmax, appealnet, static, ...) decides; when
// it would go on, the sample goes on only if the estimated completion (adaptive_support.hpp,
// estimated_completion_age_s) meets its deadline; otherwise the current exit head answers. Reads the
// context: age, deadline, offload bytes, remaining compute, throughput and RTT estimates, advertised queue.
// With `probe_interval`, a host whose throughput estimate is older than that goes on anyway (one probe),
// so that it can see the network recover.
#include <algorithm>
#include <limits>

#include "model/model_profile.hpp"
#include "policy/adaptive_support.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

class DeadlineAwarePolicy final : public ExitPolicy {
 public:
  DeadlineAwarePolicy(std::unique_ptr<ExitPolicy> base, ContextNeeds needs, double probe_interval_s)
      : base_(std::move(base)), needs_(needs), probe_interval_s_(probe_interval_s) {}
  Decision decide(const Trace& trace, size_t row, const HeadInfo& head) const override {
    return base_->decide(trace, row, head);
  }
  bool may_escalate() const override { return base_->may_escalate(); }
  ContextNeeds context_needs() const override { return needs_; }
  Decision decide_in_context(const Trace& trace, size_t row, const HeadInfo& head, const PolicyContext& context,
                             PolicyState*) const override {
    const Decision base = base_->decide(trace, row, head);
    if (base == Decision::exit) return base;
    if (estimated_completion_age_s(context) <= context.deadline_s) return base;
    if (context.throughput_age_s >= probe_interval_s_) return base;  // probe: measure the network again
    return Decision::exit;
  }

 private:
  std::unique_ptr<ExitPolicy> base_;
  ContextNeeds needs_;
  double probe_interval_s_;
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "deadline-aware",
    "a base policy's decision, but go on only when the estimated completion meets the sample's deadline",
    adaptive_parameters({"base", "threshold", "thresholds", "probe_interval"}),
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) -> std::unique_ptr<ExitPolicy> {
      const auto base_name = spec.words.find("base");
      if (base_name == spec.words.end()) throw PolicyParameterError("base", "deadline-aware needs `base` (a policy name, e.g. entropy or static)");
      const PolicyInfo* base_info = PolicyRegistry::find(base_name->second);
      if (!base_info || base_name->second == "deadline-aware" || base_name->second == "budget-controller" ||
          base_name->second == "congestion-aware")
        throw PolicyParameterError("base", "base must be a static policy (entropy, max-softmax, appealnet, ddnn, static, "
                                           "...), got \"" + base_name->second + "\"");
      PolicySpec base_spec;
      base_spec.name = base_name->second;
      base_spec.threshold = spec.threshold;
      base_spec.thresholds = spec.thresholds;
      for (const auto& key : {"threshold", "thresholds"}) {
        const bool given = std::string(key) == "threshold" ? spec.threshold.has_value() : !spec.thresholds.empty();
        const auto& accepted = base_info->parameters;
        if (given && std::find(accepted.begin(), accepted.end(), key) == accepted.end())
          throw PolicyParameterError(key, "base policy " + base_spec.name + " takes no `" + key + "`");
      }
      ContextNeeds needs;
      needs.deadline = true;
      needs.queue = true;
      read_adaptive_parameters(spec, needs);
      return std::make_unique<DeadlineAwarePolicy>(
          base_info->create(base_spec, profile, trace), needs,
          number_or(spec, "probe_interval", std::numeric_limits<double>::infinity()));
    },
    adaptive_kinds({{"base", "word"}, {"probe_interval", "time"}})});

}  // namespace
}  // namespace hybridfog

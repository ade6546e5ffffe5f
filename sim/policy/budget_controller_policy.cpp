// budget-controller: a threshold rule (entropy, max-softmax or AppealNet's delta, `base`) whose threshold a
// proportional-integral controller adjusts online, per deciding host, to hold one budget of that host
// (docs/policies.md): WAN bytes per second it sends toward the partition's last tier, requests per second
// it sends there, or device energy per decision. The controller steps at the host's first decision after
// each control period, over the time since its last step; PiController (estimators.hpp) has the formula.
// Reads the context: time, the host's running totals (offloaded bytes, last-tier requests, energy, decisions).
#include <cmath>

#include "model/model_profile.hpp"
#include "policy/adaptive_support.hpp"
#include "policy/estimators.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

enum class Budget { wan_bandwidth, cloud_requests, device_energy };

struct ControllerState final : PolicyState {
  explicit ControllerState(PiController controller) : pi(controller) {}
  PiController pi;
  double last_step_s = 0;
  double last_bytes = 0, last_energy_j = 0;
  std::uint64_t last_requests = 0, last_decisions = 0;
};

class BudgetControllerPolicy final : public ExitPolicy {
 public:
  BudgetControllerPolicy(ThresholdRule rule, Budget budget, double target, double initial, double kp, double ki,
                         double min, double max, double period_s, ContextNeeds needs)
      : rule_(std::move(rule)), budget_(budget), target_(target), initial_(initial), kp_(kp), ki_(ki), min_(min),
        max_(max), period_s_(period_s), needs_(needs) {}
  Decision decide(const Trace&, size_t row, const HeadInfo& head) const override {
    return rule_.exits(row, head.index, initial_) ? Decision::exit : Decision::next;
  }
  ContextNeeds context_needs() const override { return needs_; }
  std::unique_ptr<PolicyState> new_state() const override {
    return std::make_unique<ControllerState>(
        PiController(initial_, kp_, ki_, min_, max_, rule_.more_exits_direction()));
  }
  Decision decide_in_context(const Trace&, size_t row, const HeadInfo& head, const PolicyContext& context,
                             PolicyState* state) const override {
    auto& s = static_cast<ControllerState&>(*state);
    const double dt = context.now_s - s.last_step_s;
    if (dt >= period_s_) {
      double measured = std::nan("");
      switch (budget_) {
        case Budget::wan_bandwidth: measured = (context.offloaded_bytes - s.last_bytes) / dt; break;
        case Budget::cloud_requests:
          measured = static_cast<double>(context.last_tier_requests - s.last_requests) / dt;
          break;
        case Budget::device_energy:
          if (context.decisions > s.last_decisions)
            measured = (context.energy_j - s.last_energy_j) / static_cast<double>(context.decisions - s.last_decisions);
          break;
      }
      if (!std::isnan(measured)) {
        s.pi.step(measured, target_, dt);
        s.last_step_s = context.now_s;
        s.last_bytes = context.offloaded_bytes;
        s.last_requests = context.last_tier_requests;
        s.last_energy_j = context.energy_j;
        s.last_decisions = context.decisions;
      }
    }
    s.threshold = s.pi.output();
    return rule_.exits(row, head.index, s.threshold) ? Decision::exit : Decision::next;
  }

 private:
  ThresholdRule rule_;
  Budget budget_;
  double target_, initial_, kp_, ki_, min_, max_, period_s_;
  ContextNeeds needs_;
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{
    "budget-controller",
    "a threshold rule whose threshold a PI controller adjusts to hold a WAN, cloud-request or device-energy budget",
    adaptive_parameters({"base", "threshold", "target_wan_bandwidth", "target_cloud_requests", "target_device_energy",
                         "gain_p", "gain_i", "threshold_min", "threshold_max", "control_period"}),
    [](const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) -> std::unique_ptr<ExitPolicy> {
      ThresholdRule rule = threshold_rule(spec, profile, trace);
      const double initial = single_threshold(spec);
      const double min = number_or(spec, "threshold_min", rule.min);
      const double max = number_or(spec, "threshold_max", rule.max);
      if (min < rule.min || min > rule.max)
        throw PolicyParameterError("threshold_min", threshold_range_text(rule));
      if (max < rule.min || max > rule.max)
        throw PolicyParameterError("threshold_max", threshold_range_text(rule));
      if (!(min < max)) throw PolicyParameterError("threshold_max", "threshold_max must be above threshold_min");
      if (initial < min || initial > max)
        throw PolicyParameterError("threshold", "the starting threshold must be in [threshold_min, threshold_max]");
      int targets = 0;
      Budget budget = Budget::wan_bandwidth;
      double target = 0;
      for (const auto& [key, kind] : {std::pair<const char*, Budget>{"target_wan_bandwidth", Budget::wan_bandwidth},
                                      {"target_cloud_requests", Budget::cloud_requests},
                                      {"target_device_energy", Budget::device_energy}}) {
        const auto it = spec.numbers.find(key);
        if (it == spec.numbers.end()) continue;
        ++targets;
        budget = kind;
        target = it->second;
      }
      if (targets != 1)
        throw PolicyParameterError("name", "budget-controller needs exactly one of target_wan_bandwidth, "
                                           "target_cloud_requests, target_device_energy");
      const double kp = number_or(spec, "gain_p", 0.5), ki = number_or(spec, "gain_i", 0.1);
      if (kp < 0) throw PolicyParameterError("gain_p", "a controller gain must not be negative");
      if (ki < 0) throw PolicyParameterError("gain_i", "a controller gain must not be negative");
      ContextNeeds needs;
      read_adaptive_parameters(spec, needs);
      return std::make_unique<BudgetControllerPolicy>(std::move(rule), budget, target, initial, kp, ki, min, max,
                                                      number_or(spec, "control_period", 1.0), needs);
    },
    adaptive_kinds({{"base", "word"},
                    {"target_wan_bandwidth", "bandwidth"},
                    {"target_cloud_requests", "rate"},
                    {"target_device_energy", "energy"},
                    {"control_period", "time"}})});

}  // namespace
}  // namespace hybridfog

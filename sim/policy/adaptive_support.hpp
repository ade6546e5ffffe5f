#pragma once
// What the adaptive policies share (docs/policies.md, "Adaptive policies"): the threshold rules they adapt
// (entropy, max-softmax, AppealNet's delta) and the context parameters every adaptive policy accepts.
#include <Eigen/Core>

#include <string>
#include <vector>

#include "policy/exit_policy.hpp"

namespace hybridfog {

// A threshold rule on one trace score per exit head: entropy (exit when entropy_nats < T), max-softmax
// (exit when confidence >= T) or appealnet (exit when appeal >= T).
struct ThresholdRule {
  std::string base;
  std::vector<const Eigen::VectorXd*> score;  // per exit head
  bool exit_at_or_above = false;
  double min = 0, max = 1;                    // the range a threshold of this rule may take
  bool exits(size_t row, int head, double threshold) const {
    const double s = (*score[head])[row];
    return exit_at_or_above ? s >= threshold : s < threshold;
  }
  // +1 when a higher threshold makes more samples exit (entropy), -1 otherwise.
  double more_exits_direction() const { return exit_at_or_above ? -1.0 : 1.0; }
};

// The rule named by the policy's `base` word (entropy, max-softmax, appealnet). Throws PolicyParameterError.
ThresholdRule threshold_rule(const PolicySpec& spec, const ModelProfile& profile, const Trace& trace);

// Parameters every adaptive policy accepts besides its own: estimator_window, advertise_period, on_late.
std::vector<std::string> adaptive_parameters(std::vector<std::string> own);
std::map<std::string, std::string> adaptive_kinds(std::map<std::string, std::string> own);
// Reads those into `needs` (checked: window an integer in [1, 1000], period > 0, on_late count|fallback).
void read_adaptive_parameters(const PolicySpec& spec, ContextNeeds& needs);

// "a threshold of rule entropy must be in [0, 2.30259]"
std::string threshold_range_text(const ThresholdRule& rule);

// spec.numbers[key], or `fallback` when absent.
double number_or(const PolicySpec& spec, const std::string& key, double fallback);

}  // namespace hybridfog

namespace hybridfog {

// Deadline-aware offload's estimate of the sample's age when its answer would be back if it went on now
// (docs/policies.md): age + offload_bytes / throughput (0 before the first measurement) + rtt
// + remaining_compute x (1 + advertised queue / cores of the next host) (queue term 0 when unknown).
double estimated_completion_age_s(const PolicyContext& context);

// Congestion-aware threshold: T(x) = T_congested + (T - T_congested) x min(1, x / reference) for an
// estimated throughput x; T before the first measurement.
double congestion_threshold(double threshold, double congested_threshold, double reference_bytes_per_s,
                            const PolicyContext& context);

}  // namespace hybridfog

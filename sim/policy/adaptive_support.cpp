#include "policy/adaptive_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/model_profile.hpp"
#include "trace/trace.hpp"

namespace hybridfog {

ThresholdRule threshold_rule(const PolicySpec& spec, const ModelProfile& profile, const Trace& trace) {
  const auto base = spec.words.find("base");
  if (base == spec.words.end()) throw PolicyParameterError("base", "policy " + spec.name + " needs `base` (entropy, max-softmax or appealnet)");
  ThresholdRule rule;
  rule.base = base->second;
  if (rule.base != "entropy" && rule.base != "max-softmax" && rule.base != "appealnet")
    throw PolicyParameterError("base", "expected one of entropy, max-softmax, appealnet, got \"" + rule.base + "\"");
  rule.exit_at_or_above = rule.base != "entropy";
  rule.min = 0;
  rule.max = 1;
  for (size_t h = 0; h + 1 < profile.heads.size(); ++h) {
    const HeadColumns& columns = trace.heads[h];
    if (rule.base == "entropy") {
      rule.score.push_back(&columns.entropy_nats);
      // The largest entropy a head can have: ln of the model's class count.
      rule.max = std::log(static_cast<double>(std::max(2, profile.classes)));
    } else if (rule.base == "max-softmax") {
      rule.score.push_back(&columns.confidence);
    } else {
      const auto it = columns.extras.find("appeal");
      if (it == columns.extras.end())
        throw PolicyParameterError("base", "base appealnet needs the trace column " + columns.name + ".appeal (q(x)) in " + trace.file);
      rule.score.push_back(&it->second);
    }
  }
  if (rule.score.empty()) throw PolicyParameterError("name", "policy " + spec.name + " needs an exit head before the final classifier");
  return rule;
}

std::vector<std::string> adaptive_parameters(std::vector<std::string> own) {
  own.insert(own.end(), {"estimator_window", "advertise_period", "on_late"});
  return own;
}

std::map<std::string, std::string> adaptive_kinds(std::map<std::string, std::string> own) {
  own["advertise_period"] = "time";
  own["on_late"] = "word";
  return own;
}

void read_adaptive_parameters(const PolicySpec& spec, ContextNeeds& needs) {
  needs.context = true;
  const double window = number_or(spec, "estimator_window", needs.estimator_window);
  if (!(window >= 1 && window <= 1000 && window == std::floor(window)))
    throw PolicyParameterError("estimator_window", "an estimator window is a whole number of transfers in [1, 1000]");
  needs.estimator_window = static_cast<int>(window);
  needs.advertise_period_s = number_or(spec, "advertise_period", needs.advertise_period_s);
  const auto on_late = spec.words.find("on_late");
  if (on_late != spec.words.end()) {
    if (on_late->second != "count" && on_late->second != "fallback")
      throw PolicyParameterError("on_late", "expected one of count, fallback, got \"" + on_late->second + "\"");
    needs.fallback_at_deadline = on_late->second == "fallback";
    needs.deadline = true;
  }
}

std::string threshold_range_text(const ThresholdRule& rule) {
  char text[96];
  std::snprintf(text, sizeof text, "a threshold of rule %s must be in [%g, %g]", rule.base.c_str(), rule.min, rule.max);
  return text;
}

double number_or(const PolicySpec& spec, const std::string& key, double fallback) {
  const auto it = spec.numbers.find(key);
  return it == spec.numbers.end() ? fallback : it->second;
}

}  // namespace hybridfog

namespace hybridfog {

double estimated_completion_age_s(const PolicyContext& c) {
  const double transfer = c.offload_bytes > 0 && c.throughput_samples > 0 && c.throughput_bytes_per_s > 0
                              ? c.offload_bytes / c.throughput_bytes_per_s
                              : 0.0;
  const double queue_factor = c.queue_known ? 1.0 + static_cast<double>(c.advertised_queue) / c.next_host_cores : 1.0;
  return c.age_s + transfer + c.rtt_s + c.remaining_compute_s * queue_factor;
}

double congestion_threshold(double threshold, double congested_threshold, double reference_bytes_per_s,
                            const PolicyContext& c) {
  if (c.throughput_samples == 0) return threshold;
  const double share = std::min(1.0, c.throughput_bytes_per_s / reference_bytes_per_s);
  return congested_threshold + (threshold - congested_threshold) * share;
}

}  // namespace hybridfog

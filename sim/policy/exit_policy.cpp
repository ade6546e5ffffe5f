#include "policy/exit_policy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/model_profile.hpp"

namespace hybridfog {
namespace {
std::map<std::string, PolicyInfo>& registry() {
  static std::map<std::string, PolicyInfo> policies;
  return policies;
}
}  // namespace

bool PolicyRegistry::add(PolicyInfo info) {
  const std::string name = info.name;
  return registry().emplace(name, std::move(info)).second;
}

const PolicyInfo* PolicyRegistry::find(const std::string& name) {
  const auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> PolicyRegistry::names() {
  std::vector<std::string> out;
  for (const auto& [name, _] : registry()) out.push_back(name);
  return out;
}

double single_threshold(const PolicySpec& spec) {
  if (!spec.thresholds.empty())
    throw PolicyParameterError("thresholds", "policy " + spec.name + " takes one `threshold`, not per-head thresholds");
  if (!spec.threshold) throw PolicyParameterError("threshold", "policy " + spec.name + " needs `threshold`");
  return *spec.threshold;
}

std::string threshold_key(const PolicySpec& spec, const ModelProfile& profile, size_t head) {
  const std::string& name = profile.heads.at(head).name;
  return spec.thresholds.count(name) ? "thresholds." + name : "threshold";
}

double max_entropy_nats(const ModelProfile& profile) { return std::log(static_cast<double>(std::max(2, profile.classes))); }

std::string entropy_threshold_range_text(const ModelProfile& profile) {
  char text[400];
  std::snprintf(text, sizeof text,
                "an entropy threshold must be in [0, ln(%d) = %.6f] nats (the largest entropy of %d classes; above it "
                "every sample would exit, as a max-softmax threshold above 1 would keep every sample)",
                std::max(2, profile.classes), max_entropy_nats(profile), std::max(2, profile.classes));
  return text;
}

std::vector<double> thresholds_per_exit_head(const PolicySpec& spec, const ModelProfile& profile) {
  for (const auto& [head, _] : spec.thresholds) {
    const int index = profile.head_index(head);
    if (index < 0) throw PolicyParameterError("thresholds." + head, "profile " + profile.name + " has no head \"" + head + "\"");
    if (index + 1 == static_cast<int>(profile.heads.size()))
      throw PolicyParameterError("thresholds." + head, "\"" + head + "\" is the final classifier: every sample stops there");
  }
  std::vector<double> out;
  for (size_t h = 0; h + 1 < profile.heads.size(); ++h) {
    const auto it = spec.thresholds.find(profile.heads[h].name);
    if (it != spec.thresholds.end()) {
      out.push_back(it->second);
    } else if (spec.threshold) {
      out.push_back(*spec.threshold);
    } else {
      throw PolicyParameterError("threshold", "policy " + spec.name + " needs `threshold` or `thresholds." +
                                                  profile.heads[h].name + "`");
    }
  }
  return out;
}

}  // namespace hybridfog

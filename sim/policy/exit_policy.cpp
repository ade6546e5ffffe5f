#include "policy/exit_policy.hpp"

#include <algorithm>

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

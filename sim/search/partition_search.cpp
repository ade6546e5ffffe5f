#include "search/partition_search.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <queue>
#include <sstream>

#include "core/input_error.hpp"

namespace hybridfog::search {

namespace {
const SourceLocation kCommandLine{"<command line>", 0, 0};
constexpr std::array<Metric, kMetricCount> kMetrics = {Metric::latency, Metric::device_energy, Metric::total_energy,
                                                       Metric::wan_bytes, Metric::cost};
}  // namespace

const char* metric_name(Metric metric) {
  switch (metric) {
    case Metric::latency: return "latency";
    case Metric::device_energy: return "device-energy";
    case Metric::total_energy: return "total-energy";
    case Metric::wan_bytes: return "wan-bytes";
    case Metric::cost: return "cost";
  }
  return "?";
}

const char* metric_unit(Metric metric) {
  switch (metric) {
    case Metric::latency: return "s";
    case Metric::device_energy:
    case Metric::total_energy: return "J";
    case Metric::wan_bytes: return "B";
    case Metric::cost: return "";
  }
  return "";
}

double metric_value(const Estimate& e, Metric metric) {
  switch (metric) {
    case Metric::latency: return e.latency_s;
    case Metric::device_energy: return e.device_energy_j;
    case Metric::total_energy: return e.total_energy_j;
    case Metric::wan_bytes: return e.wan_bytes;
    case Metric::cost: return e.caused_cost;
  }
  return 0;
}

double Objective::value(const Estimate& e) const {
  if (!weighted) return metric_value(e, metric);
  double sum = 0;
  for (int i = 0; i < kMetricCount; ++i)
    if (weights[i] != 0) sum += weights[i] * metric_value(e, kMetrics[i]);
  return sum;
}

std::string Objective::describe() const {
  if (!weighted) return metric_name(metric);
  std::ostringstream out;
  out << "weighted:";
  bool first = true;
  for (int i = 0; i < kMetricCount; ++i) {
    if (weights[i] == 0) continue;
    out << (first ? " " : " + ") << weights[i] << "*" << metric_name(kMetrics[i]);
    first = false;
  }
  return out.str();
}

Objective parse_objective(const std::string& name, const std::vector<std::string>& weights) {
  Objective objective;
  const auto find_metric = [](const std::string& text) -> int {
    for (int i = 0; i < kMetricCount; ++i)
      if (text == metric_name(kMetrics[i])) return i;
    return -1;
  };
  if (name == "weighted") {
    objective.weighted = true;
    if (weights.empty())
      throw InputError(kCommandLine, "--objective", "weighted needs at least one --weight METRIC=W (latency=1, ...)");
    for (const auto& w : weights) {
      const size_t eq = w.find('=');
      const int metric = eq == std::string::npos ? -1 : find_metric(w.substr(0, eq));
      if (metric < 0)
        throw InputError(kCommandLine, "--weight " + w,
                         "expected METRIC=W with METRIC one of latency, device-energy, total-energy, wan-bytes, cost");
      size_t used = 0;
      double value = 0;
      try {
        value = std::stod(w.substr(eq + 1), &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != w.size() - eq - 1 || !std::isfinite(value) || value < 0 || value > 1e12)
        throw InputError(kCommandLine, "--weight " + excerpt(w), "the weight must be a number in [0, 1e12]");
      objective.weights[metric] = value;
    }
    return objective;
  }
  const int metric = find_metric(name);
  if (metric < 0)
    throw InputError(kCommandLine, "--objective " + name,
                     "expected latency, device-energy, total-energy, wan-bytes, cost or weighted");
  if (!weights.empty()) throw InputError(kCommandLine, "--weight", "weights apply to --objective weighted only");
  objective.metric = kMetrics[metric];
  return objective;
}

SearchResult run_search(const Estimator& estimator, const ConstraintSet& constraints, const Objective& objective,
                        size_t keep) {
  const auto start = std::chrono::steady_clock::now();
  const SearchSpace& space = estimator.space();
  SearchResult result;
  result.removed.assign(constraints.items.size() + 1, 0);
  std::map<std::string, long long>& infeasible_reasons = result.cannot_run;
  const auto better = [](const Ranked& a, const Ranked& b) {
    return a.objective < b.objective || (a.objective == b.objective && a.order < b.order);
  };
  // keep > 0: a max-heap of the best `keep` (its top is the worst kept); keep == 0: everything.
  std::priority_queue<Ranked, std::vector<Ranked>, decltype(better)> best(better);
  std::vector<Ranked> all;
  long long visited = 0;
  result.enumerated = enumerate_configurations(space, [&](const Configuration& config) {
    const long long order = visited++;
    const Estimate estimate = estimator.evaluate(config);
    if (!estimate.feasible) {
      ++result.removed[0];
      ++infeasible_reasons[estimate.infeasible_because];
      return;
    }
    for (size_t i = 0; i < constraints.items.size(); ++i)
      if (!satisfies(constraints.items[i], space, config, estimate)) {
        ++result.removed[i + 1];
        return;
      }
    ++result.satisfying;
    Ranked r{config, estimate, objective.value(estimate), order};
    if (keep == 0) {
      all.push_back(r);
    } else if (best.size() < keep) {
      best.push(r);
    } else if (better(r, best.top())) {
      best.pop();
      best.push(r);
    }
  });
  if (keep == 0) {
    result.ranked = std::move(all);
  } else {
    while (!best.empty()) {
      result.ranked.push_back(best.top());
      best.pop();
    }
  }
  std::sort(result.ranked.begin(), result.ranked.end(), better);
  result.scoring_wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (result.satisfying == 0) {
    if (result.removed[0] == result.enumerated) {
      std::string reasons;
      for (const auto& [why, count] : infeasible_reasons)
        reasons += (reasons.empty() ? "" : "; ") + why + " (" + std::to_string(count) + ")";
      throw InputError(kCommandLine, "partition",
                       "no configuration can run at all: " + reasons + " [" + std::to_string(result.enumerated) + " enumerated]");
    }
    long long left = result.enumerated - result.removed[0];
    for (size_t i = 0; i < constraints.items.size(); ++i) {
      const long long removed = result.removed[i + 1];
      left -= removed;
      if (left == 0 && removed > 0)
        throw InputError(kCommandLine, constraints.items[i].text,
                         "empty result: no configuration satisfies every constraint; this constraint removed the last " +
                             std::to_string(removed) + " of " + std::to_string(result.enumerated) +
                             " configurations (" + std::to_string(result.removed[0]) +
                             " could not run, the earlier constraints removed the others)");
    }
  }
  return result;
}

}  // namespace hybridfog::search

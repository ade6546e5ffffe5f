#include "search/sample_classes.hpp"

#include <map>

#include "trace/trace.hpp"

namespace hybridfog::search {

std::vector<SampleClass> replay_policy(const ExitPolicy& policy, const Trace& trace, int head_count) {
  const int exit_heads = head_count - 1;
  std::map<std::vector<int>, long long> counts;  // decisions (flag-major) -> rows
  std::vector<int> key(2 * static_cast<size_t>(exit_heads));
  for (size_t row = 0; row < trace.rows(); ++row) {
    for (int flag = 0; flag < 2; ++flag)
      for (int h = 0; h < exit_heads; ++h)
        key[flag * exit_heads + h] = static_cast<int>(policy.decide(trace, row, HeadInfo{h, flag == 1}));
    ++counts[key];
  }
  std::vector<SampleClass> classes;
  for (const auto& [decisions, rows] : counts) {
    SampleClass c;
    c.weight = static_cast<double>(rows) / static_cast<double>(trace.rows());
    for (int flag = 0; flag < 2; ++flag)
      for (int h = 0; h < exit_heads; ++h) c.decision[flag].push_back(static_cast<Decision>(decisions[flag * exit_heads + h]));
    classes.push_back(std::move(c));
  }
  return classes;
}

std::vector<SampleClass> no_early_exits(int head_count) {
  SampleClass c;
  c.weight = 1;
  for (int flag = 0; flag < 2; ++flag) c.decision[flag].assign(static_cast<size_t>(head_count - 1), Decision::next);
  return {c};
}

}  // namespace hybridfog::search

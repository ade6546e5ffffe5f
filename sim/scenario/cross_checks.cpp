#include "scenario/cross_checks.hpp"

#include <cmath>

#include "core/input_error.hpp"

namespace hybridfog {

void check_trace_against_profile(Trace& trace, const ModelProfile& profile) {
  const SourceLocation header{trace.file, trace.header_line, 1};
  for (const auto& head : trace.heads)
    if (profile.head_index(head.name) < 0)
      throw InputError({trace.file, trace.header_line, head.header_column}, head.name + ".pred",
                       "trace has head \"" + head.name + "\" that profile " + profile.file + " does not declare");
  std::vector<HeadColumns> ordered;
  for (const auto& head : profile.heads) {
    const HeadColumns* columns = trace.head(head.name);
    if (!columns)
      throw InputError(header, head.name + ".pred",
                       "profile " + profile.file + " declares head \"" + head.name + "\" but the trace has no columns for it");
    ordered.push_back(*columns);
  }
  trace.heads = std::move(ordered);
  for (Eigen::Index r = 0; r < trace.label.size(); ++r) {
    const SourceLocation row_where{trace.file, trace.row_line[r], 0};
    if (trace.label[r] >= profile.classes)
      throw InputError(row_where, "label", "row " + std::to_string(r) + ": label " + std::to_string(trace.label[r]) +
                                            " is not below the profile's " + std::to_string(profile.classes) + " classes");
    // Entropy of a distribution over C classes is at most ln C (small slack for rounding in the exporter).
    const double max_entropy = std::log(static_cast<double>(profile.classes)) * (1 + 1e-6) + 1e-9;
    for (const auto& head : trace.heads) {
      if (head.pred[r] >= profile.classes)
        throw InputError(row_where, head.name + ".pred",
                         "row " + std::to_string(r) + ": class " + std::to_string(head.pred[r]) +
                             " is not below the profile's " + std::to_string(profile.classes) + " classes");
      if (head.entropy_nats[r] > max_entropy)
        throw InputError(row_where, head.name + ".entropy_nats",
                         "row " + std::to_string(r) + ": entropy " + std::to_string(head.entropy_nats[r]) +
                             " nats is above ln(" + std::to_string(profile.classes) + ") = " + std::to_string(max_entropy));
    }
  }
}

}  // namespace hybridfog

#include "trace/trace.hpp"

#include <cerrno>
#include <cstdlib>

#include "core/csv_reader.hpp"
#include "core/input_error.hpp"

namespace hybridfog {

const HeadColumns* Trace::head(const std::string& name) const {
  for (const auto& h : heads)
    if (h.name == name) return &h;
  return nullptr;
}

namespace {

enum class ColumnKind { sample, label, pred, confidence, entropy, extra };

struct ColumnRef {
  ColumnKind kind;
  int head = -1;
  std::string extra;
  std::string name;
};

}  // namespace

Trace load_trace(const std::string& file) {
  CsvLines lines(file, {file, 0, 0}, "");
  Trace trace;
  trace.file = file;

  CsvLine line;
  std::vector<ColumnRef> columns;
  if (!lines.next(line))
    throw InputError({file, lines.number(), 0}, "", "empty trace: no header line");
  const int header_line = line.number;
  trace.header_line = header_line;
  bool has_sample = false, has_label = false;
  for (const CsvCell& cell : split_csv_line(line.text)) {
    ColumnRef ref{ColumnKind::extra, -1, "", cell.text};
    if (cell.text == "sample") {
      ref.kind = ColumnKind::sample;
      has_sample = true;
    } else if (cell.text == "label") {
      ref.kind = ColumnKind::label;
      has_label = true;
    } else {
      const size_t dot = cell.text.find('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == cell.text.size())
        throw InputError({file, header_line, cell.column}, cell.text,
                         "unknown column: expected sample, label or <head>.<field>");
      const std::string head_name = cell.text.substr(0, dot);
      const std::string field = cell.text.substr(dot + 1);
      int head = -1;
      for (size_t h = 0; h < trace.heads.size(); ++h)
        if (trace.heads[h].name == head_name) head = static_cast<int>(h);
      if (head < 0) {
        trace.heads.push_back(HeadColumns{head_name, cell.column, {}, {}, {}, {}});
        head = static_cast<int>(trace.heads.size()) - 1;
      }
      ref.head = head;
      ref.kind = field == "pred"           ? ColumnKind::pred
                 : field == "confidence"   ? ColumnKind::confidence
                 : field == "entropy_nats" ? ColumnKind::entropy
                                           : ColumnKind::extra;
      ref.extra = field;
    }
    for (const auto& other : columns)
      if (other.name == ref.name) throw InputError({file, header_line, cell.column}, cell.text, "column given twice");
    columns.push_back(ref);
  }
  if (!has_label) throw InputError({file, header_line, 1}, "label", "missing required column");
  if (!has_sample) throw InputError({file, header_line, 1}, "sample", "missing required column");
  for (const auto& head : trace.heads)
    for (const char* field : {"pred", "confidence", "entropy_nats"}) {
      bool found = false;
      for (const auto& c : columns) found = found || c.name == head.name + "." + field;
      if (!found)
        throw InputError({file, header_line, 1}, head.name + "." + field, "missing required column of head " + head.name);
    }

  // Rows, parsed into growable buffers, then moved into Eigen vectors.
  std::vector<int> sample, label;
  std::vector<std::vector<int>> pred(trace.heads.size());
  std::vector<std::vector<double>> confidence(trace.heads.size()), entropy(trace.heads.size());
  std::vector<std::map<std::string, std::vector<double>>> extras(trace.heads.size());
  while (lines.next(line)) {
    const int line_number = line.number;
    const auto cells = split_csv_line(line.text);
    if (cells.size() != columns.size())
      throw InputError({file, line_number, 1}, "",
                       "expected " + std::to_string(columns.size()) + " fields, got " + std::to_string(cells.size()));
    trace.row_line.push_back(line_number);
    for (size_t c = 0; c < cells.size(); ++c) {
      const ColumnRef& ref = columns[c];
      const CsvCell& cell = cells[c];
      const SourceLocation where{file, line_number, cell.column};
      const bool integer = ref.kind == ColumnKind::sample || ref.kind == ColumnKind::label || ref.kind == ColumnKind::pred;
      if (integer) {
        char* end = nullptr;
        errno = 0;
        const long value = std::strtol(cell.text.c_str(), &end, 10);
        if (cell.text.empty() || *end != '\0' || errno == ERANGE || value < 0 || value > 2147483647L)
          throw InputError(where, ref.name, "expected a non-negative integer, got \"" + excerpt(cell.text) + "\"");
        if (ref.kind == ColumnKind::sample) sample.push_back(static_cast<int>(value));
        if (ref.kind == ColumnKind::label) label.push_back(static_cast<int>(value));
        if (ref.kind == ColumnKind::pred) pred[ref.head].push_back(static_cast<int>(value));
        continue;
      }
      const auto number = parse_csv_number(cell.text);
      if (!number) throw InputError(where, ref.name, "expected a number, got \"" + excerpt(cell.text) + "\"");
      const double value = *number;
      if (ref.kind == ColumnKind::confidence) {
        if (value < 0 || value > 1) throw InputError(where, ref.name, "confidence must be in [0, 1], got " + excerpt(cell.text));
        confidence[ref.head].push_back(value);
      } else if (ref.kind == ColumnKind::entropy) {
        if (value < 0) throw InputError(where, ref.name, "entropy must not be negative, got " + excerpt(cell.text));
        entropy[ref.head].push_back(value);
      } else {
        extras[ref.head][ref.extra].push_back(value);
      }
    }
  }
  if (label.empty()) throw InputError({file, lines.number(), 0}, "", "empty trace: a header but no sample rows");

  const auto to_eigen_int = [](const std::vector<int>& v) { return Eigen::VectorXi(Eigen::Map<const Eigen::VectorXi>(v.data(), v.size())); };
  const auto to_eigen_double = [](const std::vector<double>& v) {
    return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(v.data(), v.size()));
  };
  trace.sample = to_eigen_int(sample);
  trace.label = to_eigen_int(label);
  for (size_t h = 0; h < trace.heads.size(); ++h) {
    trace.heads[h].pred = to_eigen_int(pred[h]);
    trace.heads[h].confidence = to_eigen_double(confidence[h]);
    trace.heads[h].entropy_nats = to_eigen_double(entropy[h]);
    for (auto& [name, values] : extras[h]) trace.heads[h].extras[name] = to_eigen_double(values);
  }
  return trace;
}

}  // namespace hybridfog

#pragma once
// Room trace/ (docs/architecture.md). Owns: Trace: columnar per-head arrays, loading and checking a trace
// file on its own. May use: core, Eigen.
//
// Trace: what a real model did on each real test sample, stored column by column.
// Rows are samples; for every head: predicted class, max-softmax confidence, entropy (nats), extras.
#include <Eigen/Core>
#include <map>
#include <string>
#include <vector>

namespace hybridfog {

struct HeadColumns {
  std::string name;
  int header_column = 0;          // 1-based character column of its first column in the header line
  Eigen::VectorXi pred;           // predicted class
  Eigen::VectorXd confidence;     // max softmax probability, [0, 1]
  Eigen::VectorXd entropy_nats;   // softmax entropy, >= 0
  std::map<std::string, Eigen::VectorXd> extras;  // "<head>.<extra>" columns, e.g. "appeal"
};

struct Trace {
  std::string file;
  Eigen::VectorXi sample;  // dataset index of each row
  Eigen::VectorXi label;   // true class
  std::vector<int> row_line;  // line of the file each row came from (for error messages)
  int header_line = 0;        // line of the header
  std::vector<HeadColumns> heads;  // in the order of the header

  size_t rows() const { return static_cast<size_t>(label.size()); }
  // The columns of head `name`, or nullptr.
  const HeadColumns* head(const std::string& name) const;
};

// Reads a trace CSV (docs/formats.md). Every malformed cell is an InputError naming file:line:col and
// the column. An empty trace is an error.
Trace load_trace(const std::string& file);

}  // namespace hybridfog

#pragma once
// A small strict reader for the numeric CSV inputs (profiles over time, and other tables of numbers):
// '#' comment lines anywhere, a header line naming exactly the expected columns in order, then rows of
// finite numbers. Every complaint is an InputError naming FILE:LINE:COL and the column (key path).
#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace hybridfog {

struct NumericCsv {
  std::string file;
  std::vector<std::vector<double>> rows;  // rows[i][c]: row i, column c (same order as the header)
  std::vector<int> row_line;              // 1-based line of each row, for later complaints
  std::vector<std::vector<int>> row_column;  // 1-based character column of each cell
};

// Reads `file`, which `where`/`key_path` (the YAML key naming it) point at when it is missing or too large.
// REQUIRES: `columns` not empty. Throws InputError on: a missing file, a header other than `columns`
// (names the expected header), a row with another number of fields, a cell that is not a finite number,
// no rows at all.
NumericCsv read_numeric_csv(const std::string& file, const SourceLocation& where, const std::string& key_path,
                            const std::vector<std::string>& columns);

}  // namespace hybridfog

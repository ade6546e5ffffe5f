#pragma once
// Strict readers for the small CSV inputs that have no reader of their own. Every complaint is an InputError
// naming FILE:LINE:COL and the column (key path).
//   read_numeric_csv: tables of numbers (profiles over time): '#' comment lines anywhere, a header line
//     naming exactly the expected columns in order, then rows of finite numbers.
//   CsvReader: a line reader whose cells may be text (arrival traces, docs/formats.md "Arrival trace").
#include <fstream>
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

// CsvReader checks the file as an input (regular, bounded size), skips `#` comment lines before the header and
// empty lines, refuses NUL bytes, and gives every cell its 1-based column. Cells are taken as written (no
// trimming of spaces).
struct CsvCell {
  std::string text;  // without the trailing '\r' of a CRLF line
  int column = 1;    // 1-based character column of the cell's first byte
};

class CsvReader {
 public:
  // Opens `file` (checked as an input file at `where`/`key_path`, the place that names it) and reads its
  // header: the first line that is not a `#` comment. The header must be exactly `columns` (in order).
  CsvReader(const std::string& file, const std::vector<std::string>& columns, const SourceLocation& where,
            const std::string& key_path);

  // The next data row, split into exactly columns().size() cells; false at the end of the file. Empty
  // lines are skipped. A NUL byte or a wrong number of cells is an InputError at that line.
  bool next(std::vector<CsvCell>& cells);

  const std::string& file() const { return file_; }
  int line() const { return line_; }                 // line number of the row last read (1-based)
  int header_line() const { return header_line_; }
  const std::vector<std::string>& columns() const { return columns_; }
  SourceLocation at(const CsvCell& cell) const { return {file_, line_, cell.column}; }

  // Cell `c` of the row as a finite number (strtod syntax, nothing else in the cell); InputError naming the
  // cell's place and column otherwise.
  double number(const std::vector<CsvCell>& cells, size_t c) const;

 private:
  std::string file_;
  std::vector<std::string> columns_;
  std::ifstream in_;
  int line_ = 0;
  int header_line_ = 0;
};

}  // namespace hybridfog

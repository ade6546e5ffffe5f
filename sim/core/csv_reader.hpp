#pragma once
// Strict readers for the small CSV inputs. Every complaint is an InputError naming FILE:LINE:COL and the
// column (key path).
//
// The shared core, used by every CSV reader of the project (profiles, arrival, mobility and model traces,
// benchmark and network tables), applies one set of rules (docs/formats.md "CSV files: common rules"):
//   CsvLines: the lines of a checked input file, numbered, each at most kMaxCsvLineBytes (a longer one is
//     refused once the cap is passed, without reading the rest). Line ends are "\n" or "\r\n" (the CR of a CRLF end
//     is dropped; any other CR is an ordinary byte). Every line, comment lines included, must be clean UTF-8
//     without NUL bytes (refused at the column of the first offending byte). A line whose first character
//     other than spaces and tabs is '#' is a comment; a line of only spaces and tabs is blank; both are skipped
//     anywhere. The first line given is the header.
//   split_csv_line: the cells of a line, split at every comma, spaces and tabs around each dropped, with the
//     1-based column of each cell's first character.
//   parse_csv_number: a cell as a finite decimal number, or nothing: each reader words its own complaint.
// The readers differ only in their headers and rows.
//
// Two readers built on it live here:
//   read_numeric_csv: tables of numbers (profiles over time): a header line naming exactly the expected
//     columns in order, then rows of finite numbers.
//   CsvReader: a line reader whose cells may be text (arrival traces, docs/formats.md "Arrival trace").
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace hybridfog {

// The longest CSV line read (its end not counted): 1 MiB, far above any line hybridfog or its exporters
// write (a model trace row of 100 heads is a few kB); a longer line is refused at column kMaxCsvLineBytes + 1.
constexpr size_t kMaxCsvLineBytes = size_t{1} << 20;

// One line of a CSV file.
struct CsvLine {
  int number = 0;    // 1-based line number in the file
  std::string text;  // the line without its end ("\n" or "\r\n")
};

// The lines of one CSV file that are neither comments nor blank. Throws InputError
// "FILE:LINE:COL: a NUL byte in the line" or "FILE:LINE:COL: the line is not clean UTF-8 text" (COL: the
// offending byte's 1-based column, key path empty).
class CsvLines {
 public:
  // Checks `file` as an input file (check_input_file: exists, regular, at most kMaxCsvFileBytes) and opens it;
  // InputError at `where`/`key_path` (the place naming the file) otherwise, "cannot open FILE: <strerror>"
  // when the open fails.
  CsvLines(const std::string& file, const SourceLocation& where, const std::string& key_path);

  // The next line that is neither a comment nor blank; false at the end of the file. The first line given is
  // the header.
  bool next(CsvLine& line);

  // The number of the line last read: the line last given, or at the end of the file the number of lines.
  int number() const { return number_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::ifstream in_;
  int number_ = 0;
};

// A cell of a split line.
struct CsvCell {
  std::string text;  // without the spaces and tabs around it
  int column = 1;    // 1-based column of its first character after the leading spaces and tabs (of the cell's
                     // start when it holds only those)
};

// The cells of `text` (a line without its end), split at every comma: n commas give n + 1 cells.
std::vector<CsvCell> split_csv_line(const std::string& text);

// `text` without the spaces and tabs around it.
std::string trim_csv_cell(const std::string& text);

// `text` (a whole cell) as a finite number, or nothing when it is not one. The syntax is decimal only: an
// optional sign, digits with an optional '.' (at least one digit), an optional exponent (e or E, an optional
// sign, digits); no white space, hexadecimal or words such as "inf" and "nan". A value too large for a double
// is refused; one too small to represent reads as its nearest double (0 or subnormal).
std::optional<double> parse_csv_number(const std::string& text);

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

// CsvReader reads a file by the common rules (CsvLines, split_csv_line) and gives every cell its 1-based column.
class CsvReader {
 public:
  // Opens `file` (checked as an input file at `where`/`key_path`, the place that names it) and reads its
  // header: the first line that is neither a comment nor blank. The header must be exactly `columns` (in order).
  CsvReader(const std::string& file, const std::vector<std::string>& columns, const SourceLocation& where,
            const std::string& key_path);

  // The next data row, split into exactly columns().size() cells; false at the end of the file.
  // A wrong number of cells is an InputError at that line.
  bool next(std::vector<CsvCell>& cells);

  const std::string& file() const { return lines_.file(); }
  int line() const { return lines_.number(); }       // line number of the row last read (1-based)
  int header_line() const { return header_line_; }
  const std::vector<std::string>& columns() const { return columns_; }
  SourceLocation at(const CsvCell& cell) const { return {file(), line(), cell.column}; }

  // Cell `c` of the row as a finite number (parse_csv_number); InputError naming the cell's place and column
  // otherwise.
  double number(const std::vector<CsvCell>& cells, size_t c) const;

 private:
  std::vector<std::string> columns_;
  CsvLines lines_;
  int header_line_ = 0;
};

}  // namespace hybridfog

#pragma once
// Strict readers for the small CSV inputs. Every complaint is an InputError naming FILE:LINE:COL and the
// column (key path).
//
// The shared core, used by every CSV reader of the project (profiles, arrival, mobility and model traces,
// benchmark and network tables):
//   CsvLines: the lines of a checked input file, numbered, without CRLF ends, comment and blank lines
//     skipped and NUL bytes refused as chosen by CsvLineOptions; the first line it gives is the header.
//   split_csv_line: the cells of a line with their 1-based columns, trimmed or not (CsvTrim).
//   parse_csv_number: a cell as a finite number (CsvNumberSyntax), or nothing: each reader words its own
//     complaint.
// The readers differ on purpose in their headers and rows, and by history in a few details of layout that
// the options below keep (each option value says which reader uses it).
//
// Two readers built on it live here:
//   read_numeric_csv: tables of numbers (profiles over time): '#' comment lines anywhere, a header line
//     naming exactly the expected columns in order, then rows of finite numbers.
//   CsvReader: a line reader whose cells may be text (arrival traces, docs/formats.md "Arrival trace").
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "core/input_error.hpp"

namespace hybridfog {

// What a CsvLines source skips and refuses. The defaults are those of the profile tables (read_numeric_csv).
struct CsvLineOptions {
  enum class Comments : std::uint8_t {
    before_header,  // '#' lines are comments only before the header; after it they are rows (arrival and model traces)
    anywhere,       // '#' lines are comments anywhere (profile tables, mobility traces, benchmark and network tables)
  };
  enum class Blanks : std::uint8_t {
    kept,                  // empty lines are given like any other (mobility traces: they fail as a header or a row)
    skipped_after_header,  // empty lines after the header are skipped; before it, an empty line is the header (traces)
    skipped,               // empty lines are skipped anywhere (profile, benchmark and network tables)
  };
  enum class NulBytes : std::uint8_t {
    allowed,                   // not checked here (mobility traces check each line for clean UTF-8 themselves)
    refused_in_rows,           // refused in the lines after the header (model traces)
    refused_outside_comments,  // refused in the header and the rows (arrival traces)
    refused_everywhere,        // refused in every line, comment lines included (profile, benchmark and network tables)
  };
  Comments comments = Comments::anywhere;
  Blanks blanks = Blanks::skipped;
  NulBytes nul_bytes = NulBytes::refused_everywhere;
  // Spaces, tabs and CRs before the first other character of a line do not count: a line of only those is
  // blank and one whose first other character is '#' is a comment (benchmark and network tables). Default:
  // false (a comment line starts with '#' in its first column; a blank line is empty).
  bool indented = false;
};

// One line of a CSV file.
struct CsvLine {
  int number = 0;     // 1-based line number in the file
  std::string text;   // the line without its end ("\n" or "\r\n")
  bool crlf = false;  // the line ended in "\r\n" (or the file's last line ends in '\r')
  std::string as_written() const { return crlf ? text + '\r' : text; }  // with the CR, for messages
};

// The lines of one CSV file, as CsvLineOptions say. A NUL byte where refused is an InputError
// "FILE:LINE:COL: a NUL byte in the line" (COL: the byte's 1-based column).
class CsvLines {
 public:
  // Checks `file` as an input file (check_input_file: exists, regular, at most kMaxCsvFileBytes; InputError at
  // `where`/`key_path`, the place naming the file) and opens it. When it cannot be opened, opened() is false,
  // open_errno() holds errno as the open left it, and the caller words the complaint.
  CsvLines(const std::string& file, const SourceLocation& where, const std::string& key_path, CsvLineOptions options);

  bool opened() const { return opened_; }
  int open_errno() const { return open_errno_; }

  // The next line that is not skipped; false at the end of the file. The first line given is the header.
  bool next(CsvLine& line);

  // The number of the line last read: the line last given, or at the end of the file the number of lines.
  int number() const { return number_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  CsvLineOptions options_;
  std::ifstream in_;
  bool opened_ = true;
  int open_errno_ = 0;
  int number_ = 0;
  bool header_given_ = false;
};

// A cell of a split line.
struct CsvCell {
  std::string text;  // as CsvTrim says; never the CR of a CRLF line end
  int column = 1;    // 1-based character column of the cell in its line (see CsvTrim)
};

// How split_csv_line trims cells. The column is that of the cell's first byte unless said otherwise.
enum class CsvTrim : std::uint8_t {
  none,             // cells as written (arrival and mobility traces)
  cr_before_comma,  // as written, but a '\r' right before a comma is dropped (model traces)
  spaces,           // spaces and tabs around a cell and CRs after it are dropped; the column is that of the
                    // first character after the leading spaces and tabs (profile tables)
  spaces_and_crs,   // spaces, tabs and CRs around a cell are dropped; the column is that of the first character
                    // after the leading spaces and tabs, or the cell's first when it holds only those
                    // (benchmark and network tables)
};

// The cells of `text` (a line without its end), split at every comma: n commas give n + 1 cells.
std::vector<CsvCell> split_csv_line(const std::string& text, CsvTrim trim);

// `text` without what `trim` drops around a cell.
std::string trim_csv_cell(const std::string& text, CsvTrim trim);

// Which numbers parse_csv_number accepts. The defaults are the strict syntax: strtod's (decimal, exponent,
// hexadecimal) over the whole cell, finite, no leading white space, not too small to represent.
struct CsvNumberSyntax {
  // White space before the number is skipped (profile tables, model traces, benchmark and network tables).
  bool leading_space = false;
  // A value too small to represent ("1e-400") reads as its nearest double (0 or subnormal) instead of being
  // refused (arrival and model traces).
  bool underflow = false;
  // Only numbers that start, after an optional sign, with a digit or '.': no words such as "inf" or "nan"
  // (mobility traces). Such a cell is still read by strtod, so "0x10" reads as 16.
  bool plain_decimal = false;
};

// `text` (a whole cell) as a finite number, or nothing when it is not one in `syntax`.
std::optional<double> parse_csv_number(const std::string& text, CsvNumberSyntax syntax = {});

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
class CsvReader {
 public:
  // Opens `file` (checked as an input file at `where`/`key_path`, the place that names it) and reads its
  // header: the first line that is not a `#` comment. The header must be exactly `columns` (in order).
  CsvReader(const std::string& file, const std::vector<std::string>& columns, const SourceLocation& where,
            const std::string& key_path);

  // The next data row, split into exactly columns().size() cells; false at the end of the file. Empty
  // lines are skipped. A NUL byte or a wrong number of cells is an InputError at that line.
  bool next(std::vector<CsvCell>& cells);

  const std::string& file() const { return lines_.file(); }
  int line() const { return lines_.number(); }       // line number of the row last read (1-based)
  int header_line() const { return header_line_; }
  const std::vector<std::string>& columns() const { return columns_; }
  SourceLocation at(const CsvCell& cell) const { return {file(), line(), cell.column}; }

  // Cell `c` of the row as a finite number (parse_csv_number, leading white space refused, underflow read
  // as 0); InputError naming the cell's place and column otherwise.
  double number(const std::vector<CsvCell>& cells, size_t c) const;

 private:
  std::vector<std::string> columns_;
  CsvLines lines_;
  int header_line_ = 0;
};

}  // namespace hybridfog

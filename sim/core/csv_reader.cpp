#include "core/csv_reader.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace hybridfog {

// ---- The shared core -------------------------------------------------------------------------------------

CsvLines::CsvLines(const std::string& file, const SourceLocation& where, const std::string& key_path) : file_(file) {
  check_input_file(file, where, key_path, kMaxCsvFileBytes);
  in_.open(file, std::ios::binary);
  if (!in_) throw InputError(where, key_path, "cannot open " + excerpt(file) + ": " + std::strerror(errno));
}

namespace {

// The index of the first byte of `text` (not clean UTF-8) that starts no clean character: UTF-8 sequences
// being prefix-free, the shortest clean one at each place is that character.
size_t first_unclean_byte(const std::string& text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t length = 1;
    while (length <= 4 && at + length <= text.size() && !is_clean_utf8(text.substr(at, length))) ++length;
    if (length > 4 || at + length > text.size()) return at;
    at += length;
  }
  return at;
}

}  // namespace

namespace {

// Reads one line of at most kMaxCsvLineBytes bytes (without its "\n") into `text`; `ended` tells whether a
// "\n" ended it. False at the end of the input when nothing is left. A longer line is refused once the cap
// is passed, without reading the rest of it.
bool read_capped_line(std::istream& in, std::string& text, bool& ended, const std::string& file, int number) {
  text.clear();
  ended = false;
  std::streambuf* buffer = in.rdbuf();
  bool any = false;
  for (int c; (c = buffer->sbumpc()) != std::char_traits<char>::eof();) {
    any = true;
    if (c == '\n') {
      ended = true;
      return true;
    }
    if (text.size() == kMaxCsvLineBytes)
      throw InputError({file, number, static_cast<int>(kMaxCsvLineBytes) + 1}, "",
                       "the line is longer than " + std::to_string(kMaxCsvLineBytes) +
                           " bytes (the longest CSV line read, docs/formats.md \"CSV files: common rules\")");
    text.push_back(static_cast<char>(c));
  }
  return any;
}

}  // namespace

bool CsvLines::next(CsvLine& line) {
  std::string text;
  bool ended = false;
  while (read_capped_line(in_, text, ended, file_, number_ + 1)) {
    ++number_;
    // A CR before the "\n" ends the line too; a CR in the last line when no "\n" ends it is an ordinary byte.
    if (ended && !text.empty() && text.back() == '\r') text.pop_back();
    // An invisible byte-order mark would make the header's first name (or a comment) look like another one.
    if (number_ == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0)
      throw InputError({file_, 1, 1}, "",
                       "the file starts with a UTF-8 byte-order mark (BOM, \\uFEFF): save it as UTF-8 without one");
    if (!is_clean_utf8(text)) {
      const size_t bad = first_unclean_byte(text);
      throw InputError({file_, number_, static_cast<int>(bad) + 1}, "",
                       text[bad] == '\0' ? "a NUL byte in the line" : "the line is not clean UTF-8 text");
    }
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos || text[first] == '#') continue;  // blank or comment
    line.number = number_;
    line.text = std::move(text);
    return true;
  }
  return false;
}

namespace {

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

// The trimmed text of the cell text[begin, end) and its 1-based column.
CsvCell trimmed_cell(const std::string& text, size_t begin, size_t end) {
  size_t first = begin, stop = end;
  while (first < stop && is_space_or_tab(text[first])) ++first;
  while (stop > first && is_space_or_tab(text[stop - 1])) --stop;
  const int column = static_cast<int>(first < end ? first : begin) + 1;
  return {text.substr(first, stop - first), column};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The end of the digits of `text` from `at`.
size_t digits_end(const std::string& text, size_t at) {
  while (at < text.size() && is_digit(text[at])) ++at;
  return at;
}

// True when all of `text` is a decimal number: [+-] digits [. digits] or [+-] . digits, then [eE [+-] digits].
bool is_decimal_number(const std::string& text) {
  size_t at = 0;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
  const size_t integer_end = digits_end(text, at);
  size_t digits = integer_end - at;
  at = integer_end;
  if (at < text.size() && text[at] == '.') {
    const size_t fraction_end = digits_end(text, at + 1);
    digits += fraction_end - (at + 1);
    at = fraction_end;
  }
  if (digits == 0) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    const size_t exponent_end = digits_end(text, at);
    if (exponent_end == at) return false;
    at = exponent_end;
  }
  return at == text.size();
}

}  // namespace

std::vector<CsvCell> split_csv_line(const std::string& text) {
  std::vector<CsvCell> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const size_t end = comma == std::string::npos ? text.size() : comma;
    cells.push_back(trimmed_cell(text, start, end));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

std::string trim_csv_cell(const std::string& text) { return trimmed_cell(text, 0, text.size()).text; }

std::optional<double> parse_csv_number(const std::string& text) {
  if (!is_decimal_number(text)) return std::nullopt;
  errno = 0;
  const double value = std::strtod(text.c_str(), nullptr);
  // An overflow reads as HUGE_VAL (refused); an underflow (ERANGE too) as the nearest double (kept).
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

// ---- read_numeric_csv ------------------------------------------------------------------------------------

namespace {

std::string joined(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ",") + c;
  return out;
}

}  // namespace

NumericCsv read_numeric_csv(const std::string& file, const SourceLocation& where, const std::string& key_path,
                            const std::vector<std::string>& columns) {
  CsvLines lines(file, where, key_path);
  NumericCsv csv;
  csv.file = file;
  CsvLine line;
  if (!lines.next(line))
    throw InputError({file, lines.number(), 0}, "", "empty file: expected the header \"" + joined(columns) + "\"");
  const auto header = split_csv_line(line.text);
  for (size_t c = 0; c < columns.size() || c < header.size(); ++c)
    if (c >= header.size() || c >= columns.size() || header[c].text != columns[c])
      throw InputError({file, line.number, c < header.size() ? header[c].column : 1}, "",
                       "expected the header \"" + joined(columns) + "\", got \"" + excerpt(line.text) + "\"");
  while (lines.next(line)) {
    const auto cells = split_csv_line(line.text);
    if (cells.size() != columns.size())
      throw InputError({file, line.number, 1}, "",
                       "expected " + std::to_string(columns.size()) + " fields (" + joined(columns) + "), got " +
                           std::to_string(cells.size()));
    std::vector<double> row;
    std::vector<int> row_columns;
    for (size_t c = 0; c < cells.size(); ++c) {
      const auto value = parse_csv_number(cells[c].text);
      if (!value)
        throw InputError({file, line.number, cells[c].column}, columns[c],
                         "expected a number, got \"" + excerpt(cells[c].text) + "\"");
      row.push_back(*value);
      row_columns.push_back(cells[c].column);
    }
    csv.rows.push_back(std::move(row));
    csv.row_line.push_back(line.number);
    csv.row_column.push_back(std::move(row_columns));
  }
  if (csv.rows.empty()) throw InputError({file, lines.number(), 0}, "", "a header but no rows");
  return csv;
}

// ---- CsvReader -------------------------------------------------------------------------------------------

CsvReader::CsvReader(const std::string& file, const std::vector<std::string>& columns, const SourceLocation& where,
                     const std::string& key_path)
    : columns_(columns), lines_(file, where, key_path) {
  const std::string expected = joined(columns_);
  CsvLine line;
  if (!lines_.next(line)) throw InputError({file, lines_.number(), 0}, "", "empty file: expected the header line " + expected);
  header_line_ = line.number;
  const std::vector<CsvCell> cells = split_csv_line(line.text);
  for (size_t c = 0; c < columns_.size() || c < cells.size(); ++c) {
    if (c < cells.size() && c < columns_.size() && cells[c].text == columns_[c]) continue;
    const int column = c < cells.size() ? cells[c].column : static_cast<int>(line.text.size()) + 1;
    throw InputError({file, line.number, column}, c < columns_.size() ? columns_[c] : "",
                     "expected the header line " + expected + ", got \"" + excerpt(line.text) + "\"");
  }
}

bool CsvReader::next(std::vector<CsvCell>& cells) {
  CsvLine line;
  if (!lines_.next(line)) return false;
  cells = split_csv_line(line.text);
  if (cells.size() != columns_.size())
    throw InputError({file(), line.number, 1}, "",
                     "expected " + std::to_string(columns_.size()) + " fields, got " + std::to_string(cells.size()));
  return true;
}

double CsvReader::number(const std::vector<CsvCell>& cells, size_t c) const {
  const CsvCell& cell = cells[c];
  const auto value = parse_csv_number(cell.text);
  if (!value) throw InputError(at(cell), columns_[c], "expected a number, got \"" + excerpt(cell.text) + "\"");
  return *value;
}

}  // namespace hybridfog

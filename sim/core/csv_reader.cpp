#include "core/csv_reader.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace hybridfog {

// ---- The shared core -------------------------------------------------------------------------------------

CsvLines::CsvLines(const std::string& file, const SourceLocation& where, const std::string& key_path,
                   CsvLineOptions options)
    : file_(file), options_(options) {
  check_input_file(file, where, key_path, kMaxCsvFileBytes);
  in_.open(file, std::ios::binary);
  if (!in_) {
    opened_ = false;
    open_errno_ = errno;
  }
}

bool CsvLines::next(CsvLine& line) {
  using Opt = CsvLineOptions;
  std::string text;
  while (std::getline(in_, text)) {
    ++number_;
    const size_t nul = text.find('\0');
    const auto refuse_nul = [&] {
      if (nul != std::string::npos)
        throw InputError({file_, number_, static_cast<int>(nul) + 1}, "", "a NUL byte in the line");
    };
    if (options_.nul_bytes == Opt::NulBytes::refused_everywhere) refuse_nul();
    const bool crlf = !text.empty() && text.back() == '\r';
    if (crlf) text.pop_back();
    // The first character that counts: after spaces, tabs and CRs for indented layouts.
    const size_t first = options_.indented ? text.find_first_not_of(" \t\r") : 0;
    const bool blank = first == std::string::npos || first >= text.size();
    const bool comment = !blank && text[first] == '#';
    if (comment && (options_.comments == Opt::Comments::anywhere || !header_given_)) continue;
    if (blank && (options_.blanks == Opt::Blanks::skipped ||
                  (options_.blanks == Opt::Blanks::skipped_after_header && header_given_)))
      continue;
    if (options_.nul_bytes == Opt::NulBytes::refused_outside_comments ||
        (options_.nul_bytes == Opt::NulBytes::refused_in_rows && header_given_))
      refuse_nul();
    header_given_ = true;
    line.number = number_;
    line.text = std::move(text);
    line.crlf = crlf;
    return true;
  }
  return false;
}

namespace {

bool is_space_or_tab(char c) { return c == ' ' || c == '\t'; }

// The trimmed text of the cell text[begin, end) and its 1-based column.
CsvCell trimmed_cell(const std::string& text, size_t begin, size_t end, bool last, CsvTrim trim) {
  size_t first = begin, stop = end;
  int column = static_cast<int>(begin) + 1;
  switch (trim) {
    case CsvTrim::none:
      break;
    case CsvTrim::cr_before_comma:
      if (!last && stop > first && text[stop - 1] == '\r') --stop;
      break;
    case CsvTrim::spaces:
      while (first < stop && is_space_or_tab(text[first])) ++first;
      while (stop > first && (is_space_or_tab(text[stop - 1]) || text[stop - 1] == '\r')) --stop;
      column = static_cast<int>(first) + 1;
      break;
    case CsvTrim::spaces_and_crs: {
      size_t lead = begin;
      while (lead < end && is_space_or_tab(text[lead])) ++lead;
      if (lead < end) column = static_cast<int>(lead) + 1;
      while (first < stop && (is_space_or_tab(text[first]) || text[first] == '\r')) ++first;
      while (stop > first && (is_space_or_tab(text[stop - 1]) || text[stop - 1] == '\r')) --stop;
      break;
    }
  }
  return {text.substr(first, stop - first), column};
}

}  // namespace

std::vector<CsvCell> split_csv_line(const std::string& text, CsvTrim trim) {
  std::vector<CsvCell> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    const size_t end = comma == std::string::npos ? text.size() : comma;
    cells.push_back(trimmed_cell(text, start, end, comma == std::string::npos, trim));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

std::string trim_csv_cell(const std::string& text, CsvTrim trim) {
  return trimmed_cell(text, 0, text.size(), true, trim).text;
}

std::optional<double> parse_csv_number(const std::string& text, CsvNumberSyntax syntax) {
  if (text.empty()) return std::nullopt;
  if (!syntax.leading_space && std::isspace(static_cast<unsigned char>(text[0]))) return std::nullopt;
  if (syntax.plain_decimal) {
    const size_t at = text[0] == '-' || text[0] == '+' ? 1 : 0;
    if (at >= text.size() || !(std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.')) return std::nullopt;
  }
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(begin, &end);
  if (end == begin || end != begin + text.size()) return std::nullopt;
  if (errno == ERANGE && !syntax.underflow) return std::nullopt;
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
  CsvLines lines(file, where, key_path, CsvLineOptions{});
  if (!lines.opened())
    throw InputError(where, key_path, "cannot open " + excerpt(file) + ": " + std::strerror(lines.open_errno()));
  NumericCsv csv;
  csv.file = file;
  CsvLine line;
  if (!lines.next(line))
    throw InputError({file, lines.number(), 0}, "", "empty file: expected the header \"" + joined(columns) + "\"");
  const auto header = split_csv_line(line.text, CsvTrim::spaces);
  for (size_t c = 0; c < columns.size() || c < header.size(); ++c)
    if (c >= header.size() || c >= columns.size() || header[c].text != columns[c])
      throw InputError({file, line.number, c < header.size() ? header[c].column : 1}, "",
                       "expected the header \"" + joined(columns) + "\", got \"" + excerpt(line.as_written()) + "\"");
  CsvNumberSyntax syntax;
  syntax.leading_space = true;
  while (lines.next(line)) {
    const auto cells = split_csv_line(line.text, CsvTrim::spaces);
    if (cells.size() != columns.size())
      throw InputError({file, line.number, 1}, "",
                       "expected " + std::to_string(columns.size()) + " fields (" + joined(columns) + "), got " +
                           std::to_string(cells.size()));
    std::vector<double> row;
    std::vector<int> row_columns;
    for (size_t c = 0; c < cells.size(); ++c) {
      const auto value = parse_csv_number(cells[c].text, syntax);
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

namespace {

CsvLineOptions arrival_trace_lines() {
  CsvLineOptions options;
  options.comments = CsvLineOptions::Comments::before_header;
  options.blanks = CsvLineOptions::Blanks::skipped_after_header;
  options.nul_bytes = CsvLineOptions::NulBytes::refused_outside_comments;
  return options;
}

}  // namespace

CsvReader::CsvReader(const std::string& file, const std::vector<std::string>& columns, const SourceLocation& where,
                     const std::string& key_path)
    : columns_(columns), lines_(file, where, key_path, arrival_trace_lines()) {
  if (!lines_.opened())
    throw InputError(where, key_path, std::string("cannot open file ") + file + ": " + std::strerror(lines_.open_errno()));
  const std::string expected = joined(columns_);
  CsvLine line;
  if (!lines_.next(line)) throw InputError({file, lines_.number(), 0}, "", "empty file: expected the header line " + expected);
  header_line_ = line.number;
  const std::vector<CsvCell> cells = split_csv_line(line.text, CsvTrim::none);
  for (size_t c = 0; c < columns_.size() || c < cells.size(); ++c) {
    if (c < cells.size() && c < columns_.size() && cells[c].text == columns_[c]) continue;
    const int column = c < cells.size() ? cells[c].column : static_cast<int>(line.as_written().size()) + 1;
    throw InputError({file, line.number, column}, c < columns_.size() ? columns_[c] : "",
                     "expected the header line " + expected + ", got \"" + excerpt(line.as_written()) + "\"");
  }
}

bool CsvReader::next(std::vector<CsvCell>& cells) {
  CsvLine line;
  if (!lines_.next(line)) return false;
  cells = split_csv_line(line.text, CsvTrim::none);
  if (cells.size() != columns_.size())
    throw InputError({file(), line.number, 1}, "",
                     "expected " + std::to_string(columns_.size()) + " fields, got " + std::to_string(cells.size()));
  return true;
}

double CsvReader::number(const std::vector<CsvCell>& cells, size_t c) const {
  const CsvCell& cell = cells[c];
  CsvNumberSyntax syntax;
  syntax.underflow = true;
  const auto value = parse_csv_number(cell.text, syntax);
  if (!value) throw InputError(at(cell), columns_[c], "expected a number, got \"" + excerpt(cell.text) + "\"");
  return *value;
}

}  // namespace hybridfog

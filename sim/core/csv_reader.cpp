#include "core/csv_reader.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace hybridfog {

namespace {

struct Cell {
  std::string text;
  int column;  // 1-based
};

std::vector<Cell> split_line(const std::string& line) {
  std::vector<Cell> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    const size_t end = comma == std::string::npos ? line.size() : comma;
    std::string text = line.substr(start, end - start);
    // Spaces around a cell are allowed ("0, 5"): they are not part of the number.
    size_t first = 0;
    while (first < text.size() && (text[first] == ' ' || text[first] == '\t')) ++first;
    size_t last = text.size();
    while (last > first && (text[last - 1] == ' ' || text[last - 1] == '\t' || text[last - 1] == '\r')) --last;
    cells.push_back({text.substr(first, last - first), static_cast<int>(start + first) + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

std::string joined(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ",") + c;
  return out;
}

}  // namespace

NumericCsv read_numeric_csv(const std::string& file, const SourceLocation& where, const std::string& key_path,
                            const std::vector<std::string>& columns) {
  check_input_file(file, where, key_path, kMaxCsvFileBytes);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(where, key_path, "cannot open " + excerpt(file) + ": " + std::strerror(errno));
  NumericCsv csv;
  csv.file = file;
  std::string line;
  int line_number = 0;
  bool header = false;
  while (std::getline(in, line)) {
    ++line_number;
    if (const size_t nul = line.find('\0'); nul != std::string::npos)
      throw InputError({file, line_number, static_cast<int>(nul) + 1}, "", "a NUL byte in the line");
    if (line.empty() || line == "\r" || line[0] == '#') continue;
    const auto cells = split_line(line);
    if (!header) {
      for (size_t c = 0; c < columns.size() || c < cells.size(); ++c)
        if (c >= cells.size() || c >= columns.size() || cells[c].text != columns[c])
          throw InputError({file, line_number, c < cells.size() ? cells[c].column : 1}, "",
                           "expected the header \"" + joined(columns) + "\", got \"" + excerpt(line) + "\"");
      header = true;
      continue;
    }
    if (cells.size() != columns.size())
      throw InputError({file, line_number, 1}, "",
                       "expected " + std::to_string(columns.size()) + " fields (" + joined(columns) + "), got " +
                           std::to_string(cells.size()));
    std::vector<double> row;
    std::vector<int> row_columns;
    for (size_t c = 0; c < cells.size(); ++c) {
      char* end = nullptr;
      errno = 0;
      const double value = std::strtod(cells[c].text.c_str(), &end);
      if (cells[c].text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value))
        throw InputError({file, line_number, cells[c].column}, columns[c],
                         "expected a number, got \"" + excerpt(cells[c].text) + "\"");
      row.push_back(value);
      row_columns.push_back(cells[c].column);
    }
    csv.rows.push_back(std::move(row));
    csv.row_line.push_back(line_number);
    csv.row_column.push_back(std::move(row_columns));
  }
  if (!header) throw InputError({file, line_number, 0}, "", "empty file: expected the header \"" + joined(columns) + "\"");
  if (csv.rows.empty()) throw InputError({file, line_number, 0}, "", "a header but no rows");
  return csv;
}

namespace {

std::vector<CsvCell> split_cells(const std::string& line) {
  std::vector<CsvCell> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    const size_t end = comma == std::string::npos ? line.size() : comma;
    std::string text = line.substr(start, end - start);
    if (comma == std::string::npos && !text.empty() && text.back() == '\r') text.pop_back();
    cells.push_back({std::move(text), static_cast<int>(start) + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

}  // namespace

CsvReader::CsvReader(const std::string& file, const std::vector<std::string>& columns, const SourceLocation& where,
                     const std::string& key_path)
    : file_(file), columns_(columns) {
  check_input_file(file, where, key_path, kMaxCsvFileBytes);
  in_.open(file, std::ios::binary);
  if (!in_) throw InputError(where, key_path, std::string("cannot open file ") + file + ": " + std::strerror(errno));
  std::string line;
  bool found = false;
  while (std::getline(in_, line)) {
    ++line_;
    if (!line.empty() && line[0] == '#') continue;
    found = true;
    break;
  }
  std::string expected;
  for (const auto& c : columns_) expected += (expected.empty() ? "" : ",") + c;
  if (!found) throw InputError({file_, line_, 0}, "", "empty file: expected the header line " + expected);
  header_line_ = line_;
  if (const size_t nul = line.find('\0'); nul != std::string::npos)
    throw InputError({file_, line_, static_cast<int>(nul) + 1}, "", "a NUL byte in the line");
  const std::vector<CsvCell> cells = split_cells(line);
  for (size_t c = 0; c < columns_.size() || c < cells.size(); ++c) {
    if (c < cells.size() && c < columns_.size() && cells[c].text == columns_[c]) continue;
    const int column = c < cells.size() ? cells[c].column : static_cast<int>(line.size()) + 1;
    throw InputError({file_, line_, column}, c < columns_.size() ? columns_[c] : "",
                     "expected the header line " + expected + ", got \"" + excerpt(line) + "\"");
  }
}

bool CsvReader::next(std::vector<CsvCell>& cells) {
  std::string line;
  while (std::getline(in_, line)) {
    ++line_;
    if (line.empty() || line == "\r") continue;
    if (const size_t nul = line.find('\0'); nul != std::string::npos)
      throw InputError({file_, line_, static_cast<int>(nul) + 1}, "", "a NUL byte in the line");
    cells = split_cells(line);
    if (cells.size() != columns_.size())
      throw InputError({file_, line_, 1}, "",
                       "expected " + std::to_string(columns_.size()) + " fields, got " + std::to_string(cells.size()));
    return true;
  }
  return false;
}

double CsvReader::number(const std::vector<CsvCell>& cells, size_t c) const {
  const CsvCell& cell = cells[c];
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(cell.text.c_str(), &end);
  if (cell.text.empty() || *end != '\0' || !std::isfinite(value) || std::isspace(static_cast<unsigned char>(cell.text[0])))
    throw InputError(at(cell), columns_[c], "expected a number, got \"" + excerpt(cell.text) + "\"");
  return value;
}

}  // namespace hybridfog

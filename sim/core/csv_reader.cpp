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

}  // namespace hybridfog

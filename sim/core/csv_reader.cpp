#include "core/csv_reader.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace hybridfog {

namespace {

std::vector<CsvCell> split(const std::string& line) {
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
  const std::vector<CsvCell> cells = split(line);
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
    cells = split(line);
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

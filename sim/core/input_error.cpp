#include "core/input_error.hpp"

#include <cstdio>
#include <filesystem>

namespace hybridfog {

namespace {
// Length of the UTF-8 sequence starting at text[i] (0 when invalid there).
size_t utf8_length(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) >> 6) != 0x2) return 0;
  if (n == 2 && c < 0xC2) return 0;                                              // overlong
  if (n == 3 && c == 0xE0 && byte(i + 1) < 0xA0) return 0;                       // overlong
  if (n == 3 && c == 0xED && byte(i + 1) >= 0xA0) return 0;                      // surrogates
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) >= 0x90))) return 0;
  return n;
}
}  // namespace

namespace {
// Text shown inside a one-line message: newlines, backslashes, control bytes and invalid UTF-8 escaped,
// at most `max_bytes` shown. `escape_quotes`: also `"` (a value shown between quotes); `show_bom`: a
// byte-order mark as \uFEFF (invisible, it would make "sample" look like another name).
std::string escaped(const std::string& text, size_t max_bytes, bool escape_quotes, bool show_bom) {
  std::string out;
  size_t i = 0;
  while (i < text.size() && out.size() < max_bytes) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = utf8_length(text, i);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\\' || (escape_quotes && c == '"')) {
      out += std::string("\\") + static_cast<char>(c);
    } else if (n == 0 || c < 0x20 || c == 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      out += buffer;
    } else if (show_bom && n == 3 && text.compare(i, 3, "\xEF\xBB\xBF") == 0) {
      out += "\\uFEFF";
      i += n;
      continue;
    } else {
      out += text.substr(i, n);
      i += n;
      continue;
    }
    ++i;
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}
}  // namespace

std::string excerpt(const std::string& text, size_t max_bytes) { return escaped(text, max_bytes, true, false); }

std::string printable(const std::string& text, size_t max_bytes) { return escaped(text, max_bytes, false, true); }

bool is_clean_utf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_length(text, i);
    if (n == 0 || text[i] == '\0') return false;
    i += n;
  }
  return true;
}

void check_input_file(const std::string& path, const SourceLocation& where, const std::string& key_path,
                      std::uintmax_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || status.type() == fs::file_type::not_found)
    throw InputError(where, key_path, "file not found: " + excerpt(path, 200));
  if (status.type() != fs::file_type::regular)
    throw InputError(where, key_path, "not a regular file (a folder, FIFO or device): " + excerpt(path, 200));
  const auto size = fs::file_size(path, ec);
  if (ec) throw InputError(where, key_path, "cannot read the size of " + excerpt(path, 200));
  if (size > max_bytes)
    throw InputError(where, key_path,
                     "file of " + std::to_string(size) + " bytes, at most " + std::to_string(max_bytes) + ": " +
                         excerpt(path, 200));
}

std::string format_input_error(const SourceLocation& where, const std::string& key_path, const std::string& detail) {
  // The file and the key path come from the user (a key, a --set path, a CSV column name): escaped like values,
  // so that no control sequence reaches the terminal and an invisible byte shows.
  std::string out = printable(where.file, 1000);
  if (where.line > 0) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  out += ": ";
  if (!key_path.empty()) out += printable(key_path, 200) + ": ";
  out += detail;
  return out;
}

InputError::InputError(SourceLocation where, std::string key_path, std::string detail)
    : std::runtime_error(format_input_error(where, key_path, detail)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      detail_(std::move(detail)) {}

}  // namespace hybridfog

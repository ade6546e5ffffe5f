#include "core/input_error.hpp"

namespace hybridfog {

std::string format_input_error(const SourceLocation& where, const std::string& key_path, const std::string& detail) {
  std::string out = where.file;
  if (where.line > 0) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  out += detail;
  return out;
}

InputError::InputError(SourceLocation where, std::string key_path, std::string detail)
    : std::runtime_error(format_input_error(where, key_path, detail)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      detail_(std::move(detail)) {}

}  // namespace hybridfog

#pragma once
// SHA-256 of a file, as 64 lowercase hex digits (manifest.json records one per input file).
#include <string>

namespace hybridfog {

std::string sha256_hex(const std::string& data);
// Throws std::runtime_error when the file cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace hybridfog

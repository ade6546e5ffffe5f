#pragma once
// Room core/ (docs/architecture.md). Owns: units and quantities, InputError (file:line:col + key path),
// strict YAML helpers and `--set` overrides, deterministic random streams, SHA-256, number formatting, child
// processes and the `hybridfog run` command line. May use: yaml-cpp. Nothing of hybridfog.
//
// InputError: the one error type for bad user input (YAML, CSV, command line).
// Its message always reads "FILE:LINE:COL: KEY.PATH: what is wrong", so a person can jump to the place.
// The CLI turns it into exit status 2.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace hybridfog {

struct SourceLocation {
  std::string file;  // path as the user wrote it, or "<command line>"
  int line = 0;      // 1-based; 0 when unknown (e.g. a missing file)
  int column = 0;    // 1-based; 0 when unknown
};

class InputError : public std::runtime_error {
 public:
  InputError(SourceLocation where, std::string key_path, std::string detail);

  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& detail() const { return detail_; }

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string detail_;
};

// At most `max_bytes` of `text` for quoting in a message: control characters, bytes that are not UTF-8
// and the quote escaped (\n, \xNN, \"), "..." when cut. A message never carries a whole cell or file line.
std::string excerpt(const std::string& text, size_t max_bytes = 60);

// `text` as shown in a message where it names something (a file, a key path, a column): control characters
// and bytes that are not UTF-8 escaped (\n, \xNN), a backslash doubled, a byte-order mark shown as \uFEFF;
// at most `max_bytes`, "... (N bytes)" when cut. InputError's message shows its file and key path so.
std::string printable(const std::string& text, size_t max_bytes);

// True when `text` is valid UTF-8 and holds no NUL byte.
bool is_clean_utf8(const std::string& text);

// The checks every input file passes before it is read: it exists, is a regular file (not a FIFO, device or
// folder) and holds at most `max_bytes`. Throws InputError at `where` (the key naming the file) otherwise.
void check_input_file(const std::string& path, const SourceLocation& where, const std::string& key_path,
                      std::uintmax_t max_bytes);
constexpr std::uintmax_t kMaxYamlFileBytes = 64u << 20;   // scenario, platform, profile, study files
constexpr std::uintmax_t kMaxCsvFileBytes = 4ull << 30;    // traces, benchmark and network CSV files

// "FILE:LINE:COL: KEY: DETAIL" with the parts that are unknown left out.
std::string format_input_error(const SourceLocation& where, const std::string& key_path, const std::string& detail);

}  // namespace hybridfog

#pragma once
// Helpers for the libFuzzer targets (tests/fuzz/*_fuzz.cpp, docs/reliability.md). Each target feeds the
// fuzzer's bytes to one parser. The contract under test: a parser either accepts its input or throws
// InputError; any other exception (it would reach the user as "error: ..." with exit 1), a crash, a
// sanitizer report, a hang or a huge allocation is a finding.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/input_error.hpp"

namespace hybridfog::fuzz {

// A per-process folder laid out like the source tree, so that shipped files and relative references work:
// platforms/, models/, tests/ link to the sources; scenarios/ holds links to each shipped scenario, small.yaml
// (tests/fuzz/seeds/scenario/small.yaml) and a real studies/ folder where the study target writes its input.
inline const std::string& work_dir() {
  static const std::string dir = [] {
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / ("hybridfog-fuzz-" + std::to_string(::getpid()));
    const fs::path source = HYBRIDFOG_SOURCE_DIR;
    fs::create_directories(root / "scenarios" / "studies");
    for (const char* link : {"platforms", "models", "tests"})
      if (!fs::exists(root / link)) fs::create_directory_symlink(source / link, root / link);
    for (const auto& entry : fs::directory_iterator(source / "scenarios"))
      if (entry.is_regular_file() && !fs::exists(root / "scenarios" / entry.path().filename()))
        fs::create_symlink(entry.path(), root / "scenarios" / entry.path().filename());
    // The small base scenario of the set and study targets (and of the study seeds).
    fs::copy_file(source / "tests/fuzz/seeds/scenario/small.yaml", root / "scenarios" / "small.yaml",
                  fs::copy_options::overwrite_existing);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                                      ("hybridfog-fuzz-" + std::to_string(::getpid())),
                                  ignored);
    });
    return root.string();
  }();
  return dir;
}

// Writes the input to `relative` inside work_dir() and returns its path.
inline std::string write_input(const std::string& relative, const uint8_t* data, size_t size) {
  const std::string path = work_dir() + "/" + relative;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                static_cast<std::streamsize>(size));
  return path;
}

// Runs `parse`; InputError is the expected way to refuse input, anything else is a finding.
template <typename F>
void expect_only_input_errors(F&& parse) {
  try {
    parse();
  } catch (const InputError& e) {
    // One line, bounded: what the CLI prints.
    if (std::string(e.what()).size() > 1'000'000) {
      std::fprintf(stderr, "finding: an error message of %zu bytes\n", std::string(e.what()).size());
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "finding: %s escaped as a non-input error: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
}

}  // namespace hybridfog::fuzz

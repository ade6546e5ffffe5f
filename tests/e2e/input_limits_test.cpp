// No input exhausts memory (issue 25 §3): a CSV line is read only up to the cap of 1 MiB (docs/formats.md
// "CSV files: common rules"). A 3 GB sparse trace (one endless line of NUL bytes, no disk used) is refused
// at the cap under a 1.5 GB memory limit, where reading the line whole would run out of memory. The limit is
// the address space (ulimit -v), except under AddressSanitizer, which reserves terabytes of address space for
// its shadow memory and would not start: there it is ASan's own resident-memory limit (hard_rss_limit_mb).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "e2e_support.hpp"

namespace fs = std::filesystem;

namespace hybridfog::testing {
namespace {

// The shell prefix that keeps a child under about 1.5 GB of memory.
std::string memory_limit_prefix() {
#ifdef HYBRIDFOG_TEST_UNDER_ASAN
  return "export ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=1500\"; ";
#else
  return "ulimit -v 1500000; ";
#endif
}

TEST(InputLimits, AnEndlessCsvLineIsRefusedAtTheCapWithoutReadingIt) {
  TempDir dir;
  std::string scenario = read_file(source_path("scenarios/quickstart.yaml"));
  while (scenario.find("../") != std::string::npos) scenario.replace(scenario.find("../"), 3, source_path(""));
  const std::string trace_key = "trace: ";
  const size_t at = scenario.find(trace_key);
  ASSERT_NE(at, std::string::npos);
  scenario.replace(at + trace_key.size(), scenario.find('\n', at) - at - trace_key.size(), dir.file("big.csv"));
  const std::string file = dir.write("scenario.yaml", scenario);
  { std::ofstream(dir.file("big.csv")); }
  fs::resize_file(dir.file("big.csv"), 3ull << 30);  // sparse
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"validate", file}, {"inspect", dir.file("big.csv")}}) {
    std::string command = "cd " + shell_quote(dir.path()) + " && bash -c " +
                          shell_quote(memory_limit_prefix() + "exec " + shell_quote(HYBRIDFOG_BINARY) + " " +
                                      shell_quote(args[0]) + " " + shell_quote(args[1])) +
                          " >" + shell_quote(dir.file("out")) + " 2>" + shell_quote(dir.file("err"));
    const int raw = std::system(command.c_str());
    const std::string err = read_file(dir.file("err"));
    EXPECT_EQ(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, 2) << args[0] << ": " << err;
    EXPECT_EQ(err, dir.file("big.csv") + ":1:1048577: the line is longer than 1048576 bytes (the longest CSV line "
                                         "read, docs/formats.md \"CSV files: common rules\")\n")
        << args[0];
  }
}

}  // namespace
}  // namespace hybridfog::testing

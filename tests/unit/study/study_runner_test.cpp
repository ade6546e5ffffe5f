// shell_quote: the one quoting function for text entering a shell script (study/runner.hpp). Every string
// must read back through /bin/sh as itself; check_sbatch_options refuses what is not an sbatch option.
#include <gtest/gtest.h>

#include <cstdio>

#include "core/input_error.hpp"
#include "study/runner.hpp"
#include "test_support.hpp"

namespace hybridfog::testing {
namespace {

// What /bin/sh makes of `printf %s QUOTED`.
std::string through_shell(const std::string& text) {
  TempDir dir;
  const std::string script = dir.write("s.sh", "printf %s " + shell_quote(text) + " > " + shell_quote(dir.file("out")) + "\n");
  EXPECT_EQ(std::system(("sh " + shell_quote(script) + " 2>/dev/null").c_str()), 0);
  return read_file(dir.file("out"));
}

TEST(ShellQuote, EveryByteAndEveryShellMetacharacterReadsBackAsItself) {
  std::string all_bytes;
  for (int c = 1; c < 256; ++c) all_bytes += static_cast<char>(c);
  for (const std::string& text : {std::string(), std::string("plain"), std::string("'"), std::string("''"),
                                 std::string("a'b\"c"), std::string("$(touch X)"), std::string("`touch X`"),
                                 std::string("a\nb\n"), std::string("\\'"), std::string("-n"), std::string("%s %d"),
                                 std::string("${HOME} $0 !! * ? [a] ~ & ; | < > #"), all_bytes}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(through_shell(text), text);
  }
}

TEST(ShellQuote, IsSingleQuotesWithEscapedQuote) {
  EXPECT_EQ(shell_quote("ab"), "'ab'");
  EXPECT_EQ(shell_quote("a'b"), "'a'\\''b'");
  EXPECT_EQ(shell_quote(""), "''");
}

TEST(SbatchOptions, OptionsPassAndEverythingElseIsRefusedWithTheOptionName) {
  EXPECT_NO_THROW(check_sbatch_options({"--partition=debug", "-pdebug", "--comment=$(x)", "-A", "--account=a"}));
  for (const std::string bad : {"debug", "", "x'; touch X; echo '", "--wrap=id", "--wrap", "--array=1-3", "-a3",
                                "--parsable"}) {
    SCOPED_TRACE(bad);
    try {
      check_sbatch_options({"--partition=debug", bad});
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, "<command line>");
      EXPECT_EQ(e.key_path(), "--slurm-opt");
    }
  }
}

}  // namespace
}  // namespace hybridfog::testing

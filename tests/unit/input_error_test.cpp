// excerpt(), is_clean_utf8() and check_input_file() (core/input_error.hpp): what every error message and
// every input file goes through.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/input_error.hpp"
#include "test_support.hpp"

namespace hybridfog::testing {
namespace {

TEST(Excerpt, ShortTextIsKeptControlAndBrokenBytesAreEscapedLongTextIsCut) {
  EXPECT_EQ(excerpt("fast"), "fast");
  EXPECT_EQ(excerpt("a\nb\"c\\"), "a\\nb\\\"c\\\\");
  EXPECT_EQ(excerpt(std::string("x\xff\x01y")), "x\\xFF\\x01y");
  EXPECT_EQ(excerpt("caf\xc3\xa9"), "caf\xc3\xa9");  // valid UTF-8 stays as it is
  EXPECT_EQ(excerpt(std::string(100, 'a')), std::string(60, 'a') + "... (100 bytes)");
  EXPECT_EQ(excerpt(std::string(1 << 20, '\n')).size(), 60u + std::string("... (1048576 bytes)").size());
}

TEST(CleanUtf8, RefusesNulOverlongSurrogatesAndTruncatedSequences) {
  EXPECT_TRUE(is_clean_utf8("plain"));
  EXPECT_TRUE(is_clean_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_clean_utf8(std::string("a\0b", 3)));
  EXPECT_FALSE(is_clean_utf8("\xff"));
  EXPECT_FALSE(is_clean_utf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(is_clean_utf8("\xed\xa0\x80"));  // a UTF-16 surrogate
  EXPECT_FALSE(is_clean_utf8("\xe2\x82"));      // cut short
  EXPECT_FALSE(is_clean_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

std::string refusal(const std::string& path, std::uintmax_t max_bytes) {
  try {
    check_input_file(path, {"s.yaml", 3, 7}, "model.trace", max_bytes);
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 3);
    EXPECT_EQ(e.key_path(), "model.trace");
    return e.detail();
  }
  return "";
}

TEST(CheckInputFile, RegularFilesOfBoundedSizeOnly) {
  TempDir dir;
  const std::string file = dir.write("t.csv", std::string(100, 'x'));
  EXPECT_EQ(refusal(file, 100), "");
  EXPECT_EQ(refusal(file, 99).rfind("file of 100 bytes, at most 99", 0), 0u);
  EXPECT_EQ(refusal(dir.file("none.csv"), 100).rfind("file not found", 0), 0u);
  EXPECT_EQ(refusal(dir.path(), 100).rfind("not a regular file", 0), 0u);
  EXPECT_EQ(refusal("/dev/zero", 100).rfind("not a regular file", 0), 0u);
  ASSERT_EQ(::mkfifo(dir.file("fifo").c_str(), 0600), 0);
  EXPECT_EQ(refusal(dir.file("fifo"), 100).rfind("not a regular file", 0), 0u);
  EXPECT_EQ(refusal(dir.file(std::string(300, 'n')), 100).rfind("file not found", 0), 0u);  // name too long
}

}  // namespace
}  // namespace hybridfog::testing

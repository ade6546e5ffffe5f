// The shared CSV core (sim/core/csv_reader.hpp): line source, splitter and number parser. The readers built
// on it (profiles, arrival, mobility and model traces, benchmark and network tables) have their own tests.
#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

using testing::TempDir;

// (number, text) of every line a CsvLines source gives for `content`.
std::vector<std::pair<int, std::string>> lines_of(const std::string& content) {
  TempDir dir;
  CsvLines lines(dir.write("f.csv", content), {"scenario.yaml", 3, 7}, "key");
  std::vector<std::pair<int, std::string>> out;
  CsvLine line;
  while (lines.next(line)) out.emplace_back(line.number, line.text);
  return out;
}

// The message of the InputError reading every line of `content` throws, from "f.csv" on; "" when none.
std::string error_of(const std::string& content) {
  TempDir dir;
  try {
    CsvLines lines(dir.write("f.csv", content), {"scenario.yaml", 3, 7}, "key");
    CsvLine line;
    while (lines.next(line)) {
    }
  } catch (const InputError& e) {
    const std::string message = e.what();
    return message.substr(message.find("f.csv"));
  }
  return "";
}

using Lines = std::vector<std::pair<int, std::string>>;

TEST(CsvLines, NumbersLinesAndDropsTheCrOfCrlfEndsOnly) {
  TempDir dir;
  CsvLines lines(dir.write("f.csv", "a,b\r\n1\r,2\n3,4\r"), {"s.yaml", 1, 1}, "k");
  CsvLine line;
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line.number, 1);
  EXPECT_EQ(line.text, "a,b");
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line.text, "1\r,2");  // a CR in mid-line is an ordinary byte
  ASSERT_TRUE(lines.next(line));  // the last line has no "\n": its CR ends no CRLF and stays
  EXPECT_EQ(line.number, 3);
  EXPECT_EQ(line.text, "3,4\r");
  EXPECT_FALSE(lines.next(line));
  EXPECT_EQ(lines.number(), 3);  // at the end: the number of lines
  EXPECT_EQ(lines_of("a\r\r\nb\n"), (Lines{{1, "a\r"}, {2, "b"}}));  // only the CR right before "\n" goes
}

TEST(CsvLines, CommentAndBlankLinesSkippedAnywhere) {
  EXPECT_EQ(lines_of("# c1\nh\n# c2\n1\n"), (Lines{{2, "h"}, {4, "1"}}));
  // Spaces and tabs before the '#' do not count; a CR does.
  EXPECT_EQ(lines_of("h\n  # c\n\t#\n1\n"), (Lines{{1, "h"}, {4, "1"}}));
  EXPECT_EQ(lines_of("h\n\r# c\n"), (Lines{{1, "h"}, {2, "\r# c"}}));
  // Empty lines and lines of only spaces and tabs are blank, before the header too; CRLF ones as well.
  EXPECT_EQ(lines_of("\r\n \t\nh\n\n1\n  \r\n"), (Lines{{3, "h"}, {5, "1"}}));
  // A '#' after other characters is no comment.
  EXPECT_EQ(lines_of("h\n1,#2\n"), (Lines{{1, "h"}, {2, "1,#2"}}));
  EXPECT_EQ(lines_of(""), Lines{});
  EXPECT_EQ(lines_of("# only\n\n"), Lines{});
}

TEST(CsvLines, NulBytesRefusedInEveryLineAtTheirColumn) {
  const std::string nul(1, '\0');
  EXPECT_EQ(error_of("#a" + nul + "\nh\n1\n"), "f.csv:1:3: a NUL byte in the line");  // comment lines too
  EXPECT_EQ(error_of("h" + nul + "\n1\n"), "f.csv:1:2: a NUL byte in the line");
  EXPECT_EQ(error_of("h\n1,2" + nul + "3\n"), "f.csv:2:4: a NUL byte in the line");
  EXPECT_EQ(error_of("h\n  " + nul + "\n"), "f.csv:2:3: a NUL byte in the line");  // no blank line
  EXPECT_EQ(error_of("h\n1\n" + nul), "f.csv:3:1: a NUL byte in the line");         // a last line without "\n"
}

TEST(CsvLines, LinesThatAreNotCleanUtf8RefusedAtTheFirstOffendingByte) {
  EXPECT_EQ(error_of("h\nab\xff\n"), "f.csv:2:3: the line is not clean UTF-8 text");
  EXPECT_EQ(error_of("# caf\xe9\nh\n"), "f.csv:1:6: the line is not clean UTF-8 text");  // Latin-1 in a comment
  EXPECT_EQ(error_of("h\n\xc0\xaf\n"), "f.csv:2:1: the line is not clean UTF-8 text");   // overlong
  EXPECT_EQ(error_of("h\n1,\xe2\x82\n"), "f.csv:2:3: the line is not clean UTF-8 text");  // cut short
  // The first offending byte decides the message.
  EXPECT_EQ(error_of(std::string("h\n\xff\0\n", 5)), "f.csv:2:1: the line is not clean UTF-8 text");
  EXPECT_EQ(error_of(std::string("h\n\0\xff\n", 5)), "f.csv:2:1: a NUL byte in the line");
  EXPECT_EQ(lines_of("h\ncaf\xc3\xa9,\xe2\x82\xac\n"), (Lines{{1, "h"}, {2, "caf\xc3\xa9,\xe2\x82\xac"}}));
}

TEST(CsvLines, ChecksTheFileAtThePlaceNamingIt) {
  TempDir dir;
  try {
    CsvLines lines(dir.file("missing.csv"), {"scenario.yaml", 3, 7}, "workload.file");
    FAIL() << "no error for a missing file";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("scenario.yaml:3:7: workload.file: file not found: ", 0), 0u) << e.what();
  }
  try {
    CsvLines lines(dir.path(), {"scenario.yaml", 3, 7}, "workload.file");
    FAIL() << "no error for a folder";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

// (text, column) of every cell.
std::vector<std::pair<std::string, int>> cells_of(const std::string& text) {
  std::vector<std::pair<std::string, int>> out;
  for (const CsvCell& cell : split_csv_line(text)) out.emplace_back(cell.text, cell.column);
  return out;
}

using Cells = std::vector<std::pair<std::string, int>>;

TEST(SplitCsvLine, CellsSplitAtEveryComma) {
  EXPECT_EQ(cells_of("a,b,,c"), (Cells{{"a", 1}, {"b", 3}, {"", 5}, {"c", 6}}));
  EXPECT_EQ(cells_of(""), (Cells{{"", 1}}));
  EXPECT_EQ(cells_of(","), (Cells{{"", 1}, {"", 2}}));
  EXPECT_EQ(cells_of("a,"), (Cells{{"a", 1}, {"", 3}}));
}

TEST(SplitCsvLine, SpacesAndTabsAroundACellDroppedItsColumnThatOfItsFirstCharacter) {
  EXPECT_EQ(cells_of(" a ,\tb\t, c d "), (Cells{{"a", 2}, {"b", 6}, {"c d", 10}}));
  // A cell of only spaces and tabs is empty at its start.
  EXPECT_EQ(cells_of("a,   ,b"), (Cells{{"a", 1}, {"", 3}, {"b", 7}}));
  EXPECT_EQ(cells_of("a, \t"), (Cells{{"a", 1}, {"", 3}}));
  // A CR is no space: it stays in its cell.
  EXPECT_EQ(cells_of("a\r ,\rb"), (Cells{{"a\r", 1}, {"\rb", 5}}));
  EXPECT_EQ(trim_csv_cell(" \t x, y \t"), "x, y");
  EXPECT_EQ(trim_csv_cell("\rx "), "\rx");
}

TEST(ParseCsvNumber, DecimalFiniteWholeCell) {
  EXPECT_EQ(parse_csv_number("1.5"), 1.5);
  EXPECT_EQ(parse_csv_number("-.5"), -0.5);
  EXPECT_EQ(parse_csv_number("+2e3"), 2000.0);
  EXPECT_EQ(parse_csv_number("7."), 7.0);
  EXPECT_EQ(parse_csv_number("12.25E+1"), 122.5);
  EXPECT_EQ(parse_csv_number("1e-2"), 0.01);
  EXPECT_EQ(parse_csv_number("007"), 7.0);
  EXPECT_EQ(parse_csv_number(""), std::nullopt);
  EXPECT_EQ(parse_csv_number(" 1"), std::nullopt);  // cells come trimmed: white space is not a number
  EXPECT_EQ(parse_csv_number("\t1"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1 "), std::nullopt);
  EXPECT_EQ(parse_csv_number("1\r"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1x"), std::nullopt);
  EXPECT_EQ(parse_csv_number("x"), std::nullopt);
  EXPECT_EQ(parse_csv_number("-"), std::nullopt);
  EXPECT_EQ(parse_csv_number("."), std::nullopt);
  EXPECT_EQ(parse_csv_number("-."), std::nullopt);
  EXPECT_EQ(parse_csv_number("1e"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1e+"), std::nullopt);
  EXPECT_EQ(parse_csv_number("e5"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1.2.3"), std::nullopt);
  EXPECT_EQ(parse_csv_number("--1"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1,5"), std::nullopt);
  EXPECT_EQ(parse_csv_number(std::string("1\0", 2)), std::nullopt);
}

TEST(ParseCsvNumber, NoHexadecimalNoWords) {
  EXPECT_EQ(parse_csv_number("0x10"), std::nullopt);
  EXPECT_EQ(parse_csv_number("0X1p3"), std::nullopt);
  EXPECT_EQ(parse_csv_number("-0x1"), std::nullopt);
  EXPECT_EQ(parse_csv_number("nan"), std::nullopt);
  EXPECT_EQ(parse_csv_number("NAN"), std::nullopt);
  EXPECT_EQ(parse_csv_number("inf"), std::nullopt);
  EXPECT_EQ(parse_csv_number("-inf"), std::nullopt);
  EXPECT_EQ(parse_csv_number("infinity"), std::nullopt);
}

TEST(ParseCsvNumber, OverflowRefusedUnderflowReadAsTheNearestDouble) {
  EXPECT_EQ(parse_csv_number("1e999"), std::nullopt);
  EXPECT_EQ(parse_csv_number("-1e999"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1.8e308"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1.7e308"), 1.7e308);
  EXPECT_EQ(parse_csv_number("1e-400"), 0.0);
  EXPECT_EQ(parse_csv_number("-1e-400"), -0.0);
  EXPECT_TRUE(std::signbit(*parse_csv_number("-1e-400")));
  const auto subnormal = parse_csv_number("5e-324");  // the smallest subnormal double
  ASSERT_TRUE(subnormal.has_value());
  EXPECT_GT(*subnormal, 0.0);
  EXPECT_LT(*subnormal, 1e-320);
}

}  // namespace
}  // namespace hybridfog

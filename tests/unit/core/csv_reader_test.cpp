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
std::vector<std::pair<int, std::string>> lines_of(const std::string& content, const CsvLineOptions& options) {
  TempDir dir;
  CsvLines lines(dir.write("f.csv", content), {"scenario.yaml", 3, 7}, "key", options);
  EXPECT_TRUE(lines.opened());
  std::vector<std::pair<int, std::string>> out;
  CsvLine line;
  while (lines.next(line)) out.emplace_back(line.number, line.text);
  return out;
}

// The message of the InputError reading every line of `content` throws, from "f.csv" on; "" when none.
std::string error_of(const std::string& content, const CsvLineOptions& options) {
  TempDir dir;
  try {
    CsvLines lines(dir.write("f.csv", content), {"scenario.yaml", 3, 7}, "key", options);
    CsvLine line;
    while (lines.next(line)) {
    }
  } catch (const InputError& e) {
    const std::string message = e.what();
    return message.substr(message.find("f.csv"));
  }
  return "";
}

CsvLineOptions options(CsvLineOptions::Comments comments, CsvLineOptions::Blanks blanks, CsvLineOptions::NulBytes nul,
                       bool indented = false) {
  CsvLineOptions o;
  o.comments = comments;
  o.blanks = blanks;
  o.nul_bytes = nul;
  o.indented = indented;
  return o;
}

using Comments = CsvLineOptions::Comments;
using Blanks = CsvLineOptions::Blanks;
using Nul = CsvLineOptions::NulBytes;
using Lines = std::vector<std::pair<int, std::string>>;

TEST(CsvLines, NumbersLinesAndStripsCrlfEnds) {
  TempDir dir;
  CsvLines lines(dir.write("f.csv", "a,b\r\n1,2\n3,4\r"), {"s.yaml", 1, 1}, "k", CsvLineOptions{});
  CsvLine line;
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line.number, 1);
  EXPECT_EQ(line.text, "a,b");
  EXPECT_TRUE(line.crlf);
  EXPECT_EQ(line.as_written(), "a,b\r");
  ASSERT_TRUE(lines.next(line));
  EXPECT_EQ(line.text, "1,2");
  EXPECT_FALSE(line.crlf);
  EXPECT_EQ(line.as_written(), "1,2");
  ASSERT_TRUE(lines.next(line));  // the last line has no "\n"; its lone CR is a line end too
  EXPECT_EQ(line.number, 3);
  EXPECT_EQ(line.text, "3,4");
  EXPECT_FALSE(lines.next(line));
  EXPECT_EQ(lines.number(), 3);  // at the end: the number of lines
}

TEST(CsvLines, CommentsAnywhereOrOnlyBeforeTheHeader) {
  const std::string content = "# c1\nh\n# c2\n1\n";
  EXPECT_EQ(lines_of(content, options(Comments::anywhere, Blanks::skipped, Nul::refused_everywhere)),
            (Lines{{2, "h"}, {4, "1"}}));
  EXPECT_EQ(lines_of(content, options(Comments::before_header, Blanks::skipped, Nul::refused_everywhere)),
            (Lines{{2, "h"}, {3, "# c2"}, {4, "1"}}));
  // A comment starts in the first column unless the layout is indented.
  EXPECT_EQ(lines_of("h\n  # c\n", options(Comments::anywhere, Blanks::skipped, Nul::refused_everywhere)),
            (Lines{{1, "h"}, {2, "  # c"}}));
  EXPECT_EQ(lines_of("h\n \t\r# c\n", options(Comments::anywhere, Blanks::skipped, Nul::refused_everywhere, true)),
            (Lines{{1, "h"}}));
}

TEST(CsvLines, BlankLinesKeptSkippedOrSkippedAfterTheHeader) {
  const std::string content = "\r\nh\n\n1\n  \n";
  EXPECT_EQ(lines_of(content, options(Comments::anywhere, Blanks::kept, Nul::allowed)),
            (Lines{{1, ""}, {2, "h"}, {3, ""}, {4, "1"}, {5, "  "}}));
  // Only empty lines (CRLF ones included) are blank unless the layout is indented.
  EXPECT_EQ(lines_of(content, options(Comments::anywhere, Blanks::skipped, Nul::allowed)),
            (Lines{{2, "h"}, {4, "1"}, {5, "  "}}));
  EXPECT_EQ(lines_of(content, options(Comments::anywhere, Blanks::skipped, Nul::allowed, true)),
            (Lines{{2, "h"}, {4, "1"}}));
  // Before the header an empty line is the header.
  EXPECT_EQ(lines_of(content, options(Comments::anywhere, Blanks::skipped_after_header, Nul::allowed)),
            (Lines{{1, ""}, {2, "h"}, {4, "1"}, {5, "  "}}));
}

TEST(CsvLines, NulBytesRefusedWhereTheOptionsSay) {
  const std::string nul(1, '\0');
  const std::string in_comment = "#a" + nul + "\nh\n1\n";
  const std::string in_header = "h" + nul + "\n1\n";
  const std::string in_row = "h\n1,2" + nul + "3\n";
  const auto with = [](Nul nul_bytes) { return options(Comments::before_header, Blanks::skipped, nul_bytes); };
  EXPECT_EQ(error_of(in_comment, with(Nul::refused_everywhere)), "f.csv:1:3: a NUL byte in the line");
  EXPECT_EQ(error_of(in_comment, with(Nul::refused_outside_comments)), "");
  EXPECT_EQ(error_of(in_header, with(Nul::refused_outside_comments)), "f.csv:1:2: a NUL byte in the line");
  EXPECT_EQ(error_of(in_header, with(Nul::refused_in_rows)), "");
  EXPECT_EQ(error_of(in_row, with(Nul::refused_in_rows)), "f.csv:2:4: a NUL byte in the line");
  EXPECT_EQ(error_of(in_row, with(Nul::allowed)), "");
}

TEST(CsvLines, ChecksTheFileAtThePlaceNamingIt) {
  TempDir dir;
  try {
    CsvLines lines(dir.file("missing.csv"), {"scenario.yaml", 3, 7}, "workload.file", CsvLineOptions{});
    FAIL() << "no error for a missing file";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("scenario.yaml:3:7: workload.file: file not found: ", 0), 0u) << e.what();
  }
  try {
    CsvLines lines(dir.path(), {"scenario.yaml", 3, 7}, "workload.file", CsvLineOptions{});
    FAIL() << "no error for a folder";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

// (text, column) of every cell.
std::vector<std::pair<std::string, int>> cells_of(const std::string& text, CsvTrim trim) {
  std::vector<std::pair<std::string, int>> out;
  for (const CsvCell& cell : split_csv_line(text, trim)) out.emplace_back(cell.text, cell.column);
  return out;
}

using Cells = std::vector<std::pair<std::string, int>>;

TEST(SplitCsvLine, CellsAsWrittenWithTheirColumns) {
  EXPECT_EQ(cells_of("a, b ,,c", CsvTrim::none), (Cells{{"a", 1}, {" b ", 3}, {"", 7}, {"c", 8}}));
  EXPECT_EQ(cells_of("", CsvTrim::none), (Cells{{"", 1}}));
  EXPECT_EQ(cells_of(",", CsvTrim::none), (Cells{{"", 1}, {"", 2}}));
  EXPECT_EQ(cells_of("a\r,b\r", CsvTrim::none), (Cells{{"a\r", 1}, {"b\r", 4}}));
  // Only a CR right before a comma goes.
  EXPECT_EQ(cells_of("a\r,b\r", CsvTrim::cr_before_comma), (Cells{{"a", 1}, {"b\r", 4}}));
  EXPECT_EQ(cells_of("a\r\r,b", CsvTrim::cr_before_comma), (Cells{{"a\r", 1}, {"b", 5}}));
}

TEST(SplitCsvLine, TrimmedCellsPointAtTheirFirstCharacter) {
  EXPECT_EQ(cells_of(" a ,\tb\t, c d ", CsvTrim::spaces), (Cells{{"a", 2}, {"b", 6}, {"c d", 10}}));
  EXPECT_EQ(cells_of(" a ,\tb\t, c d ", CsvTrim::spaces_and_crs), (Cells{{"a", 2}, {"b", 6}, {"c d", 10}}));
  // CRs: dropped after a cell by both, before it only by spaces_and_crs.
  EXPECT_EQ(cells_of("a\r ,\rb", CsvTrim::spaces), (Cells{{"a", 1}, {"\rb", 5}}));
  EXPECT_EQ(cells_of("a\r ,\rb", CsvTrim::spaces_and_crs), (Cells{{"a", 1}, {"b", 5}}));
  // A cell of only spaces: spaces points after them, spaces_and_crs at the cell.
  EXPECT_EQ(cells_of("a,   ,b", CsvTrim::spaces), (Cells{{"a", 1}, {"", 6}, {"b", 7}}));
  EXPECT_EQ(cells_of("a,   ,b", CsvTrim::spaces_and_crs), (Cells{{"a", 1}, {"", 3}, {"b", 7}}));
  EXPECT_EQ(cells_of("a,  \r", CsvTrim::spaces_and_crs), (Cells{{"a", 1}, {"", 5}}));
  EXPECT_EQ(trim_csv_cell(" \r x, y \r", CsvTrim::spaces_and_crs), "x, y");
  EXPECT_EQ(trim_csv_cell(" \r x, y \r", CsvTrim::none), " \r x, y \r");
}

TEST(ParseCsvNumber, StrictByDefault) {
  EXPECT_EQ(parse_csv_number("1.5"), 1.5);
  EXPECT_EQ(parse_csv_number("-.5"), -0.5);
  EXPECT_EQ(parse_csv_number("+2e3"), 2000.0);
  EXPECT_EQ(parse_csv_number("0x10"), 16.0);  // strtod's syntax: hexadecimal too
  EXPECT_EQ(parse_csv_number(""), std::nullopt);
  EXPECT_EQ(parse_csv_number(" 1"), std::nullopt);
  EXPECT_EQ(parse_csv_number("\t1"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1 "), std::nullopt);  // the whole cell
  EXPECT_EQ(parse_csv_number("1x"), std::nullopt);
  EXPECT_EQ(parse_csv_number("x"), std::nullopt);
  EXPECT_EQ(parse_csv_number("-"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1e999"), std::nullopt);  // finite only
  EXPECT_EQ(parse_csv_number("-1e999"), std::nullopt);
  EXPECT_EQ(parse_csv_number("nan"), std::nullopt);
  EXPECT_EQ(parse_csv_number("inf"), std::nullopt);
  EXPECT_EQ(parse_csv_number("1e-400"), std::nullopt);  // too small to represent
  EXPECT_EQ(parse_csv_number(std::string("1\0", 2)), std::nullopt);
}

TEST(ParseCsvNumber, OptionsForLeadingSpaceUnderflowAndPlainDecimals) {
  CsvNumberSyntax spaced;
  spaced.leading_space = true;
  EXPECT_EQ(parse_csv_number(" 1", spaced), 1.0);
  EXPECT_EQ(parse_csv_number("\t-.5", spaced), -0.5);
  EXPECT_EQ(parse_csv_number(" ", spaced), std::nullopt);
  EXPECT_EQ(parse_csv_number("1 ", spaced), std::nullopt);

  CsvNumberSyntax underflow;
  underflow.underflow = true;
  EXPECT_EQ(parse_csv_number("1e-400", underflow), 0.0);
  EXPECT_EQ(parse_csv_number("1e999", underflow), std::nullopt);  // overflow stays an error

  CsvNumberSyntax plain;
  plain.plain_decimal = true;
  EXPECT_EQ(parse_csv_number("-.5", plain), -0.5);
  EXPECT_EQ(parse_csv_number("+7", plain), 7.0);
  EXPECT_EQ(parse_csv_number("12.25e1", plain), 122.5);
  EXPECT_EQ(parse_csv_number("nan", plain), std::nullopt);
  EXPECT_EQ(parse_csv_number("-inf", plain), std::nullopt);
  EXPECT_EQ(parse_csv_number("infinity", plain), std::nullopt);
  EXPECT_EQ(parse_csv_number("", plain), std::nullopt);
  EXPECT_EQ(parse_csv_number("-", plain), std::nullopt);
  EXPECT_EQ(parse_csv_number(" 1", plain), std::nullopt);
  EXPECT_EQ(parse_csv_number("1e-400", plain), std::nullopt);
  // A cell that starts like a decimal is still read by strtod: kept from the mobility reader.
  EXPECT_EQ(parse_csv_number("0x10", plain), 16.0);
}

}  // namespace
}  // namespace hybridfog

#include "search/benchmark_csv.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "core/input_error.hpp"
#include "scenario/scenario_spec.hpp"

namespace hybridfog::search {
namespace {

using testing::source_path;
using testing::TempDir;

const ModelProfile& profile() {
  static const ModelProfile p = load_profile(source_path("tests/data/partition/scission-profile.yaml"));
  return p;
}

const std::string kHeader = "system,model,block,first_layer,last_layer,seconds,output_bytes\n";

std::string error_of(const std::string& text) {
  TempDir dir;
  const std::string file = dir.write("bench.csv", text);
  try {
    load_benchmark_csv(file, "m", profile());
  } catch (const InputError& e) {
    const std::string message = e.what();
    return message.substr(message.find("bench.csv"));
  }
  return "";
}

TEST(BenchmarkCsv, ReadsBlocksByLayerNameOrIndex) {
  TempDir dir;
  const std::string file = dir.write("bench.csv", "# measured somewhere\n" + kHeader +
                                                      "pi, m, 0, l0, l0, 0.5, 100\n"
                                                      "pi,m,1,1,2,0.25,40\n"
                                                      "pi,other,0,l0,l2,9,9\n");
  const Benchmark b = load_benchmark_csv(file, "m", profile());
  ASSERT_EQ(b.blocks.size(), 2u);
  EXPECT_EQ(b.blocks[1].first_layer, 1);
  EXPECT_EQ(b.blocks[1].last_layer, 2);
  ASSERT_NE(b.find("pi"), nullptr);
  EXPECT_EQ(b.find("pi")->seconds, (std::vector<double>{0.5, 0.25}));
  EXPECT_EQ(b.find("pi")->output_bytes, (std::vector<double>{100, 40}));
}

TEST(BenchmarkCsv, BadInputNamesTheOffendingPlace) {
  EXPECT_EQ(error_of(kHeader + "pi,m,0,l0,l1,1,1\nnuc,m,0,l0,l1,1,1\npi,m,1,l2,l2,1,1\n"),
            "bench.csv: block: system nuc has no block 1 of model m (blocks 0-1 expected for every system)");
  EXPECT_NE(error_of(kHeader + "pi,m,0,conv9,l2,1,1\n").find("bench.csv:2:8: first_layer: no layer called \"conv9\""),
            std::string::npos);
  EXPECT_NE(error_of(kHeader + "pi,m,0,l0,l2,fast,1\n").find("bench.csv:2:14: seconds: expected a number"), std::string::npos);
  EXPECT_NE(error_of(kHeader + "pi,m,0,l0,l1,1,1\n").find("not at the profile's last layer"), std::string::npos);
  EXPECT_NE(error_of(kHeader + "pi,m,0,l0,l0,1,1\npi,m,1,l2,l2,1,1\n").find("should start at l1"), std::string::npos);
  EXPECT_NE(error_of(kHeader + "pi,x,0,l0,l2,1,1\n").find("no rows for model \"m\" (models in the file: x)"), std::string::npos);
  EXPECT_NE(error_of("system,model,block\n").find("expected the header line"), std::string::npos);
  EXPECT_NE(error_of(kHeader + "pi,m,0,l0,l2,1,1\npi,m,0,l0,l2,1,1\n").find("block 0 twice"), std::string::npos);
}

// The common CSV rules (docs/formats.md): every line clean UTF-8, decimal numbers only.
TEST(BenchmarkCsv, CommonCsvRules) {
  EXPECT_EQ(error_of(kHeader + "pi,m,0,l0,l2,1,1 \xff\n"), "bench.csv:2:18: the line is not clean UTF-8 text");
  EXPECT_EQ(error_of("# caf\xe9\n" + kHeader + "pi,m,0,l0,l2,1,1\n"), "bench.csv:1:6: the line is not clean UTF-8 text");
  EXPECT_EQ(error_of(kHeader + "pi,m,0,l0,l2,0x1,1\n"), "bench.csv:2:14: seconds: expected a number, got \"0x1\"");
  EXPECT_EQ(error_of(kHeader + "pi,m,0,l0,l2,1\r,1\n"), "bench.csv:2:14: seconds: expected a number, got \"1\\x0D\"");
  // Indented comments and lines of spaces and tabs are skipped, CRLF ends taken as "\n".
  EXPECT_EQ(error_of("  # measured\r\n" + kHeader + " \t\r\n pi , m ,0,l0,l2,1,1\r\n"), "");
}

TEST(NetworkCsv, ConvertsLikeScission) {
  TempDir dir;
  const std::string file = dir.write("net.csv", "source,destination,ping_ms,bandwidth_mbps\npi,nuc,66.7,1.6\n");
  const NetworkTable n = load_network_csv(file);
  ASSERT_NE(n.find("nuc", "pi"), nullptr);  // either direction
  EXPECT_DOUBLE_EQ(n.find("pi", "nuc")->ping_s, 0.0667);
  EXPECT_DOUBLE_EQ(n.find("pi", "nuc")->bytes_per_s, 200000);
  EXPECT_EQ(n.find("pi", "cloud"), nullptr);
  const std::string bad = dir.write("bad.csv", "source,destination,ping_ms,bandwidth_mbps\npi,nuc,1,0\n");
  EXPECT_THROW(load_network_csv(bad), InputError);
}

}  // namespace
}  // namespace hybridfog::search

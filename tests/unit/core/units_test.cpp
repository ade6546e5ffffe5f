#include "core/units.hpp"

#include <gtest/gtest.h>

namespace hybridfog {
namespace {

TEST(Units, BandwidthInBitsAndBytes) {
  EXPECT_DOUBLE_EQ(*parse_quantity("20Mbps", QuantityKind::bandwidth), 20e6 / 8);
  EXPECT_DOUBLE_EQ(*parse_quantity("10Gbps", QuantityKind::bandwidth), 10e9 / 8);
  EXPECT_DOUBLE_EQ(*parse_quantity("1.5 MBps", QuantityKind::bandwidth), 1.5e6);
  EXPECT_DOUBLE_EQ(*parse_quantity("800bps", QuantityKind::bandwidth), 100.0);
}

TEST(Units, TimeThroughputEnergyPowerSizeRate) {
  EXPECT_DOUBLE_EQ(*parse_quantity("5ms", QuantityKind::time), 0.005);
  EXPECT_DOUBLE_EQ(*parse_quantity("2min", QuantityKind::time), 120.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("2GMAC/s", QuantityKind::throughput), 2e9);
  EXPECT_DOUBLE_EQ(*parse_quantity("4.6pJ", QuantityKind::energy), 4.6e-12);
  EXPECT_DOUBLE_EQ(*parse_quantity("283.17nJ", QuantityKind::energy), 283.17e-9);
  EXPECT_DOUBLE_EQ(*parse_quantity("3.5W", QuantityKind::power), 3.5);
  EXPECT_DOUBLE_EQ(*parse_quantity("64B", QuantityKind::data_size), 64.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("1KiB", QuantityKind::data_size), 1024.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("2/s", QuantityKind::rate), 2.0);
  EXPECT_DOUBLE_EQ(*parse_quantity("30/min", QuantityKind::rate), 0.5);
  EXPECT_DOUBLE_EQ(*parse_quantity("1e3Hz", QuantityKind::rate), 1000.0);
}

TEST(Units, RejectsMissingWrongOrForeignUnits) {
  EXPECT_FALSE(parse_quantity("20", QuantityKind::bandwidth));           // no unit
  EXPECT_FALSE(parse_quantity("fast", QuantityKind::bandwidth));         // no number
  EXPECT_FALSE(parse_quantity("20mbps", QuantityKind::bandwidth));       // case matters: m is milli
  EXPECT_FALSE(parse_quantity("5ms", QuantityKind::bandwidth));          // a time is not a bandwidth
  EXPECT_FALSE(parse_quantity("20Mbps", QuantityKind::time));
  EXPECT_FALSE(parse_quantity("", QuantityKind::time));
  EXPECT_FALSE(parse_quantity("inf s", QuantityKind::time));
  EXPECT_FALSE(parse_quantity("nanW", QuantityKind::power));
  EXPECT_FALSE(parse_quantity("3 W extra", QuantityKind::power));
}

TEST(Units, NegativeNumbersParseForCallersToReject) {
  EXPECT_DOUBLE_EQ(*parse_quantity("-1/s", QuantityKind::rate), -1.0);
}

TEST(Units, PricesAreANumberAndThePlatformsCurrency) {
  EXPECT_EQ(*parse_price("0.10 USD", "USD"), 0.10);
  EXPECT_EQ(*parse_price("0.1USD", "USD"), 0.1);
  EXPECT_EQ(*parse_price(" 12 EUR ", "EUR"), 12.0);
  EXPECT_EQ(*parse_price("-1 USD", "USD"), -1.0);  // parses; the caller refuses the sign
  EXPECT_FALSE(parse_price("0.10", "USD"));         // no currency
  EXPECT_FALSE(parse_price("0.10 USDD", "USD"));    // a typo
  EXPECT_FALSE(parse_price("0.10 usd", "USD"));     // case-sensitive
  EXPECT_FALSE(parse_price("0.10 EUR", "USD"));     // another currency
  EXPECT_FALSE(parse_price("inf USD", "USD"));
  EXPECT_FALSE(parse_price("1e999 USD", "USD"));
  EXPECT_FALSE(parse_price("USD", "USD"));
  EXPECT_TRUE(valid_currency("USD"));
  EXPECT_TRUE(valid_currency("credits"));
  EXPECT_FALSE(valid_currency(""));
  EXPECT_FALSE(valid_currency("US$"));
  EXPECT_FALSE(valid_currency("ABCDEFGHIJKLMNOPQ"));  // 17 letters
  EXPECT_EQ(cost_key("USD"), "cost_usd");
  EXPECT_EQ(cost_key("Credits"), "cost_credits");
}

}  // namespace
}  // namespace hybridfog

// metrics/event_log: rows in time order (ties in the order added), CSV-safe fields.
#include "metrics/event_log.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "test_support.hpp"

namespace hybridfog {
namespace {

TEST(EventLog, WritesRowsInTimeOrderKeepingTheOrderOfTies) {
  EventLog log;
  log.add(2.5, "bandwidth", "uplink", "bandwidth_bytes_per_s=625000");
  log.add(0.1, "failure", "site0-edge-nuc-0", "");
  log.add(2.5, "speed", "edge/nuc", "speed_fraction=0.5");
  log.add(1e-7, "recovery", "site0-edge-nuc-0");
  testing::TempDir dir;
  log.write_csv(dir.file("events.csv"));
  EXPECT_EQ(testing::read_file(dir.file("events.csv")),
            "time_s,kind,subject,detail\n"
            "1e-07,recovery,site0-edge-nuc-0,\n"
            "0.1,failure,site0-edge-nuc-0,\n"
            "2.5,bandwidth,uplink,bandwidth_bytes_per_s=625000\n"
            "2.5,speed,edge/nuc,speed_fraction=0.5\n");
  EXPECT_EQ(log.size(), 4u);
}

TEST(EventLog, RefusesFieldsThatWouldBreakTheCsv) {
  EventLog log;
  EXPECT_THROW(log.add(0, "a,b", "x"), std::invalid_argument);
  EXPECT_THROW(log.add(0, "a", "x\ny"), std::invalid_argument);
  EXPECT_THROW(log.add(0, "a", "x", "say \"hi\""), std::invalid_argument);
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace hybridfog

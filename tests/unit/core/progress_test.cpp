#include "core/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace hybridfog {
namespace {

TEST(Progress, LineWithTotalHasPercentRateAndEta) {
  ProgressSnapshot p;
  p.done = 120000;
  p.total = 1000000;
  p.sim_time_s = 120.34;
  p.elapsed_s = 2.0;
  // 60,000 samples/s; 880,000 left: 14.7 s.
  EXPECT_EQ(progress_line(p),
            "progress: 120,000/1,000,000 samples (12.0%), simulated 120.3 s, elapsed 2.0 s, 60,000 samples/s, ETA 14.7 s");
}

TEST(Progress, LineWithoutTotalHasNoPercentNorEta) {
  ProgressSnapshot p;
  p.done = 5;
  p.sim_time_s = 1.0;
  p.elapsed_s = 0.5;
  EXPECT_EQ(progress_line(p), "progress: 5 samples, simulated 1.0 s, elapsed 0.5 s, 10 samples/s");
}

TEST(Progress, DurationBoundedRunHasShareAndEtaFromSimulatedTime) {
  ProgressSnapshot p;
  p.done = 5000;
  p.sim_time_s = 30.0;
  p.sim_duration_s = 120.0;
  p.elapsed_s = 2.0;
  // 30 of 120 simulated seconds in 2 s of wall time: 90 simulated seconds left take 2 x 90 / 30 = 6 s.
  EXPECT_EQ(progress_line(p),
            "progress: 5,000 samples, simulated 30.0 of 120.0 s (25.0%), elapsed 2.0 s, 2,500 samples/s, ETA 6.0 s");
  // Step up: the clock at 90 s after 3 s of wall time: 30 s left at 30 simulated s per wall s -> 1.0 s.
  p.sim_time_s = 90.0;
  p.elapsed_s = 3.0;
  EXPECT_EQ(progress_line(p),
            "progress: 5,000 samples, simulated 90.0 of 120.0 s (75.0%), elapsed 3.0 s, 1,667 samples/s, ETA 1.0 s");
  // Past the duration: arrivals have ended; the run answers what is left, no ETA.
  p.sim_time_s = 121.5;
  EXPECT_EQ(progress_line(p),
            "progress: 5,000 samples, simulated 121.5 of 120.0 s (100.0%), elapsed 3.0 s, 1,667 samples/s, arrivals "
            "ended, answering the last samples");
  // A known total wins: the duration is not used.
  p.total = 10000;
  p.sim_time_s = 30.0;
  EXPECT_EQ(progress_line(p),
            "progress: 5,000/10,000 samples (50.0%), simulated 30.0 s, elapsed 3.0 s, 1,667 samples/s, ETA 3.0 s");
}

TEST(Progress, NothingDoneYetHasNoRate) {
  ProgressSnapshot p;
  p.total = 10;
  p.elapsed_s = 3;
  p.unit = "runs";
  EXPECT_EQ(progress_line(p), "progress: 0/10 runs (0.0%), elapsed 3.0 s");
}

TEST(Progress, HumanDurations) {
  EXPECT_EQ(human_duration(59.94), "59.9 s");
  EXPECT_EQ(human_duration(185), "3 min 05 s");
  EXPECT_EQ(human_duration(2 * 3600 + 4 * 60 + 10), "2 h 04 min");
  EXPECT_EQ(with_separators(0), "0");
  EXPECT_EQ(with_separators(999), "999");
  EXPECT_EQ(with_separators(1000), "1,000");
  EXPECT_EQ(with_separators(12345678), "12,345,678");
}

TEST(Progress, TerminalUpdatesOneLineInPlace) {
  char buffer[512] = {};
  std::FILE* out = fmemopen(buffer, sizeof buffer - 1, "w");
  ProgressPrinter printer(out, true, 0);
  ProgressSnapshot p;
  p.done = 1;
  p.total = 2;
  p.elapsed_s = 1;
  printer.update(p);
  p.done = 2;
  printer.update(p);
  printer.finish();
  std::fclose(out);
  EXPECT_EQ(std::string(buffer),
            "\rprogress: 1/2 samples (50.0%), elapsed 1.0 s, 1 samples/s, ETA 1.0 s\x1b[K"
            "\rprogress: 2/2 samples (100.0%), elapsed 1.0 s, 2 samples/s, ETA 0.0 s\x1b[K\n");
}

TEST(Progress, OffATerminalTheDefaultIsALineEveryFiveSeconds) {
  EXPECT_EQ(ProgressPrinter(stderr, false).interval_s(), 5.0);
  EXPECT_EQ(ProgressPrinter(stderr, true).interval_s(), 0.5);
  char buffer[512] = {};
  std::FILE* out = fmemopen(buffer, sizeof buffer - 1, "w");
  ProgressPrinter printer(out, false);
  ProgressSnapshot p;
  p.total = 2;
  printer.update(p);  // the first line is printed at once
  printer.update(p);  // the next one only after 5 s
  printer.finish();   // nothing to end off a terminal
  std::fclose(out);
  EXPECT_EQ(std::string(buffer), "progress: 0/2 samples (0.0%), elapsed 0.0 s\n");
}

}  // namespace
}  // namespace hybridfog

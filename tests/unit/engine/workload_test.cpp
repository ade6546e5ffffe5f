// engine/: the workload streams, without SimGrid (arrival times and trace rows are plain arithmetic).
#include "engine/workload.hpp"

#include <gtest/gtest.h>

#include <set>

namespace hybridfog {
namespace {

TEST(Workload, PeriodicZeroPhaseArrivesOnTheGridInDeviceOrder) {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::periodic;
  spec.rate_per_s = 4;  // every 0.25 s
  spec.random_phase = false;
  spec.samples_per_device = 3;
  spec.order = SampleOrder::sequential;
  Workload w(spec, 7, 2, 5);
  std::vector<std::pair<double, int>> arrivals;
  while (!w.done()) {
    const double t = w.next_time();
    arrivals.emplace_back(t, w.take_next());
  }
  const std::vector<std::pair<double, int>> expected = {{0, 0}, {0, 1}, {0.25, 0}, {0.25, 1}, {0.5, 0}, {0.5, 1}};
  EXPECT_EQ(arrivals, expected);
  for (std::uint64_t id = 0; id < 7; ++id) EXPECT_EQ(w.trace_row(id), static_cast<int>(id % 5));
}

TEST(Workload, DurationBoundsArrivalsAndShuffledVisitsEveryRowOnce) {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::poisson;
  spec.rate_per_s = 10;
  spec.duration_s = 2.0;
  spec.order = SampleOrder::shuffled;
  Workload w(spec, 3, 4, 50);
  int count = 0;
  double last = 0;
  while (!w.done()) {
    EXPECT_GE(w.next_time(), last);
    EXPECT_LT(w.next_time(), 2.0);
    last = w.next_time();
    w.take_next();
    ++count;
  }
  // 4 devices x 10/s x 2 s: 80 expected; a Poisson count that far off would be a bug.
  EXPECT_GT(count, 40);
  EXPECT_LT(count, 130);
  std::set<int> rows;
  for (std::uint64_t id = 0; id < 50; ++id) rows.insert(w.trace_row(id));
  EXPECT_EQ(rows.size(), 50u);
}

TEST(Workload, TheSameSeedGivesTheSameStreams) {
  WorkloadSpec spec;
  spec.samples_per_device = 20;
  spec.order = SampleOrder::replacement;
  Workload a(spec, 11, 3, 100), b(spec, 11, 3, 100), c(spec, 12, 3, 100);
  bool differs = false;
  for (std::uint64_t id = 0; !a.done(); ++id) {
    ASSERT_FALSE(b.done());
    EXPECT_EQ(a.next_time(), b.next_time());
    differs = differs || a.next_time() != c.next_time();
    EXPECT_EQ(a.take_next(), b.take_next());
    c.take_next();
    EXPECT_EQ(a.trace_row(id), b.trace_row(id));
  }
  EXPECT_TRUE(b.done());
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace hybridfog

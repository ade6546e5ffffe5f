// engine/: MobilityTracker, without SimGrid: association, handover and rate-level times against closed forms.
#include "engine/mobility.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hybridfog {
namespace {

// Two sites on the x axis, 100 m apart, coverage 60 m; levels up to 20 m, 40 m, 60 m.
WifiSpec two_sites() {
  WifiSpec wifi;
  wifi.rates = {{20, 6.75e6}, {40, 3e6}, {60, 0.75e6}};
  wifi.sites = {{0, 0, 60}, {100, 0, 60}};
  return wifi;
}

MobilitySpec walking(double speed_m_per_s, double start_x, double end_x) {
  MobilitySpec spec;
  DeviceMobility walker;
  walker.model = DeviceMobility::Model::trace;
  const double duration = std::fabs(end_x - start_x) / speed_m_per_s;
  walker.trace = {{0, start_x, 0}, {duration, end_x, 0}};
  spec.devices = {walker};
  return spec;
}

TEST(MobilityTracker, StraightLineCrossingHandsOverAtTheBisectorAndLevelsChangeAtTheirDistances) {
  const WifiSpec wifi = two_sites();
  const double v = 1.5;  // m/s, from x = 0 to x = 100
  const MobilitySpec spec = walking(v, 0, 100);
  MobilityTracker tracker(wifi, spec, {0}, 1);
  EXPECT_EQ(tracker.site(0), 0);
  EXPECT_EQ(tracker.level(0), 0);
  // Closed form: level 1 from 20 m (t = 20/v), level 2 from 40 m, handover at the bisector x = 50 m (at
  // level 2 of site 1, 50 m away), then levels 1 and 0 of site 1 at 40 m and 20 m from it (x = 60, 80).
  struct Expected { double t; int site, level; };
  const std::vector<Expected> expected = {
      {20 / v, 0, 1}, {40 / v, 0, 2}, {50 / v, 1, 2}, {60 / v, 1, 1}, {80 / v, 1, 0}};
  std::vector<MobilityTracker::Change> changes;
  while (tracker.next_time() < MobilityTracker::kNever) {
    const auto c = tracker.advance();
    if (c.old_site != c.new_site || c.old_level != c.new_level) changes.push_back(c);
  }
  ASSERT_EQ(changes.size(), expected.size());
  for (size_t k = 0; k < expected.size(); ++k) {
    EXPECT_NEAR(changes[k].time_s, expected[k].t, 1e-9) << k;
    EXPECT_EQ(changes[k].new_site, expected[k].site) << k;
    EXPECT_EQ(changes[k].new_level, expected[k].level) << k;
  }
  EXPECT_EQ(changes[2].old_site, 0);
}

TEST(MobilityTracker, LeavingCoverageAndComingBackHappenAtTheCircleCrossings) {
  WifiSpec wifi = two_sites();
  wifi.sites = {{0, 0, 30}, {100, 0, 30}};  // a 40 m gap without coverage between x = 30 and x = 70
  wifi.rates = {{30, 1e6}};
  const double v = 2;
  const MobilitySpec spec = walking(v, -10, 110);
  MobilityTracker tracker(wifi, spec, {0}, 1);
  std::vector<MobilityTracker::Change> changes;
  while (tracker.next_time() < MobilityTracker::kNever) {
    const auto c = tracker.advance();
    if (c.old_site != c.new_site) changes.push_back(c);
  }
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_NEAR(changes[0].time_s, 40 / v, 1e-9);  // x = 30
  EXPECT_EQ(changes[0].new_site, -1);
  EXPECT_EQ(changes[0].new_level, -1);
  EXPECT_NEAR(changes[1].time_s, 80 / v, 1e-9);  // x = 70
  EXPECT_EQ(changes[1].new_site, 1);
}

TEST(MobilityTracker, DiagonalPathCrossesACircleAtTheRootOfItsQuadratic) {
  WifiSpec wifi;
  wifi.rates = {{50, 1e6}};
  wifi.sites = {{0, 0, 50}};
  // From (-40, 30) (50 m away: on the circle) to (60, 30) at 5 m/s: inside until x = 40 (t = 80/5 = 16 s).
  MobilitySpec spec;
  DeviceMobility walker;
  walker.model = DeviceMobility::Model::trace;
  walker.trace = {{0, -40, 30}, {20, 60, 30}};
  spec.devices = {walker};
  MobilityTracker tracker(wifi, spec, {0}, 1);
  EXPECT_EQ(tracker.site(0), 0);
  const auto c = tracker.advance();
  EXPECT_NEAR(c.time_s, 16, 1e-9);
  EXPECT_EQ(c.new_site, -1);
}

TEST(MobilityTracker, StaticDevicesCostNothing) {
  const WifiSpec wifi = two_sites();
  MobilitySpec spec;
  spec.devices.resize(3);  // home
  spec.devices[2].model = DeviceMobility::Model::fixed;
  spec.devices[2].x_m = 200;  // out of every site's coverage
  MobilityTracker tracker(wifi, spec, {0, 1, 0}, 1);
  EXPECT_EQ(tracker.next_time(), MobilityTracker::kNever);
  EXPECT_EQ(tracker.site(0), 0);
  EXPECT_EQ(tracker.site(1), 1);
  EXPECT_EQ(tracker.site(2), -1);
  EXPECT_EQ(tracker.reachable_sites(0), std::vector<int>{0});
  EXPECT_TRUE(tracker.reachable_sites(2).empty());
}

TEST(MobilityTracker, RandomWaypointIsDeterministicStaysInItsAreaAndPauses) {
  const WifiSpec wifi = two_sites();
  MobilitySpec spec;
  RandomWaypointSpec w;
  w.x_min_m = -20;
  w.x_max_m = 120;
  w.y_min_m = -10;
  w.y_max_m = 10;
  w.speed_min_m_per_s = 1;
  w.speed_max_m_per_s = 2;
  w.pause_s = 3;
  spec.random_waypoints = {w};
  DeviceMobility walker;
  walker.model = DeviceMobility::Model::random_waypoint;
  walker.random_waypoint = 0;
  spec.devices = {walker, walker};
  const auto run = [&](std::uint64_t seed) {
    MobilityTracker tracker(wifi, spec, {0, 0}, seed);
    std::vector<std::tuple<double, int, int, int>> out;
    for (int k = 0; k < 200; ++k) {
      const auto c = tracker.advance();
      out.emplace_back(c.time_s, c.device, c.new_site, c.new_level);
      const auto [x, y] = tracker.position(c.device, c.time_s);
      EXPECT_GE(x, -20 - 1e-9);
      EXPECT_LE(x, 120 + 1e-9);
      EXPECT_GE(y, -10 - 1e-9);
      EXPECT_LE(y, 10 + 1e-9);
    }
    return out;
  };
  const auto a = run(7), b = run(7), c = run(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Events come in time order, and the two devices follow different paths.
  for (size_t k = 1; k < a.size(); ++k) EXPECT_GE(std::get<0>(a[k]), std::get<0>(a[k - 1]));
  EXPECT_EQ((MobilityTracker(wifi, spec, {0, 0}, 7).reachable_sites(0)), (std::vector<int>{0, 1}));
}

}  // namespace
}  // namespace hybridfog

#include "policy/estimators.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hybridfog {
namespace {

TEST(Ewma, FirstObservationThenWeightTwoOverWindowPlusOne) {
  Ewma e(3);  // alpha = 2 / 4 = 0.5
  EXPECT_EQ(e.count(), 0u);
  EXPECT_EQ(e.value(), 0.0);
  e.add(10, 1.0);
  EXPECT_DOUBLE_EQ(e.value(), 10);
  e.add(2, 2.0);
  EXPECT_DOUBLE_EQ(e.value(), 6);  // 10 + 0.5 (2 - 10)
  e.add(2, 3.5);
  EXPECT_DOUBLE_EQ(e.value(), 4);
  EXPECT_EQ(e.count(), 3u);
  EXPECT_DOUBLE_EQ(e.last_s(), 3.5);
  EXPECT_DOUBLE_EQ(Ewma(8).alpha(), 2.0 / 9.0);
}

TEST(Ewma, AfterAStepTheEstimateApproachesTheNewValueGeometrically) {
  Ewma e(8);
  for (int i = 0; i < 50; ++i) e.add(100, i);
  const double alpha = 2.0 / 9.0;
  for (int k = 1; k <= 10; ++k) {
    e.add(10, 50 + k);
    EXPECT_NEAR(e.value(), 10 + 90 * std::pow(1 - alpha, k), 1e-9) << k;
  }
}

TEST(AdvertisedValue, ReadersSeeTheValueAtTheLastAdvertisement) {
  AdvertisedValue q(1.0);
  int value = -1;
  double at = -1;
  EXPECT_FALSE(q.read(0.5, &value, &at));  // nothing advertised before t = 1 s
  q.changing(0.2);
  q.set(3);
  EXPECT_FALSE(q.read(0.9, &value, &at));
  ASSERT_TRUE(q.read(1.0, &value, &at));  // advertised at 1 s: 3
  EXPECT_EQ(value, 3);
  EXPECT_DOUBLE_EQ(at, 1.0);
  q.changing(1.3);
  q.set(5);
  q.changing(1.7);
  q.set(7);
  ASSERT_TRUE(q.read(1.8, &value, &at));  // still the advertisement of 1 s
  EXPECT_EQ(value, 3);
  EXPECT_DOUBLE_EQ(at, 1.0);
  ASSERT_TRUE(q.read(2.5, &value, &at));  // at 2 s the value was 7
  EXPECT_EQ(value, 7);
  EXPECT_DOUBLE_EQ(at, 2.0);
  q.changing(4.2);  // 7 through 2, 3 and 4 s
  q.set(0);
  ASSERT_TRUE(q.read(4.9, &value, &at));
  EXPECT_EQ(value, 7);
  EXPECT_DOUBLE_EQ(at, 4.0);
  q.changing(5.0);  // a change exactly at an advertisement comes after it
  q.set(9);
  ASSERT_TRUE(q.read(5.0, &value, &at));
  EXPECT_EQ(value, 0);
  EXPECT_DOUBLE_EQ(at, 5.0);
  ASSERT_TRUE(q.read(6.0, &value, &at));
  EXPECT_EQ(value, 9);
}

TEST(PiController, ProportionalAndIntegralOnTheRelativeError) {
  // initial 1, kp 0.5, ki 0.25, range [0, 3], direction +1.
  PiController pi(1.0, 0.5, 0.25, 0.0, 3.0, 1.0);
  EXPECT_DOUBLE_EQ(pi.output(), 1.0);
  // measured 150 for target 100: e = 0.5; I = 0.5 x 2 s = 1; u = 1 + 0.5 x 0.5 + 0.25 x 1 = 1.5
  EXPECT_DOUBLE_EQ(pi.step(150, 100, 2.0), 1.5);
  // e = -0.2 over 1 s: I = 0.8; u = 1 - 0.1 + 0.2 = 1.1
  EXPECT_DOUBLE_EQ(pi.step(80, 100, 1.0), 1.1);
  // direction -1 mirrors the move (confidence thresholds: more exits = lower threshold)
  PiController mirrored(0.5, 0.5, 0.25, 0.0, 1.0, -1.0);
  EXPECT_DOUBLE_EQ(mirrored.step(150, 100, 2.0), 0.0);  // 0.5 - 0.5 = 0, clamped at 0
}

TEST(PiController, ClampsAndDoesNotWindUp) {
  PiController pi(1.0, 0.0, 1.0, 0.0, 2.0, 1.0);
  for (int i = 0; i < 10; ++i) pi.step(300, 100, 1.0);  // e = 2 each second: saturated at 2
  EXPECT_DOUBLE_EQ(pi.output(), 2.0);
  EXPECT_DOUBLE_EQ(pi.integral(), 1.0);  // 20 without the clamp; ki I alone stays within [0 - 1, 2 - 1]
  // Back under target: the output leaves the clamp at once instead of unwinding a huge integral.
  EXPECT_DOUBLE_EQ(pi.step(50, 100, 1.0), 1.5);  // I = 1 - 0.5: u = 1 + 0.5
}

}  // namespace
}  // namespace hybridfog

// RadioMeter in closed form: events are fed by hand, energies are computed here from the state diagram.
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/radio_meter.hpp"

namespace hybridfog {
namespace {

constexpr double kTx = 1.5, kRx = 1.0, kIdle = 0.5, kTailPower = 1.2, kTail = 2.0;  // W, W, W, W, s

RadioPowers powers(double tail_s = kTail) { return {kTx, kRx, kIdle, tail_s, kTailPower}; }

// The power a battery drains (docs/formats.md, "Batteries"): the state's, and until when it holds.
TEST(RadioMeter, PowerIsTheStatesUntilTheTailEnds) {
  RadioMeter meter(powers(), 1);
  const auto idle = meter.power(0, 0.5);
  EXPECT_EQ(idle.power_w, kIdle);
  EXPECT_TRUE(std::isinf(idle.until_s));
  RadioMeter::TailCharge cut;
  const double up = meter.begin(0, true, 1.0, &cut);
  EXPECT_EQ(meter.power(0, 1.0).power_w, kTx);
  const double down = meter.begin(0, false, 1.1, &cut);
  EXPECT_EQ(meter.power(0, 1.1).power_w, kTx);  // an upload in flight: transmit
  meter.end(0, true, up, 1.2, 1);
  EXPECT_EQ(meter.power(0, 1.2).power_w, kRx);  // only a download: receive
  meter.end(0, false, down, 1.5, 2);
  const auto tail = meter.power(0, 2.0);  // 0.5 s into the 2 s tail
  EXPECT_EQ(tail.power_w, kTailPower);
  EXPECT_DOUBLE_EQ(tail.until_s, 1.5 + kTail);
  EXPECT_EQ(tail.after_w, kIdle);
  EXPECT_EQ(meter.power(0, 1.5 + kTail).power_w, kIdle);  // the tail is over
  // The device stops 0.25 s into the tail: the tail ends there, charged up to then, and no more is drawn.
  const RadioMeter::TailCharge stop = meter.cut_tail(0, 1.75);
  EXPECT_EQ(stop.owner, 2);
  EXPECT_DOUBLE_EQ(stop.energy_j, (kTailPower - kIdle) * 0.25);
  EXPECT_EQ(meter.tail_owner(0), -1);
  EXPECT_EQ(meter.power(0, 1.8).power_w, kIdle);
}

TEST(RadioMeter, OneTransferPaysItsActiveTimeAndAFullTail) {
  RadioMeter meter(powers(), 1);
  RadioMeter::TailCharge cut;
  const double token = meter.begin(0, true, 1.0, &cut);
  EXPECT_EQ(cut.owner, -1);
  EXPECT_DOUBLE_EQ(meter.end(0, true, token, 1.25, 7), (kTx - kIdle) * 0.25);
  EXPECT_EQ(meter.tail_owner(0), 7);
  const auto tails = meter.close_tails();
  ASSERT_EQ(tails.size(), 1u);
  EXPECT_EQ(tails[0].owner, 7);
  EXPECT_DOUBLE_EQ(tails[0].energy_j, (kTailPower - kIdle) * kTail);
  EXPECT_DOUBLE_EQ(meter.device_energy_above_idle_j(0), (kTx - kIdle) * 0.25 + (kTailPower - kIdle) * kTail);
  EXPECT_EQ(meter.tail_owner(0), -1);
}

// The run ends (at 1.75 s) half a second into a 2 s tail: the tail is counted in full, its 1.5 s past the end
// too at tail power minus idle power, while idle counts only up to the end of the run (docs/formats.md, "Radio").
TEST(RadioMeter, ATailPastTheEndOfTheRunCountsAsTailMinusIdle) {
  RadioMeter meter(powers(), 1);
  RadioMeter::TailCharge cut;
  const double token = meter.begin(0, true, 1.0, &cut);
  meter.end(0, true, token, 1.25, 3);
  const double run_end_s = 1.75;
  const auto tails = meter.close_tails();
  ASSERT_EQ(tails.size(), 1u);
  EXPECT_DOUBLE_EQ(tails[0].energy_j, (kTailPower - kIdle) * 0.5 + (kTailPower - kIdle) * 1.5);
  const double device_total = meter.idle_energy_j(run_end_s) + meter.device_energy_above_idle_j(0);
  EXPECT_DOUBLE_EQ(device_total, kIdle * 1.75 + (kTx - kIdle) * 0.25 + (kTailPower - kIdle) * 2.0);
  // Not the full tail power over its part past the end: less by idle power x 1.5 s.
  EXPECT_DOUBLE_EQ(kIdle * 1.75 + (kTx - kIdle) * 0.25 + (kTailPower - kIdle) * 0.5 + kTailPower * 1.5 - device_total,
                   kIdle * 1.5);
}

TEST(RadioMeter, TwoTransfersInsideOneTail) {
  // Upload [0, 1], download [1.5, 2]: the second starts 0.5 s into the first one's 2 s tail.
  RadioMeter meter(powers(), 1);
  RadioMeter::TailCharge cut;
  const double up = meter.begin(0, true, 0.0, &cut);
  EXPECT_DOUBLE_EQ(meter.end(0, true, up, 1.0, 1), (kTx - kIdle) * 1.0);
  const double down = meter.begin(0, false, 1.5, &cut);
  EXPECT_EQ(cut.owner, 1);
  EXPECT_DOUBLE_EQ(cut.energy_j, (kTailPower - kIdle) * 0.5);  // the tail, cut after 0.5 s
  EXPECT_DOUBLE_EQ(meter.end(0, false, down, 2.0, 2), (kRx - kIdle) * 0.5);
  const auto tails = meter.close_tails();
  ASSERT_EQ(tails.size(), 1u);
  EXPECT_EQ(tails[0].owner, 2);
  EXPECT_DOUBLE_EQ(tails[0].energy_j, (kTailPower - kIdle) * kTail);
  EXPECT_DOUBLE_EQ(meter.device_energy_above_idle_j(0),
                   (kTx - kIdle) * 1.0 + (kTailPower - kIdle) * 0.5 + (kRx - kIdle) * 0.5 + (kTailPower - kIdle) * kTail);
}

TEST(RadioMeter, TwoTransfersFurtherApartThanTheTail) {
  // Download [0, 0.5], upload [10, 11]: the first tail ends on its own after 2 s.
  RadioMeter meter(powers(), 1);
  RadioMeter::TailCharge cut;
  const double first = meter.begin(0, false, 0.0, &cut);
  meter.end(0, false, first, 0.5, 1);
  const double second = meter.begin(0, true, 10.0, &cut);
  EXPECT_EQ(cut.owner, 1);
  EXPECT_DOUBLE_EQ(cut.energy_j, (kTailPower - kIdle) * kTail);  // capped at the tail length
  meter.end(0, true, second, 11.0, 2);
  meter.close_tails();
  EXPECT_DOUBLE_EQ(meter.device_energy_above_idle_j(0),
                   (kRx - kIdle) * 0.5 + (kTx - kIdle) * 1.0 + 2 * (kTailPower - kIdle) * kTail);
}

TEST(RadioMeter, ConcurrentTransfersShareTheStatePowerAndTransmitWins) {
  // Upload A [0, 2], download B [1, 3]: [0,1] A alone (tx), [1,2] both (tx: an upload is in flight,
  // shared by two), [2,3] B alone (rx). No tail.
  RadioMeter meter(powers(0.0), 2);
  RadioMeter::TailCharge cut;
  const double a = meter.begin(1, true, 0.0, &cut);
  const double b = meter.begin(1, false, 1.0, &cut);
  const double share_a = meter.end(1, true, a, 2.0, 1);
  const double share_b = meter.end(1, false, b, 3.0, 2);
  EXPECT_DOUBLE_EQ(share_a, (kTx - kIdle) * 1.0 + (kTx - kIdle) * 1.0 / 2);
  EXPECT_DOUBLE_EQ(share_b, (kTx - kIdle) * 1.0 / 2 + (kRx - kIdle) * 1.0);
  EXPECT_DOUBLE_EQ(share_a + share_b, meter.device_energy_above_idle_j(1));
  EXPECT_EQ(meter.tail_owner(1), -1);  // no tail configured
  EXPECT_TRUE(meter.close_tails().empty());
  EXPECT_EQ(meter.device_energy_above_idle_j(0), 0.0);  // the other device never transferred
  EXPECT_DOUBLE_EQ(meter.idle_energy_j(10.0), kIdle * 10.0);
}

TEST(RadioMeter, RenamedOwnerKeepsItsTail) {
  RadioMeter meter(powers(), 1);
  const double t = meter.begin(0, true, 0.0, nullptr);
  meter.end(0, true, t, 1.0, 3);
  meter.rename_owner(0, 4, -2);  // not the owner: nothing changes
  EXPECT_EQ(meter.tail_owner(0), 3);
  meter.rename_owner(0, 3, -2);
  EXPECT_EQ(meter.tail_owner(0), -2);
  RadioMeter::TailCharge cut;
  meter.begin(0, true, 1.5, &cut);
  EXPECT_EQ(cut.owner, -2);
  EXPECT_DOUBLE_EQ(cut.energy_j, (kTailPower - kIdle) * 0.5);
}

}  // namespace
}  // namespace hybridfog

// cost/tcp_model: slow-start rounds, the bytes they carry, the window left, the pipe, and a message's delay,
// on numbers worked out by hand in the comments (MSS 1460 B, initial window 10 segments).
#include "cost/tcp_model.hpp"

#include <gtest/gtest.h>

namespace hybridfog::cost {
namespace {

constexpr double kMss = 1460, kBigPipe = 1e12;

TEST(TcpModel, SegmentsRoundUp) {
  EXPECT_EQ(segments(0, kMss), 0.0);
  EXPECT_EQ(segments(1, kMss), 1.0);
  EXPECT_EQ(segments(1460, kMss), 1.0);
  EXPECT_EQ(segments(1461, kMss), 2.0);
  EXPECT_EQ(segments(146000, kMss), 100.0);
}

TEST(TcpModel, AMessageThatFitsTheInitialWindowNeedsNoRound) {
  for (double n : {1.0, 10.0}) {
    const SlowStart s = slow_start(n * kMss, kMss, 10, kBigPipe);
    EXPECT_EQ(s.rounds, 0) << n;
    EXPECT_EQ(s.bytes_in_rounds, 0.0) << n;
  }
  EXPECT_EQ(slow_start(0, kMss, 10, kBigPipe).rounds, 0);
}

TEST(TcpModel, RoundsDoubleTheWindowUntilTheRestFits) {
  // 11 segments: round 1 sends 10, the window is 20 >= the 1 left.
  SlowStart s = slow_start(11 * kMss, kMss, 10, kBigPipe);
  EXPECT_EQ(s.rounds, 1);
  EXPECT_EQ(s.bytes_in_rounds, 10 * kMss);
  // A partial eleventh segment counts as one.
  EXPECT_EQ(slow_start(10 * kMss + 1, kMss, 10, kBigPipe).rounds, 1);
  // 100 segments: rounds send 10, 20, 40 (70 in all); the window is then 80 >= the 30 left.
  s = slow_start(100 * kMss, kMss, 10, kBigPipe);
  EXPECT_EQ(s.rounds, 3);
  EXPECT_EQ(s.bytes_in_rounds, 70 * kMss);
  // A step down: 70 segments need only two rounds (10 + 20 sent, window 40 >= 40 left).
  s = slow_start(70 * kMss, kMss, 10, kBigPipe);
  EXPECT_EQ(s.rounds, 2);
  EXPECT_EQ(s.bytes_in_rounds, 30 * kMss);
  // A wider starting window (a persistent connection's) needs fewer rounds: 100 segments from 21 send 21
  // (window 42 < the 79 left), then 42 (window 84 >= the 37 left).
  s = slow_start(100 * kMss, kMss, 21, kBigPipe);
  EXPECT_EQ(s.rounds, 2);
  EXPECT_EQ(s.bytes_in_rounds, 63 * kMss);
}

TEST(TcpModel, RoundsStopWhenTheWindowFillsThePipe) {
  // Pipe of 30 segments: windows 10 and 20 are below it (two rounds, 30 sent); 40 fills it.
  SlowStart s = slow_start(100 * kMss, kMss, 10, 30 * kMss);
  EXPECT_EQ(s.rounds, 2);
  EXPECT_EQ(s.bytes_in_rounds, 30 * kMss);
  // A pipe no wider than the initial window: no round at all.
  s = slow_start(100 * kMss, kMss, 10, 10 * kMss);
  EXPECT_EQ(s.rounds, 0);
  // No pipe (a route without latency): no round.
  EXPECT_EQ(slow_start(100 * kMss, kMss, 10, 0).rounds, 0);
}

TEST(TcpModel, TheWindowGrowsBySegmentsAcknowledgedUpToItsCap) {
  EXPECT_EQ(window_after(11 * kMss, kMss, 10, 1000), 21.0);
  EXPECT_EQ(window_after(64, kMss, 10, 1000), 11.0);
  EXPECT_EQ(window_after(100 * kMss, kMss, 10, 50), 50.0);  // capped by tcp_window / mss
  EXPECT_EQ(window_after(0, kMss, 10, 1000), 10.0);
}

TEST(TcpModel, PipeIsBandwidthTimesRttCappedByTheWindow) {
  EXPECT_DOUBLE_EQ(pipe_bytes(0.1, 1e6, 4194304), 1e5);
  EXPECT_DOUBLE_EQ(pipe_bytes(0.1, 1e9, 4194304), 4194304);  // the window binds
  EXPECT_EQ(pipe_bytes(0, 1e6, 4194304), 0.0);
}

TEST(TcpModel, MessageStartAddsHandshakeAndRounds) {
  const double rtt = 0.062;
  // 11 segments with a handshake: one RTT of handshake, one round; the flow carries the 11th segment.
  MessageStart m = message_start(11 * kMss, true, rtt, kMss, 10, kBigPipe);
  EXPECT_EQ(m.rounds, 1);
  EXPECT_DOUBLE_EQ(m.delay_s, 2 * rtt);
  EXPECT_DOUBLE_EQ(m.rest_bytes, kMss);
  // Without the handshake (an open connection): the round only.
  m = message_start(11 * kMss, false, rtt, kMss, 10, kBigPipe);
  EXPECT_DOUBLE_EQ(m.delay_s, rtt);
  // One segment on an open connection: nothing before the flow, which carries everything.
  m = message_start(784, false, rtt, kMss, 10, kBigPipe);
  EXPECT_EQ(m.delay_s, 0.0);
  EXPECT_EQ(m.rest_bytes, 784.0);
}

TEST(TcpModel, RetransmissionTimeoutIsRttPlusTheLinuxFloor) {
  EXPECT_DOUBLE_EQ(retransmission_timeout_s(0.062), 0.262);
  EXPECT_DOUBLE_EQ(retransmission_timeout_s(0), 0.2);
}

}  // namespace
}  // namespace hybridfog::cost

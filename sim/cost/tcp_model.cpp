#include "cost/tcp_model.hpp"

#include <algorithm>
#include <cmath>

namespace hybridfog::cost {

double segments(double bytes, double mss_bytes) { return bytes > 0 ? std::ceil(bytes / mss_bytes) : 0.0; }

SlowStart slow_start(double bytes, double mss_bytes, double window_segments, double pipe_bytes) {
  const double n = segments(bytes, mss_bytes);
  SlowStart out;
  double sent = 0, window = window_segments;
  // The window doubles every round and the pipe is at most the 1 TiB window cap: at most ~41 rounds.
  while (n - sent > window && window * mss_bytes < pipe_bytes) {
    sent += window;
    window += window;
    ++out.rounds;
  }
  out.bytes_in_rounds = sent * mss_bytes;
  return out;
}

double window_after(double bytes, double mss_bytes, double window_segments, double max_window_segments) {
  return std::min(window_segments + segments(bytes, mss_bytes), std::max(window_segments, max_window_segments));
}

double pipe_bytes(double rtt_s, double bandwidth_bytes_per_s, double tcp_window_bytes) {
  if (rtt_s <= 0) return 0;
  return std::min(bandwidth_bytes_per_s * rtt_s, tcp_window_bytes);
}

MessageStart message_start(double bytes, bool handshake, double rtt_s, double mss_bytes, double window_segments,
                           double pipe) {
  const SlowStart s = slow_start(bytes, mss_bytes, window_segments, pipe);
  MessageStart out;
  out.rounds = s.rounds;
  out.delay_s = (handshake ? rtt_s : 0.0) + s.rounds * rtt_s;
  out.rest_bytes = bytes - s.bytes_in_rounds;
  return out;
}

}  // namespace hybridfog::cost

#pragma once
// Room cost/ (docs/architecture.md). The explicit TCP connection model of `network.tcp` (docs/formats.md,
// "TCP connections"), in closed form: how long a message waits for its connection's handshake and
// slow-start rounds before the rest of it goes as one flow at its max-min share, and the window its
// connection is left with. Pure arithmetic: the engine (engine/tcp_connections.hpp) keeps the
// per-connection state and asks here. Never: SimGrid.
#include <cstdint>

namespace hybridfog::cost {

// `network.tcp.connections`. persistent: one connection per (sender, receiver) pair, opened by the first
// message between them (one handshake), kept for the whole run; its congestion window carries over from
// message to message. per_request: every message opens a connection of its own (one handshake, the window
// starts at the initial window).
enum class TcpConnections : std::uint8_t { persistent, per_request };

struct TcpSpec {
  TcpConnections connections = TcpConnections::persistent;
  double initial_window_segments = 10;  // RFC 6928
  double mss_bytes = 1460;              // Ethernet's 1500 B MTU less 40 B of IPv4 and TCP headers
  // Linux's net.ipv4.tcp_slow_start_after_idle: a persistent connection idle for longer than its
  // retransmission timeout starts again from the initial window (RFC 5681 §4.1).
  bool slow_start_after_idle = true;
};

// Linux's lower bound of the retransmission timeout (TCP_RTO_MIN).
inline constexpr double kMinRtoS = 0.2;
// The retransmission timeout of a connection whose round-trip time is steady at `rtt_s`: Linux's
// srtt + rttvar, with rttvar at its floor TCP_RTO_MIN once the RTT no longer varies.
inline double retransmission_timeout_s(double rtt_s) { return rtt_s + kMinRtoS; }

// Segments of a message of `bytes` (a partial segment counts as one; 0 bytes: 0 segments).
double segments(double bytes, double mss_bytes);

// Slow start of one message of `bytes` that starts with a window of `window_segments` on a route whose pipe
// (bandwidth-delay product) holds `pipe_bytes`. A round sends the window and waits one round-trip time for
// its acknowledgements; every acknowledged segment widens the window by one segment (so a round doubles
// it). Rounds go on while the message does not fit in the window and the window does not fill the pipe;
// then the rest goes as one flow.
struct SlowStart {
  int rounds = 0;             // round trips spent before the rest goes as one flow
  double bytes_in_rounds = 0;  // bytes carried during those rounds (< bytes whenever rounds > 0)
};
SlowStart slow_start(double bytes, double mss_bytes, double window_segments, double pipe_bytes);

// The window left after a message of `bytes` that started with `window_segments`: one more segment per
// segment acknowledged, never above `max_window_segments` (network.tcp_window / mss).
double window_after(double bytes, double mss_bytes, double window_segments, double max_window_segments);

// The bandwidth-delay product of a route of round-trip time `rtt_s` whose narrowest link carries
// `bandwidth_bytes_per_s`, with the flow capped at tcp_window / rtt (SimGrid's TCP-gamma).
double pipe_bytes(double rtt_s, double bandwidth_bytes_per_s, double tcp_window_bytes);

// What a message pays before its rest goes as one flow: `delay_s` = handshake (one RTT, when it opens its
// connection) + rounds x RTT; `rest_bytes` = bytes - bytes carried in the rounds. Its transfer time under
// the flow-level model is then delay_s + (route latency + rest_bytes / the flow's share).
struct MessageStart {
  double delay_s = 0;
  double rest_bytes = 0;
  int rounds = 0;
};
MessageStart message_start(double bytes, bool handshake, double rtt_s, double mss_bytes, double window_segments,
                           double pipe);

}  // namespace hybridfog::cost

#include "engine/tcp_connections.hpp"

#include <simgrid/s4u/Link.hpp>

#include <algorithm>
#include <limits>
#include <utility>

namespace hybridfog {

TcpConnections::TcpConnections(const cost::TcpSpec& spec, double tcp_window_bytes, const BuiltPlatform& platform)
    : spec_(spec), max_window_segments_(tcp_window_bytes / spec.mss_bytes), platform_(platform) {}

TcpConnections::Connection& TcpConnections::connection(int from, int to, Sender*& sender) {
  const auto low = static_cast<std::uint64_t>(std::min(from, to)), high = static_cast<std::uint64_t>(std::max(from, to));
  Connection& c = open_[(low << 32) | high];
  sender = &c.sender[from < to ? 0 : 1];
  return c;
}

TcpConnections::Start TcpConnections::begin(int from, int to, double bytes, double now, bool answer) {
  // The route as it is now (profiles change latencies and bandwidths): RTT = 2 x Σ latency, its narrowest link.
  double latency = 0, bandwidth = std::numeric_limits<double>::infinity();
  for (int link : platform_.route(from, to)) {
    latency += platform_.links[link].link->get_latency();
    bandwidth = std::min(bandwidth, platform_.links[link].link->get_bandwidth());
  }
  const double rtt = 2 * latency;
  const double pipe = cost::pipe_bytes(rtt, bandwidth, max_window_segments_ * spec_.mss_bytes);
  if (spec_.connections == cost::TcpConnections::per_request) {
    const cost::MessageStart m =
        cost::message_start(bytes, !answer, rtt, spec_.mss_bytes, spec_.initial_window_segments, pipe);
    return {m.delay_s, m.rest_bytes};
  }
  Sender* sender = nullptr;
  Connection& c = connection(from, to, sender);
  const bool handshake = !answer && !c.sender[0].used && !c.sender[1].used;
  if (!sender->used) {
    sender->window_segments = spec_.initial_window_segments;
  } else if (spec_.slow_start_after_idle && sender->in_flight == 0 &&
             now - sender->last_end_s > cost::retransmission_timeout_s(rtt)) {
    sender->window_segments = spec_.initial_window_segments;  // idle past the RTO: slow start again
  }
  const cost::MessageStart m =
      cost::message_start(bytes, handshake, rtt, spec_.mss_bytes, sender->window_segments, pipe);
  sender->window_segments = cost::window_after(bytes, spec_.mss_bytes, sender->window_segments, max_window_segments_);
  sender->used = true;
  ++sender->in_flight;
  return {m.delay_s, m.rest_bytes};
}

void TcpConnections::end(int from, int to, double now) {
  if (spec_.connections == cost::TcpConnections::per_request) return;
  Sender* sender = nullptr;
  connection(from, to, sender);
  --sender->in_flight;
  sender->last_end_s = std::max(sender->last_end_s, now);
}

}  // namespace hybridfog

#pragma once
// Room engine/ (docs/architecture.md). The TCP connections of `network.tcp` (docs/formats.md, "TCP
// connections"): which connections are open and the congestion window each sender holds on them, and, for
// every message, how long it waits for its handshake and slow-start rounds and how many bytes are left for
// its flow. The formulas are cost/tcp_model.hpp's; this file only keeps the state and reads the route.
#include <cstdint>
#include <unordered_map>

#include "cost/tcp_model.hpp"
#include "platform/platform_builder.hpp"

namespace hybridfog {

class TcpConnections {
 public:
  // `tcp_window_bytes`: network.tcp_window (the window never grows past it).
  TcpConnections(const cost::TcpSpec& spec, double tcp_window_bytes, const BuiltPlatform& platform);

  struct Start {
    double delay_s = 0;  // handshake + slow-start rounds: the flow starts this much later
    double bytes = 0;    // what is left for the flow
  };
  // A message of `bytes` from host `from` to host `to` is sent from `now` on. `answer`: it is a sample's
  // answer, which goes back over an open connection (no handshake).
  Start begin(int from, int to, double bytes, double now, bool answer);
  // The message from `from` to `to` was delivered at `now`.
  void end(int from, int to, double now);

 private:
  struct Sender {  // one direction of a connection: the sender's window and activity
    double window_segments = 0;
    double last_end_s = 0;
    int in_flight = 0;
    bool used = false;
  };
  struct Connection {
    Sender sender[2];  // [0]: the lower-numbered host sends, [1]: the other one
  };
  Connection& connection(int from, int to, Sender*& sender);

  cost::TcpSpec spec_;
  double max_window_segments_;
  const BuiltPlatform& platform_;
  std::unordered_map<std::uint64_t, Connection> open_;  // persistent connections, by host pair
};

}  // namespace hybridfog

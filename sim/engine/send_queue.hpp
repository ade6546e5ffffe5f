#pragma once
// SendQueues: every host sends its outgoing tensors (cut tensors, raw inputs, answers) through a send
// queue that keeps at most `send_flows` transfers in flight at once (the host's tier setting, default 1);
// further transfers wait, first come first served, and start as earlier ones finish. This is what real
// senders do (one connection, one stream at a time), and it keeps an overloaded link from carrying
// thousands of concurrent flows: backlog waits in a queue, as plain data, not in SimGrid's network solver.
//
// Memory: 12 bytes per host plus 4 bytes per sample slot (the queues are linked lists threaded through
// the sample pool's ids), so a million devices cost 12 MB here, whatever the backlog.
// Plain bookkeeping; the simulation starts the SimGrid communications.
#include <cstdint>
#include <optional>
#include <vector>

namespace hybridfog {

class SendQueues {
 public:
  // limits[h]: transfers host h keeps in flight at once; 0 = unlimited.
  explicit SendQueues(const std::vector<int>& limits);

  // Sample `sample` (an id of the sample pool, >= 0) wants to send from `host`. Returns true when it may
  // start now (it takes a flow); false when it waits in the host's queue: finish() hands it back when its
  // turn comes. REQUIRES: `sample` is not already waiting.
  bool request(int host, int sample);

  // A transfer from `host` finished. Returns the sample whose transfer starts now in its place (it takes
  // the freed flow), or nothing when no sample waits there.
  std::optional<int> finish(int host);

  // Sample `sample` waiting at `host` leaves the queue without sending (its transfer was lost to a failure).
  // Returns false when it was not waiting there. O(queue length).
  bool remove(int host, int sample);
  // A transfer in flight from `host` was lost with the host: its flow is freed, nothing starts in its place.
  void drop_in_flight(int host) { --hosts_[host].in_flight; }

  // Transfers in flight from / waiting at `host`.
  int in_flight(int host) const { return hosts_[host].in_flight; }
  int waiting(int host) const { return hosts_[host].waiting; }

 private:
  struct HostQueue {
    std::int32_t in_flight = 0;
    std::int32_t waiting = 0;
    std::int32_t head = -1, tail = -1;  // sample ids; linked through next_
  };
  std::vector<int> limits_;
  std::vector<HostQueue> hosts_;
  std::vector<std::int32_t> next_;  // next_[sample]: the sample behind it in its host's queue, or -1
};

}  // namespace hybridfog

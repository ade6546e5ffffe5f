#include "engine/send_queue.hpp"

namespace hybridfog {

SendQueues::SendQueues(const std::vector<int>& limits) : limits_(limits), hosts_(limits.size()) {}

bool SendQueues::request(int host, int sample) {
  HostQueue& q = hosts_[host];
  if (limits_[host] == 0 || q.in_flight < limits_[host]) {
    ++q.in_flight;
    return true;
  }
  if (static_cast<size_t>(sample) >= next_.size()) next_.resize(static_cast<size_t>(sample) + 1, -1);
  next_[sample] = -1;
  if (q.tail >= 0)
    next_[q.tail] = sample;
  else
    q.head = sample;
  q.tail = sample;
  ++q.waiting;
  return false;
}

std::optional<int> SendQueues::finish(int host) {
  HostQueue& q = hosts_[host];
  if (q.head < 0) {
    --q.in_flight;
    return std::nullopt;
  }
  const int next = q.head;
  q.head = next_[next];
  if (q.head < 0) q.tail = -1;
  --q.waiting;
  return next;
}

bool SendQueues::remove(int host, int sample) {
  HostQueue& q = hosts_[host];
  int previous = -1;
  for (int at = q.head; at >= 0; previous = at, at = next_[at]) {
    if (at != sample) continue;
    if (previous < 0)
      q.head = next_[at];
    else
      next_[previous] = next_[at];
    if (q.tail == at) q.tail = previous;
    next_[at] = -1;
    --q.waiting;
    return true;
  }
  return false;
}

}  // namespace hybridfog

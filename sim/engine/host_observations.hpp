#pragma once
// HostObservations: what each host could know about the network, kept for policies that see it
// (ExitPolicy::context_needs, docs/policies.md "What a policy may see"): estimates from its own transfers
// and offloads, its running totals, and the queue each host advertises. Plain bookkeeping; the simulation
// feeds it from its completion callbacks and reads it into a PolicyContext. Built only when the policy
// asks for a context: static policies never pay for it.
#include <cstdint>
#include <vector>

#include "policy/estimators.hpp"
#include "policy/policy_context.hpp"

namespace hybridfog {

class HostObservations {
 public:
  HostObservations(int hosts, const ContextNeeds& needs);

  // A transfer `host` sent of `bytes`, from leaving its send queue at `start_s` to delivery at `now_s`.
  void transfer_done(int host, double bytes, double start_s, double now_s);
  // `host` decided at an exit head; it sent a sample onward to the partition's last tier with `bytes`.
  void decided(int host) { ++hosts_[host].decisions; }
  void sent_to_last_tier(int host, double bytes) {
    ++hosts_[host].last_tier_requests;
    hosts_[host].offloaded_bytes += bytes;
  }
  void energy(int host, double joules) { hosts_[host].energy_j += joules; }
  // The answer of a sample `host` sent onward came back: response (sent onward -> answer back), the part
  // beyond the upload that was neither compute nor queueing (rtt), and whether it missed its deadline.
  void offload_answered(int host, double response_s, double rtt_s, bool late, double now_s);
  // The queue of `host` (executions running or waiting) changes at `now_s` to `value`.
  void queue_changes(int host, double now_s, int value) {
    AdvertisedValue& q = queues_[host];
    q.changing(now_s);
    q.set(value);
  }
  bool keeps_queues() const { return !queues_.empty(); }
  // The host's part of a context at `now_s`; `next_host` < 0: the next stage runs on this host (no queue).
  void fill(PolicyContext& context, int host, int next_host, int next_host_cores, double now_s) const;

 private:
  struct Host {
    Ewma throughput, rtt, response;
    std::uint64_t decisions = 0, last_tier_requests = 0, answered = 0, late = 0;
    double offloaded_bytes = 0, energy_j = 0;
  };
  std::vector<Host> hosts_;
  std::vector<AdvertisedValue> queues_;  // empty unless the policy reads queues
};

}  // namespace hybridfog

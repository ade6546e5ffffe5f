#pragma once
// PolicyContext: what the host deciding at an exit head could know when it decides (docs/policies.md,
// "What a policy may see"). A plain value, filled by the engine only for policies that ask for it
// (ExitPolicy::context_needs); static policies never see one and cost nothing.
//
// No oracle state: every field is either the sample's own (age, deadline), the deciding host's own
// measurements (its transfers, its offloads), the model's cost (known before the run), or what the next
// tier advertised (with its staleness).
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace hybridfog {

struct PolicyContext {
  // --- time and the sample
  double now_s = 0;          // simulated time of the decision
  double age_s = 0;          // now - the sample's arrival
  // The sample's relative deadline (workload.deadline); +infinity when the workload sets none.
  double deadline_s = std::numeric_limits<double>::infinity();
  int deciding_host = 0;     // engine index of the host deciding (for the policy's per-host state)
  bool on_device = false;    // the deciding host is the sample's device

  // --- what going on would cost, from the model and platform specs (known before the run)
  double offload_bytes = 0;       // payload the next stage reads when it runs on another host (0: same host)
  double remaining_compute_s = 0; // seconds of every later stage on its tier's first host class (no exit taken)

  // --- the deciding host's estimates from its own recent transfers (EWMA, docs/policies.md)
  // Effective uplink throughput: EWMA over its own completed outgoing transfers of bytes / duration (from
  // leaving the send queue to delivery, latency included). 0 until the first transfer completed.
  double throughput_bytes_per_s = 0;
  std::uint64_t throughput_samples = 0;  // transfers measured so far
  double throughput_age_s = std::numeric_limits<double>::infinity();  // since the last measurement
  // Round trip beyond the upload: EWMA over its own offloads of (answer back on the device - upload delivered
  // - remote compute and queue time), i.e. the later hops and the answer. 0 until the first offload answered.
  double rtt_s = 0;
  std::uint64_t rtt_samples = 0;

  // --- the next tier's advertised queue (executions running or waiting on the host a continue would be
  // dispatched to), as advertised at the last multiple of the advertisement period
  bool queue_known = false;       // false: no advertisement yet, or the next stage runs on this host
  int advertised_queue = 0;
  int next_host_cores = 1;
  double queue_staleness_s = 0;   // now - time of that advertisement

  // --- outcome of its own recent offloads (samples it sent onward whose answer reached the device)
  std::uint64_t offloads_answered = 0;
  std::uint64_t offloads_late = 0;       // ... of which answered after their deadline
  double offload_response_s = 0;         // EWMA of (answer back - time it sent the sample onward)

  // --- running totals of the deciding host, for budget controllers
  std::uint64_t decisions = 0;            // exit-head decisions it made so far (before this one)
  double offloaded_bytes = 0;             // bytes it sent onward toward the partition's last tier so far
  std::uint64_t last_tier_requests = 0;   // samples it sent onward to the partition's last tier so far
  double energy_j = 0;                    // energy it caused so far: analytic compute + radio (devices)

  // --- the sample's device's battery (docs/formats.md, "Batteries"): charge / capacity now, in [0, 1]; 1 for a
  // wall-powered device (it never runs low). At a decision on the device it is the deciding host's own.
  double battery_fraction = 1;
};

// The fields of PolicyContext by name, in docs/policies.md's order, and their values in that order (booleans
// as 0/1, counts as numbers): what code outside C++ is given (a policy written in Python, the learning
// environment's observation). One list, so that a field added to the struct is added everywhere.
constexpr std::array<const char*, 24> kPolicyContextFields = {
    "now_s", "age_s", "deadline_s", "deciding_host", "on_device", "offload_bytes", "remaining_compute_s",
    "throughput_bytes_per_s", "throughput_samples", "throughput_age_s", "rtt_s", "rtt_samples", "queue_known",
    "advertised_queue", "next_host_cores", "queue_staleness_s", "offloads_answered", "offloads_late",
    "offload_response_s", "decisions", "offloaded_bytes", "last_tier_requests", "energy_j", "battery_fraction"};
inline std::vector<double> policy_context_values(const PolicyContext& c) {
  return {c.now_s, c.age_s, c.deadline_s, static_cast<double>(c.deciding_host), c.on_device ? 1.0 : 0.0,
          c.offload_bytes, c.remaining_compute_s, c.throughput_bytes_per_s, static_cast<double>(c.throughput_samples),
          c.throughput_age_s, c.rtt_s, static_cast<double>(c.rtt_samples), c.queue_known ? 1.0 : 0.0,
          static_cast<double>(c.advertised_queue), static_cast<double>(c.next_host_cores), c.queue_staleness_s,
          static_cast<double>(c.offloads_answered), static_cast<double>(c.offloads_late), c.offload_response_s,
          static_cast<double>(c.decisions), c.offloaded_bytes, static_cast<double>(c.last_tier_requests), c.energy_j,
          c.battery_fraction};
}

// What a policy reads beyond the trace row (ExitPolicy::context_needs). All false: decide() is called with
// no context at all.
struct ContextNeeds {
  bool context = false;  // fill a PolicyContext and call decide_in_context()
  bool queue = false;    // keep the advertised queues (costs a check at every queue change)
  bool deadline = false; // reads the deadline: the scenario must set workload.deadline
  // When an answer would come back after the deadline, the device answers at the deadline with the last
  // exit head it computed (docs/policies.md, "Late answers"); the late answer is discarded on arrival.
  bool fallback_at_deadline = false;
  int estimator_window = 8;         // EWMA window N (weight 2 / (N + 1)), Default: 8 transfers
  double advertise_period_s = 1.0;  // servers advertise their queue every period, Default: 1 s
};

// Per deciding host state of a stateful policy (a controller). Created by ExitPolicy::new_state, owned by the
// engine, passed back at every decision of that host. Decisions stay deterministic: a function of the
// parameters, the trace row, the context and this state, which only the policy changes.
struct PolicyState {
  virtual ~PolicyState() = default;
  // The threshold the policy used at its last decision (NaN when it has none): samples.csv's
  // policy_threshold column.
  double threshold = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace hybridfog

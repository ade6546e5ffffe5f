#pragma once
// Servers: the state of every host as a server (busy cores, FIFO of samples waiting for a core, samples
// assigned to it) and dispatch: which host of a tier a sample goes to. Plain bookkeeping; the
// simulation starts and ends the SimGrid executions.
#include <cstdint>
#include <deque>
#include <vector>

#include "platform/platform_builder.hpp"

namespace hybridfog {

// An execution is owned by one sample (owner >= 0: its id) or by a batch of samples (owner < 0: batch
// -1 - owner, see Batch).
struct ServerState {
  int busy_cores = 0;
  int outstanding = 0;  // samples assigned to this host and not gone yet (dispatch load)
  std::deque<int> fifo;  // owners waiting for a core (FIFO discipline)
  double busy_core_s = 0;
  double compute_energy_j = 0;
  std::uint64_t executions = 0;
  // DVFS (hosts whose class has several performance states).
  int pstate = 0;
  std::vector<int> running;          // owners executing now, for the accounting of a state change
};

// Samples of one stage computed together on one host (docs/formats.md, "Batching").
struct Batch {
  std::vector<int> samples;
  int host = -1;
  int stage = -1;
};

class Servers {
 public:
  explicit Servers(const BuiltPlatform& platform) : platform_(platform), state_(platform.hosts.size()) {}

  ServerState& operator[](int host) { return state_[host]; }
  const ServerState& operator[](int host) const { return state_[host]; }

  // The host of `tier` reachable from `site` with the fewest samples assigned per core; ties go to the
  // first (docs/formats.md). Hosts marked down are skipped; -1 when every candidate is down.
  int dispatch(int tier, int site) const;
  // Failures (docs/formats.md, "Failures and recovery"): a host that is down gets no new samples.
  void set_down(int host, bool down) {
    if (down_.empty()) down_.assign(state_.size(), false);
    down_[host] = down;
  }
  bool is_down(int host) const { return !down_.empty() && down_[host]; }
  // A sample is assigned to `host` (counts for dispatch) / leaves it (device hosts are not counted).
  void assign(int host) { ++state_[host].outstanding; }
  void leave(int host) {
    if (platform_.hosts[host].tier != 0) --state_[host].outstanding;
  }

 private:
  const BuiltPlatform& platform_;
  std::vector<ServerState> state_;
  std::vector<bool> down_;  // empty until a host fails
};

}  // namespace hybridfog

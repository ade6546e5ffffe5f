#pragma once
// Servers: the state of every host as a server (busy cores, FIFO of samples waiting for a core, samples
// assigned to it) and dispatch: which host of a tier a sample goes to. Plain bookkeeping; the
// simulation starts and ends the SimGrid executions.
#include <cstdint>
#include <deque>
#include <vector>

#include "platform/platform_builder.hpp"

namespace hybridfog {

struct ServerState {
  int busy_cores = 0;
  int outstanding = 0;  // samples assigned to this host and not gone yet (dispatch load)
  std::deque<int> fifo;  // samples waiting for a core (FIFO discipline)
  double busy_core_s = 0;
  double compute_energy_j = 0;
  std::uint64_t executions = 0;
};

class Servers {
 public:
  explicit Servers(const BuiltPlatform& platform) : platform_(platform), state_(platform.hosts.size()) {}

  ServerState& operator[](int host) { return state_[host]; }
  const ServerState& operator[](int host) const { return state_[host]; }

  // The host of `tier` reachable from `site` with the fewest samples assigned per core; ties go to the
  // first (docs/formats.md).
  int dispatch(int tier, int site) const;
  // A sample is assigned to `host` (counts for dispatch) / leaves it (device hosts are not counted).
  void assign(int host) { ++state_[host].outstanding; }
  void leave(int host) {
    if (platform_.hosts[host].tier != 0) --state_[host].outstanding;
  }

 private:
  const BuiltPlatform& platform_;
  std::vector<ServerState> state_;
};

}  // namespace hybridfog

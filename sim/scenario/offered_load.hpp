#pragma once
// Offered load against capacity, computed from the scenario alone (no simulation): the workload's
// arrival rate, the exit decisions the policy takes on every trace row (each row equally likely, as the
// workload replays them), the stage costs and the bytes of every hop. A resource whose utilisation is
// >= 1 cannot keep up: its queue grows for as long as arrivals go on (docs/formats.md, "Offered load").
//
// Links: per link of each class that shares its bandwidth (`fatpipe` links have no such limit), the
// payload bytes per second it is offered, both directions together, against its bandwidth. Servers:
// per host class, the busy cores it is offered against its cores, assuming dispatch spreads a tier's
// samples over its hosts in proportion to their cores.
#include <string>
#include <vector>

#include "scenario/scenario_spec.hpp"

namespace hybridfog {

struct OfferedLoad {
  enum class Kind { link, server };
  Kind kind = Kind::link;
  std::string name;       // link class ("uplink") or tier/host class ("edge/nuc")
  double offered = 0;     // link: payload bytes/s on one link; server: busy cores of one host
  double capacity = 0;    // link: bandwidth in bytes/s; server: cores of one host
  double utilization() const { return capacity > 0 ? offered / capacity : 0.0; }
};

// Every shared link class and every host class that the scenario's samples use, in platform order; none
// when the policy's decisions cannot be replayed outside the run (ExitPolicy::decides_offline).
std::vector<OfferedLoad> offered_loads(const ScenarioSpec& spec);

// "uplink: offered 290 kbps > capacity 250 kbps; queues will grow without bound" (or, for a server,
// "edge/nuc: offered 9.3 busy cores > capacity 8 cores; ..."). REQUIRES: load.utilization() >= 1.
std::string describe_overload(const OfferedLoad& load);

}  // namespace hybridfog

#pragma once
// Flows in flight follow their links' bandwidth, up as well as down.
//
// SimGrid 3.32's flow-level network model (CM02 and LV08, src/surf/network_cm02.cpp,
// comm_action_set_bounds) gives a flow, when it starts, a rate bound: the smallest bandwidth on its route
// (WiFi links aside), capped by the TCP window (gamma / 2 x route latency). A link whose bandwidth steps down
// later still binds the flow through the link's own constraint; one whose bandwidth steps up does not: the
// flow keeps the bound of the bandwidth it had when it started. `FlowBounds::refresh` recomputes that bound
// for flows in flight with the bandwidths and latencies in force now, exactly as SimGrid computes it at the
// start, so a transfer straddling a step up speeds up at the step (docs/formats.md, "Profiles").
#include <vector>

namespace simgrid::s4u {
class Comm;
class Link;
}  // namespace simgrid::s4u

namespace hybridfog {

class FlowBounds {
 public:
  // tcp_gamma_bytes: the TCP window of the run (SimGrid's network/TCP-gamma).
  explicit FlowBounds(double tcp_gamma_bytes) : tcp_gamma_bytes_(tcp_gamma_bytes) {}

  struct Flow {
    const simgrid::s4u::Comm* comm;               // started, not finished
    std::vector<const simgrid::s4u::Link*> route;  // every link it crosses (one copy of a fatpipe is enough)
  };
  // Sets each flow's rate bound to what SimGrid would give it if it started now. Call it when a link's
  // bandwidth changed (simgrid::s4u::Link::on_bandwidth_change), with the flows crossing that link.
  // Flows whose activity SimGrid has already finished at this instant are left alone.
  void refresh(const std::vector<Flow>& flows) const;

 private:
  double tcp_gamma_bytes_;
};

}  // namespace hybridfog

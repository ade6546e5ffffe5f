#pragma once
// LifecycleHooks: the steps of the sample lifecycle (engine/lifecycle.hpp) that a component may ask for when
// an event of its own (a handover, a host failure, a detection timeout) moves a sample on. Off the hot path:
// the lifecycle calls its own steps directly (Simulation is final).
#include "engine/ids.hpp"

namespace hybridfog {

class LifecycleHooks {
 public:
  // Sample `id` holds a sending flow of its host: its transfer goes on the network now.
  virtual void launch_transfer(SampleId id) = 0;
  // A transfer from `host` ended, or let its flow go, at `now`: the first transfer waiting in the host's send
  // queue takes the flow.
  virtual void next_in_send_queue(int host, double now) = 0;
  // The transfer in flight of `id` ends at `now` having carried `carried_bytes` (accounted once, by Transfers).
  virtual void end_transfer(SampleId id, double carried_bytes, double now) = 0;
  // `id` goes to its current stage from where it is, sending `bytes_in` when that stage is elsewhere.
  virtual void enter_stage(SampleId id, double bytes_in) = 0;
  // `id` is done: its record goes out and its slot is free.
  virtual void finish(SampleId id) = 0;
  // Nothing is left to arrive and no sample is in flight.
  virtual bool run_over() const = 0;

 protected:
  ~LifecycleHooks() = default;
};

}  // namespace hybridfog

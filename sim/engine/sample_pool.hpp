#pragma once
// SamplePool: the samples in flight, as plain data in reusable slots (no actor per sample).
//
// A slot holds a sample from its arrival to its record; then it is free for the next arrival. `Sample` is the
// state the lifecycle reads and writes; the state of the features (radio, failures, adaptive policies'
// observations, wireless access) is grouped at its end, to move into side tables indexed by the slot.
// The DVFS state of an execution lives in DvfsGovernor, a batch's in Batcher.
#include <simgrid/s4u/Activity.hpp>  // not forward.h: ActivityPtr's release must be the inline one

#include <cstdint>
#include <limits>
#include <vector>

#include "engine/ids.hpp"
#include "metrics/records.hpp"

namespace hybridfog {

// What the sample waits for.
enum class Pending : std::uint8_t { none, exec, forward, answer };

struct Sample {
  std::uint64_t id = 0;  // arrival order: samples.csv sample_id
  int device = 0;
  int row = 0;           // trace row
  int stage = 0;
  int host = 0;          // host holding the sample (an index into BuiltPlatform::hosts)
  int next_host = 0;     // destination of the transfer in flight
  int exit_head = -1;
  Pending pending = Pending::none;
  double arrival_s = 0;
  double phase_start_s = 0;  // start of what it waits for now
  // Latency parts and what it caused so far (samples.csv).
  double compute_s = 0, queue_s = 0, send_queue_s = 0, transfer_s = 0, bytes_sent = 0;
  double transfer_bytes = 0;  // payload of the transfer in flight
  double host_dynamic_j = 0, compute_j = 0, radio_j = 0, network_j = 0;
  double batch_wait_s = 0;    // part of queue_s spent waiting for a batch to form
  int batch_size = 1;         // size of the last batch it was computed in
  BatchId batch;              // the batch whose execution it is part of
  simgrid::s4u::ActivityPtr activity;  // its execution or transfer in flight (not a batch's execution)
  bool alive = false;         // between its arrival and its record
  int device_head = -1;       // deepest exit head it passed on its device (the fallback answer)
  SampleRecord::Outcome outcome = SampleRecord::Outcome::completed;

  // Per feature (still here; each moves to its component's side table as the engine split goes on).
  // Radio (docs/formats.md, "Radio"): the transfer in flight uses the device's radio, from the device, token.
  bool on_radio = false, upload = false;
  double radio_token = 0;
  // Failures and recovery (docs/formats.md, "Failures and recovery").
  bool lost = false;       // its work was lost: the device notices at detection time
  int lost_tier = -1;      // tier of the host (or transfer destination) its work was lost on
  double lost_at_s = 0;
  int losses = 0, retries = 0;
  double recovery_wait_s = 0;
  // Policies that see the network (HostObservations): the host that first sent it onward, when, when that
  // upload was delivered and its compute + queue seconds then; when its last device head was computed (the
  // answer at its deadline, on_late: fallback); the threshold of its last decision.
  int offloaded_by = -1;
  double offload_start_s = 0, upload_done_s = -1, busy_at_upload_s = 0;
  double device_head_s = 0;
  double threshold = std::numeric_limits<double>::quiet_NaN();
  // Wireless access (docs/architecture.md, "Wireless access and mobility").
  int link_site = -1;          // the transfer in flight goes through its device's station at this site (-1: wired)
  int origin_site = -1;        // the device's association at arrival (-1: out of coverage)
  int handovers_before = 0;    // its device's handovers at arrival
  double coverage_wait_s = 0;  // time its transfers waited for the device's link
};

class SamplePool {
 public:
  Sample& operator[](SampleId id) { return samples_[id.value()]; }
  const Sample& operator[](SampleId id) const { return samples_[id.value()]; }

  // A free slot for a new sample (reset), growing the pool when none is free.
  SampleId allocate();
  // The sample is gone: its slot is reset and free again.
  void release(SampleId id);

  // Slots ever used (the ids are 0 .. slots() - 1; free slots among them hold no sample).
  int slots() const { return static_cast<int>(samples_.size()); }
  // Samples in flight.
  size_t in_flight() const { return samples_.size() - free_.size(); }
  bool empty() const { return free_.size() == samples_.size(); }

 private:
  std::vector<Sample> samples_;
  std::vector<SampleId> free_;
};

}  // namespace hybridfog

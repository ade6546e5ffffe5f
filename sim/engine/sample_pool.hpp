#pragma once
// SamplePool: the samples in flight, as plain data in reusable slots (no actor per sample).
//
// A slot holds a sample from its arrival to its record; then it is free for the next arrival. `Sample` is the
// state the lifecycle reads and writes, and what samples.csv reports; the state only one feature needs lives
// in that feature's component, in a side table indexed by the sample's slot (SampleId): the radio's in
// Transfers, the wireless access's in WirelessAccess, the offload observations in ExitDecider, a DVFS
// execution's in DvfsGovernor, a batch's in Batcher.
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

  // Failures and recovery (docs/formats.md, "Failures and recovery"): whether its work is lost now, where and
  // when (Recovery reads them at detection time; Outages and the lifecycle skip a lost sample), and the
  // samples.csv columns losses, retries, recovery_wait_s.
  bool lost = false;
  int lost_tier = -1;      // tier of the host (or transfer destination) its work was lost on
  double lost_at_s = 0;
  int losses = 0, retries = 0;
  double recovery_wait_s = 0;
  // Deadlines and adaptive policies (samples.csv): when its last device head was computed (the answer at its
  // deadline, on_late: fallback); the threshold of its last decision.
  double device_head_s = 0;
  double threshold = std::numeric_limits<double>::quiet_NaN();
  // The transfer in flight goes through its device's station at this site (-1: wired; Transfers::route).
  int link_site = -1;
  // Its application (index into application_refs; docs/formats.md, "Several applications"); 0 for a scenario of one.
  int app = 0;
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
  // What host `host` holds, as a failure or a device's empty battery cuts it: the live samples on it and
  // those on their way to or from it (a transfer waiting or in flight), in id order (deterministic).
  std::vector<int> held_by(int host) const {
    std::vector<int> held;
    for (int i = 0; i < slots(); ++i) {
      const Sample& s = samples_[static_cast<size_t>(i)];
      const bool sending = s.pending == Pending::forward || s.pending == Pending::answer;
      if (s.alive && !s.lost && (s.host == host || (sending && s.next_host == host))) held.push_back(i);
    }
    return held;
  }
  // Samples in flight.
  size_t in_flight() const { return samples_.size() - free_.size(); }
  bool empty() const { return free_.size() == samples_.size(); }

 private:
  std::vector<Sample> samples_;
  std::vector<SampleId> free_;
};

}  // namespace hybridfog

#pragma once
// Batcher: samples of one stage computed together on one host (docs/formats.md, "Batching").
//
// A batch opens with its first sample on a (host, stage) and closes when it holds max_size samples or
// max_wait after it opened, whichever comes first (the timer is called off when it fills). A closed batch
// is one execution: the compute component starts it at once or queues it for a core. Batch slots are
// reused; a batch's slot owns its execution while it runs.
#include <simgrid/forward.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <vector>

#include "engine/ids.hpp"
#include "engine/timer.hpp"

namespace hybridfog {

class Batcher {
 public:
  // `stages`: how many stages the plan has; `on_max_wait`: called when a batch closes on its max_wait.
  Batcher(int stages, std::function<void(BatchId)> on_max_wait) : stages_(stages), on_max_wait_(std::move(on_max_wait)) {}

  // `sample` joins the open batch of (host, stage), opening one at `now` if there is none. Returns the batch
  // when it is full now (the caller closes and starts it), an invalid id otherwise.
  BatchId add(SampleId sample, HostId host, int stage, double now, int max_size, double max_wait_s);
  // Closes `batch` (full, or its max_wait ran out): no sample joins it any more, its max_wait is called off.
  void close(BatchId batch);
  // Frees the slot of a batch that is done (computed, or lost with its host).
  void free(BatchId batch);

  const std::vector<SampleId>& members(BatchId batch) const { return batches_[batch.value()].samples; }
  std::vector<SampleId>& members(BatchId batch) { return batches_[batch.value()].samples; }
  HostId host(BatchId batch) const { return batches_[batch.value()].host; }
  simgrid::s4u::ActivityPtr& activity(BatchId batch) { return batches_[batch.value()].activity; }

  // Batches still open on `host` (a failure): their slots are freed after `visit` saw their members.
  void drop_open(HostId host, const std::function<void(const std::vector<SampleId>&)>& visit);

 private:
  struct Batch {
    std::vector<SampleId> samples;
    HostId host;
    int stage = -1;
    simgrid::s4u::ActivityPtr activity;
  };
  std::int64_t key(HostId host, int stage) const { return static_cast<std::int64_t>(host.value()) * stages_ + stage; }

  int stages_;
  std::function<void(BatchId)> on_max_wait_;
  std::vector<Batch> batches_;
  std::vector<Timer> timers_;  // per slot: its max_wait
  std::vector<BatchId> free_;
  std::unordered_map<std::int64_t, BatchId> open_;  // (host, stage) -> its open batch
};

}  // namespace hybridfog

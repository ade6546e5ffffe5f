#include "engine/batcher.hpp"

#include <simgrid/s4u/Activity.hpp>

namespace hybridfog {

BatchId Batcher::add(SampleId sample, HostId host, int stage, double now, int max_size, double max_wait_s) {
  const auto it = open_.find(key(host, stage));
  BatchId b;
  if (it == open_.end()) {
    if (free_.empty()) {
      batches_.emplace_back();
      timers_.emplace_back();
      b = BatchId(static_cast<int>(batches_.size()) - 1);
    } else {
      b = free_.back();
      free_.pop_back();
    }
    Batch& batch = batches_[b.value()];
    batch.samples.clear();
    batch.host = host;
    batch.stage = stage;
    open_.emplace(key(host, stage), b);
    timers_[b.value()].set(now + max_wait_s, [this, b]() { on_max_wait_(b); });
  } else {
    b = it->second;
  }
  batches_[b.value()].samples.push_back(sample);
  return static_cast<int>(batches_[b.value()].samples.size()) >= max_size ? b : BatchId();
}

void Batcher::close(BatchId batch) {
  timers_[batch.value()].cancel();  // closed full, before its max_wait
  open_.erase(key(batches_[batch.value()].host, batches_[batch.value()].stage));
}

void Batcher::free(BatchId batch) {
  batches_[batch.value()].samples.clear();
  free_.push_back(batch);
}

void Batcher::drop_open(HostId host, const std::function<void(const std::vector<SampleId>&)>& visit) {
  for (auto it = open_.begin(); it != open_.end();) {
    const BatchId b = it->second;
    if (batches_[b.value()].host != host) {
      ++it;
      continue;
    }
    visit(batches_[b.value()].samples);
    timers_[b.value()].cancel();
    free(b);
    it = open_.erase(it);
  }
}

}  // namespace hybridfog

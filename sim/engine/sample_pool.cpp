#include "engine/sample_pool.hpp"

#include <simgrid/s4u/Activity.hpp>

namespace hybridfog {

SampleId SamplePool::allocate() {
  if (free_.empty()) {
    samples_.emplace_back();
    return SampleId(static_cast<int>(samples_.size()) - 1);
  }
  const SampleId id = free_.back();
  free_.pop_back();
  return id;
}

void SamplePool::release(SampleId id) {
  samples_[id.value()] = Sample{};
  free_.push_back(id);
}

}  // namespace hybridfog

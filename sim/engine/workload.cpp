#include "engine/workload.hpp"

#include <numeric>

namespace hybridfog {

std::uint64_t expected_samples(const ScenarioSpec& spec) {
  if (!spec.workload.samples_per_device) return 0;
  return static_cast<std::uint64_t>(spec.platform.device_count()) *
         static_cast<std::uint64_t>(*spec.workload.samples_per_device);
}

Workload::Workload(const WorkloadSpec& spec, std::uint64_t seed, int devices, std::size_t trace_rows) : spec_(spec) {
  for (int d = 0; d < devices; ++d) device_rng_.emplace_back(derive_seed(seed, static_cast<std::uint64_t>(d) + 1));
  device_arrivals_.assign(devices, 0);
  order_rng_ = Rng(derive_seed(seed, 0));
  row_order_.resize(trace_rows);
  std::iota(row_order_.begin(), row_order_.end(), 0);
  if (spec_.order == SampleOrder::shuffled)
    for (std::size_t i = row_order_.size(); i > 1; --i) std::swap(row_order_[i - 1], row_order_[order_rng_.below(i)]);
  for (int d = 0; d < devices; ++d) {
    const double t = next_arrival_time(d, 0.0);
    if (t >= 0) arrivals_.emplace(t, d);
  }
}

double Workload::next_arrival_time(int device, double now) {
  const WorkloadSpec& w = spec_;
  if (w.samples_per_device && device_arrivals_[device] >= *w.samples_per_device) return -1;
  Rng& rng = device_rng_[device];
  double t;
  if (w.arrivals == ArrivalProcess::poisson) {
    t = now + rng.exponential(w.rate_per_s);
  } else if (device_arrivals_[device] == 0) {
    t = w.random_phase ? rng.uniform() / w.rate_per_s : 0.0;
  } else {
    t = now + 1.0 / w.rate_per_s;
  }
  if (w.duration_s && t >= *w.duration_s) return -1;
  return t;
}

int Workload::take_next() {
  const auto [time, device] = arrivals_.top();
  arrivals_.pop();
  ++device_arrivals_[device];
  const double next = next_arrival_time(device, time);
  if (next >= 0) arrivals_.emplace(next, device);
  return device;
}

int Workload::trace_row(std::uint64_t sample_id) {
  const std::uint64_t n = row_order_.size();
  if (spec_.order == SampleOrder::replacement) return static_cast<int>(order_rng_.below(n));
  return row_order_[sample_id % n];
}

}  // namespace hybridfog

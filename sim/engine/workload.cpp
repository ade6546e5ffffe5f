#include "engine/workload.hpp"

#include <cmath>
#include <numeric>

namespace hybridfog {

Workload::Workload(const WorkloadSpec& spec, std::uint64_t seed, int devices, std::size_t trace_rows,
                   const std::vector<int>& device_class, const std::vector<int>* members)
    : spec_(spec) {
  if (members) {
    members_ = *members;
    stream_of_.assign(static_cast<std::size_t>(devices), -1);
    for (std::size_t i = 0; i < members_.size(); ++i) stream_of_[static_cast<std::size_t>(members_[i])] = static_cast<int>(i);
    devices = static_cast<int>(members_.size());
  }
  devices_.resize(static_cast<std::size_t>(devices));
  for (int d = 0; d < devices; ++d) {
    Device& device = devices_[d];
    const int number = device_of(d);
    device.rng = Rng(derive_seed(seed, static_cast<std::uint64_t>(number) + 1));
    device.process = device_class.empty() ? &spec_ : &spec_.process_of(device_class[static_cast<std::size_t>(number)]);
    if (device.process->arrivals == ArrivalProcess::bursty) {
      // Stationary from t = 0: the first state from the stationary distribution, then its (memoryless) sojourn.
      device.state = device.rng.uniform() < device.process->stationary(0) ? 0 : 1;
      device.state_end_s = device.rng.exponential(1.0 / device.process->mean_sojourn_s[device.state]);
    }
  }
  order_rng_ = Rng(derive_seed(seed, 0));
  row_order_.resize(trace_rows);
  std::iota(row_order_.begin(), row_order_.end(), 0);
  if (spec_.order == SampleOrder::shuffled)
    for (std::size_t i = row_order_.size(); i > 1; --i) std::swap(row_order_[i - 1], row_order_[order_rng_.below(i)]);
  for (int d = 0; d < devices; ++d) {
    const double t = next_arrival_time(d, 0.0);
    devices_[d].pending_s = t;
    if (t >= 0) arrivals_.emplace(t, d);
  }
}

double Workload::next_bursty(Device& d, double now) {
  const ArrivalSpec& p = *d.process;
  double t = now;
  while (true) {
    // Within a state arrivals are Poisson: the next one is an exponential time away. Past the state's end
    // the draw is dropped (memorylessness) and the next state starts afresh.
    const double rate = p.state_rate_per_s[d.state];
    if (rate > 0) {
      const double candidate = t + d.rng.exponential(rate);
      if (candidate < d.state_end_s) return candidate;
    }
    t = d.state_end_s;
    if (spec_.duration_s && t >= *spec_.duration_s) return t;  // past the end anyway: stop switching
    d.state ^= 1;
    d.state_end_s = t + d.rng.exponential(1.0 / p.mean_sojourn_s[d.state]);
  }
}

double Workload::next_arrival_time(int device, double now) {
  const WorkloadSpec& w = spec_;
  Device& d = devices_[device];
  if (w.samples_per_device && d.arrivals >= *w.samples_per_device) return -1;
  const ArrivalSpec& p = *d.process;
  double t = -1;
  switch (p.arrivals) {
    case ArrivalProcess::poisson: t = now + d.rng.exponential(p.rate_per_s); break;
    case ArrivalProcess::periodic:
      if (d.arrivals == 0)
        t = p.random_phase ? d.rng.uniform() / p.rate_per_s : 0.0;
      else
        t = now + 1.0 / p.rate_per_s;
      break;
    case ArrivalProcess::bursty: t = next_bursty(d, now); break;
    case ArrivalProcess::profile:
      // Time-rescaling: the integrals of the rate at successive arrivals form a Poisson process of rate 1.
      d.integral += d.rng.exponential(1.0);
      t = p.profile.inverse(d.integral);
      if (std::isinf(t)) return -1;
      break;
    case ArrivalProcess::trace: {
      const auto& times = w.trace->times_s[static_cast<std::size_t>(device_of(device))];
      if (d.next_in_trace >= times.size()) return -1;
      t = times[d.next_in_trace++];
      break;
    }
  }
  if (w.duration_s && t >= *w.duration_s) return -1;
  return t;
}

int Workload::take_next() {
  const auto [time, device] = arrivals_.top();
  arrivals_.pop();
  ++devices_[device].arrivals;
  const double next = next_arrival_time(device, time);
  devices_[device].pending_s = next;
  if (next >= 0) arrivals_.emplace(next, device);
  drop_stopped();
  return device_of(device);
}

void Workload::drop_stopped() {
  // Lazily: a stopped device's pending arrival stays in the heap until it reaches the top, so that
  // next_time() and done() never see one.
  while (!arrivals_.empty() && devices_[arrivals_.top().second].stopped) arrivals_.pop();
}

long long Workload::stop(int number) {
  const int device = stream_of_.empty() ? number : stream_of_[static_cast<std::size_t>(number)];
  if (device < 0) return 0;
  Device& d = devices_[device];
  if (d.stopped) return 0;
  d.stopped = true;
  long long missed = 0;
  for (double t = d.pending_s; t >= 0; t = next_arrival_time(device, t)) {
    ++missed;
    ++d.arrivals;
  }
  d.pending_s = -1;
  drop_stopped();
  return missed;
}

int Workload::trace_row(std::uint64_t sample_id) {
  const std::uint64_t n = row_order_.size();
  if (spec_.order == SampleOrder::replacement) return static_cast<int>(order_rng_.below(n));
  return row_order_[sample_id % n];
}

Arrivals::Arrivals(const ScenarioSpec& spec, int devices, const std::vector<int>& device_class) {
  const std::vector<ApplicationRef> refs = application_refs(spec);
  apps_.reserve(refs.size());
  for (std::size_t a = 0; a < refs.size(); ++a) {
    const std::uint64_t seed = a == 0 ? spec.seed : derive_seed(spec.seed, kApplicationSeedBase + a);
    apps_.emplace_back(*refs[a].workload, seed, devices, refs[a].trace->rows(), device_class, refs[a].devices);
  }
  taken_.assign(apps_.size(), 0);
  find_next();
}

void Arrivals::find_next() {
  next_ = -1;
  for (std::size_t a = 0; a < apps_.size(); ++a) {
    if (apps_[a].done()) continue;
    if (next_ < 0 || apps_[a].next_time() < apps_[static_cast<std::size_t>(next_)].next_time()) next_ = static_cast<int>(a);
  }
}

Arrivals::Arrival Arrivals::take_next() {
  Arrival arrival;
  arrival.app = next_;
  Workload& w = apps_[static_cast<std::size_t>(next_)];
  arrival.device = w.take_next();
  find_next();
  return arrival;
}

long long Arrivals::stop(int device) {
  long long missed = 0;
  for (Workload& w : apps_) missed += w.stop(device);
  find_next();
  return missed;
}

}  // namespace hybridfog

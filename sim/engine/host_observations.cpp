#include "engine/host_observations.hpp"

#include <limits>

namespace hybridfog {

HostObservations::HostObservations(int hosts, const ContextNeeds& needs) {
  Host empty;
  empty.throughput = Ewma(needs.estimator_window);
  empty.rtt = Ewma(needs.estimator_window);
  empty.response = Ewma(needs.estimator_window);
  hosts_.assign(static_cast<size_t>(hosts), empty);
  if (needs.queue) queues_.assign(static_cast<size_t>(hosts), AdvertisedValue(needs.advertise_period_s));
}

void HostObservations::transfer_done(int host, double bytes, double start_s, double now_s) {
  const double duration = now_s - start_s;
  if (duration > 0) hosts_[host].throughput.add(bytes / duration, now_s);
}

void HostObservations::offload_answered(int host, double response_s, double rtt_s, bool late, double now_s) {
  Host& h = hosts_[host];
  h.response.add(response_s, now_s);
  h.rtt.add(rtt_s, now_s);
  ++h.answered;
  if (late) ++h.late;
}

void HostObservations::fill(PolicyContext& c, int host, int next_host, int next_host_cores, double now_s) const {
  const Host& h = hosts_[host];
  c.throughput_bytes_per_s = h.throughput.value();
  c.throughput_samples = h.throughput.count();
  c.throughput_age_s = h.throughput.count() > 0 ? now_s - h.throughput.last_s() : std::numeric_limits<double>::infinity();
  c.rtt_s = h.rtt.value();
  c.rtt_samples = h.rtt.count();
  c.offloads_answered = h.answered;
  c.offloads_late = h.late;
  c.offload_response_s = h.response.value();
  c.decisions = h.decisions;
  c.offloaded_bytes = h.offloaded_bytes;
  c.last_tier_requests = h.last_tier_requests;
  c.energy_j = h.energy_j;
  c.queue_known = false;
  c.advertised_queue = 0;
  c.queue_staleness_s = 0;
  c.next_host_cores = next_host_cores;
  if (!queues_.empty() && next_host >= 0) {
    int value = 0;
    double at = 0;
    if (queues_[next_host].read(now_s, &value, &at)) {
      c.queue_known = true;
      c.advertised_queue = value;
      c.queue_staleness_s = now_s - at;
    }
  }
}

}  // namespace hybridfog

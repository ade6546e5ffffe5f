#include "metrics/link_meter.hpp"

#include <stdexcept>
#include <string>

#include <algorithm>
#include <cmath>

namespace hybridfog {

LinkMeter::LinkMeter(std::size_t links, double window_s)
    : window_s_(window_s), bytes_(links, 0), transfers_(links, 0), window_bytes_(links) {}

void LinkMeter::add_transfer(const int* first, const int* last, double bytes, double start_s, double end_s) {
  const double window = window_s_;
  const double duration = end_s - start_s;
  // The estimate before the run bounds the windows of the arrivals; a run that goes on far beyond them
  // (transfers of days on a slow link) stops here instead of overflowing the window index.
  if (end_s / window > 1e10)
    throw std::runtime_error("utilization windows: simulated time " + std::to_string(end_s) + " s is over 1e10 windows of " +
                             std::to_string(window) + " s (raise outputs.utilization_window)");
  for (const int* it = first; it != last; ++it) {
    const int link = *it;
    bytes_[link] += bytes;
    ++transfers_[link];
    auto& bins = window_bytes_[link];
    const auto first_window = static_cast<std::size_t>(std::floor(start_s / window));
    const auto last_window = static_cast<std::size_t>(std::floor(end_s / window));
    if (bins.size() <= last_window) bins.resize(last_window + 1, 0.0f);
    if (duration <= 0 || first_window == last_window) {
      bins[last_window] += static_cast<float>(bytes);
      continue;
    }
    for (std::size_t w = first_window; w <= last_window; ++w) {
      const double overlap = std::min(end_s, (w + 1) * window) - std::max(start_s, w * window);
      bins[w] += static_cast<float>(bytes * overlap / duration);
    }
  }
}

LinkRecord LinkMeter::record(std::size_t link, std::string name, std::string link_class, double bandwidth_bytes_per_s,
                             double latency_s, std::optional<double> energy_per_bit_j, double sim_time_s) const {
  LinkRecord record;
  record.name = std::move(name);
  record.link_class = std::move(link_class);
  record.bandwidth_bytes_per_s = bandwidth_bytes_per_s;
  record.latency_s = latency_s;
  record.bytes = bytes_[link];
  record.transfers = transfers_[link];
  record.mean_utilization = sim_time_s > 0 ? record.bytes / (record.bandwidth_bytes_per_s * sim_time_s) : 0.0;
  float peak_bytes = 0;
  for (float b : window_bytes_[link]) peak_bytes = std::max(peak_bytes, b);
  record.peak_utilization = peak_bytes / (record.bandwidth_bytes_per_s * window_s_);
  if (energy_per_bit_j) record.energy_j = record.bytes * 8.0 * *energy_per_bit_j;
  return record;
}

}  // namespace hybridfog

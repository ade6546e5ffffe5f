#pragma once
// LinkMeter: bytes and transfers per link, and bytes per utilisation window (for peak utilisation), fed
// by the engine with every finished transfer on the route the platform builder laid out. Not SimGrid's
// link-load plugin: see docs/architecture.md ("Metrics get their numbers from the engine").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metrics/records.hpp"

namespace hybridfog {

class LinkMeter {
 public:
  // `links` links, indexed 0..links-1; utilisation windows of `window_s` seconds from t = 0.
  LinkMeter(std::size_t links, double window_s);

  // A transfer of `bytes` that occupied the links [first, last) from start_s to end_s. Its bytes are
  // spread over the windows it overlaps in proportion to the overlap (all in one window when it took no
  // time or stayed inside one).
  void add_transfer(const int* first, const int* last, double bytes, double start_s, double end_s);

  // The figures of link `link` for links.csv: mean utilisation over `sim_time_s`, peak over the windows,
  // energy when `energy_per_bit_j` is given.
  LinkRecord record(std::size_t link, std::string name, std::string link_class, double bandwidth_bytes_per_s,
                    double latency_s, std::optional<double> energy_per_bit_j, double sim_time_s) const;

  double window_s() const { return window_s_; }
  // Bytes of link `link` per window, from t = 0 (as far as its last transfer reached).
  const std::vector<float>& window_bytes(std::size_t link) const { return window_bytes_[link]; }

 private:
  double window_s_;
  std::vector<double> bytes_;
  std::vector<std::uint64_t> transfers_;
  std::vector<std::vector<float>> window_bytes_;  // [link][window]
};

}  // namespace hybridfog

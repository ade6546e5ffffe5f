#pragma once
// WifiSpec: a wireless access network at every site (docs/formats.md, "Wireless access"): one shared
// medium per site (SimGrid's WiFi link, sharing policy WIFI), an access point at a position with a coverage
// radius, and a rate table choosing a station's rate level from its distance to the access point.
#include <optional>
#include <vector>

namespace hybridfog {

class YNode;

struct WifiRateLevel {
  double up_to_m = 0;                // a station at most this far from the access point may use this level
  double bandwidth_bytes_per_s = 0;  // the medium's rate for that station (> 0)
};

struct WifiSiteSpec {
  double x_m = 0, y_m = 0;        // position of the site's access point
  double coverage_radius_m = 0;   // > 0; a device farther than this has no link to the site
};

struct WifiSpec {
  // Rate levels, best (nearest) first: up_to_m strictly increasing, bandwidth strictly decreasing. The last
  // level's up_to_m covers every site's coverage radius (checked at parse time).
  std::vector<WifiRateLevel> rates;
  std::vector<WifiSiteSpec> sites;  // one per site, in site order

  // The rate level (index in `rates`) of a station `distance_m` from its access point: the first level
  // whose up_to_m is >= distance_m; -1 beyond the last level.
  int rate_level(double distance_m) const {
    for (size_t k = 0; k < rates.size(); ++k)
      if (distance_m <= rates[k].up_to_m) return static_cast<int>(k);
    return -1;
  }
};

// Parses `links.access.wifi` of a platform with `sites` sites. Throws InputError.
WifiSpec parse_wifi(const YNode& node, int sites);

}  // namespace hybridfog

#include "platform/wifi_spec.hpp"

#include "core/yaml_node.hpp"

namespace hybridfog {

WifiSpec parse_wifi(const YNode& node, int sites) {
  node.expect_keys({"rates", "sites"});
  WifiSpec wifi;
  for (const YNode& level : node.required("rates").items()) {
    level.expect_keys({"up_to", "bandwidth"});
    WifiRateLevel rate;
    const YNode up_to = level.required("up_to");
    rate.up_to_m = up_to.as_quantity(QuantityKind::length, true);
    const YNode bandwidth = level.required("bandwidth");
    rate.bandwidth_bytes_per_s = bandwidth.as_quantity(QuantityKind::bandwidth, true);
    if (!wifi.rates.empty()) {
      if (!(rate.up_to_m > wifi.rates.back().up_to_m))
        up_to.fail("rate levels go from the nearest to the farthest: up_to must grow from level to level");
      if (!(rate.bandwidth_bytes_per_s < wifi.rates.back().bandwidth_bytes_per_s))
        bandwidth.fail("a farther rate level must have a lower bandwidth than the level before it");
    }
    wifi.rates.push_back(rate);
  }
  const YNode sites_node = node.required("sites");
  const std::vector<YNode> items = sites_node.items();
  if (static_cast<long long>(items.size()) != sites)
    sites_node.fail("give one access point per site: " + std::to_string(sites) + " sites, " +
                    std::to_string(items.size()) + " entries");
  for (const YNode& item : items) {
    item.expect_keys({"x", "y", "coverage_radius"});
    WifiSiteSpec site;
    site.x_m = item.required("x").as_coordinate();
    site.y_m = item.required("y").as_coordinate();
    const YNode radius = item.required("coverage_radius");
    site.coverage_radius_m = radius.as_quantity(QuantityKind::length, true);
    if (site.coverage_radius_m > wifi.rates.back().up_to_m)
      radius.fail("the coverage radius reaches beyond the last rate level (up_to " +
                  std::to_string(wifi.rates.back().up_to_m) + " m): a station in coverage needs a rate");
    wifi.sites.push_back(site);
  }
  return wifi;
}

}  // namespace hybridfog

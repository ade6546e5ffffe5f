#include "engine/servers.hpp"

#include <simgrid/s4u/Host.hpp>  // platform_builder.hpp only forward-declares Host (layering, issue 20)

namespace hybridfog {

int Servers::dispatch(int tier, int site) const {
  const auto& candidates = platform_.tier_hosts[tier][site];
  int best = down_.empty() ? candidates.front() : -1;
  double best_load = 0;
  bool first = true;
  for (int h : candidates) {
    if (!down_.empty() && down_[h]) continue;
    const double load = static_cast<double>(state_[h].outstanding) / platform_.hosts[h].host->get_core_count();
    if (first || load < best_load) {
      best = h;
      best_load = load;
      first = false;
    }
  }
  return best;
}

}  // namespace hybridfog

#include "engine/flow_bounds.hpp"

#include <simgrid/kernel/resource/Action.hpp>
#include <simgrid/kernel/resource/Model.hpp>
#include <simgrid/kernel/resource/NetworkModelIntf.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace hybridfog {

namespace sg4 = simgrid::s4u;
namespace resource = simgrid::kernel::resource;

void FlowBounds::refresh(const std::vector<Flow>& flows) const {
  if (flows.empty()) return;
  // The network model's actions in flight, by the activity they serve. The s4u interface of the model is
  // NetworkModelIntf; the model itself (a resource::Model) holds the started actions.
  auto* model = dynamic_cast<resource::Model*>(sg4::Engine::get_instance()->get_netzone_root()->get_network_model());
  if (!model) throw std::logic_error("FlowBounds: the network model is not a simgrid::kernel::resource::Model");
  std::unordered_map<const void*, resource::Action*> by_activity;
  for (resource::Action& action : *model->get_started_action_set()) by_activity.emplace(action.get_activity(), &action);
  const double now = sg4::Engine::get_clock();
  for (const Flow& flow : flows) {
    const auto it = by_activity.find(flow.comm->get_impl());
    if (it == by_activity.end()) continue;
    resource::Action& action = *it->second;
    double bandwidth = -1.0, latency = 0.0;
    for (const sg4::Link* link : flow.route) {
      latency += link->get_latency();
      if (link->get_sharing_policy() == sg4::Link::SharingPolicy::WIFI) continue;
      if (bandwidth < 0 || link->get_bandwidth() < bandwidth) bandwidth = link->get_bandwidth();
    }
    // Under the lazy update (SimGrid's default), bring the action's remaining bytes up to now at the rate it
    // had, so that Action::set_bound keeps its pending event (the end of its latency phase, or its
    // completion, which the next solve moves) instead of dropping it.
    if (model->is_update_lazy()) action.update_remains_lazy(now);
    action.set_user_bound(bandwidth);
    const double window_bound = latency > 0 ? tcp_gamma_bytes_ / (2.0 * latency) : -1.0;
    action.set_bound(bandwidth < 0 ? window_bound : window_bound < 0 ? bandwidth : std::min(bandwidth, window_bound));
  }
}

}  // namespace hybridfog

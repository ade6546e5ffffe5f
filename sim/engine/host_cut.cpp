#include "engine/host_cut.hpp"

#include <simgrid/s4u/Activity.hpp>

#include <algorithm>

#include "engine/activities.hpp"
#include "engine/compute.hpp"
#include "engine/lifecycle_hooks.hpp"
#include "engine/sample_pool.hpp"
#include "engine/transfers.hpp"
#include "engine/wireless_access.hpp"

namespace hybridfog {

void cut_host_work(const HostCutParts& parts, int host, const std::vector<int>& held, double now) {
  for (int id : held) {
    const Sample& s = parts.samples[SampleId(id)];
    // In its host's send queue, or else waiting for its device's wireless link (not counted as sent then).
    if ((s.pending == Pending::forward || s.pending == Pending::answer) && !s.activity)
      if (!parts.transfers.withdraw(SampleId(id), now) && parts.wireless) parts.wireless->drop_waiting(SampleId(id), now);
  }
  for (int id : held) {
    Sample& s = parts.samples[SampleId(id)];
    if ((s.pending != Pending::forward && s.pending != Pending::answer) || !s.activity) continue;
    parts.hooks.end_transfer(SampleId(id), std::clamp(s.transfer_bytes - s.activity->get_remaining(), 0.0, s.transfer_bytes),
                             now);
    parts.activities.cancel(s.activity);  // its completion (cancelled or failed) is no longer ours
    if (s.host == host)
      parts.transfers.drop_in_flight(host);
    else
      parts.hooks.next_in_send_queue(s.host, now);
  }
  std::vector<SampleId> on_host;
  for (int id : held) on_host.push_back(SampleId(id));
  parts.compute.abort_host(HostId(host), now, on_host);
}

void give_up_held(const HostCutParts& parts, const std::vector<int>& held, SampleRecord::Outcome outcome) {
  for (int id : held) {
    Sample& s = parts.samples[SampleId(id)];
    // The host it counted against for dispatch: its destination while a transfer to a server is under way.
    const int assigned = s.pending == Pending::forward ? s.next_host : s.pending == Pending::answer ? -1 : s.host;
    if (assigned >= 0) parts.compute.leave(HostId(assigned));
    s.pending = Pending::none;
    s.batch = BatchId();
    parts.activities.retire(s.activity);
    s.outcome = outcome;
    s.exit_head = -1;
  }
}

}  // namespace hybridfog

#include "engine/wireless_access.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/number_format.hpp"
#include "engine/activities.hpp"
#include "engine/compute.hpp"
#include "engine/lifecycle_hooks.hpp"
#include "engine/sample_pool.hpp"
#include "engine/transfers.hpp"
#include "metrics/event_log.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {

WirelessAccess::WirelessAccess(MobilityTracker tracker, const ScenarioSpec& spec, const BuiltPlatform& platform,
                               SamplePool& samples, Activities& activities, Transfers& transfers, Compute& compute,
                               EventLog& events, LifecycleHooks& hooks)
    : spec_(spec), platform_(platform), samples_(samples), activities_(activities), transfers_(transfers),
      compute_(compute), events_(events), hooks_(hooks), tracker_(std::move(tracker)) {
  links_.resize(static_cast<size_t>(tracker_.devices()));
  for (int d = 0; d < tracker_.devices(); ++d) {
    DeviceLink& link = links_[d];
    link.site = tracker_.site(d);
    link.level = tracker_.level(d);
    if (wired(d)) continue;  // its home site for good, over its own access link
    if (link.site < 0) link.out_since_s = 0;
    else set_rate(d);
  }
}

bool WirelessAccess::wired(int device) const {
  return spec_.mobility->devices[static_cast<size_t>(device)].model == DeviceMobility::Model::wired;
}

void WirelessAccess::set_rate(int d) const {
  const DeviceLink& link = links_[d];
  platform_.links[platform_.wifi_link[link.site]].link->set_host_wifi_rate(platform_.station(d, link.site), link.level);
}

int WirelessAccess::dispatch_site(int device) const {
  return links_[device].site >= 0 ? links_[device].site : platform_.device_site[device];
}

void WirelessAccess::on_arrival(SampleId id) {
  if (static_cast<size_t>(id.value()) >= per_sample_.size()) per_sample_.resize(static_cast<size_t>(id.value()) + 1);
  const int device = samples_[id].device;
  per_sample_[id.value()] = SampleAccess{links_[device].site, links_[device].handovers, 0.0};
}

void WirelessAccess::fill_record(SampleId id, SampleRecord& record) const {
  const SampleAccess& access = per_sample_[id.value()];
  record.origin_site = access.origin_site;
  record.handovers = links_[samples_[id].device].handovers - access.handovers_before;
  record.coverage_wait_s = access.coverage_wait_s;
}

bool WirelessAccess::prepare_launch(SampleId sample, sg4::Host*& from_host, sg4::Host*& to_host) {
  const int id = sample.value();
  Sample& s = samples_[sample];
  if (wired(s.device)) return true;  // a wired device of a mixed access: its own link, as on a wired platform
  const int from = s.host;
  DeviceLink& link = links_[s.device];
  if (link.site < 0 || s.phase_start_s < link.ready_s) {
    s.bytes_sent -= s.transfer_bytes;  // counted again when it is sent
    park(id, s.device, s.phase_start_s);
    return false;
  }
  // An upload goes to a server of the site the device is associated with now.
  const BuiltHost& target = platform_.hosts[s.next_host];
  if (platform_.hosts[from].tier == 0 && target.site >= 0 && target.site != link.site &&
      spec_.platform.tiers[target.tier].scope == TierScope::site) {
    compute_.leave(HostId(s.next_host));
    s.next_host = compute_.take(target.tier, link.site, from, s.stage, s.transfer_bytes, s.id).value();
    compute_.assign(HostId(s.next_host));
  }
  s.link_site = link.site;
  sg4::Host* station = platform_.station(s.device, link.site);
  if (!station)  // reachable_sites covers every site the tracker can associate a device with
    throw std::logic_error("device " + std::to_string(s.device) + " has no station at site " + std::to_string(link.site));
  if (platform_.hosts[from].tier == 0) {
    from_host = station;
    to_host = platform_.hosts[s.next_host].host;
  } else {
    to_host = station;
  }
  link.in_flight.push_back(id);
  return true;
}

void WirelessAccess::transfer_ended(SampleId id) {
  auto& flying = links_[samples_[id].device].in_flight;
  const auto it = std::find(flying.begin(), flying.end(), id.value());
  if (it != flying.end()) flying.erase(it);
}

bool WirelessAccess::drop_waiting(SampleId id, double now) {
  Sample& s = samples_[id];
  auto& waiting = links_[s.device].waiting;
  const auto it = std::find(waiting.begin(), waiting.end(), id.value());
  if (it == waiting.end()) return false;
  waiting.erase(it);
  per_sample_[id.value()].coverage_wait_s += now - s.phase_start_s;
  return true;
}

void WirelessAccess::schedule() {
  const double next = tracker_.next_time();
  if (next == MobilityTracker::kNever) return;
  timer_.set(next, [this, next]() {
    while (tracker_.next_time() <= next) on_change(tracker_.advance(), next);
    if (!hooks_.run_over()) schedule();
  });
}

void WirelessAccess::on_change(const MobilityTracker::Change& change, double now) {
  const int d = change.device;
  DeviceLink& link = links_[d];
  if (change.new_site == change.old_site) {
    // A new rate level applies to transfers that start from now on (SimGrid fixes a flow's share of the
    // medium when it starts).
    if (change.new_level != change.old_level && link.site >= 0) {
      link.level = change.new_level;
      set_rate(d);
    }
    return;
  }
  const int interrupted_before = link.interrupted, given_up_before = link.given_up;
  const double out_since_s = link.out_since_s;
  if (change.old_site >= 0 && change.new_site >= 0) ++link.handovers;
  if (change.new_site < 0) link.out_since_s = now;
  if (change.old_site < 0 && change.new_site >= 0) {
    ++link.reassociations;
    link.out_of_coverage_s += now - link.out_since_s;
    link.out_since_s = -1;
  }
  link.site = change.new_site;
  link.level = change.new_level;
  link.ready_timer.cancel();
  if (link.site >= 0) {
    set_rate(d);
    link.ready_s = now + spec_.mobility->handover_delay_s;
  }
  // Transfers on the old link stop; what they carried so far stays accounted, and they start again from
  // the beginning once the device has a link (or are given up, per mobility.out_of_coverage).
  std::vector<int> flying;
  flying.swap(link.in_flight);
  for (int id : flying) interrupt(id, now);
  if (link.site < 0 && spec_.mobility->out_of_coverage == MobilitySpec::OutOfCoverage::give_up) {
    std::vector<int> waiting;
    waiting.swap(link.waiting);
    for (int id : waiting) give_up(id);
  } else if (link.site >= 0 && !link.waiting.empty() && !link.ready_timer.armed()) {
    if (link.ready_s <= now) {
      resume(d, now);
    } else {
      link.ready_timer.set(link.ready_s, [this, d]() { resume(d, sg4::Engine::get_clock()); });
    }
  }
  if (spec_.outputs.events) {  // docs/outputs.md, "events.csv"
    const std::string interrupted = "interrupted_transfers=" + std::to_string(link.interrupted - interrupted_before);
    const std::string subject = platform_.hosts[platform_.device_host[d]].host->get_name();
    if (change.old_site >= 0 && change.new_site >= 0)
      events_.add(now, "handover", subject,
                  "from_site=" + std::to_string(change.old_site) + ";to_site=" + std::to_string(change.new_site) +
                      ";usable_at_s=" + format_number(link.ready_s) + ";" + interrupted);
    else if (change.new_site < 0)
      events_.add(now, "coverage_loss", subject,
                  "from_site=" + std::to_string(change.old_site) + ";" + interrupted +
                      ";given_up=" + std::to_string(link.given_up - given_up_before));
    else
      events_.add(now, "reassociation", subject,
                  "to_site=" + std::to_string(change.new_site) + ";usable_at_s=" + format_number(link.ready_s) +
                      ";out_of_coverage_s=" + format_number(now - out_since_s));
  }
}

void WirelessAccess::interrupt(int id, double now) {
  Sample& s = samples_[SampleId(id)];
  const double remaining = std::min(s.transfer_bytes, std::max(0.0, s.activity->get_remaining()));
  activities_.cancel(s.activity);  // its completion signal (cancelled) is not ours to handle
  ++links_[s.device].interrupted;
  hooks_.end_transfer(SampleId(id), s.transfer_bytes - remaining, now);  // what it carried: radio, bytes, energy
  park(id, s.device, now);
}

void WirelessAccess::park(int id, int device, double now) {
  Sample& s = samples_[SampleId(id)];
  DeviceLink& link = links_[device];
  const bool give = link.site < 0 && spec_.mobility->out_of_coverage == MobilitySpec::OutOfCoverage::give_up;
  s.phase_start_s = now;
  s.link_site = -1;
  if (!give) link.waiting.push_back(id);
  if (!give && link.site >= 0 && !link.ready_timer.armed())
    link.ready_timer.set(link.ready_s, [this, device]() { resume(device, sg4::Engine::get_clock()); });
  hooks_.next_in_send_queue(s.host, now);  // the sending flow it held goes to the next transfer in the queue
  if (give) give_up(id);
}

void WirelessAccess::resume(int device, double now) {
  DeviceLink& link = links_[device];
  if (link.site < 0 || now < link.ready_s) return;
  std::vector<int> waiting;
  waiting.swap(link.waiting);
  for (int id : waiting) {
    Sample& s = samples_[SampleId(id)];
    per_sample_[id].coverage_wait_s += now - s.phase_start_s;
    s.phase_start_s = now;
    s.bytes_sent += s.transfer_bytes;  // sent again, in full
    if (transfers_.request(s.host, SampleId(id))) hooks_.launch_transfer(SampleId(id));
  }
}

void WirelessAccess::give_up(int id) {
  // Given up as dyn's give-up policy gives up (one outcome, counted once): no answer, counted wrong.
  Sample& s = samples_[SampleId(id)];
  compute_.leave(HostId(s.next_host));  // the server it was on its way to (a device: nothing)
  ++links_[s.device].given_up;
  s.outcome = SampleRecord::Outcome::given_up;
  s.exit_head = -1;
  hooks_.finish(SampleId(id));
}

bool WirelessAccess::stranded(size_t samples_in_flight) const {
  if (tracker_.next_time() != MobilityTracker::kNever) return false;
  size_t waiting = 0;
  for (const DeviceLink& link : links_)
    if (link.site < 0) waiting += link.waiting.size();
  return waiting == samples_in_flight;
}

void WirelessAccess::give_up_waiting(double end) {
  for (int d = 0; d < static_cast<int>(links_.size()); ++d) {
    std::vector<int> waiting;
    waiting.swap(links_[d].waiting);
    for (int id : waiting) {
      per_sample_[id].coverage_wait_s += end - samples_[SampleId(id)].phase_start_s;
      give_up(id);
    }
  }
}

std::vector<DeviceRecord> WirelessAccess::device_records(double sim_time) const {
  std::vector<DeviceRecord> devices;
  for (int d = 0; d < static_cast<int>(links_.size()); ++d) {
    const DeviceLink& link = links_[d];
    DeviceRecord record;
    record.device = d;
    record.host = platform_.hosts[platform_.device_host[d]].host->get_name();
    record.home_site = platform_.device_site[d];
    record.final_site = link.site;
    record.handovers = link.handovers;
    record.reassociations = link.reassociations;
    record.out_of_coverage_s = link.out_of_coverage_s + (link.out_since_s >= 0 ? sim_time - link.out_since_s : 0.0);
    record.interrupted_transfers = link.interrupted;
    record.given_up = link.given_up;
    devices.push_back(record);
  }
  return devices;
}

}  // namespace hybridfog

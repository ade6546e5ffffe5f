#include "engine/device_outages.hpp"

#include <simgrid/s4u/Host.hpp>

#include <optional>
#include <utility>

#include "engine/activities.hpp"
#include "engine/batteries.hpp"
#include "engine/compute.hpp"
#include "engine/dvfs_governor.hpp"
#include "engine/host_cut.hpp"
#include "engine/lifecycle_hooks.hpp"
#include "engine/radio_accounting.hpp"
#include "engine/sample_pool.hpp"
#include "engine/transfers.hpp"
#include "platform/platform_builder.hpp"

namespace hybridfog {

DeviceOutages::DeviceOutages(const BuiltPlatform& platform, SamplePool& samples, Activities& activities,
                             Compute& compute, Transfers& transfers, DvfsGovernor* dvfs, RadioAccounting* radio,
                             Batteries* batteries, LifecycleHooks& hooks, Emit emit)
    : platform_(platform), samples_(samples), activities_(activities), compute_(compute), transfers_(transfers),
      dvfs_(dvfs), radio_(radio), batteries_(batteries), hooks_(hooks), emit_(std::move(emit)),
      devices_(platform.device_host.size()) {}

int DeviceOutages::down(int h, double now) {
  const int device = platform_.hosts[h].device;
  Device& d = devices_[device];
  d.down = true;
  ++d.failures;
  d.last_failure_s = now;
  // What the device holds: its samples on it, and those on their way to or from it (as Batteries::die).
  const std::vector<int> held = samples_.held_by(h);
  // No wireless access with devices that fail (refused by the scenario): nothing waits for a device's link.
  const HostCutParts parts{samples_, activities_, compute_, transfers_, nullptr, hooks_};
  cut_host_work(parts, h, held, now);
  if (dvfs_) dvfs_->on_host_down(HostId(h), now);
  give_up_held(parts, held, SampleRecord::Outcome::device_down);
  platform_.hosts[h].host->turn_off();  // the host energy plugin: no power while off
  // Its radio stops: an open tail ends here, charged to its owner (a parked record is then complete).
  if (radio_)
    if (std::optional<SampleRecord> parked = radio_->cut_tail(device, now)) emit_(std::move(*parked));
  if (batteries_) batteries_->changed(HostId(h));  // draws nothing while off
  for (int id : held) hooks_.finish(SampleId(id));
  return static_cast<int>(held.size());
}

void DeviceOutages::up(int h, double now) {
  Device& d = devices_[platform_.hosts[h].device];
  d.down = false;
  d.down_s += now - d.last_failure_s;
  platform_.hosts[h].host->turn_on();
  if (dvfs_) dvfs_->on_host_up(HostId(h), now);
  if (batteries_) batteries_->changed(HostId(h));  // draws its idle power again
}

bool DeviceOutages::forgot(const Sample& s) const { return devices_[s.device].last_failure_s >= s.arrival_s; }

void DeviceOutages::fill_record(DeviceRecord& record, double end_s) const {
  const Device& d = devices_[record.device];
  record.failures = d.failures;
  record.down_s = d.down_s + (d.down ? end_s - d.last_failure_s : 0.0);
  record.arrivals_while_down = d.arrivals_while_down;
}

}  // namespace hybridfog

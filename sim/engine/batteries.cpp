#include "engine/batteries.hpp"

#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include <algorithm>
#include <string>
#include <utility>

#include "engine/activities.hpp"
#include "engine/compute.hpp"
#include "engine/dvfs_governor.hpp"
#include "engine/host_cut.hpp"
#include "engine/lifecycle_hooks.hpp"
#include "engine/radio_accounting.hpp"
#include "engine/sample_pool.hpp"
#include "engine/transfers.hpp"
#include "engine/wireless_access.hpp"
#include "metrics/event_log.hpp"
#include "platform/platform_builder.hpp"
#include "scenario/scenario_spec.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {

Batteries::Batteries(const ScenarioSpec& spec, const BuiltPlatform& platform, SamplePool& samples,
                     Activities& activities, Compute& compute, Transfers& transfers, DvfsGovernor* dvfs,
                     RadioAccounting* radio, WirelessAccess* wireless, EventLog* events, LifecycleHooks& hooks,
                     OnEmpty on_empty)
    : spec_(spec), platform_(platform), samples_(samples), activities_(activities), compute_(compute),
      transfers_(transfers), dvfs_(dvfs), radio_(radio), wireless_(wireless), events_(events), hooks_(hooks),
      on_empty_(std::move(on_empty)), batteries_(platform.device_host.size()) {
  for (size_t d = 0; d < batteries_.size(); ++d) {
    const BuiltHost& host = platform_.hosts[platform_.device_host[d]];
    const auto& battery = spec_.platform.tiers[host.tier].classes[host.host_class].battery;
    if (!battery) continue;
    Battery& b = batteries_[d];
    b.present = true;
    b.capacity_j = battery->capacity_j;
    b.initial_j = b.charge_j = battery->initial_j();
  }
}

void Batteries::start() {
  for (size_t d = 0; d < batteries_.size(); ++d)
    if (batteries_[d].present) replan(static_cast<int>(d), 0.0);
}

void Batteries::stop() {
  for (Battery& b : batteries_) b.empty.cancel();
}

void Batteries::changed(HostId host) {
  const int device = platform_.hosts[host.value()].device;
  if (device < 0) return;
  const Battery& b = batteries_[device];
  if (b.present && !b.dead) replan(device, sg4::Engine::get_clock());
}

double Batteries::drawn_j(const Battery& b, double to) {
  if (to <= b.until_s) return b.power_w * (to - b.last_s);
  return b.power_w * std::max(0.0, b.until_s - b.last_s) + b.after_w * (to - std::max(b.last_s, b.until_s));
}

double Batteries::fraction(int device, double now) const {
  const Battery& b = batteries_[device];
  if (!b.present) return 1.0;
  if (b.dead) return 0.0;
  return std::max(0.0, b.charge_j - drawn_j(b, now)) / b.capacity_j;
}

void Batteries::replan(int device, double now) {
  Battery& b = batteries_[device];
  // What was drawn since the last change, at the powers then in force.
  b.charge_j = std::max(0.0, b.charge_j - drawn_j(b, now));
  b.last_s = now;
  const int h = platform_.device_host[device];
  if (!platform_.hosts[h].host->is_on()) {  // a device that failed draws nothing until it is back up
    b.power_w = b.after_w = 0;
    b.until_s = std::numeric_limits<double>::infinity();
    b.empty.cancel();
    return;
  }
  // The power from now on: the host's at its performance state and busy cores, and the radio's state.
  const BuiltHost& built = platform_.hosts[h];
  const HostClassSpec& c = spec_.platform.tiers[built.tier].classes[built.host_class];
  const auto& state = c.pstates[dvfs_ ? dvfs_->pstate(HostId(h)) : 0];
  const int cores = c.cores;
  const int busy = std::min(compute_[HostId(h)].busy_cores, cores);
  const double host_w = cores * state.idle_power_per_core_w + busy * (state.busy_power_per_core_w - state.idle_power_per_core_w);
  RadioMeter::Power radio{0, std::numeric_limits<double>::infinity(), 0};
  if (radio_) radio = radio_->power(device, now);
  b.power_w = host_w + radio.power_w;
  b.until_s = radio.until_s;
  b.after_w = host_w + radio.after_w;
  // When it empties at these powers: within the first piece, or after it.
  double empty_s = -1;
  const bool tail = b.until_s < std::numeric_limits<double>::infinity();
  const double first_j = tail ? b.power_w * (b.until_s - now) : 0.0;  // drawn until the tail ends
  if (b.power_w > 0 && (!tail || first_j >= b.charge_j))
    empty_s = now + b.charge_j / b.power_w;
  else if (tail && b.after_w > 0)
    empty_s = b.until_s + (b.charge_j - first_j) / b.after_w;
  if (empty_s < 0) {
    b.empty.cancel();  // draws nothing: never empties
    return;
  }
  b.empty.set(empty_s, [this, device]() { die(device); });
}

void Batteries::die(int device) {
  const double now = sg4::Engine::get_clock();
  Battery& b = batteries_[device];
  b.charge_j = 0;
  b.last_s = now;
  b.power_w = b.after_w = 0;
  b.dead = true;
  b.death_s = now;
  const int h = platform_.device_host[device];
  // What the device holds: its samples on it, and those on their way to or from it (docs/formats.md).
  const std::vector<int> held = samples_.held_by(h);
  // As a host failure cuts its work (Outages::fail_host).
  const HostCutParts parts{samples_, activities_, compute_, transfers_, wireless_, hooks_};
  cut_host_work(parts, h, held, now);
  if (dvfs_) dvfs_->on_host_down(HostId(h), now);
  give_up_held(parts, held, SampleRecord::Outcome::battery);
  sg4::Host* host = platform_.hosts[h].host;
  host->turn_off();  // the host energy plugin: no power from now on
  // Its radio stops: an open tail ends here, charged to its owner (a parked record is then complete).
  std::optional<SampleRecord> parked;
  if (radio_) parked = radio_->cut_tail(device, now);
  b.not_generated = on_empty_(DeviceId(device), std::move(parked));
  if (events_)
    events_->add(now, "battery_empty", host->get_name(),
                 "held_samples=" + std::to_string(held.size()) + ";arrivals_not_generated=" + std::to_string(b.not_generated));
  for (int id : held) hooks_.finish(SampleId(id));
}

void Batteries::fill_record(DeviceRecord& record, double end_s) const {
  const Battery& b = batteries_[record.device];
  record.arrivals_not_generated = b.not_generated;
  if (!b.present) return;
  record.battery_capacity_j = b.capacity_j;
  record.battery_initial_j = b.initial_j;
  record.battery_end_j = b.dead ? 0.0 : std::max(0.0, b.charge_j - drawn_j(b, end_s));
  if (b.dead) record.death_s = b.death_s;
}

}  // namespace hybridfog

#include "metrics/radio_meter.hpp"

#include <algorithm>

namespace hybridfog {

RadioMeter::RadioMeter(const RadioPowers& spec, int devices) : spec_(spec), devices_(static_cast<size_t>(devices)) {}

void RadioMeter::advance(Device& d, double now) const {
  const int in_flight = d.uploads + d.downloads;
  if (in_flight > 0 && now > d.last_s) {
    const double power = (d.uploads > 0 ? spec_.transmit_power_w : spec_.receive_power_w) - spec_.idle_power_w;
    d.share_j += power * (now - d.last_s) / in_flight;
    d.above_idle_j += power * (now - d.last_s);
  }
  d.last_s = now;
}

RadioMeter::TailCharge RadioMeter::close_tail(Device& d, double until) const {
  TailCharge charge;
  if (d.tail_start_s < 0) return charge;
  const double length = std::min(until - d.tail_start_s, spec_.tail_s);
  charge.owner = d.tail_owner;
  charge.energy_j = (spec_.tail_power_w - spec_.idle_power_w) * std::max(0.0, length);
  d.above_idle_j += charge.energy_j;
  d.tail_start_s = -1;
  d.tail_owner = -1;
  return charge;
}

double RadioMeter::begin(int device, bool upload, double now, TailCharge* cut) {
  Device& d = devices_[device];
  advance(d, now);
  const TailCharge charge = close_tail(d, now);
  if (cut) *cut = charge;
  (upload ? d.uploads : d.downloads) += 1;
  return d.share_j;
}

double RadioMeter::end(int device, bool upload, double token, double now, int owner) {
  Device& d = devices_[device];
  advance(d, now);
  (upload ? d.uploads : d.downloads) -= 1;
  if (d.uploads + d.downloads == 0 && spec_.tail_s > 0) {
    d.tail_start_s = now;
    d.tail_owner = owner;
  }
  return d.share_j - token;
}

std::vector<RadioMeter::TailCharge> RadioMeter::close_tails() {
  std::vector<TailCharge> charges;
  for (Device& d : devices_)
    if (d.tail_start_s >= 0) charges.push_back(close_tail(d, d.tail_start_s + spec_.tail_s));
  return charges;
}

RadioMeter::Power RadioMeter::power(int device, double now) const {
  const Device& d = devices_[device];
  constexpr double kNever = std::numeric_limits<double>::infinity();
  if (d.uploads > 0) return {spec_.transmit_power_w, kNever, spec_.transmit_power_w};
  if (d.downloads > 0) return {spec_.receive_power_w, kNever, spec_.receive_power_w};
  if (d.tail_start_s >= 0 && now < d.tail_start_s + spec_.tail_s)
    return {spec_.tail_power_w, d.tail_start_s + spec_.tail_s, spec_.idle_power_w};
  return {spec_.idle_power_w, kNever, spec_.idle_power_w};
}

void RadioMeter::rename_owner(int device, int old_owner, int new_owner) {
  Device& d = devices_[device];
  if (d.tail_start_s >= 0 && d.tail_owner == old_owner) d.tail_owner = new_owner;
}

}  // namespace hybridfog

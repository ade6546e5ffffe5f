#pragma once
// RadioMeter: energy of the devices' radios, with states (docs/formats.md, "Radio").
//
// A device's radio is in one state at a time:
//   transmit  while at least one upload of the device is in flight,
//   receive   else while at least one download is in flight,
//   tail      for `tail_s` after the last transfer ended (LTE / WiFi power save keep the radio up),
//   idle      otherwise.
// The device's radio energy is the integral of the state's power over the run. Above idle, every joule is
// attributed to a sample: the active part (transmit or receive power minus idle power) is shared equally
// by the transfers in flight at that moment; the tail part (tail power minus idle power) goes to the
// sample whose transfer ended last, and a tail cut short by a new transfer is charged only up to the cut.
// So Σ over samples + idle power × run time = Σ over devices, exactly. A tail running past the end of the
// run is counted in full, its part past the end too as tail power minus idle power (idle is counted up to
// the end of the run only).
//
// Pure bookkeeping over (device, time) events in time order; no SimGrid. O(1) per event.
#include <cstdint>
#include <limits>
#include <vector>

namespace hybridfog {

struct RadioPowers {
  double transmit_power_w = 0;
  double receive_power_w = 0;
  double idle_power_w = 0;
  double tail_s = 0;            // 0: no tail
  double tail_power_w = 0;      // power during the tail
};

class RadioMeter {
 public:
  RadioMeter(const RadioPowers& spec, int devices);

  // Who pays for a tail: an opaque owner id chosen by the caller (e.g. a sample slot).
  struct TailCharge {
    int owner = -1;   // -1: nobody (no tail was open)
    double energy_j = 0;
  };

  // A transfer of `device` starts at `now`. Returns the transfer's token (pass it to end()) and, in
  // `cut`, the part of an open tail that this start ends, to be charged to its owner.
  double begin(int device, bool upload, double now, TailCharge* cut);
  // The transfer ends at `now`. Returns its share of the active energy above idle. When it was the last
  // transfer in flight, a tail starts, owned by `owner`.
  double end(int device, bool upload, double token, double now, int owner);
  // Ends every open tail (in full); returns the charges, one per device that had one.
  std::vector<TailCharge> close_tails();
  // An owner id is being reused for something else: its open tail (if any) is handed to `new_owner`.
  void rename_owner(int device, int old_owner, int new_owner);

  // The device's power at `now`: `power_w` up to `until_s` (the end of an open tail; +infinity otherwise),
  // `after_w` from then on, as long as no transfer starts or ends (a battery's drain, docs/formats.md).
  struct Power {
    double power_w = 0, until_s = 0, after_w = 0;
  };
  Power power(int device, double now) const;
  // The device stops at `now` (its battery emptied): its open tail ends there, charged as a cut tail.
  TailCharge cut_tail(int device, double now) { return close_tail(devices_[device], now); }

  // The owner of the device's open tail, -1 when none is open.
  int tail_owner(int device) const { return devices_[device].tail_start_s >= 0 ? devices_[device].tail_owner : -1; }

  // Totals per device (call after close_tails()): energy above idle, and idle energy over `run_s`.
  double device_energy_above_idle_j(int device) const { return devices_[device].above_idle_j; }
  double idle_energy_j(double run_s) const { return spec_.idle_power_w * run_s; }
  const RadioPowers& spec() const { return spec_; }

 private:
  struct Device {
    int uploads = 0, downloads = 0;
    double last_s = 0;          // time of the last event
    double share_j = 0;         // Σ over time of (active power - idle) / transfers in flight
    double tail_start_s = -1;   // < 0: no open tail
    int tail_owner = -1;
    double above_idle_j = 0;    // everything above idle so far (active + closed tails)
  };
  void advance(Device& d, double now) const;
  TailCharge close_tail(Device& d, double until) const;

  RadioPowers spec_;
  std::vector<Device> devices_;
};

}  // namespace hybridfog

#pragma once
// RadioAccounting: the devices' radio energy, charged to samples (docs/formats.md, "Radio").
//
// Wraps metrics' RadioMeter (states and their energy per device) with what the engine must add: who pays
// for a tail. A transfer's end opens a tail owned by its sample; a sample that finishes while it owns its
// device's open tail is not written yet: its record is parked until the tail ends (cut by the device's next
// transfer, or in full), because the tail is part of its energy. Built only with a radio model.
#include <optional>
#include <vector>

#include "engine/ids.hpp"
#include "metrics/radio_meter.hpp"
#include "metrics/records.hpp"

namespace hybridfog {

struct RadioSpec;
class SamplePool;

class RadioAccounting {
 public:
  RadioAccounting(const RadioSpec& radio, int devices, SamplePool& samples);

  // A transfer of `device` starts at `now`; returns its token. The part of an open tail this start ends is
  // charged to its owner: a sample in flight, or a parked record, which is then complete and returned in
  // `done` (to be written).
  double begin(int device, bool upload, double now, std::optional<SampleRecord>& done);
  // The transfer of `sample` ends at `now`: its share of the active energy above idle (joules); when it was
  // the device's last transfer in flight, the sample owns the tail that starts.
  double end(int device, bool upload, double token, double now, SampleId sample);
  // Sample `sample` of `device` finishes with `record`: returned when it can be written now, parked (nothing
  // returned) while it owns its device's open tail.
  std::optional<SampleRecord> finish(int device, SampleId sample, const SampleRecord& record);
  // The run is over: every open tail ends in full; the parked records it completes, to be written.
  std::vector<SampleRecord> close_all();

  // The device's radio power at `now` and until when it holds (RadioMeter::power).
  RadioMeter::Power power(int device, double now) const { return meter_.power(device, now); }
  // The device stops at `now` (an empty battery): its open tail ends there; a parked record that this
  // completes is returned, to be written.
  std::optional<SampleRecord> cut_tail(int device, double now);

  double idle_energy_j(double run_s) const { return meter_.idle_energy_j(run_s); }
  double device_energy_above_idle_j(int device) const { return meter_.device_energy_above_idle_j(device); }

 private:
  // Who pays for a tail (TailOwner, engine/ids.hpp), as RadioMeter's int owner.
  static int sample_owner(SampleId sample) { return TailOwner::of(sample).encoded(); }
  static int parked_owner(int device) { return TailOwner::parked(DeviceId(device)).encoded(); }
  // Charges `charge`; a parked record it completes goes to `done`.
  void charge(const RadioMeter::TailCharge& charge, std::optional<SampleRecord>& done);

  RadioMeter meter_;
  SamplePool& samples_;
  std::vector<std::optional<SampleRecord>> parked_;  // per device
};

}  // namespace hybridfog

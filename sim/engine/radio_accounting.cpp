#include "engine/radio_accounting.hpp"

#include "engine/sample_pool.hpp"
#include "platform/platform_spec.hpp"

namespace hybridfog {

RadioAccounting::RadioAccounting(const RadioSpec& r, int devices, SamplePool& samples)
    : meter_(RadioPowers{r.transmit_power_w, r.receive_power_w, r.idle_power_w, r.tail_s, r.tail_power_w}, devices),
      samples_(samples), parked_(static_cast<size_t>(devices)) {}

void RadioAccounting::charge(const RadioMeter::TailCharge& charge, std::optional<SampleRecord>& done) {
  if (charge.owner < 0) return;  // no tail was open
  const TailOwner owner = TailOwner::decode(charge.owner);
  if (!owner.is_parked()) {
    samples_[owner.sample()].radio_j += charge.energy_j;
    return;
  }
  const int device = owner.device().value();
  done = *parked_[device];
  parked_[device].reset();
  done->radio_energy_j += charge.energy_j;
}

double RadioAccounting::begin(int device, bool upload, double now, std::optional<SampleRecord>& done) {
  RadioMeter::TailCharge cut;
  const double token = meter_.begin(device, upload, now, &cut);
  charge(cut, done);
  return token;
}

double RadioAccounting::end(int device, bool upload, double token, double now, SampleId sample) {
  return meter_.end(device, upload, token, now, sample_owner(sample));
}

std::optional<SampleRecord> RadioAccounting::finish(int device, SampleId sample, const SampleRecord& record) {
  if (meter_.tail_owner(device) == sample_owner(sample)) {
    meter_.rename_owner(device, sample_owner(sample), parked_owner(device));
    parked_[device] = record;
    return std::nullopt;
  }
  return record;
}

std::optional<SampleRecord> RadioAccounting::cut_tail(int device, double now) {
  std::optional<SampleRecord> done;
  charge(meter_.cut_tail(device, now), done);
  return done;
}

std::vector<SampleRecord> RadioAccounting::close_all() {
  std::vector<SampleRecord> done;
  for (const auto& tail : meter_.close_tails()) {
    std::optional<SampleRecord> record;
    charge(tail, record);
    if (record) done.push_back(std::move(*record));
  }
  return done;
}

}  // namespace hybridfog

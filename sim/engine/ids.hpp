#pragma once
// Typed ids of the engine (docs/architecture.md, "The engine as components"): a host index and a sample
// slot are different types, so a swapped argument does not compile, and no id is ever encoded in a sign.
#include <cstdint>

namespace hybridfog {

// An index into one of the engine's tables. `Tag` only makes the types distinct.
template <class Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(int value) : value_(value) {}
  constexpr int value() const { return value_; }
  constexpr bool valid() const { return value_ >= 0; }
  friend constexpr bool operator==(Id a, Id b) { return a.value_ == b.value_; }
  friend constexpr bool operator!=(Id a, Id b) { return a.value_ != b.value_; }
  friend constexpr bool operator<(Id a, Id b) { return a.value_ < b.value_; }

 private:
  int value_ = -1;  // -1: none
};

using SampleId = Id<struct SampleTag>;  // a slot of the sample pool (reused once the sample is gone)
using HostId = Id<struct HostTag>;      // an index into BuiltPlatform::hosts
using LinkId = Id<struct LinkTag>;      // an index into BuiltPlatform::links
using DeviceId = Id<struct DeviceTag>;  // a device number (BuiltPlatform::device_host)
using BatchId = Id<struct BatchTag>;    // a slot of the batcher

// Who owns an execution: one sample, or a batch of samples computed together.
class ExecOwner {
 public:
  static ExecOwner of(SampleId sample) { return ExecOwner(sample.value(), false); }
  static ExecOwner of(BatchId batch) { return ExecOwner(batch.value(), true); }
  bool is_batch() const { return batch_; }
  SampleId sample() const { return batch_ ? SampleId() : SampleId(index_); }
  BatchId batch() const { return batch_ ? BatchId(index_) : BatchId(); }
  friend bool operator==(ExecOwner a, ExecOwner b) { return a.index_ == b.index_ && a.batch_ == b.batch_; }

 private:
  ExecOwner(int index, bool batch) : index_(index), batch_(batch) {}
  int index_ = -1;
  bool batch_ = false;
};

// Who pays for a device's radio tail (engine/radio_accounting.hpp): a sample in flight, or the parked record
// of a device. RadioMeter (metrics/) takes an opaque int owner: `encoded()` is that int, a sample slot s as 2s
// and device d's parked record as 2d + 1, mapped here and nowhere else.
class TailOwner {
 public:
  static TailOwner of(SampleId sample) { return TailOwner(2 * sample.value()); }
  static TailOwner parked(DeviceId device) { return TailOwner(2 * device.value() + 1); }
  static TailOwner decode(int encoded) { return TailOwner(encoded); }  // REQUIRES: encoded >= 0
  int encoded() const { return code_; }
  bool is_parked() const { return code_ % 2 == 1; }
  SampleId sample() const { return is_parked() ? SampleId() : SampleId(code_ / 2); }
  DeviceId device() const { return is_parked() ? DeviceId(code_ / 2) : DeviceId(); }

 private:
  explicit TailOwner(int code) : code_(code) {}
  int code_;
};

}  // namespace hybridfog

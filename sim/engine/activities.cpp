#include "engine/activities.hpp"

#include <simgrid/s4u.hpp>
#include <spdlog/spdlog.h>

#include <cstdint>

namespace hybridfog {

namespace sg4 = simgrid::s4u;

namespace {
// A tag in an activity's data pointer: the index shifted left by two, the kind in the two low bits
// (0: none, so a cleared tag reads as none).
enum : std::uintptr_t { kTransfer = 1, kSampleExec = 2, kBatchExec = 3 };
void* encode(std::uintptr_t kind, int index) { return reinterpret_cast<void*>((static_cast<std::uintptr_t>(index) << 2) | kind); }
}  // namespace

sg4::ActivityPtr Activities::start_transfer(sg4::Host* from, sg4::Host* to, double bytes, SampleId sample) {
  sg4::CommPtr comm = sg4::Comm::sendto_init(from, to);
  comm->set_payload_size(static_cast<std::uint64_t>(bytes));
  comm->set_data(encode(kTransfer, sample.value()));
  comm->start();
  release_from_maestro(*comm);
  return comm;
}

sg4::ActivityPtr Activities::start_exec(sg4::Host* host, double flops, ExecOwner owner) {
  sg4::ExecPtr exec = sg4::Exec::init();
  release_from_maestro(*exec);
  exec->set_host(host);
  exec->set_flops_amount(flops);
  exec->set_data(owner.is_batch() ? encode(kBatchExec, owner.batch().value()) : encode(kSampleExec, owner.sample().value()));
  exec->start();
  return exec;
}

ActivityTag Activities::tag_of(const sg4::Activity& activity) {
  const auto bits = reinterpret_cast<std::uintptr_t>(activity.get_data<void>());
  const int index = static_cast<int>(bits >> 2);
  ActivityTag tag;
  switch (bits & 3) {
    case kTransfer:
      tag.kind = ActivityTag::Kind::transfer;
      tag.sample = SampleId(index);
      break;
    case kSampleExec:
      tag.kind = ActivityTag::Kind::exec;
      tag.owner = ExecOwner::of(SampleId(index));
      break;
    case kBatchExec:
      tag.kind = ActivityTag::Kind::exec;
      tag.owner = ExecOwner::of(BatchId(index));
      break;
    default:
      break;
  }
  return tag;
}

void Activities::detach(const sg4::ActivityPtr& activity) {
  activity->set_data(nullptr);
  activity->cancel();
}

void Activities::cancel(sg4::ActivityPtr& activity) {
  detach(activity);
  retire(activity);
}

void Activities::retire(sg4::ActivityPtr& activity) {
  if (activity) retired_.push_back(std::move(activity));
  activity = nullptr;
}

void Activities::release_from_maestro(const sg4::Activity& activity) {
  if (!maestro_) maestro_.emplace(!keep_maestro_list_);
  maestro_->release(activity);
}

void Activities::log_end() const {
  if (!maestro_) return;
  if (maestro_->active())
    spdlog::debug("maestro activity list: {} activities taken off", maestro_->released());
  else
    spdlog::debug("maestro activity list: left as SimGrid keeps it ({})", maestro_->why_off());
}

}  // namespace hybridfog

#pragma once
// Activities: the only code that creates, cancels and retires SimGrid executions and communications.
//
// Every activity carries a typed tag (its data pointer): a transfer of a sample, the execution of one
// sample, or the execution of a batch. The completion callback reads it back with `tag_of`; an activity
// whose outcome is no longer ours (cancelled, or cut by a failure) has its tag cleared first. Activities are
// started from maestro (no actor per sample); right after creation each one is taken off maestro's
// activity list (engine/maestro_activities.hpp). A completed or cancelled activity is kept until simulated
// time moves on, because SimGrid may still use it in the same instant.
#include <simgrid/forward.h>

#include <optional>
#include <vector>

#include "engine/ids.hpp"
#include "engine/maestro_activities.hpp"

namespace hybridfog {

struct ActivityTag {
  enum class Kind { none, transfer, exec };
  Kind kind = Kind::none;
  SampleId sample;   // transfer: its sample
  ExecOwner owner = ExecOwner::of(SampleId());  // exec: a sample or a batch
};

class Activities {
 public:
  // `keep_maestro_list`: leave maestro's activity list as SimGrid keeps it (HYBRIDFOG_KEEP_MAESTRO_LIST).
  explicit Activities(bool keep_maestro_list) : keep_maestro_list_(keep_maestro_list) {}

  // Starts sending `bytes` from `from` to `to` for `sample`.
  simgrid::s4u::ActivityPtr start_transfer(simgrid::s4u::Host* from, simgrid::s4u::Host* to, double bytes, SampleId sample);
  // Starts `flops` work units on `host` for `owner`.
  simgrid::s4u::ActivityPtr start_exec(simgrid::s4u::Host* host, double flops, ExecOwner owner);
  static ActivityTag tag_of(const simgrid::s4u::Activity& activity);

  // Cancels `activity` (its completion is not ours to handle any more), keeps it until time moves on and
  // clears the pointer.
  void cancel(simgrid::s4u::ActivityPtr& activity);
  // Keeps a completed `activity` until time moves on and clears the pointer (nothing when it is null).
  void retire(simgrid::s4u::ActivityPtr& activity);
  // Simulated time moved on: SimGrid is done with every retired activity.
  void on_time_advance() { retired_.clear(); }
  // Logs what was done to maestro's activity list (debug level).
  void log_end() const;

 private:
  // Clears the tag of `activity` and cancels it.
  static void detach(const simgrid::s4u::ActivityPtr& activity);
  void release_from_maestro(const simgrid::s4u::Activity& activity);

  bool keep_maestro_list_;
  std::vector<simgrid::s4u::ActivityPtr> retired_;
  std::optional<MaestroActivities> maestro_;
};

}  // namespace hybridfog

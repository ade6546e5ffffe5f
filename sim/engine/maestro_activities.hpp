#pragma once
// Keeps SimGrid 3.32's list of maestro's activities short (docs/performance.md, "A million devices").
//
// SimGrid 3.32 records every activity started from maestro (every detached host-to-host Comm, and every Exec
// created in maestro's context: all of the engine's activities) in maestro's `ActorImpl::activities_`, a
// std::list, and removes it with std::list::remove when it completes: a scan of the whole list on every
// completion. The list holds every activity in flight, so each completion costs O(activities in flight),
// which at a fixed rate per device grows with the number of devices: at 1,000,000 devices the run advanced
// at 60-100 samples per second. (Later SimGrid versions keep the set in a std::set.)
//
// The list is used only to cancel maestro's activities if maestro is killed, which never happens in a run,
// and the engine holds its own reference to each activity until after it completed. So, right after
// creating an activity, the engine takes it back off the end of that list (O(1)); the completion's scan then
// finds a short list. This reaches into SimGrid's private layout of one version (the list's place inside
// ActorImpl, read off the Debian 3.32 build): it is enabled only when both the headers and the library say
// 3.32, and only after a first check that the list's last element is the activity just created; otherwise
// it stays off and the run is only slower, never different. Simulated results are identical either way
// (tests/e2e/maestro_activities_test.cpp compares outputs byte for byte).
#include <cstdint>

namespace simgrid::s4u {
class Activity;
}

namespace hybridfog {

class MaestroActivities {
 public:
  // Call from maestro's context (engine callbacks), with the engine running. `enabled` false: do nothing.
  explicit MaestroActivities(bool enabled);
  // Takes `activity` off the end of maestro's list if it is there; returns whether it did.
  bool release(const simgrid::s4u::Activity& activity);
  bool active() const { return list_ != nullptr; }
  std::uint64_t released() const { return released_; }
  // Why it is off ("" when on or not yet checked).
  const char* why_off() const { return why_off_; }

 private:
  void* list_ = nullptr;  // maestro's std::list<ActivityImplPtr>, once checked
  void* candidate_ = nullptr;
  bool checked_ = false;
  std::uint64_t released_ = 0;
  const char* why_off_ = "";
};

}  // namespace hybridfog

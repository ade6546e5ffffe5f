#include "engine/maestro_activities.hpp"

#include <simgrid/s4u.hpp>
#include <simgrid/version.h>

#include <cstddef>
#include <list>

namespace hybridfog {

namespace {

using ActivityList = std::list<simgrid::kernel::activity::ActivityImplPtr>;

// Offset of `activities_` inside simgrid::kernel::actor::ActorImpl in the Debian build of SimGrid 3.32
// (CommImpl::detach appends to maestro + 0xc0 and counts its size at + 0xd0).
constexpr std::size_t kActivitiesOffset = 0xc0;

}  // namespace

MaestroActivities::MaestroActivities(bool enabled) {
  if (!enabled) {
    why_off_ = "disabled";
    checked_ = true;
    return;
  }
#if SIMGRID_VERSION_MAJOR == 3 && SIMGRID_VERSION_MINOR == 32
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  if (major != 3 || minor != 32) {
    why_off_ = "the SimGrid library is not version 3.32";
    checked_ = true;
    return;
  }
  // A raw pointer on purpose: maestro's reference count is 0 (SimGrid deletes maestro itself at the end), so
  // an ActorPtr would delete maestro when released.
  const simgrid::s4u::Actor* maestro = simgrid::s4u::Actor::self();
  if (maestro == nullptr || !simgrid::s4u::Actor::is_maestro()) {
    why_off_ = "not called from maestro";
    checked_ = true;
    return;
  }
  candidate_ = reinterpret_cast<char*>(maestro->get_impl()) + kActivitiesOffset;
#else
  why_off_ = "built against SimGrid headers other than 3.32";
  checked_ = true;
#endif
}

bool MaestroActivities::release(const simgrid::s4u::Activity& activity) {
  if (!checked_) {
    checked_ = true;
    // The first activity checks the layout: maestro's list must end with the activity just created, and
    // the list's links must be consistent (last node's next is the list itself).
    auto* list = static_cast<ActivityList*>(candidate_);
    struct Links {
      Links* next;
      Links* prev;
    };
    const auto* head = static_cast<const Links*>(candidate_);
    const auto* size = reinterpret_cast<const std::size_t*>(head + 1);
    const bool consistent = head->prev != nullptr && head->next != nullptr && *size >= 1 && *size < (std::size_t{1} << 40) &&
                            head->prev->next == head;
    if (consistent && list->back().get() == activity.get_impl()) {
      list_ = candidate_;
    } else {
      why_off_ = "maestro's activity list is not where SimGrid 3.32 keeps it";
    }
  }
  if (list_ == nullptr) return false;
  auto* list = static_cast<ActivityList*>(list_);
  if (list->empty() || list->back().get() != activity.get_impl()) return false;
  list->pop_back();
  ++released_;
  return true;
}

}  // namespace hybridfog

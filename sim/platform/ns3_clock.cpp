#include "platform/ns3_clock.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <xbt/config.hpp>

#include <dlfcn.h>

#include <stdexcept>
#include <vector>

namespace hybridfog {
namespace {

// After a step of 0: moves the timers due in (now, now + precision] to now. The heap is SimGrid's own (an
// inline function's static, one object in the process: the library exports it), ordered by the dates in its
// elements (Timer::execute_all reads them), so changing an element's date through its handle is all it takes.
void move_timers_due_within(double precision) {
  using namespace simgrid::kernel::timer;
  auto& heap = kernel_timers();
  using Heap = std::remove_reference_t<decltype(heap)>;
  const double now = simgrid::s4u::Engine::get_clock();
  std::vector<Heap::handle_type> due;
  for (auto it = heap.begin(); it != heap.end(); ++it)
    if (it->first > now && it->first <= now + precision) due.push_back(Heap::s_handle_from_iterator(it));
  for (const Heap::handle_type& handle : due) heap.update(handle, {now, (*handle).second});
}

}  // namespace

void use_picosecond_time_in_ns3() {
  static bool done = false;
  if (done) return;
  done = true;
  // ns3::Time::SetResolution(ns3::Time::PS) (PS is 8 in ns-3 3.37's Time::Unit), looked up in the ns-3 core
  // library SimGrid loaded: hybridfog is not built against ns-3's headers.
  using SetResolution = void (*)(int);
  auto* set_resolution = reinterpret_cast<SetResolution>(dlsym(RTLD_DEFAULT, "_ZN3ns34Time13SetResolutionENS0_4UnitE"));
  if (set_resolution == nullptr)
    throw std::runtime_error("network.model: ns-3: ns3::Time::SetResolution not found in the loaded ns-3 libraries");
  set_resolution(8);
}

void keep_timers_reachable_under_ns3() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  const double precision = simgrid::config::get_value<double>("surf/precision");
  simgrid::s4u::Engine::on_time_advance_cb([precision](double step) {
    if (step == 0) move_timers_due_within(precision);
  });
}

}  // namespace hybridfog

#include "engine/timer.hpp"

#include <simgrid/kernel/Timer.hpp>

#include <utility>

namespace hybridfog {

void Timer::set(double when_s, std::function<void()> fn) {
  cancel();
  if (!handle_) handle_ = std::make_unique<Handle>();
  Handle* handle = handle_.get();
  handle->timer = simgrid::kernel::timer::Timer::set(when_s, [handle, fn = std::move(fn)]() {
    handle->timer = nullptr;
    fn();
  });
}

void Timer::cancel() {
  if (!handle_ || !handle_->timer) return;
  handle_->timer->remove();
  handle_->timer = nullptr;
}

void at(double when_s, std::function<void()> fn) { simgrid::kernel::timer::Timer::set(when_s, std::move(fn)); }

}  // namespace hybridfog

#pragma once
// Kernel timers of the engine: the only code that names simgrid::kernel::timer.
//
// SimGrid runs until no activity and no timer is pending, so a timer left armed past its purpose (a
// governor's "lower the state", a batch's max_wait, the fleet's next mobility change) would extend the run.
// `Timer` is a one-shot timer with a handle: armed at most once at a time, cancelled on a new `set`, on
// `cancel` or when it goes out of scope; it may be moved (kept in vectors). `at()` sets a timer nobody
// ever needs to cancel (arrivals, detection timeouts).
#include <functional>
#include <memory>

namespace simgrid::kernel::timer {
class Timer;
}

namespace hybridfog {

class Timer {
 public:
  Timer() = default;
  Timer(Timer&&) noexcept = default;
  Timer& operator=(Timer&& other) noexcept {
    cancel();
    handle_ = std::move(other.handle_);
    return *this;
  }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer() { cancel(); }

  // Calls `fn` at simulated time `when_s`; a timer already armed is cancelled first.
  void set(double when_s, std::function<void()> fn);
  // Disarms it (nothing happens when it is not armed).
  void cancel();
  bool armed() const { return handle_ && handle_->timer; }

 private:
  // Where the kernel timer's callback finds its Timer's state: on the heap, so the Timer may move.
  struct Handle {
    simgrid::kernel::timer::Timer* timer = nullptr;
  };
  std::unique_ptr<Handle> handle_;
};

// Calls `fn` at simulated time `when_s`, once; it cannot be cancelled.
void at(double when_s, std::function<void()> fn);

}  // namespace hybridfog

#include "engine/run_control.hpp"

#include <simgrid/s4u/Engine.hpp>

namespace hybridfog {

void RunControl::check() {
  if (!options_.progress && options_.max_wall_s <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (options_.max_wall_s > 0) {
    const double wall_s = std::chrono::duration<double>(now - start_).count();
    if (wall_s >= options_.max_wall_s)
      throw WallLimitReached(finished_, expected_, simgrid::s4u::Engine::get_clock(), wall_s);
  }
  if (!options_.progress) return;
  if (std::chrono::duration<double>(now - last_progress_).count() < options_.progress_interval_s) return;
  last_progress_ = now;
  options_.progress(finished_, expected_, simgrid::s4u::Engine::get_clock());
}

}  // namespace hybridfog

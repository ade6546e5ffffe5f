#include "core/progress.hpp"

#include <algorithm>
#include <cmath>

namespace hybridfog {

std::string with_separators(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    out += digits[i];
    if ((n - i - 1) % 3 == 0 && i + 1 < n) out += ',';
  }
  return out;
}

std::string human_duration(double seconds) {
  char text[64];
  if (!(seconds >= 0) || !std::isfinite(seconds)) return "?";
  if (seconds < 60) {
    std::snprintf(text, sizeof text, "%.1f s", seconds);
  } else if (seconds < 3600) {
    const long long s = std::llround(seconds);
    std::snprintf(text, sizeof text, "%lld min %02lld s", s / 60, s % 60);
  } else {
    const long long m = std::llround(seconds / 60);
    std::snprintf(text, sizeof text, "%lld h %02lld min", m / 60, m % 60);
  }
  return text;
}

std::string progress_line(const ProgressSnapshot& p) {
  std::string line = "progress: " + with_separators(p.done);
  if (p.total > 0) line += "/" + with_separators(p.total);
  line += std::string(" ") + p.unit;
  char text[64];
  if (p.total > 0) {
    std::snprintf(text, sizeof text, " (%.1f%%)", 100.0 * static_cast<double>(p.done) / static_cast<double>(p.total));
    line += text;
  }
  const bool by_duration = p.total == 0 && p.sim_duration_s && *p.sim_duration_s > 0 && p.sim_time_s;
  if (by_duration) {
    const double clock = *p.sim_time_s, duration = *p.sim_duration_s;
    std::snprintf(text, sizeof text, ", simulated %.1f of %.1f s (%.1f%%)", clock, duration,
                  100.0 * std::min(clock, duration) / duration);
    line += text;
  } else if (p.sim_time_s) {
    std::snprintf(text, sizeof text, ", simulated %.1f s", *p.sim_time_s);
    line += text;
  }
  line += ", elapsed " + human_duration(p.elapsed_s);
  if (p.done > 0 && p.elapsed_s > 0) {
    const double rate = static_cast<double>(p.done) / p.elapsed_s;
    line += ", " + with_separators(static_cast<std::uint64_t>(std::llround(rate))) + " " + p.unit + "/s";
    if (p.total > 0) line += ", ETA " + human_duration(static_cast<double>(p.total - std::min(p.done, p.total)) / rate);
  }
  if (by_duration) {
    const double clock = *p.sim_time_s, duration = *p.sim_duration_s;
    if (clock >= duration)
      line += ", arrivals ended, answering the last samples";
    else if (clock > 0 && p.elapsed_s > 0)
      line += ", ETA " + human_duration(p.elapsed_s * (duration - clock) / clock);
  }
  return line;
}

ProgressPrinter::ProgressPrinter(std::FILE* out, bool terminal, double interval_s)
    : out_(out), terminal_(terminal), interval_s_(interval_s >= 0 ? interval_s : terminal ? 0.5 : 5.0) {}

void ProgressPrinter::update(const ProgressSnapshot& snapshot, bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && last_ && std::chrono::duration<double>(now - *last_).count() < interval_s_) return;
  last_ = now;
  if (terminal_)
    std::fprintf(out_, "\r%s\x1b[K", progress_line(snapshot).c_str());
  else
    std::fprintf(out_, "%s\n", progress_line(snapshot).c_str());
  std::fflush(out_);
  printed_ = true;
}

void ProgressPrinter::finish() {
  if (terminal_ && printed_) std::fputs("\n", out_);
  printed_ = false;
}

}  // namespace hybridfog

#pragma once
// The small estimators behind PolicyContext and the adaptive policies (docs/policies.md): plain values,
// deterministic, unit-tested on their own (tests/unit/policy/estimators_test.cpp).
#include <cstdint>

namespace hybridfog {

// Exponentially weighted moving average with window N: weight alpha = 2 / (N + 1) (the usual "N-period"
// EWMA: the most recent N observations carry about 86 % of the weight). The first observation is taken as
// it is. REQUIRES: window >= 1.
class Ewma {
 public:
  explicit Ewma(int window = 8) : alpha_(2.0 / (window + 1.0)) {}
  void add(double x, double now_s) {
    value_ = count_ == 0 ? x : value_ + alpha_ * (x - value_);
    ++count_;
    last_s_ = now_s;
  }
  double value() const { return value_; }       // 0 before the first observation
  std::uint64_t count() const { return count_; }
  double last_s() const { return last_s_; }      // time of the last observation
  double alpha() const { return alpha_; }

 private:
  double alpha_;
  double value_ = 0;
  std::uint64_t count_ = 0;
  double last_s_ = 0;
};

// A value that its owner advertises every `period_s` (at t = period, 2 period, ...): what a reader sees at
// time t is the value it had just before the last advertisement at or before t. Kept lazily: the owner calls
// changing(now) before every change of the value, nothing runs in between.
class AdvertisedValue {
 public:
  explicit AdvertisedValue(double period_s = 1.0) : period_s_(period_s) {}
  // Call before the value changes at `now_s` (the new value is set with set() right after).
  void changing(double now_s) {
    const double boundary = last_boundary(now_s);
    if (boundary > changed_s_) {
      advertised_value_ = value_;
      advertised_s_ = boundary;
      advertised_ = boundary > 0;
    }
    changed_s_ = now_s;
  }
  void set(int value) { value_ = value; }
  int current() const { return value_; }
  // What a reader sees at `now_s`: false when nothing was advertised yet.
  bool read(double now_s, int* value, double* advertised_at_s) const {
    const double boundary = last_boundary(now_s);
    if (boundary <= 0) return false;
    if (boundary > changed_s_) {  // unchanged since the last change, which came before this boundary
      *value = value_;
      *advertised_at_s = boundary;
      return true;
    }
    if (!advertised_) return false;
    *value = advertised_value_;
    *advertised_at_s = advertised_s_;
    return true;
  }
  double period_s() const { return period_s_; }

 private:
  double last_boundary(double t) const {
    const double k = static_cast<double>(static_cast<std::int64_t>(t / period_s_));
    return k * period_s_;
  }
  double period_s_;
  int value_ = 0;
  double changed_s_ = 0;
  bool advertised_ = false;
  int advertised_value_ = 0;
  double advertised_s_ = 0;
};

// Proportional-integral controller with clamping and anti-windup (docs/policies.md, "budget-controller"):
// error e = (measured - target) / target (relative, so one pair of gains serves any budget unit);
// I = Σ e dt over control steps; output u = clamp(initial + direction x (kp e + ki I), min, max).
// Anti-windup: the integral term alone is kept within the output range (initial + direction ki I in
// [min, max]), so a long saturation does not build up an integral that would hold the output at its clamp
// after the error changed sign.
class PiController {
 public:
  PiController(double initial, double kp, double ki, double min, double max, double direction)
      : initial_(initial), kp_(kp), ki_(ki), min_(min), max_(max), direction_(direction), output_(clamp(initial)) {}
  // One control step after `dt_s` seconds with the budget measured over that period. REQUIRES: target > 0.
  double step(double measured, double target, double dt_s) {
    const double e = (measured - target) / target;
    integral_ += e * dt_s;
    if (ki_ > 0) {
      const double a = (min_ - initial_) / (direction_ * ki_), b = (max_ - initial_) / (direction_ * ki_);
      const double low = a < b ? a : b, high = a < b ? b : a;
      integral_ = integral_ < low ? low : integral_ > high ? high : integral_;
    }
    output_ = clamp(initial_ + direction_ * (kp_ * e + ki_ * integral_));
    return output_;
  }
  double output() const { return output_; }
  double integral() const { return integral_; }

 private:
  double clamp(double u) const { return u < min_ ? min_ : u > max_ ? max_ : u; }
  double initial_, kp_, ki_, min_, max_, direction_;
  double integral_ = 0;
  double output_;
};

}  // namespace hybridfog

#include "engine/mobility.hpp"

#include <algorithm>
#include <cmath>

namespace hybridfog {

namespace {

// Stream of the random waypoint draws (one per device, derived from it): far from the workload's streams
// (0 for the sample order, 1 + device for arrivals).
constexpr std::uint64_t kMobilityStream = 0x6d6f62696c697479ULL;  // "mobility"

double squared(double x) { return x * x; }

// Distance from (px, py) to the segment (ax, ay)-(bx, by).
double distance_to_segment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double length2 = dx * dx + dy * dy;
  double u = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0.0;
  u = std::clamp(u, 0.0, 1.0);
  return std::hypot(px - (ax + u * dx), py - (ay + u * dy));
}

}  // namespace

MobilityTracker::MobilityTracker(const WifiSpec& wifi, const MobilitySpec& spec, const std::vector<int>& home_site,
                                 std::uint64_t seed)
    : wifi_(wifi), spec_(spec), devices_(spec.devices.size()) {
  const std::uint64_t stream_seed = derive_seed(seed, kMobilityStream);
  for (int d = 0; d < devices(); ++d) {
    const DeviceMobility& m = spec_.devices[d];
    Device& device = devices_[d];
    if (m.model == DeviceMobility::Model::wired) {  // at its home site for good, no rate level, no station
      device.site = home_site[d];
      continue;
    }
    Segment first;
    switch (m.model) {
      case DeviceMobility::Model::wired:
        break;
      case DeviceMobility::Model::home:
        first.x0 = first.x1 = wifi_.sites[home_site[d]].x_m;
        first.y0 = first.y1 = wifi_.sites[home_site[d]].y_m;
        break;
      case DeviceMobility::Model::fixed:
        first.x0 = first.x1 = m.x_m;
        first.y0 = first.y1 = m.y_m;
        break;
      case DeviceMobility::Model::trace:
        // At its first point until that point's time (then along its segments).
        first.x0 = first.x1 = m.trace.front().x_m;
        first.y0 = first.y1 = m.trace.front().y_m;
        if (m.trace.size() > 1) first.t1 = m.trace.front().time_s;
        break;
      case DeviceMobility::Model::random_waypoint: {
        const RandomWaypointSpec& w = spec_.random_waypoints[m.random_waypoint];
        device.rng = Rng(derive_seed(stream_seed, static_cast<std::uint64_t>(d)));
        first.x0 = first.x1 = w.x_min_m + (w.x_max_m - w.x_min_m) * device.rng.uniform();
        first.y0 = first.y1 = w.y_min_m + (w.y_max_m - w.y_min_m) * device.rng.uniform();
        // A zero-length segment: the first leg starts at once (an area of one point never moves).
        if (w.x_max_m > w.x_min_m || w.y_max_m > w.y_min_m) first.t1 = 0;
        break;
      }
    }
    device.segment = first;
    while (device.segment.t1 <= 0) device.segment = following_segment(d);
    start_segment(d, device.segment);
    evaluate(d, 0);
    const double next = next_change(d);
    if (next < kNever) queue_.emplace(next, d);
  }
}

std::pair<double, double> MobilityTracker::position(int device, double t) const {
  const Segment& s = devices_[device].segment;
  if (s.vx == 0 && s.vy == 0) return {s.x0, s.y0};
  return {s.x0 + s.vx * (t - s.t0), s.y0 + s.vy * (t - s.t0)};
}

MobilityTracker::Segment MobilityTracker::following_segment(int d) {
  Device& device = devices_[d];
  const DeviceMobility& m = spec_.devices[d];
  const Segment& current = device.segment;
  Segment next;
  next.t0 = current.t1;
  next.x0 = next.x1 = current.x1;
  next.y0 = next.y1 = current.y1;
  if (m.model == DeviceMobility::Model::trace) {
    // trace_point: the point the current segment ends at. Next: from it to the following point, or rest
    // there forever after the last one.
    const size_t k = device.trace_point;
    if (k + 1 >= m.trace.size()) return next;
    device.trace_point = k + 1;
    const Waypoint& a = m.trace[k];
    const Waypoint& b = m.trace[k + 1];
    next.x0 = a.x_m;
    next.y0 = a.y_m;
    next.t1 = b.time_s;
    next.x1 = b.x_m;
    next.y1 = b.y_m;
    next.vx = (b.x_m - a.x_m) / (b.time_s - a.time_s);
    next.vy = (b.y_m - a.y_m) / (b.time_s - a.time_s);
    return next;
  }
  // Random waypoint: a pause, then a leg to a uniform destination at a uniform speed.
  const RandomWaypointSpec& w = spec_.random_waypoints[m.random_waypoint];
  if (device.pause_next && w.pause_s > 0) {
    device.pause_next = false;
    next.t1 = next.t0 + w.pause_s;
    return next;
  }
  device.pause_next = true;
  const double to_x = w.x_min_m + (w.x_max_m - w.x_min_m) * device.rng.uniform();
  const double to_y = w.y_min_m + (w.y_max_m - w.y_min_m) * device.rng.uniform();
  const double speed = w.speed_min_m_per_s + (w.speed_max_m_per_s - w.speed_min_m_per_s) * device.rng.uniform();
  const double distance = std::hypot(to_x - next.x0, to_y - next.y0);
  next.t1 = next.t0 + distance / speed;  // == t0 for a zero-length leg: the caller draws the next one
  next.x1 = to_x;
  next.y1 = to_y;
  if (distance > 0) {
    next.vx = (to_x - next.x0) / distance * speed;
    next.vy = (to_y - next.y0) / distance * speed;
  }
  return next;
}

void MobilityTracker::start_segment(int d, const Segment& segment) {
  Device& device = devices_[d];
  device.segment = segment;
  device.candidates.clear();
  device.next_candidate = 0;
  const double vx = segment.vx, vy = segment.vy;
  const double a = vx * vx + vy * vy;
  if (a == 0) return;  // standing still: nothing changes until the segment ends
  // Sites whose coverage this segment touches; the others can neither be associated with nor matter.
  std::vector<int> near;
  for (size_t s = 0; s < wifi_.sites.size(); ++s) {
    const WifiSiteSpec& site = wifi_.sites[s];
    if (distance_to_segment(site.x_m, site.y_m, segment.x0, segment.y0, segment.x1, segment.y1) <= site.coverage_radius_m)
      near.push_back(static_cast<int>(s));
  }
  const auto keep = [&](double tau) {
    const double t = segment.t0 + tau;
    if (t > segment.t0 && t < segment.t1) device.candidates.push_back(t);
  };
  // |q + v tau|^2 = r^2 with q the start relative to the centre: a tau^2 + 2 b tau + c = 0, solved in the
  // stable form (no cancellation between -b and the square root).
  const auto circle = [&](double qx, double qy, double r) {
    const double b = qx * vx + qy * vy;
    const double c = qx * qx + qy * qy - r * r;
    const double disc = b * b - a * c;
    if (disc < 0) return;
    const double q = -(b + std::copysign(std::sqrt(disc), b));
    keep(q / a);
    if (q != 0) keep(c / q);
  };
  for (int s : near) {
    const WifiSiteSpec& site = wifi_.sites[s];
    const double qx = segment.x0 - site.x_m, qy = segment.y0 - site.y_m;
    circle(qx, qy, site.coverage_radius_m);
    for (const WifiRateLevel& level : wifi_.rates)
      if (level.up_to_m < site.coverage_radius_m) circle(qx, qy, level.up_to_m);
  }
  // Equal distance to two sites: |qi + v tau|^2 - |qj + v tau|^2 = 0 is linear in tau.
  for (size_t i = 0; i < near.size(); ++i)
    for (size_t j = i + 1; j < near.size(); ++j) {
      const WifiSiteSpec& si = wifi_.sites[near[i]];
      const WifiSiteSpec& sj = wifi_.sites[near[j]];
      const double qix = segment.x0 - si.x_m, qiy = segment.y0 - si.y_m;
      const double qjx = segment.x0 - sj.x_m, qjy = segment.y0 - sj.y_m;
      const double slope = 2 * (vx * (qix - qjx) + vy * (qiy - qjy));
      if (slope == 0) continue;
      keep(((qjx * qjx + qjy * qjy) - (qix * qix + qiy * qiy)) / slope);
    }
  std::sort(device.candidates.begin(), device.candidates.end());
  device.candidates.erase(std::unique(device.candidates.begin(), device.candidates.end()), device.candidates.end());
}

double MobilityTracker::next_change(int d) const {
  const Device& device = devices_[d];
  return device.next_candidate < device.candidates.size() ? device.candidates[device.next_candidate] : device.segment.t1;
}

void MobilityTracker::evaluate(int d, double t) {
  Device& device = devices_[d];
  const double next = next_change(d);
  const double probe = next < kNever ? t + (next - t) / 2 : t + 1;
  const auto [x, y] = position(d, probe);
  int best = -1;
  double best_d2 = 0;
  for (size_t s = 0; s < wifi_.sites.size(); ++s) {
    const WifiSiteSpec& site = wifi_.sites[s];
    const double d2 = squared(x - site.x_m) + squared(y - site.y_m);
    if (d2 <= squared(site.coverage_radius_m) && (best < 0 || d2 < best_d2)) {
      best = static_cast<int>(s);
      best_d2 = d2;
    }
  }
  device.site = best;
  device.level = best < 0 ? -1 : wifi_.rate_level(std::sqrt(best_d2));
}

MobilityTracker::Change MobilityTracker::advance() {
  const auto [t, d] = queue_.top();
  queue_.pop();
  Device& device = devices_[d];
  Change change;
  change.device = d;
  change.time_s = t;
  change.old_site = device.site;
  change.old_level = device.level;
  if (t >= device.segment.t1) {
    Segment next = following_segment(d);
    device.segment = next;
    while (device.segment.t1 <= t) device.segment = following_segment(d);  // zero-length legs
    start_segment(d, device.segment);
  } else {
    while (device.next_candidate < device.candidates.size() && device.candidates[device.next_candidate] <= t)
      ++device.next_candidate;
  }
  evaluate(d, t);
  change.new_site = device.site;
  change.new_level = device.level;
  const double next = next_change(d);
  if (next < kNever) queue_.emplace(next, d);
  return change;
}

std::vector<int> MobilityTracker::reachable_sites(int d) const {
  const DeviceMobility& m = spec_.devices[d];
  std::vector<int> out;
  for (size_t s = 0; s < wifi_.sites.size(); ++s) {
    WifiSiteSpec site = wifi_.sites[s];
    // Generous by a few ulps: a path tangent to a coverage circle must not lose its station to rounding
    // (a station too many costs nothing but a host).
    site.coverage_radius_m = site.coverage_radius_m * (1 + 1e-9) + 1e-9;
    bool reachable = false;
    switch (m.model) {
      case DeviceMobility::Model::wired:
        break;
      case DeviceMobility::Model::home:
      case DeviceMobility::Model::fixed: {
        const Segment& only = devices_[d].segment;
        reachable = std::hypot(only.x0 - site.x_m, only.y0 - site.y_m) <= site.coverage_radius_m;
        break;
      }
      case DeviceMobility::Model::trace:
        for (size_t k = 0; k < m.trace.size() && !reachable; ++k) {
          const Waypoint& a = m.trace[k];
          const Waypoint& b = m.trace[k + 1 < m.trace.size() ? k + 1 : k];
          reachable = distance_to_segment(site.x_m, site.y_m, a.x_m, a.y_m, b.x_m, b.y_m) <= site.coverage_radius_m;
        }
        break;
      case DeviceMobility::Model::random_waypoint: {
        const RandomWaypointSpec& w = spec_.random_waypoints[m.random_waypoint];
        const double dx = std::max({w.x_min_m - site.x_m, 0.0, site.x_m - w.x_max_m});
        const double dy = std::max({w.y_min_m - site.y_m, 0.0, site.y_m - w.y_max_m});
        reachable = std::hypot(dx, dy) <= site.coverage_radius_m;
        break;
      }
    }
    if (reachable) out.push_back(static_cast<int>(s));
  }
  return out;
}

}  // namespace hybridfog

#pragma once
// EventLog: what happened to the platform during a run (events.csv, docs/outputs.md), so that plots can
// mark it: profile steps (a bandwidth drop, a host slowed down), failures and recoveries, and whatever
// later features add (handovers, ...). Any part of the engine adds rows through Recorder::events().
//
// A row: simulated time, a kind (a short lower-case word, documented in docs/outputs.md), the subject (a
// link class, "tier/class", a host or link name, a device) and a free detail ("key=value" pairs separated
// by ';'). Rows are written in time order; rows of equal time keep the order they were added in.
#include <string>
#include <vector>

namespace hybridfog {

class EventLog {
 public:
  struct Event {
    double time_s = 0;
    std::string kind;
    std::string subject;
    std::string detail;
  };

  // REQUIRES: kind, subject and detail hold no comma, quote or line break (checked: std::invalid_argument).
  void add(double time_s, std::string kind, std::string subject, std::string detail = "");

  const std::vector<Event>& events() const { return events_; }
  bool empty() const { return events_.empty(); }
  std::size_t size() const { return events_.size(); }

  // events.csv: "time_s,kind,subject,detail", sorted by time (stable). Throws std::runtime_error when the
  // file cannot be written.
  void write_csv(const std::string& path) const;

 private:
  std::vector<Event> events_;
};

}  // namespace hybridfog

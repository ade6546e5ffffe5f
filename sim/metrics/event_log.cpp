#include "metrics/event_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "core/number_format.hpp"

namespace hybridfog {

void EventLog::add(double time_s, std::string kind, std::string subject, std::string detail) {
  for (const std::string* field : {&kind, &subject, &detail})
    if (field->find_first_of(",\"\n\r") != std::string::npos)
      throw std::invalid_argument("event field with a comma, quote or line break: " + *field);
  events_.push_back({time_s, std::move(kind), std::move(subject), std::move(detail)});
}

void EventLog::write_csv(const std::string& path) const {
  std::vector<const Event*> sorted;
  sorted.reserve(events_.size());
  for (const auto& e : events_) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Event* a, const Event* b) { return a->time_s < b->time_s; });
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  std::fputs("time_s,kind,subject,detail\n", f);
  for (const Event* e : sorted)
    std::fprintf(f, "%s,%s,%s,%s\n", format_number(e->time_s).c_str(), e->kind.c_str(), e->subject.c_str(),
                 e->detail.c_str());
  if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace hybridfog

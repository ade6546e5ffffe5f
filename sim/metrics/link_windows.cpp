#include "metrics/link_windows.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "core/number_format.hpp"

namespace hybridfog {

void write_link_windows_csv(const std::string& path, const std::vector<LinkWindowRecord>& rows) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  std::fputs("window_start_s,window_end_s,link_class,links,bytes,bandwidth_bytes_per_s,utilization\n", f);
  for (const auto& r : rows)
    std::fprintf(f, "%s,%s,%s,%d,%s,%s,%s\n", format_number(r.start_s).c_str(), format_number(r.end_s).c_str(),
                 r.link_class.c_str(), r.links, format_number(r.bytes).c_str(),
                 format_number(r.bandwidth_bytes_per_s).c_str(), format_number(r.utilization).c_str());
  if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace hybridfog

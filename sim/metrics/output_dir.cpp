#include "metrics/output_dir.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace hybridfog {

void OutputDir::write(const std::string& name, const std::string& text) const {
  std::ofstream out(file(name), std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file(name) + ": " + std::strerror(errno));
}

}  // namespace hybridfog

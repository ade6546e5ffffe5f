#include "metrics/output_dir.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace hybridfog {
namespace {

bool replaceable(const fs::path& target) {
  if (!fs::exists(target)) return true;
  if (!fs::is_directory(target)) return false;
  return fs::exists(target / "manifest.json") || fs::is_empty(target);
}

}  // namespace

OutputDir::OutputDir(std::string target) : target_(std::move(target)) {
  fs::path t = fs::path(target_).lexically_normal();
  if (t.filename().empty()) t = t.parent_path();
  if (!replaceable(t))
    throw std::runtime_error("output folder " + target_ +
                             " exists and is not a hybridfog output (no manifest.json): refusing to replace it");
  const fs::path parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
  fs::create_directories(parent);
  staging_ = (parent / ("." + t.filename().string() + ".partial-" + std::to_string(::getpid()))).string();
  fs::remove_all(staging_);
  fs::create_directory(staging_);
  target_ = t.string();
}

OutputDir::~OutputDir() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
}

std::string OutputDir::file(const std::string& name) const { return (fs::path(staging_) / name).string(); }

void OutputDir::write(const std::string& name, const std::string& text) const {
  std::ofstream out(file(name), std::ios::binary);
  out << text;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file(name));
}

void OutputDir::commit() {
  if (fs::exists(target_)) {
    if (!replaceable(target_)) throw std::runtime_error("output folder " + target_ + " changed during the run");
    fs::remove_all(target_);
  }
  fs::rename(staging_, target_);
  committed_ = true;
}

}  // namespace hybridfog

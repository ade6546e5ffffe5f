#include "metrics/output_dir.hpp"

#include <stdio.h>  // renameat2, RENAME_EXCHANGE
#include <fcntl.h>  // AT_FDCWD
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/output_folder.hpp"

namespace fs = std::filesystem;

namespace hybridfog {

OutputDir::OutputDir(std::string target) : target_(std::move(target)) {
  check_output_folder(target_, OutputKind::run);  // InputError unless the target is absent, empty or ours
  fs::path t = fs::path(target_).lexically_normal();
  if (t.filename().empty()) t = t.parent_path();
  const fs::path parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
  fs::create_directories(parent);
  remove_stale_staging(t);  // what a killed run into the same target left
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
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target_, ec))) {
    // Checked again: the folder may have changed during the run.
    check_output_folder(target_, OutputKind::run);
    // Swap the finished staging folder and the old output in one step: at every instant the target is
    // either the old complete output or the new one. The old one, now under the staging name, goes last.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
      committed_ = true;
      fs::remove_all(staging_);
      return;
    }
    if (errno != EINVAL && errno != ENOSYS) throw std::runtime_error("cannot replace " + target_ + ": " + std::strerror(errno));
    fs::remove_all(target_);  // a filesystem without RENAME_EXCHANGE
  }
  fs::rename(staging_, target_);
  committed_ = true;
}

}  // namespace hybridfog

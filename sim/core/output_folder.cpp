#include "core/output_folder.hpp"

#include <fcntl.h>  // AT_FDCWD
#include <signal.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <fstream>
#include <regex>

#include "core/input_error.hpp"

namespace fs = std::filesystem;

namespace hybridfog {
namespace {

const SourceLocation kCommandLine{"<command line>", 0, 0};
constexpr std::uintmax_t kMaxDescriptionBytes = 64u << 20;  // a manifest or study.json larger than this is not ours
// ".NAME.partial-PID": the staging name must stay within NAME_MAX (255) for every PID.
constexpr size_t kMaxFolderNameBytes = 255 - std::char_traits<char>::length("..partial-4294967295");

bool is_regular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec));
}
bool is_real_directory(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(p, ec));
}

// The JSON object of a description file (manifest.json, study.json, ...) with {"format", "format_version"}
// equal to the given ones; null otherwise.
nlohmann::json description(const fs::path& file, const std::string& format, int version) {
  if (!is_regular(file)) return nullptr;
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || size > kMaxDescriptionBytes) return nullptr;
  std::ifstream in(file, std::ios::binary);
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return nullptr;
  const auto f = json.find("format");
  const auto v = json.find("format_version");
  if (f != json.end() && v != json.end() && f->is_string() && *f == format && v->is_number_integer() && *v == version)
    return json;
  return nullptr;
}

bool has_format(const fs::path& file, const std::string& format, int version) {
  return !description(file, format, version).is_null();
}

// Every entry of `dir` is a regular file named in `names`.
bool only_files(const fs::path& dir, const std::vector<std::string>& names) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (std::find(names.begin(), names.end(), name) == names.end() || !is_regular(it->path())) return false;
  }
  return !ec;
}

// Every entry of `dir` is a regular file whose name matches `pattern`.
bool only_files_matching(const fs::path& dir, const std::regex& pattern) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (!std::regex_match(it->path().filename().string(), pattern) || !is_regular(it->path())) return false;
  return !ec;
}

bool is_run_folder(const fs::path& dir) {
  return is_real_directory(dir) && only_files(dir, run_folder_files()) &&
         has_format(dir / "manifest.json", "hybridfog-run", 1);
}

bool is_empty_folder(const fs::path& dir) {
  std::error_code ec;
  return is_real_directory(dir) && fs::is_empty(dir, ec) && !ec;
}

// A study folder: study.json of format hybridfog-study 1; points/ holds run folders "P-rR" (finished, or
// empty) and staging folders ".P-rR.partial-PID" holding run files; logs/ holds "P-rR.log"; slurm/ holds
// what submit_slurm and the array tasks write.
bool is_study_folder(const fs::path& dir) {
  if (!is_real_directory(dir)) return false;
  static const std::regex run_name(R"(\d{1,9}-r\d{1,9})");
  static const std::regex staging_name(R"(\.\d{1,9}-r\d{1,9}\.partial-\d{1,10})");
  static const std::regex log_name(R"(\d{1,9}-r\d{1,9}\.log)");
  static const std::regex slurm_name(R"(job\.sh|job_id|job\.args|task-\d{1,9}\.out|\.job\.sh\.partial)");
  const bool described = has_format(dir / "study.json", "hybridfog-study", 1);
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path p = it->path();
    const std::string name = p.filename().string();
    if (name == ".study.json.partial" || name == ".sweep.lock") {
      if (!is_regular(p)) return false;
    } else if (!described) {
      return false;  // without study.json, only an interrupted first write of it (and the lock file)
    } else if (name == "study.json" || name == "results.csv" || name == ".results.csv.partial") {
      if (!is_regular(p)) return false;
    } else if (name == "points") {
      if (!is_real_directory(p)) return false;
      std::error_code ec2;
      for (fs::directory_iterator run(p, ec2), run_end; !ec2 && run != run_end; run.increment(ec2)) {
        const std::string run_dir = run->path().filename().string();
        const bool ok = (std::regex_match(run_dir, run_name) && (is_run_folder(run->path()) || is_empty_folder(run->path()))) ||
                        (std::regex_match(run_dir, staging_name) && is_real_directory(run->path()) &&
                         only_files(run->path(), run_folder_files()));
        if (!ok) return false;
      }
      if (ec2) return false;
    } else if (name == "logs") {
      if (!is_real_directory(p) || !only_files_matching(p, log_name)) return false;
    } else if (name == "slurm") {
      if (!is_real_directory(p) || !only_files_matching(p, slurm_name)) return false;
    } else {
      return false;
    }
  }
  return !ec;
}

// A `partition --verify-dir` folder: verify.json (unless `need_description` is false: its staging folder)
// and rank-N/ folders holding only run.log, platform.yaml, run/ (a run folder or empty) and run staging
// folders ".run.partial-PID" holding run files.
bool is_verify_content(const fs::path& dir, bool need_description) {
  if (!is_real_directory(dir)) return false;
  static const std::regex rank_name(R"(rank-\d{1,9})");
  static const std::regex staging_name(R"(\.run\.partial-\d{1,10})");
  bool described = false;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path p = it->path();
    const std::string name = p.filename().string();
    if (name == "verify.json") {
      described = has_format(p, "hybridfog-partition-verify", 1);
      if (!described) return false;
    } else if (std::regex_match(name, rank_name) && is_real_directory(p)) {
      std::error_code ec2;
      for (fs::directory_iterator r(p, ec2), r_end; !ec2 && r != r_end; r.increment(ec2)) {
        const std::string entry = r->path().filename().string();
        const bool ok = ((entry == "run.log" || entry == "platform.yaml") && is_regular(r->path())) ||
                        (entry == "run" && (is_run_folder(r->path()) || is_empty_folder(r->path()))) ||
                        (std::regex_match(entry, staging_name) && is_real_directory(r->path()) &&
                         only_files(r->path(), run_folder_files()));
        if (!ok) return false;
      }
      if (ec2) return false;
    } else {
      return false;
    }
  }
  return !ec && (described || !need_description);
}

// An `import scission` folder: scission-import.json naming its models, and only platform.yaml, network.csv,
// benchmark.csv, M.yaml, profiles/M.yaml, traces/M.csv for those models. Its staging folder (no description
// yet, `need_description` false): the same files for any model names.
bool is_scission_import_content(const fs::path& dir, bool need_description) {
  if (!is_real_directory(dir)) return false;
  const nlohmann::json json = description(dir / "scission-import.json", "hybridfog-scission-import", 1);
  std::vector<std::string> models;
  if (!json.is_null()) {
    const auto m = json.find("models");
    if (m == json.end() || !m->is_array()) return false;
    for (const auto& name : *m) {
      if (!name.is_string()) return false;
      models.push_back(name.get<std::string>());
    }
  } else if (need_description || fs::exists(fs::symlink_status(dir / "scission-import.json"))) {
    return false;
  }
  const bool any_model = json.is_null();
  // NAME is MODEL + extension for one of the models (or for any model name in a staging folder).
  const auto model_file = [&](const std::string& name, const std::string& extension) {
    if (name.size() <= extension.size() || name.compare(name.size() - extension.size(), extension.size(), extension) != 0)
      return false;
    const std::string model = name.substr(0, name.size() - extension.size());
    return any_model ? model[0] != '.' : std::find(models.begin(), models.end(), model) != models.end();
  };
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path p = it->path();
    const std::string name = p.filename().string();
    if (name == "scission-import.json" || name == "platform.yaml" || name == "network.csv" || name == "benchmark.csv" ||
        model_file(name, ".yaml")) {
      if (!is_regular(p)) return false;
    } else if (name == "profiles" || name == "traces") {
      if (!is_real_directory(p)) return false;
      std::error_code ec2;
      for (fs::directory_iterator f(p, ec2), f_end; !ec2 && f != f_end; f.increment(ec2))
        if (!is_regular(f->path()) || !model_file(f->path().filename().string(), name == "profiles" ? ".yaml" : ".csv"))
          return false;
      if (ec2) return false;
    } else {
      return false;
    }
  }
  return !ec;
}

// What a staging folder of this kind may hold while it is written (before its description file).
bool is_staging_content(const fs::path& dir, OutputKind kind) {
  switch (kind) {
    case OutputKind::run:
      return is_real_directory(dir) && only_files(dir, run_folder_files());
    case OutputKind::partition_verify:
      return is_verify_content(dir, false);
    case OutputKind::scission_import:
      return is_scission_import_content(dir, false);
    case OutputKind::study:
      return false;  // a study folder is written in place, never staged
  }
  return false;
}

[[noreturn]] void refuse(const std::string& option, const std::string& target, const std::string& why) {
  throw InputError(kCommandLine, option, "refusing to replace " + target + ": " + why);
}

// `ancestor` is `path` or one of its ancestors (both absolute and normal).
bool is_ancestor_or_self(const fs::path& ancestor, const fs::path& path) {
  auto a = ancestor.begin(), p = path.begin();
  for (; a != ancestor.end(); ++a, ++p) {
    if (a->empty()) continue;  // a trailing separator
    if (p == path.end() || *a != *p) return false;
  }
  return true;
}

fs::path canonical_or_empty(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? fs::path() : c;
}

}  // namespace

const std::vector<std::string>& run_folder_files() {
  static const std::vector<std::string> files = {"manifest.json", "summary.json", "samples.csv", "hosts.csv",
                                                 "links.csv",     "events.csv",   "link_windows.csv", "devices.csv"};
  return files;
}

OutputKind output_kind_from_name(const std::string& name) {
  if (name == "run") return OutputKind::run;
  if (name == "study") return OutputKind::study;
  if (name == "partition-verify") return OutputKind::partition_verify;
  if (name == "scission-import") return OutputKind::scission_import;
  throw std::invalid_argument("unknown output folder kind " + name);
}

bool is_hybridfog_folder(const fs::path& dir, OutputKind kind) {
  switch (kind) {
    case OutputKind::run:
      return is_run_folder(dir);
    case OutputKind::study:
      return is_study_folder(dir);
    case OutputKind::partition_verify:
      return is_verify_content(dir, true);
    case OutputKind::scission_import:
      return is_scission_import_content(dir, true);
  }
  return false;
}

void check_output_folder(const std::string& target, OutputKind kind, const std::string& option) {
  if (target.empty()) throw InputError(kCommandLine, option, "an empty folder name");
  if (target.find('\0') != std::string::npos) throw InputError(kCommandLine, option, "a NUL byte in the folder name");
  // "DIR/" names DIR itself (and must not make a symbolic link look like the folder it points to).
  fs::path lexical = fs::path(target).lexically_normal();
  if (lexical.filename().empty() && lexical.has_parent_path() && lexical != lexical.root_path())
    lexical = lexical.parent_path();
  const std::string last = lexical.filename().string();
  if (last == "." || last == ".." || lexical == "/" || lexical.empty())
    refuse(option, target, "it names the current folder, its parent or the root");
  if (last.size() > kMaxFolderNameBytes)
    throw InputError(kCommandLine, option,
                     "folder name of " + std::to_string(last.size()) + " bytes (at most " +
                         std::to_string(kMaxFolderNameBytes) + ")");
  for (fs::path up = fs::absolute(lexical).parent_path(); !up.empty(); up = up.parent_path()) {
    std::error_code up_ec;
    const auto up_status = fs::status(up, up_ec);
    if (up_status.type() == fs::file_type::not_found) {
      if (up == up.parent_path()) break;
      continue;
    }
    if (up_status.type() != fs::file_type::directory)
      throw InputError(kCommandLine, option, "cannot write " + target + ": " + up.string() + " is not a folder");
    break;  // the nearest existing ancestor is a folder
  }
  const fs::path absolute = canonical_or_empty(fs::absolute(lexical));
  if (absolute.empty()) throw InputError(kCommandLine, option, "cannot resolve " + target);
  std::error_code ec;
  const fs::path cwd = canonical_or_empty(fs::current_path(ec));
  if (!cwd.empty() && is_ancestor_or_self(absolute, cwd))
    refuse(option, target, "it is the current folder or one of its ancestors");
  if (const char* home = std::getenv("HOME"); home && *home) {
    const fs::path h = canonical_or_empty(home);
    if (!h.empty() && absolute == h) refuse(option, target, "it is the home folder");
  }
  const auto status = fs::symlink_status(lexical, ec);
  if (ec || status.type() == fs::file_type::not_found) return;
  if (status.type() == fs::file_type::symlink) refuse(option, target, "it is a symbolic link");
  if (status.type() != fs::file_type::directory) refuse(option, target, "it exists and is not a folder");
  if (is_empty_folder(lexical) || is_hybridfog_folder(lexical, kind)) return;
  switch (kind) {
    case OutputKind::run:
      refuse(option, target,
             "not a hybridfog output folder (a run folder holds manifest.json of format hybridfog-run 1 and only "
             "manifest.json, summary.json, samples.csv, hosts.csv, links.csv, events.csv, link_windows.csv, devices.csv)");
    case OutputKind::study:
      refuse(option, target,
             "not a hybridfog study folder (a study folder holds study.json of format hybridfog-study 1 and only "
             "points/, logs/, slurm/, results.csv)");
    case OutputKind::partition_verify:
      refuse(option, target,
             "not a partition --verify-dir folder (it holds verify.json of format hybridfog-partition-verify 1 and only "
             "rank-N/ folders of run.log, platform.yaml and run/)");
    case OutputKind::scission_import:
      refuse(option, target,
             "not an import scission folder (it holds scission-import.json of format hybridfog-scission-import 1 and "
             "only platform.yaml, network.csv, benchmark.csv and each model's MODEL.yaml, profiles/, traces/)");
  }
}

std::vector<fs::path> stale_staging_folders(const fs::path& target, OutputKind kind) {
  std::vector<fs::path> out;
  fs::path t = target.lexically_normal();
  if (t.filename().empty()) t = t.parent_path();
  const fs::path parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
  const std::string prefix = "." + t.filename().string() + ".partial-";
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.size() > 10 || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const long long pid = std::stoll(pid_text);
    if (pid <= 0 || pid > 0x7fffffff || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // its process still runs
    if (!is_staging_content(it->path(), kind)) continue;
    out.push_back(it->path());
  }
  return out;
}

void remove_stale_staging(const fs::path& target, OutputKind kind) {
  for (const auto& folder : stale_staging_folders(target, kind)) {
    std::error_code ignored;
    fs::remove_all(folder, ignored);
  }
}

void check_output_file(const std::string& target, const std::string& option, const std::string& signature,
                       const std::string& what) {
  if (target.empty()) throw InputError(kCommandLine, option, "an empty file name");
  if (target.find('\0') != std::string::npos) throw InputError(kCommandLine, option, "a NUL byte in the file name");
  const fs::path path(target);
  if (target.back() == '/' || path.filename() == "." || path.filename() == "..")
    throw InputError(kCommandLine, option, "expected a file name, got the folder " + target);
  if (path.filename().string().size() > kMaxFolderNameBytes)
    throw InputError(kCommandLine, option,
                     "file name of " + std::to_string(path.filename().string().size()) + " bytes (at most " +
                         std::to_string(kMaxFolderNameBytes) + ")");
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  const auto parent_status = fs::status(parent, ec);
  if (parent_status.type() == fs::file_type::not_found)
    throw InputError(kCommandLine, option, "cannot write " + target + ": no folder " + parent.string());
  if (parent_status.type() != fs::file_type::directory)
    throw InputError(kCommandLine, option, "cannot write " + target + ": " + parent.string() + " is not a folder");
  const auto status = fs::symlink_status(path, ec);
  if (status.type() == fs::file_type::not_found) return;
  if (status.type() == fs::file_type::symlink) refuse(option, target, "it is a symbolic link");
  if (status.type() == fs::file_type::directory) refuse(option, target, "it is a folder");
  if (status.type() != fs::file_type::regular) refuse(option, target, "it is not a regular file");
  std::ifstream in(path, std::ios::binary);
  std::string first(signature.size(), '\0');
  in.read(first.data(), static_cast<std::streamsize>(first.size()));
  first.resize(static_cast<size_t>(std::max<std::streamsize>(0, in.gcount())));
  if (first.empty() && fs::file_size(path, ec) == 0 && !ec) return;
  if (first != signature) refuse(option, target, "it is not " + what + " (its first line does not start with \"" +
                                                     signature.substr(0, 40) + "...\")");
}

void close_checked(std::ofstream& out, const std::string& file) {
  int error = out ? 0 : errno;  // a write already failed: its reason
  if (out.is_open()) {
    errno = 0;
    out.close();
    if (!error) error = errno;
  }
  if (!out) {
    throw std::runtime_error("cannot write " + file + ": " + (error ? std::strerror(error) : "write failed"));
  }
}

void write_file_atomically(const std::string& target, const std::function<void(std::ostream&)>& write) {
  const fs::path path(target);
  const fs::path staging = (path.has_parent_path() ? path.parent_path() : fs::path(".")) /
                           ("." + path.filename().string() + ".partial-" + std::to_string(::getpid()));
  try {
    std::ofstream out(staging, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + staging.string() + ": " + std::strerror(errno));
    write(out);
    out.flush();
    close_checked(out, staging.string());
    if (::rename(staging.c_str(), path.c_str()) != 0)
      throw std::runtime_error("cannot write " + target + ": " + std::strerror(errno));
  } catch (...) {
    std::error_code ignored;
    fs::remove(staging, ignored);
    throw;
  }
}

StagedFolder::StagedFolder(std::string target, OutputKind kind, std::string option)
    : target_(std::move(target)), option_(std::move(option)), kind_(kind) {
  check_output_folder(target_, kind_, option_);  // InputError unless the target is absent, empty or ours
  fs::path t = fs::path(target_).lexically_normal();
  if (t.filename().empty()) t = t.parent_path();
  const fs::path parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw InputError(kCommandLine, option_, "cannot create the folder " + parent.string() + ": " + ec.message());
  remove_stale_staging(t, kind_);  // what a killed command into the same target left
  staging_ = (parent / ("." + t.filename().string() + ".partial-" + std::to_string(::getpid()))).string();
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec) || ec)
    throw std::runtime_error("cannot create " + staging_ + ": " + (ec ? ec.message() : "it exists"));
  target_ = t.string();
}

StagedFolder::~StagedFolder() { discard(); }

void StagedFolder::discard() {
  if (done_) return;
  done_ = true;
  std::error_code ignored;
  fs::remove_all(staging_, ignored);
}

std::string StagedFolder::file(const std::string& name) const { return (fs::path(staging_) / name).string(); }

void StagedFolder::commit() {
  if (done_) throw std::logic_error("StagedFolder::commit after commit or discard");
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target_, ec))) {
    // Checked again: the folder may have changed meanwhile.
    check_output_folder(target_, kind_, option_);
    // Swap the finished staging folder and the old output in one step: at every instant the target is
    // either the old complete output or the new one. The old one, now under the staging name, goes last.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
      done_ = true;
      fs::remove_all(staging_, ec);
      return;
    }
    if (errno != EINVAL && errno != ENOSYS) throw std::runtime_error("cannot replace " + target_ + ": " + std::strerror(errno));
    fs::remove_all(target_);  // a filesystem without RENAME_EXCHANGE
  }
  if (::rename(staging_.c_str(), target_.c_str()) != 0)
    throw std::runtime_error("cannot move " + staging_ + " to " + target_ + ": " + std::strerror(errno));
  done_ = true;
}

}  // namespace hybridfog

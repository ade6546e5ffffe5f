#include "core/output_folder.hpp"

#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
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

// The JSON file's {"format", "format_version"} equal the given ones.
bool has_format(const fs::path& file, const std::string& format, int version) {
  if (!is_regular(file)) return false;
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec || size > kMaxDescriptionBytes) return false;
  std::ifstream in(file, std::ios::binary);
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return false;
  const auto f = json.find("format");
  const auto v = json.find("format_version");
  return f != json.end() && v != json.end() && f->is_string() && *f == format && v->is_number_integer() &&
         *v == version;
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
    if (name == ".study.json.partial") {
      if (!is_regular(p)) return false;
    } else if (!described) {
      return false;  // without study.json, only an interrupted first write of it
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

bool is_hybridfog_folder(const fs::path& dir, OutputKind kind) {
  return kind == OutputKind::run ? is_run_folder(dir) : is_study_folder(dir);
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
  refuse(option, target,
         kind == OutputKind::run
             ? "not a hybridfog output folder (a run folder holds manifest.json of format hybridfog-run 1 and only "
               "manifest.json, summary.json, samples.csv, hosts.csv, links.csv, events.csv, link_windows.csv, devices.csv)"
             : "not a hybridfog study folder (a study folder holds study.json of format hybridfog-study 1 and only "
               "points/, logs/, slurm/, results.csv)");
}

std::vector<fs::path> stale_staging_folders(const fs::path& target) {
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
    if (!is_real_directory(it->path()) || !only_files(it->path(), run_folder_files())) continue;
    out.push_back(it->path());
  }
  return out;
}

void remove_stale_staging(const fs::path& target) {
  for (const auto& folder : stale_staging_folders(target)) {
    std::error_code ignored;
    fs::remove_all(folder, ignored);
  }
}

}  // namespace hybridfog

#include "softpower/sources/gdelt_fetch.hpp"

#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <system_error>

#include "softpower/core/error.hpp"
#include "softpower/core/events.hpp"
#include "softpower/core/md5.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/table.hpp"
#include "softpower/core/text.hpp"

namespace softpower::sources {

namespace fs = std::filesystem;

namespace {

bool is_hex32(std::string_view text) {
  return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

bool is_url(std::string_view text) {
  const std::string l = lower_ascii(text.substr(0, 8));
  return l.starts_with("http://") || l.starts_with("https://");
}

std::string_view last_segment(std::string_view url) {
  const std::size_t query = url.find_first_of("?#");
  if (query != std::string_view::npos) url = url.substr(0, query);
  const std::size_t slash = url.find_last_of('/');
  return slash == std::string_view::npos ? url : url.substr(slash + 1);
}

// A name that is safe to create in the cache folder.
bool plain_file_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.front() != '.' &&
         name.find_first_of("/\\") == std::string_view::npos;
}

// yyyymmddhhmmss from a name's leading digits: 14 (2.0: 20150218230000), 8 (1.0 dailies:
// 20130401), 6 (yyyymm) or 4 (yyyy).
std::int64_t stamp_of(std::string_view name) {
  std::size_t n = 0;
  while (n < name.size() && name[n] >= '0' && name[n] <= '9') ++n;
  std::int64_t value = 0;
  if (n != 14 && n != 8 && n != 6 && n != 4) return 0;
  std::from_chars(name.data(), name.data() + n, value);
  switch (n) {
    case 14:
      return value;
    case 8:
      return value * 1000000;
    case 6:
      return (value * 100 + 1) * 1000000;
    default:
      return (value * 10000 + 101) * 1000000;
  }
}

struct UrlParts {
  std::string origin;  // scheme://host[:port]
  std::string path;    // /path?query
};

UrlParts split_url(const std::string& url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos || !is_url(url)) {
    throw Error(Location{url}, "not an http:// or https:// URL");
  }
  const std::size_t path = url.find('/', scheme + 3);
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

std::string status_words(int status) {
  switch (status) {
    case 400:
      return "HTTP 400 Bad Request";
    case 401:
      return "HTTP 401 Unauthorized";
    case 403:
      return "HTTP 403 Forbidden";
    case 404:
      return "HTTP 404 Not Found";
    case 408:
      return "HTTP 408 Request Timeout";
    case 410:
      return "HTTP 410 Gone";
    case 429:
      return "HTTP 429 Too Many Requests";
    case 500:
      return "HTTP 500 Internal Server Error";
    case 502:
      return "HTTP 502 Bad Gateway";
    case 503:
      return "HTTP 503 Service Unavailable";
    case 504:
      return "HTTP 504 Gateway Timeout";
    default:
      return "HTTP " + std::to_string(status);
  }
}

// One HTTP client per origin, kept alive across the files of a run.
class Clients {
 public:
  explicit Clients(int timeout_seconds) : timeout_(timeout_seconds) {}

  httplib::Client& get(const std::string& origin) {
    auto& slot = clients_[origin];
    if (!slot) {
      slot = std::make_unique<httplib::Client>(origin);
      if (!slot->is_valid()) {
        throw Error(Location{origin},
                    "cannot make an HTTP client for this address (https "
                    "needs cpp-httplib built with OpenSSL)");
      }
      slot->set_follow_location(true);
      slot->set_keep_alive(true);
      slot->set_connection_timeout(timeout_);
      slot->set_read_timeout(timeout_);
      slot->set_default_headers({{"User-Agent", "softpower/" SOFTPOWER_VERSION}});
    }
    return *slot;
  }

 private:
  int timeout_;
  std::map<std::string, std::unique_ptr<httplib::Client>> clients_;
};

struct Attempt {
  bool ok = false;
  bool retry = false;  // worth another try
  std::string reason;
  std::uint64_t bytes = 0;
};

// One GET of `url` into `temp` (a staged file of the cache folder); checks status, size and
// MD5. The file is left for the caller to put in place or drop.
Attempt try_download(Clients& clients, const std::string& url, const fs::path& temp,
                     std::uint64_t size, std::string_view md5, Progress* progress) {
  const UrlParts parts = split_url(url);
  httplib::Client& client = clients.get(parts.origin);
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) {
    throw Error(Location{temp.string()}, "cannot create a file in the cache folder");
  }
  Md5 hasher;
  Attempt attempt;
  int status = 0;
  bool write_failed = false;
  bool cancelled = false;
  bool too_long = false;
  const httplib::Result result = client.Get(
      parts.path,
      [&](const httplib::Response& response) {
        status = response.status;
        return true;
      },
      [&](const char* data, std::size_t length) {
        if (progress != nullptr && progress->cancelled()) {
          cancelled = true;
          return false;
        }
        if (status != 200) return true;  // an error page: read and dropped
        if (size > 0 && attempt.bytes + length > size) {
          too_long = true;
          return false;
        }
        if (std::fwrite(data, 1, length, file) != length) {
          write_failed = true;
          return false;
        }
        hasher.update(data, length);
        attempt.bytes += length;
        if (progress != nullptr) progress->advance(length);
        return true;
      });
  if (std::fclose(file) != 0) write_failed = true;
  if (cancelled) throw Error(Location{url}, "cancelled");
  if (write_failed) {
    throw Error(Location{temp.string()}, "cannot write into the cache folder (disk full?)");
  }
  if (too_long) {
    attempt.retry = true;
    attempt.reason = "more than the " + std::to_string(size) + " bytes the list gives";
    return attempt;
  }
  if (!result) {
    attempt.retry = true;
    attempt.reason = "download failed: " + httplib::to_string(result.error());
    return attempt;
  }
  status = result->status;
  if (status != 200) {
    attempt.retry = status >= 500 || status == 408 || status == 429;
    attempt.reason = status_words(status);
    return attempt;
  }
  if (size > 0 && attempt.bytes != size) {
    attempt.retry = true;
    attempt.reason = "received " + std::to_string(attempt.bytes) + " bytes, the list gives " +
                     std::to_string(size);
    return attempt;
  }
  if (!md5.empty()) {
    const std::string got = to_hex(hasher.finish());
    if (got != lower_ascii(md5)) {
      attempt.retry = true;
      attempt.reason = "MD5 " + got + " of the bytes received, the list gives " + lower_ascii(md5);
      return attempt;
    }
  }
  attempt.ok = true;
  return attempt;
}

// Downloads with retries into the staged file `name` of the cache folder: on success it is put
// in place, else dropped, and the reason of the last attempt is returned.
Attempt download_with_retries(Clients& clients, const std::string& url, OutputFolder& cache,
                              const std::string& name, std::uint64_t size, std::string_view md5,
                              int retries, Progress* progress) {
  const fs::path temp = cache.file(name);
  Attempt attempt;
  try {
    for (int i = 0; i <= std::max(0, retries); ++i) {
      attempt = try_download(clients, url, temp, size, md5, progress);
      if (attempt.ok || !attempt.retry) break;
    }
  } catch (...) {
    cache.discard(name);
    throw;
  }
  if (attempt.ok) {
    cache.commit(name);
  } else {
    cache.discard(name);
  }
  return attempt;
}

}  // namespace

std::vector<GdeltListEntry> parse_gdelt_file_list(std::string_view text,
                                                  const std::string& source) {
  std::vector<GdeltListEntry> entries;
  std::size_t number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    std::vector<std::string_view> tokens;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      const std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
      if (i > start) tokens.push_back(line.substr(start, i - start));
    }
    if (tokens.empty()) continue;
    GdeltListEntry entry;
    if (tokens.size() != 3) {
      throw Error(Location{source, number}, "not a GDELT file-list line (expected 'size md5 URL')");
    }
    const auto [end_size, size_error] =
        std::from_chars(tokens[0].data(), tokens[0].data() + tokens[0].size(), entry.size);
    if (!all_digits(tokens[0]) || size_error != std::errc()) {
      throw Error(Location{source, number, "size"},
                  "'" + printable(tokens[0]) + "' is not a size in bytes");
    }
    if (!is_hex32(tokens[1])) {
      throw Error(Location{source, number, "md5"},
                  "'" + printable(tokens[1]) + "' is not an MD5 sum (32 hexadecimal digits)");
    }
    if (!is_url(tokens[2])) {
      throw Error(Location{source, number, "url"},
                  "'" + printable(tokens[2]) + "' is not an http:// or https:// URL");
    }
    entry.md5 = lower_ascii(tokens[1]);
    entry.url = std::string(tokens[2]);
    entry.name = std::string(last_segment(entry.url));
    entry.stamp = stamp_of(entry.name);
    entry.kind = gdelt_file_kind_of(entry.name);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::int64_t parse_gdelt_stamp(std::string_view text, bool end_of_day, const std::string& field) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != '-' && c != ':' && c != ' ' && c != 'T') {
      digits = "x";
      break;
    }
  }
  std::int64_t value = 0;
  if ((digits.size() == 8 || digits.size() == 14) && all_digits(digits)) {
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    const auto day = static_cast<std::int32_t>(digits.size() == 8 ? value : value / 1000000);
    if (valid_event_date(day)) {
      if (digits.size() == 14) return value;
      return value * 1000000 + (end_of_day ? 235959 : 0);
    }
  }
  throw Error(Location{"", 0, field},
              "not a date: '" + std::string(text) + "' (yyyy-mm-dd, yyyymmdd or yyyymmddhhmmss)");
}

std::uint64_t download_file(const std::string& url, const fs::path& destination, std::uint64_t size,
                            std::string_view md5, int timeout_seconds, Progress* progress) {
  Clients clients(timeout_seconds);
  OutputFolder folder = OutputFolder::for_file(destination, OutputFolder::Kind::cache);
  const Attempt attempt = download_with_retries(
      clients, url, folder, destination.filename().string(), size, md5, 0, progress);
  if (!attempt.ok) throw Error(Location{url}, attempt.reason);
  folder.commit();
  return attempt.bytes;
}

GdeltFetchReport fetch_gdelt(const GdeltFetchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  if (options.cache.empty()) throw Error(Location{"", 0, "cache"}, "no cache folder given");
  if (options.list.empty()) throw Error(Location{"", 0, "list"}, "no file list given");
  std::error_code error;
  // The cache is a folder softpower writes into (core/output_folder.hpp): a file of the same
  // name that softpower did not download is never replaced.
  OutputFolder cache(options.cache, {}, OutputFolder::Kind::cache);
  if (!options.dry_run) cache.make();
  Clients clients(options.timeout_seconds);
  GdeltFetchReport report;

  // The list: a URL is fetched into the cache (GDELT appends to it, so every run).
  if (is_url(options.list)) {
    const std::string name(last_segment(options.list));
    if (!plain_file_name(name)) {
      throw Error(Location{options.list}, "the list's URL does not end in a file name");
    }
    report.list_file = options.cache / name;
    const Attempt attempt =
        download_with_retries(clients, options.list, cache, name, 0, {}, options.retries, nullptr);
    if (!attempt.ok) {
      throw Error(Location{options.list}, "cannot download the file list: " + attempt.reason);
    }
  } else {
    report.list_file = options.list;
  }
  // Read whole (GDELT 2.0's master list is about 130 MB), so bounded as any file read whole; a
  // folder or device given as the list is named as such.
  const std::string text = read_file(report.list_file);
  const std::vector<GdeltListEntry> entries =
      parse_gdelt_file_list(text, report.list_file.string());
  report.listed = entries.size();

  // What is asked for, and what of it is already in the cache.
  std::vector<const GdeltListEntry*> selected;
  for (const GdeltListEntry& e : entries) {
    if (std::find(options.kinds.begin(), options.kinds.end(), e.kind) == options.kinds.end()) {
      continue;
    }
    if ((options.from != 0 || options.to != 0) &&
        (e.stamp == 0 || (options.from != 0 && e.stamp < options.from) ||
         (options.to != 0 && e.stamp > options.to))) {
      continue;
    }
    selected.push_back(&e);
  }
  report.selected = selected.size();
  std::vector<bool> present(selected.size(), false);
  std::vector<bool> bad_copy(selected.size(), false);
  std::uint64_t to_fetch = 0;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const GdeltListEntry& e = *selected[i];
    if (!plain_file_name(e.name)) continue;  // reported below
    const fs::path path = options.cache / e.name;
    if (fs::is_regular_file(path, error)) {
      const bool size_ok = fs::file_size(path, error) == e.size && !error;
      if (size_ok && (!options.verify_cached || md5_file(path) == e.md5)) {
        present[i] = true;
        ++report.cached;
        continue;
      }
      bad_copy[i] = true;
    }
    to_fetch += e.size;
  }
  if (options.dry_run) {
    for (std::size_t i = 0; i < selected.size(); ++i) {
      if (present[i]) {
        report.files.push_back(options.cache / selected[i]->name);
      } else {
        report.to_download.push_back(selected[i]->name);
      }
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
  }

  if (options.progress != nullptr) {
    options.progress->start("downloading GDELT files", static_cast<std::size_t>(to_fetch));
  }
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const GdeltListEntry& e = *selected[i];
    if (present[i]) {
      report.files.push_back(options.cache / e.name);
      continue;
    }
    if (!plain_file_name(e.name)) {
      report.failures.push_back({e.name, e.url, "the URL does not end in a file name"});
      continue;
    }
    if (options.progress != nullptr && options.progress->cancelled()) {
      throw Error(Location{options.cache.string()}, "cancelled");
    }
    const fs::path path = options.cache / e.name;
    // A bad copy goes first: if the download fails, nothing wrong stays in the cache. A file
    // softpower did not download stays where it is.
    if (bad_copy[i] && !cache.remove(e.name)) {
      report.failures.push_back({e.name, e.url,
                                 "a file softpower did not download has this name in the cache "
                                 "and is not replaced (move it away to fetch it)"});
      continue;
    }
    const Attempt attempt = download_with_retries(clients, e.url, cache, e.name, e.size, e.md5,
                                                  options.retries, options.progress);
    if (attempt.ok) {
      ++report.downloaded;
      if (bad_copy[i]) ++report.replaced;
      report.bytes_downloaded += attempt.bytes;
      report.files.push_back(path);
    } else {
      report.failures.push_back({e.name, e.url, attempt.reason});
    }
  }
  if (options.progress != nullptr) options.progress->finish();
  cache.commit();
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace softpower::sources

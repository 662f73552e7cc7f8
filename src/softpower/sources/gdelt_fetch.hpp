#pragma once
// Downloading GDELT's files into a local cache. GDELT publishes lists of its files
// (masterfilelist.txt: every file since 2015; lastupdate.txt: the latest 15 minutes), one file a
// line as "size md5 URL". The fetcher reads such a list (from a URL or a local file), keeps the
// entries of the kinds and dates asked for, and downloads those that are not already in the
// cache folder with the listed size and MD5. Each download goes to a hidden temporary file
// that is renamed only when its size and MD5 are right, so the cache never holds half a file,
// and the cache folder is what resolve_gdelt_inputs (gdelt_input.hpp) looks files up in.
// docs/perception-generate-fetch.md describes the cache and the checks.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/progress.hpp"
#include "softpower/sources/gdelt_layout.hpp"  // GdeltFileKind

namespace softpower::sources {

struct GdeltListEntry {
  std::uint64_t size = 0;
  std::string md5;  ///< 32 lower-case hexadecimal digits
  std::string url;
  std::string name;        ///< the URL's last segment, the file's name in the cache
  std::int64_t stamp = 0;  ///< yyyymmddhhmmss from the name's leading digits; 0 = none
  GdeltFileKind kind = GdeltFileKind::other;
};

/// Parses a master list's text ("size md5 URL" lines; blank lines skipped). Throws Error at
/// `source`:line for a line that is not one.
std::vector<GdeltListEntry> parse_gdelt_file_list(std::string_view text, const std::string& source);

/// A date bound as yyyymmddhhmmss: "2019-01-31", "20190131" (a whole day: its first second
/// for a start, its last for an end), or "20190131143000". Throws Error naming `field`.
std::int64_t parse_gdelt_stamp(std::string_view text, bool end_of_day, const std::string& field);

struct GdeltFetchOptions {
  /// The file list: an http:// or https:// URL (downloaded into the cache first, every run,
  /// since GDELT appends to it) or a local file.
  std::string list;
  std::filesystem::path cache;
  std::vector<GdeltFileKind> kinds = {GdeltFileKind::events};
  /// Range of the files' time stamps (yyyymmddhhmmss, both included); 0 = open.
  std::int64_t from = 0;
  std::int64_t to = 0;
  /// Check the MD5 of files already in the cache (their size is always checked).
  bool verify_cached = true;
  /// Only report what would be downloaded.
  bool dry_run = false;
  /// Attempts per file after the first, for network errors, server errors (5xx) and
  /// downloads that arrive with the wrong size or MD5; a 4xx answer is not retried.
  int retries = 2;
  int timeout_seconds = 60;
  /// Advanced by the bytes received (total: the listed sizes of the files to download).
  Progress* progress = nullptr;
};

struct GdeltFetchFailure {
  std::string name;
  std::string url;
  std::string reason;  ///< one line: "HTTP 404 Not Found", "MD5 ... but the list says ..."
};

struct GdeltFetchReport {
  std::filesystem::path list_file;  ///< the list as read (its cached copy for a URL)
  std::size_t listed = 0;           ///< entries in the list
  std::size_t selected = 0;         ///< of the kinds and dates asked for
  std::size_t cached = 0;           ///< already in the cache, valid
  std::size_t downloaded = 0;
  std::size_t replaced = 0;  ///< of those downloaded, how many replaced a bad cached copy
  std::uint64_t bytes_downloaded = 0;
  /// The selected files now in the cache, valid, in list order.
  std::vector<std::filesystem::path> files;
  /// In dry-run mode, the names that would be downloaded.
  std::vector<std::string> to_download;
  std::vector<GdeltFetchFailure> failures;
  double seconds = 0;
};

/// Fetches what the options select. A file that cannot be fetched is reported in `failures`
/// and the others still fetched; throws Error when the list cannot be read or parsed, the
/// cache folder cannot be made, or on cancellation.
GdeltFetchReport fetch_gdelt(const GdeltFetchOptions& options);

/// Downloads `url` into `destination` through a temporary file beside it, renamed when the
/// whole body has arrived and matches `size` and `md5` (either may be empty/0 = unchecked).
/// Returns the bytes received. Throws Error with a one-line reason; leaves no file behind.
std::uint64_t download_file(const std::string& url, const std::filesystem::path& destination,
                            std::uint64_t size = 0, std::string_view md5 = {},
                            int timeout_seconds = 60, Progress* progress = nullptr);

}  // namespace softpower::sources

#include "softpower/core/digest.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <fstream>
#include <utility>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"

namespace softpower::detail {

namespace {

const EVP_MD* algorithm_of(EvpDigest::Algorithm algorithm) {
  return algorithm == EvpDigest::Algorithm::md5 ? EVP_md5() : EVP_sha256();
}

// The reason OpenSSL queued for its last failure, if any, and the queue emptied so that a
// later failure does not report this one.
std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "";
  std::string text(256, '\0');
  ERR_error_string_n(code, text.data(), text.size());
  text.resize(text.find('\0'));
  return " (" + text + ")";
}

}  // namespace

EvpDigest::EvpDigest(Algorithm algorithm) : algorithm_(algorithm), context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr) {
    throw Error(std::string("cannot create an OpenSSL context for ") + std::string(name()) +
                openssl_reason());
  }
  if (EVP_DigestInit_ex(context_, algorithm_of(algorithm), nullptr) != 1) {
    EVP_MD_CTX_free(context_);
    context_ = nullptr;
    throw Error(std::string("OpenSSL cannot compute ") + std::string(name()) + openssl_reason());
  }
}

EvpDigest::~EvpDigest() {
  EVP_MD_CTX_free(context_);  // accepts nullptr (a moved-from object)
}

EvpDigest::EvpDigest(const EvpDigest& other)
    : algorithm_(other.algorithm_), context_(EVP_MD_CTX_new()), finished_(other.finished_) {
  if (context_ == nullptr || other.context_ == nullptr ||
      EVP_MD_CTX_copy_ex(context_, other.context_) != 1) {
    EVP_MD_CTX_free(context_);
    context_ = nullptr;
    throw Error(std::string("cannot copy an OpenSSL ") + std::string(name()) + " context" +
                openssl_reason());
  }
}

EvpDigest& EvpDigest::operator=(const EvpDigest& other) {
  if (this != &other) {
    EvpDigest copy(other);
    *this = std::move(copy);
  }
  return *this;
}

EvpDigest::EvpDigest(EvpDigest&& other) noexcept
    : algorithm_(other.algorithm_),
      context_(std::exchange(other.context_, nullptr)),
      finished_(other.finished_) {}

EvpDigest& EvpDigest::operator=(EvpDigest&& other) noexcept {
  if (this != &other) {
    EVP_MD_CTX_free(context_);
    algorithm_ = other.algorithm_;
    context_ = std::exchange(other.context_, nullptr);
    finished_ = other.finished_;
  }
  return *this;
}

void EvpDigest::update(const void* data, std::size_t size) {
  if (context_ == nullptr || finished_) {
    throw Error(std::string(name()) + ": update after the digest was finished");
  }
  if (size == 0) return;
  if (EVP_DigestUpdate(context_, data, size) != 1) {
    throw Error(std::string("OpenSSL failed to update ") + std::string(name()) + openssl_reason());
  }
}

void EvpDigest::finish(std::span<std::uint8_t> out) {
  if (context_ == nullptr || finished_) {
    throw Error(std::string(name()) + ": the digest was already finished");
  }
  if (out.size() != static_cast<std::size_t>(EVP_MD_get_size(algorithm_of(algorithm_)))) {
    throw Error(std::string(name()) + ": a digest of " + std::to_string(out.size()) +
                " bytes asked");
  }
  unsigned int written = 0;
  finished_ = true;
  if (EVP_DigestFinal_ex(context_, out.data(), &written) != 1 || written != out.size()) {
    throw Error(std::string("OpenSSL failed to finish ") + std::string(name()) + openssl_reason());
  }
}

std::string_view EvpDigest::name() const {
  return algorithm_ == Algorithm::md5 ? "MD5" : "SHA-256";
}

std::string hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (const std::uint8_t byte : bytes) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return out;
}

void digest_file(EvpDigest& digest, const std::filesystem::path& path) {
  if (is_memory_path(path)) {
    const std::string_view bytes = memory_input(path);
    digest.update(bytes.data(), bytes.size());
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(Location{path.string()},
                "cannot open the file to compute its " + std::string(digest.name()));
  }
  std::vector<char> buffer(std::size_t{1} << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    digest.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    throw Error(Location{path.string()},
                "cannot read the file to compute its " + std::string(digest.name()));
  }
}

}  // namespace softpower::detail

// SHA-256 of bundle entries, for the manifest's "sha256" field: incremental, so an entry
// can be hashed as it streams into the archive.
//
//   Sha256 h;
//   h.Update("abc");
//   std::string hex = h.HexDigest();   // "ba7816bf..."
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sparkpm {

class Sha256 {
 public:
  Sha256();
  // Adds bytes to the message.
  void Update(std::string_view data);
  // Finishes the message and returns the digest as 64 lowercase hex digits. Call once.
  std::string HexDigest();

 private:
  void Compress(const uint8_t* block);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// Returns the SHA-256 of data as lowercase hex.
std::string Sha256Hex(std::string_view data);

}  // namespace sparkpm

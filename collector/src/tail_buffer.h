// Keeps the last N bytes of a stream (a container log), so a huge log costs at most N
// bytes of memory and the bundle keeps its end, where the failure is. Grows only as
// data arrives; turns into a ring once full.
//
//   TailBuffer tail(50 << 20);
//   tail.Append(chunk); ...
//   std::string kept = tail.Take();   // starts at a line boundary when truncated
//   if (tail.truncated()) note = "kept the last 50 MiB of 3.2 GiB";
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sparkpm::collect {

class TailBuffer {
 public:
  explicit TailBuffer(size_t capacity) : capacity_(capacity) {}

  // Adds bytes to the end, dropping the oldest beyond capacity.
  void Append(std::string_view data);
  // Returns the kept bytes in order and empties the buffer. When bytes were dropped,
  // the partial first line is dropped too.
  std::string Take();
  // Forgets everything (before a retry).
  void Clear();

  bool truncated() const { return total_ > capacity_; }
  uint64_t total_bytes() const { return total_; }
  size_t capacity() const { return capacity_; }

 private:
  size_t capacity_;
  std::string data_;  // ring once data_.size() == capacity_
  size_t head_ = 0;   // in ring mode: index of the oldest byte
  uint64_t total_ = 0;
};

}  // namespace sparkpm::collect

// A byte ring that starts small.
#include "tail_buffer.h"

#include <algorithm>

namespace sparkpm::collect {

void TailBuffer::Append(std::string_view data) {
  total_ += data.size();
  if (capacity_ == 0) return;
  if (data.size() >= capacity_) {
    data_.assign(data.substr(data.size() - capacity_));
    head_ = 0;
    return;
  }
  if (data_.size() < capacity_) {
    size_t room = capacity_ - data_.size();
    size_t take = std::min(room, data.size());
    data_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (data.empty()) return;
    head_ = 0;
  }
  // Ring mode: overwrite the oldest bytes.
  while (!data.empty()) {
    size_t take = std::min(data.size(), capacity_ - head_);
    std::copy(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(take),
              data_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = (head_ + take) % capacity_;
    data.remove_prefix(take);
  }
}

std::string TailBuffer::Take() {
  std::string out;
  if (data_.size() == capacity_ && head_ != 0) {
    out.reserve(capacity_);
    out.append(data_, head_, std::string::npos);
    out.append(data_, 0, head_);
  } else {
    out = std::move(data_);
  }
  if (truncated()) {
    size_t nl = out.find('\n');
    if (nl != std::string::npos && nl + 1 < out.size()) out.erase(0, nl + 1);
  }
  data_.clear();
  data_.shrink_to_fit();
  head_ = 0;
  return out;
}

void TailBuffer::Clear() {
  data_.clear();
  head_ = 0;
  total_ = 0;
}

}  // namespace sparkpm::collect

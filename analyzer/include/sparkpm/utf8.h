// UTF-8 decoding shared by everything that must turn untrusted bytes into valid text
// (the JSON writer, the HTML and Markdown renderers).
//
//   uint32_t cp;
//   size_t n = DecodeUtf8(text, i, &cp);   // 0: not valid UTF-8 at i
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sparkpm {

// Decodes the UTF-8 sequence starting at s[i] into *cp and returns its length, or
// returns 0 when the bytes there are not a valid, shortest-form, non-surrogate sequence.
inline size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  uint32_t v = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    v = (v << 6) | (cc & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

}  // namespace sparkpm

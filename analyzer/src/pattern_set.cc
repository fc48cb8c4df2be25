#include "sparkpm/pattern_set.h"

#include <fmt/format.h>
#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <string_view>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define SPARKPM_LITERAL_SCAN_AVX2 1
#else
#define SPARKPM_LITERAL_SCAN_AVX2 0
#endif

// pattern_set.h forward-declares re2::Set (a nested class such as RE2::Set cannot be
// forward-declared); this is that class: RE2::Set under a namespace-level name.
namespace re2 {
class Set : public RE2::Set {
 public:
  using RE2::Set::Set;
};
}  // namespace re2

namespace sparkpm {
namespace {

// Memory budget of the combined set (program and DFA cache); ~200 patterns fit.
constexpr int64_t kSetMaxMem = 256ll << 20;
// Memory budget of each single pattern, used for its named groups.
constexpr int64_t kPatternMaxMem = 16ll << 20;

RE2::Options PatternOptions(int64_t max_mem) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(max_mem);
  return o;
}

std::string Where(const PatternSpec& spec) { return fmt::format("{}:{}", spec.file, spec.line); }

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// Appends the hit of pattern index for line with its named groups that took part.
void AddHit(const PatternSpec& spec, const RE2& re, int index, std::string_view line,
            std::vector<PatternHit>* hits) {
  const int groups = re.NumberOfCapturingGroups();
  thread_local std::vector<re2::StringPiece> submatch;
  submatch.assign(static_cast<size_t>(groups) + 1, re2::StringPiece());
  re2::StringPiece text = Piece(line);
  if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, submatch.data(), groups + 1)) return;
  PatternHit hit;
  hit.index = index;
  hit.pattern_id = spec.id;
  for (const auto& [group, name] : re.CapturingGroupNames()) {
    const re2::StringPiece& value = submatch[static_cast<size_t>(group)];
    if (value.data() == nullptr) continue;  // the group did not take part in the match
    hit.captures.emplace_back(name, std::string(value.data(), value.size()));
  }
  hits->push_back(std::move(hit));
}

// Rewrites a pattern for the line scan (NextCandidateLine): groups become non-capturing
// (group names repeat across patterns), start anchors are dropped (a line's body starts
// after the kubectl timestamp) and end anchors accept the '\r' that Match never sees.
// Returns "" when the pattern cannot be rewritten.
std::string ScanForm(std::string_view re) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '\\' && i + 1 < re.size()) {
      const char next = re[++i];
      if (next == 'Q') return {};  // quoted text: not worth rewriting
      if (!in_class && next == 'A') continue;
      if (!in_class && next == 'z') {
        out += "\\r?$";
        continue;
      }
      out += c;
      out += next;
      continue;
    }
    if (in_class) {
      if (c == '[' && i + 1 < re.size() && re[i + 1] == ':') return {};  // [[:alpha:]]
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < re.size() && re[i + 1] == '^') out += re[++i];
      if (i + 1 < re.size() && re[i + 1] == ']') out += re[++i];
      continue;
    }
    if (c == '(' && re.substr(i).starts_with("(?P<")) {
      size_t close = re.find('>', i);
      if (close == std::string_view::npos) return {};
      out += "(?:";
      i = close;
      continue;
    }
    if (c == '^') continue;
    if (c == '$') {
      out += "\\r?$";
      continue;
    }
    out += c;
  }
  return out;
}

// Folds a byte for the literal scan: ASCII upper case to lower case. Other bytes may
// collide with one another ('[' with '{'), which only adds candidates, never loses one.
constexpr uint32_t kFold4 = 0x20202020u;
inline uint8_t Fold(uint8_t b) { return static_cast<uint8_t>(b | 0x20u); }

inline uint32_t Load4(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

inline uint32_t Hash16(uint32_t folded) { return (folded * 0x9E3779B1u) >> 16; }

// Picks, for one pattern, literals at least one of which every match contains, from the
// atoms of RE2's prefilter (lower case, each at least kMinLiteral bytes). Returns false
// when the pattern has no such set (a match may contain none of its atoms).
constexpr size_t kMinLiteral = 4;
bool RequiredLiterals(const std::string& regex, std::vector<std::string>* out) {
  re2::FilteredRE2 filter(kMinLiteral);
  int id = 0;
  if (filter.Add(Piece(regex), PatternOptions(kPatternMaxMem), &id) != RE2::NoError) return false;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  if (atoms.empty()) return false;
  // The pattern passes a set of present atoms, or not. keep[i]: atom i stays in the
  // hitting set: with every other atom present, the pattern must still fail.
  auto passes_without = [&](const std::vector<bool>& keep) {
    std::vector<int> present, potential;
    for (size_t i = 0; i < atoms.size(); ++i) {
      if (!keep[i]) present.push_back(static_cast<int>(i));
    }
    filter.AllPotentials(present, &potential);
    return !potential.empty();
  };
  std::vector<bool> keep(atoms.size(), true);
  if (passes_without(keep)) return false;  // passes with no atom at all: unfiltered
  // Drop the shortest atoms first: what stays is long and rare.
  std::vector<size_t> order(atoms.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return atoms[a].size() < atoms[b].size(); });
  for (size_t i : order) {
    keep[i] = false;
    if (passes_without(keep)) keep[i] = true;
  }
  for (size_t i = 0; i < atoms.size(); ++i) {
    if (keep[i]) out->push_back(atoms[i]);
  }
  return true;
}

// How often a folded byte turns up in log text, roughly (per mille): what the literal
// scan's filter avoids when it picks which four bytes of a literal to look for.
int LogByteFrequency(uint8_t b) {
  static const std::array<uint8_t, 128> kPerMille = [] {
    std::array<uint8_t, 128> f{};
    f.fill(2);
    const char* common = " etaoinsrhldcumfpgwyb.0123456789:-";
    const uint8_t weights[] = {150, 90, 65, 60, 55, 55, 55, 55, 50, 35, 35, 30, 30, 28, 25, 20, 20,
                               18,  15, 15, 12, 30, 25, 25, 20, 20, 20, 20, 20, 20, 20, 20, 20, 15};
    for (size_t i = 0; common[i] != '\0'; ++i) f[static_cast<uint8_t>(common[i])] = weights[i];
    for (char c : std::string_view("vk/_=,[({\"'")) f[static_cast<uint8_t>(c)] = 6;
    return f;
  }();
  return b < 128 ? kPerMille[b] : 2;
}

}  // namespace

// A multi-literal search. Every literal is folded (ASCII upper case to lower case) and at
// least four bytes long, and each has a "window": its four rarest consecutive bytes in log
// text. Where the CPU has AVX2, 32 positions at a time go through a nibble filter of the
// windows (literals spread over 8 buckets; a position passes when each of the four bytes
// from it is allowed in the same bucket: the "Teddy" scheme of Hyperscan); elsewhere, and
// for the last bytes of a text, each position's first four bytes are hashed into a 64 Kibit
// table of the literals' first four bytes. Only a position that passes costs a comparison.
class LiteralScan {
 public:
  // Null when some pattern has no required literal, or a literal the scan cannot take.
  static std::unique_ptr<LiteralScan> Build(const std::vector<PatternSpec>& specs) {
    auto scan = std::unique_ptr<LiteralScan>(new LiteralScan());
    std::vector<std::string> literals;
    for (const PatternSpec& spec : specs) {
      if (!RequiredLiterals(spec.regex, &literals)) return nullptr;
    }
    std::sort(literals.begin(), literals.end());
    literals.erase(std::unique(literals.begin(), literals.end()), literals.end());
    for (std::string& lit : literals) {
      if (lit.size() < kMinLiteral) return nullptr;
      for (char& c : lit) {
        const auto b = static_cast<uint8_t>(c);
        if (b >= 0x80 || c == '\n') return nullptr;  // case folding beyond ASCII, or two lines
        c = static_cast<char>(Fold(b));
      }
      Literal l;
      l.head = Load4(lit.data());
      const uint32_t h = Hash16(l.head);
      scan->bits_[h >> 6] |= uint64_t{1} << (h & 63);
      double best = 0;
      for (size_t o = 0; o + kMinLiteral <= lit.size(); ++o) {
        double score = 1;
        for (size_t k = 0; k < kMinLiteral; ++k) {
          score *= LogByteFrequency(static_cast<uint8_t>(lit[o + k]));
        }
        if (o == 0 || score < best) {
          best = score;
          l.offset = o;
        }
      }
      scan->max_offset_ = std::max(scan->max_offset_, l.offset);
      l.text = std::move(lit);
      scan->literals_.push_back(std::move(l));
    }
    // Literals with alike windows share a bucket, which keeps each bucket's filter narrow.
    std::vector<size_t> order(scan->literals_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto window = [&](size_t i) {
      const Literal& l = scan->literals_[i];
      return std::string_view(l.text).substr(l.offset, kMinLiteral);
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return window(a) < window(b); });
    for (size_t rank = 0; rank < order.size(); ++rank) {
      Literal& l = scan->literals_[order[rank]];
      l.bucket = static_cast<uint8_t>(1u << (rank * kBuckets / order.size()));
      for (size_t k = 0; k < kMinLiteral; ++k) {
        const auto b = static_cast<uint8_t>(l.text[l.offset + k]);
        scan->low_[k][b & 15] |= l.bucket;
        scan->high_[k][b >> 4] |= l.bucket;
      }
    }
    return scan;
  }

  // Returns the offset of a literal occurrence at or after pos on the first line (after
  // pos) that holds one, or npos.
  size_t Find(std::string_view text, size_t pos) const {
    if (text.size() < kMinLiteral || pos > text.size() - kMinLiteral) {
      return std::string_view::npos;
    }
#if SPARKPM_LITERAL_SCAN_AVX2
    if (HasAvx2()) {
      size_t scanned = pos;
      const size_t at = FindAvx2(text, pos, &scanned);
      if (at != std::string_view::npos) return at;
      // Occurrences whose window lies beyond the filtered part start after this.
      pos = std::max(pos, scanned > max_offset_ ? scanned - max_offset_ : 0);
    }
#endif
    return FindHashed(text, pos);
  }

 private:
  static constexpr size_t kBuckets = 8;
  struct Literal {
    uint32_t head = 0;   // first four bytes, folded
    size_t offset = 0;   // where its window starts
    uint8_t bucket = 0;  // bit of its bucket in the nibble filter
    std::string text;    // folded
  };
  LiteralScan() = default;

  // True when lit occurs at start.
  static bool Occurs(const Literal& lit, std::string_view text, size_t start) {
    if (lit.text.size() > text.size() - start) return false;
    const char* p = text.data() + start;
    if ((Load4(p) | kFold4) != lit.head) return false;
    for (size_t k = kMinLiteral; k < lit.text.size(); ++k) {
      if (Fold(static_cast<uint8_t>(p[k])) != static_cast<uint8_t>(lit.text[k])) return false;
    }
    return true;
  }

  size_t FindHashed(std::string_view text, size_t pos) const {
    const char* p = text.data();
    const size_t last = text.size() - kMinLiteral;  // last start
    for (size_t i = pos; i <= last; ++i) {
      const uint32_t h = Hash16(Load4(p + i) | kFold4);
      if ((bits_[h >> 6] >> (h & 63) & 1) == 0) continue;
      for (const Literal& lit : literals_) {
        if (Occurs(lit, text, i)) return i;
      }
    }
    return std::string_view::npos;
  }

#if SPARKPM_LITERAL_SCAN_AVX2
  static bool HasAvx2() {
    static const bool has = __builtin_cpu_supports("avx2");
    return has;
  }

  // Runs the nibble filter over window positions from pos while 32 of them and their four
  // bytes fit. Returns where a literal starts (at or after pos) whose window passed first,
  // else npos with *scanned at the first window position not looked at. A literal holds
  // no '\n', so an occurrence found first lies on the first line that holds one.
  __attribute__((target("avx2"))) size_t FindAvx2(std::string_view text, size_t pos,
                                                  size_t* scanned) const {
    const char* p = text.data();
    const __m256i fold = _mm256_set1_epi8(0x20);
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i low[kMinLiteral], high[kMinLiteral];
    for (size_t k = 0; k < kMinLiteral; ++k) {
      low[k] =
          _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(low_[k])));
      high[k] =
          _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(high_[k])));
    }
    size_t i = pos;
    for (; i + 32 + kMinLiteral - 1 <= text.size(); i += 32) {
      __m256i found = _mm256_set1_epi8(static_cast<char>(0xFF));
      for (size_t k = 0; k < kMinLiteral; ++k) {
        const __m256i v =
            _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + k)), fold);
        const __m256i lo = _mm256_and_si256(v, nibble);
        const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble);
        found = _mm256_and_si256(found, _mm256_and_si256(_mm256_shuffle_epi8(low[k], lo),
                                                         _mm256_shuffle_epi8(high[k], hi)));
      }
      auto passed = static_cast<uint32_t>(
          ~_mm256_movemask_epi8(_mm256_cmpeq_epi8(found, _mm256_setzero_si256())));
      if (passed == 0) continue;
      alignas(32) uint8_t buckets[32];
      _mm256_store_si256(reinterpret_cast<__m256i*>(buckets), found);
      while (passed != 0) {
        const auto bit = static_cast<size_t>(__builtin_ctz(passed));
        passed &= passed - 1;
        const size_t w = i + bit;
        for (const Literal& lit : literals_) {
          if ((lit.bucket & buckets[bit]) == 0 || w < pos + lit.offset) continue;
          if (Occurs(lit, text, w - lit.offset)) return w - lit.offset;
        }
      }
    }
    *scanned = i;
    return std::string_view::npos;
  }
#endif

  std::vector<Literal> literals_;
  size_t max_offset_ = 0;
  uint64_t bits_[1024] = {};
  // Nibble filter: bucket bits of the literals whose window byte k has this low / high
  // nibble.
  alignas(16) uint8_t low_[kMinLiteral][16] = {};
  alignas(16) uint8_t high_[kMinLiteral][16] = {};
};

PatternSet::PatternSet() = default;
PatternSet::PatternSet(PatternSet&&) noexcept = default;
PatternSet& PatternSet::operator=(PatternSet&&) noexcept = default;
PatternSet::~PatternSet() = default;

Result<PatternSet> PatternSet::Compile(std::vector<PatternSpec> specs) {
  PatternSet set;
  std::map<std::string, size_t, std::less<>> seen;
  for (size_t i = 0; i < specs.size(); ++i) {
    const PatternSpec& spec = specs[i];
    if (spec.id.empty()) {
      return Error{"pattern without an id", Where(spec), {}, "give every pattern a unique id"};
    }
    auto [it, inserted] = seen.emplace(spec.id, i);
    if (!inserted) {
      return Error{fmt::format("duplicate pattern id '{}'", spec.id), Where(spec),
                   fmt::format("first defined at {}", Where(specs[it->second])),
                   "pattern ids must be unique across all rule files; rename one"};
    }
  }
  if (!specs.empty()) {
    set.set_ = std::make_unique<re2::Set>(PatternOptions(kSetMaxMem), RE2::UNANCHORED);
  }
  for (const PatternSpec& spec : specs) {
    auto re = std::make_unique<RE2>(Piece(spec.regex), PatternOptions(kPatternMaxMem));
    if (!re->ok()) {
      return Error{fmt::format("pattern '{}'", spec.id), Where(spec), re->error(),
                   "fix the regex (RE2 syntax: https://github.com/google/re2/wiki/Syntax)"};
    }
    std::string error;
    if (set.set_->Add(Piece(spec.regex), &error) < 0) {
      return Error{fmt::format("pattern '{}'", spec.id), Where(spec), error, {}};
    }
    set.regexes_.push_back(std::move(re));
  }
  if (set.set_ && !set.set_->Compile()) {
    return Error{
        "cannot compile the log patterns into one set",
        {},
        fmt::format("the {} patterns need more than {} MiB", specs.size(), kSetMaxMem >> 20),
        "remove or simplify patterns with large counted repetitions"};
  }
  set.specs_ = std::move(specs);
  set.CompileScan();
  return set;
}

void PatternSet::CompileScan() {
  scan_.reset();
  literals_.reset();
  if (specs_.empty()) return;
  // Each scan must find every line a pattern matches; a sample one misses turns it off.
  auto misses_a_sample = [&] {
    for (const PatternSpec& spec : specs_) {
      for (const std::string& sample : spec.samples) {
        std::string line = "2026-01-01T00:00:00.000000000Z " + sample + "\r\n";
        if (NextCandidateLine(line, 0) != 0 || NextCandidateLine(sample + "\n", 0) != 0) {
          return true;
        }
      }
    }
    return false;
  };
  literals_ = LiteralScan::Build(specs_);
  if (literals_ && misses_a_sample()) literals_.reset();
  if (literals_) return;
  std::string all = "(?m)";
  for (const PatternSpec& spec : specs_) {
    std::string form = ScanForm(spec.regex);
    if (form.empty()) return;  // every line stays a candidate
    if (all.size() > 4) all += '|';
    all += "(?:" + form + ")";
  }
  auto scan = std::make_unique<RE2>(Piece(all), PatternOptions(kSetMaxMem));
  if (!scan->ok()) return;
  scan_ = std::move(scan);
  if (misses_a_sample()) scan_.reset();
}

size_t PatternSet::NextCandidateLine(std::string_view text, size_t pos) const {
  if (pos >= text.size() || !set_) return std::string_view::npos;
  if (literals_) {
    const size_t at = literals_->Find(text, pos);
    if (at == std::string_view::npos) return at;
    const void* nl = memrchr(text.data() + pos, '\n', at - pos);
    return nl == nullptr ? pos
                         : static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
  }
  if (!scan_) return pos;
  re2::StringPiece all = Piece(text);
  re2::StringPiece found;
  if (!scan_->Match(all, pos, text.size(), RE2::UNANCHORED, &found, 1)) {
    return std::string_view::npos;
  }
  size_t start = static_cast<size_t>(found.data() - text.data());
  const void* nl = memrchr(text.data() + pos, '\n', start - pos);
  return nl == nullptr ? pos : static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
}

bool PatternSet::Match(std::string_view line, std::vector<PatternHit>* hits) const {
  if (!set_) return false;
  re2::StringPiece text = Piece(line);
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  // First pass stops at the earliest match and allocates nothing: most lines end here.
  bool any = set_->Match(text, nullptr, &info);
  thread_local std::vector<int> indices;
  indices.clear();
  if (any) any = set_->Match(text, &indices, &info);
  if (!any && info.kind == RE2::Set::kNoError) return false;
  if (info.kind != RE2::Set::kNoError) {
    // The DFA gave up (memory budget): fall back to each pattern on its own.
    indices.clear();
    for (size_t i = 0; i < regexes_.size(); ++i) {
      if (RE2::PartialMatch(text, *regexes_[i])) indices.push_back(static_cast<int>(i));
    }
  }
  std::sort(indices.begin(), indices.end());
  size_t before = hits->size();
  for (int index : indices) {
    if (index < 0 || static_cast<size_t>(index) >= regexes_.size()) continue;
    AddHit(specs_[static_cast<size_t>(index)], *regexes_[static_cast<size_t>(index)], index, line,
           hits);
  }
  return hits->size() > before;
}

void PatternSet::CandidateLines(std::string_view text, std::vector<size_t>* starts) const {
  starts->clear();
  size_t pos = 0;
  while ((pos = NextCandidateLine(text, pos)) != std::string_view::npos) {
    starts->push_back(pos);
    const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
    if (nl == nullptr) break;
    pos = static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1;
  }
}

std::vector<std::string> PatternSet::CheckSamples() const {
  std::vector<std::string> problems;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const PatternSpec& spec = specs_[i];
    for (const std::string& sample : spec.samples) {
      if (!RE2::PartialMatch(Piece(sample), *regexes_[i])) {
        problems.push_back(fmt::format("{}: sample does not match pattern '{}': {}", Where(spec),
                                       spec.id, sample));
      }
    }
  }
  return problems;
}

}  // namespace sparkpm

#include "sparkpm/expectation.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>

namespace sparkpm {

Result<Expectation> ReadExpectation(const std::filesystem::path& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    return Error{"expectation file not found",
                 path.string(),
                 {},
                 "create it with `sparkpm check BUNDLE --expect FILE --update`"};
  } catch (const YAML::Exception& e) {
    return Error{"expectation file is not valid YAML",
                 fmt::format("{}:{}", path.string(), e.mark.line + 1),
                 e.msg,
                 {}};
  }
  Expectation ex;
  if (root["description"] && root["description"].IsScalar())
    ex.description = root["description"].Scalar();
  YAML::Node list = root["findings"];
  if (list && !list.IsSequence() && !list.IsNull()) {
    return Error{"'findings' must be a list", path.string(), {}, {}};
  }
  if (list && list.IsSequence()) {
    for (const YAML::Node& n : list) {
      if (!n.IsMap() || !n["rule"] || !n["severity"]) {
        return Error{"each finding needs 'rule' and 'severity'",
                     fmt::format("{}:{}", path.string(), n.Mark().line + 1),
                     {},
                     {}};
      }
      ex.findings.push_back({n["rule"].as<std::string>(""), n["severity"].as<std::string>("")});
    }
  }
  return ex;
}

Status WriteExpectation(const std::filesystem::path& path, const std::string& description,
                        const std::vector<Finding>& findings) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "description" << YAML::Value << description;
  out << YAML::Key << "findings" << YAML::Value << YAML::BeginSeq;
  for (const Finding& f : findings) {
    out << YAML::BeginMap << YAML::Key << "rule" << YAML::Value << f.rule << YAML::Key << "severity"
        << YAML::Value << SeverityName(f.severity) << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return Error{"cannot write expectation file", path.string(), {}, {}};
  file << "# Findings sparkpm must report for this bundle, in report order.\n"
       << "# Re-approve with: sparkpm check BUNDLE --expect FILE --update\n"
       << out.c_str() << "\n";
  if (!file) return Error{"cannot write expectation file", path.string(), {}, {}};
  return Ok();
}

std::string DiffFindings(const Expectation& expected, const std::vector<Finding>& found) {
  std::vector<std::string> want, got;
  for (const ExpectedFinding& e : expected.findings)
    want.push_back(e.rule + " (" + e.severity + ")");
  for (const Finding& f : found) got.push_back(f.rule + " (" + SeverityName(f.severity) + ")");
  if (want == got) return {};
  std::string out;
  std::set<std::string> want_set(want.begin(), want.end()), got_set(got.begin(), got.end());
  for (const std::string& w : want) {
    if (!got_set.count(w)) out += "  - expected, not found: " + w + "\n";
  }
  for (const std::string& g : got) {
    if (!want_set.count(g)) out += "  + found, not expected: " + g + "\n";
  }
  if (out.empty()) {
    out += "  order differs:\n    expected: ";
    for (const std::string& w : want) out += w + "; ";
    out += "\n    found:    ";
    for (const std::string& g : got) out += g + "; ";
    out += "\n";
  }
  return out;
}

}  // namespace sparkpm

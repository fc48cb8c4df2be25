#include "sparkpm/status.h"

namespace sparkpm {

std::string Error::ToString() const {
  std::string out;
  if (!where.empty()) out += where + ": ";
  out += what;
  if (!why.empty()) out += ": " + why;
  if (!help.empty()) out += " (" + help + ")";
  return out;
}

}  // namespace sparkpm

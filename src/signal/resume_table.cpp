#include "signal/resume_table.hpp"

namespace meet::signal {

void ResumeTable::add(const std::string& token, std::weak_ptr<Session> session) {
  if (!token.empty()) by_token_[token] = std::move(session);
}

std::shared_ptr<Session> ResumeTable::take(const std::string& token) {
  // A map lookup compares the token byte by byte; the tokens are 128-bit random values, so
  // what a timing difference could reveal is a guess's common prefix with a random string.
  auto it = by_token_.find(token);
  if (it == by_token_.end()) return nullptr;
  auto session = it->second.lock();
  by_token_.erase(it);
  return session;
}

void ResumeTable::remove(const std::string& token) {
  by_token_.erase(token);
}

}  // namespace meet::signal

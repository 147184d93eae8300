#pragma once
// Resume tokens of the sessions that may be taken back by a reconnecting client
// (docs/protocol.md, "Reconnecting"). Each token works once. Control thread only; sessions
// add and remove their own token.
#include <map>
#include <memory>
#include <string>

namespace meet::signal {

class Session;

class ResumeTable {
 public:
  void add(const std::string& token, std::weak_ptr<Session> session);
  // Removes `token` and returns its session while that still exists, else nullptr.
  std::shared_ptr<Session> take(const std::string& token);
  void remove(const std::string& token);
  size_t size() const { return by_token_.size(); }

 private:
  std::map<std::string, std::weak_ptr<Session>> by_token_;
};

}  // namespace meet::signal

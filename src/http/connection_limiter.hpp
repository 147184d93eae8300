#pragma once
// Bounds the HTTP/WebSocket connections the server holds: at most `per_address` from one client
// address and `total` in all (README "Limits"). A connection holds a lease from accept to close;
// one over a bound is refused right after accept, before anything is read or reserved for it.
// A trusted proxy (nginx: every client arrives from its address) counts only towards `total`.
// Control loop only.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace meet::http {

class ConnectionLimiter;

// One counted connection; released when destroyed. Must not outlive its limiter (the server
// core, which every connection keeps alive).
class ConnectionLease {
 public:
  ConnectionLease(ConnectionLimiter& limiter, std::string address)
      : limiter_(limiter), address_(std::move(address)) {}
  ~ConnectionLease();
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;

 private:
  ConnectionLimiter& limiter_;
  std::string address_;
};

class ConnectionLimiter {
 public:
  enum class Refusal : uint8_t { kNone, kPerAddress, kTotal };

  // 0 for a bound means no bound.
  ConnectionLimiter(size_t per_address, size_t total) : per_address_(per_address), total_(total) {}

  // A lease for a new connection from `address`, or nullptr when a bound is reached (`why`
  // then says which). `per_address_bound` false: only the total bound applies.
  std::unique_ptr<ConnectionLease> acquire(const std::string& address, Refusal* why = nullptr,
                                           bool per_address_bound = true);

  size_t open() const { return open_; }
  size_t open_from(const std::string& address) const;
  uint64_t refused_per_address() const { return refused_per_address_; }
  uint64_t refused_total() const { return refused_total_; }

 private:
  friend class ConnectionLease;
  void release(const std::string& address);

  size_t per_address_;
  size_t total_;
  size_t open_ = 0;
  std::unordered_map<std::string, size_t> by_address_;
  uint64_t refused_per_address_ = 0;
  uint64_t refused_total_ = 0;
};

}  // namespace meet::http

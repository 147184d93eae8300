#include "http/connection_limiter.hpp"

namespace meet::http {

ConnectionLease::~ConnectionLease() {
  limiter_.release(address_);
}

std::unique_ptr<ConnectionLease> ConnectionLimiter::acquire(const std::string& address,
                                                            Refusal* why, bool per_address_bound) {
  Refusal refusal = Refusal::kNone;
  if (total_ != 0 && open_ >= total_) {
    refusal = Refusal::kTotal;
    ++refused_total_;
  } else if (per_address_bound && per_address_ != 0 && open_from(address) >= per_address_) {
    refusal = Refusal::kPerAddress;
    ++refused_per_address_;
  }
  if (why != nullptr) *why = refusal;
  if (refusal != Refusal::kNone) return nullptr;
  ++open_;
  ++by_address_[address];
  return std::make_unique<ConnectionLease>(*this, address);
}

size_t ConnectionLimiter::open_from(const std::string& address) const {
  auto it = by_address_.find(address);
  return it == by_address_.end() ? 0 : it->second;
}

void ConnectionLimiter::release(const std::string& address) {
  --open_;
  auto it = by_address_.find(address);
  if (it != by_address_.end() && --it->second == 0) by_address_.erase(it);
}

}  // namespace meet::http

#pragma once
// WebhookReceiver: a real HTTP server (http::Server on 127.0.0.1:0, own thread) that records
// every POST to /hook and answers 500 to the first `failures` of them, 200 afterwards.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/server.hpp"

namespace meet::testing {

struct ReceivedHook {
  std::string body;
  std::string signature;
  std::string event;
  std::string delivery;
  std::chrono::steady_clock::time_point at;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(int failures)
      : failures_(failures), work_(boost::asio::make_work_guard(ioc_)) {
    http::ServerOptions so;
    so.bind = "127.0.0.1";
    server_ = std::make_unique<http::Server>(ioc_, so);
    server_->router().add("POST", "/hook", [this](http::Request& req) {
      std::lock_guard lock(mutex_);
      received_.push_back({req.body, std::string(req.header("Meet-Signature").value_or("")),
                           std::string(req.header("Meet-Event").value_or("")),
                           std::string(req.header("Meet-Delivery").value_or("")),
                           std::chrono::steady_clock::now()});
      if (static_cast<int>(received_.size()) <= failures_) {
        return http::Response::error(500, "receiver_down", "failing on purpose");
      }
      return http::Response::json(200, {{"ok", true}});
    });
    server_->start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~WebhookReceiver() {
    server_->stop();
    work_.reset();
    ioc_.stop();
    thread_.join();
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hook";
  }
  std::vector<ReceivedHook> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  int failures_;
  mutable std::mutex mutex_;
  std::vector<ReceivedHook> received_;
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace meet::testing

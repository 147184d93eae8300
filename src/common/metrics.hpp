#pragma once
// A small Prometheus registry (text exposition format 0.0.4).
//
// Registration (counter/gauge/histogram) takes a mutex and returns a reference that stays
// valid for the registry's lifetime: fetch it once at set-up and keep it. Updating a metric is
// lock-free (relaxed atomics), so media worker threads may inc() on the hot path. Asking again
// for the same name and labels returns the same metric.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace meet {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void inc(double d = 1) { value_.fetch_add(d, std::memory_order_relaxed); }
  void dec(double d = 1) { value_.fetch_sub(d, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds`: bucket upper bounds, strictly increasing, without +Inf (added implicitly).
  explicit Histogram(std::vector<double> bounds);

  void observe(double v);

  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative count per bound, then the +Inf bucket (== count()).
  std::vector<uint64_t> cumulative_counts() const;
  uint64_t count() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 (overflow last)
  std::atomic<double> sum_{0};
};

class MetricsRegistry {
 public:
  // Names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* (not "__..." and,
  // for histograms, not "le"). A bad name, or one name used with two types, aborts: these are
  // programming errors found at start-up. Label order does not matter.
  Counter& counter(std::string_view name, std::string_view help, MetricLabels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, MetricLabels labels = {});
  // Buckets must be strictly increasing; a histogram asked for again keeps its first buckets.
  Histogram& histogram(std::string_view name, std::string_view help, std::vector<double> buckets,
                       MetricLabels labels = {});

  // Families sorted by name, series by labels; HELP and TYPE lines, escaped label values,
  // histograms as _bucket{le=...}/_sum/_count. Any thread.
  std::string render_prometheus() const;

  // Bucket sets for latency in seconds (1 ms .. 10 s).
  static std::vector<double> default_latency_buckets();

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series {
    MetricLabels labels;  // sorted by name
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  struct Family {
    Type type;
    std::string help;
    std::map<std::string, Series> series;  // by rendered label set
  };

  Series& find_or_add(std::string_view name, std::string_view help, Type type, MetricLabels labels);

  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
};

// The process-wide registry.
MetricsRegistry& metrics();

}  // namespace meet

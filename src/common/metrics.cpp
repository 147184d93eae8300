#include "common/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/assert.hpp"

namespace meet {
namespace {

bool valid_name(std::string_view s, bool colon_ok) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (colon_ok && c == ':') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Label values: backslash, double quote and line feed are escaped.
void append_escaped_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

// HELP text: backslash and line feed are escaped.
std::string escape_help(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// {a="1",b="2"} plus an optional extra label (le), or "" when there are none.
std::string label_text(const MetricLabels& labels, std::string_view extra_name = {},
                       std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return {};
  std::string out = "{";
  bool first = true;
  auto add = [&](std::string_view k, std::string_view v) {
    if (!first) out.push_back(',');
    first = false;
    out.append(k);
    out += "=\"";
    append_escaped_value(out, v);
    out.push_back('"');
  };
  for (const auto& [k, v] : labels) add(k, v);
  if (!extra_name.empty()) add(extra_name, extra_value);
  out.push_back('}');
  return out;
}

std::string format_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  for (size_t i = 0; i < bounds_.size(); ++i) {
    MEET_ASSERT(std::isfinite(bounds_[i]), "histogram bucket bounds must be finite");
    MEET_ASSERT(i == 0 || bounds_[i] > bounds_[i - 1], "histogram buckets must increase");
  }
}

void Histogram::observe(double v) {
  // First bucket whose upper bound is >= v ("le" is inclusive).
  size_t i =
      static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::cumulative_counts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    out[i] = total;
  }
  return out;
}

uint64_t Histogram::count() const {
  return cumulative_counts().back();
}

std::vector<double> MetricsRegistry::default_latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

MetricsRegistry::Series& MetricsRegistry::find_or_add(std::string_view name, std::string_view help,
                                                      Type type, MetricLabels labels) {
  MEET_ASSERT(valid_name(name, true), "invalid metric name");
  std::sort(labels.begin(), labels.end());
  for (size_t i = 0; i < labels.size(); ++i) {
    const auto& k = labels[i].first;
    MEET_ASSERT(valid_name(k, false) && !k.starts_with("__"), "invalid label name");
    MEET_ASSERT(!(type == Type::kHistogram && k == "le"), "\"le\" is reserved in histograms");
    MEET_ASSERT(i == 0 || labels[i - 1].first != k, "duplicate label name");
  }
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{type, std::string(help), {}}).first;
  }
  Family& family = it->second;
  MEET_ASSERT(family.type == type, "metric registered twice with different types");
  std::string key = label_text(labels);
  auto s = family.series.find(key);
  if (s == family.series.end()) {
    Series series;
    series.labels = std::move(labels);
    s = family.series.emplace(std::move(key), std::move(series)).first;
  }
  return s->second;
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  MetricLabels labels) {
  std::lock_guard lock(mu_);
  Series& s = find_or_add(name, help, Type::kCounter, std::move(labels));
  if (!s.counter) s.counter = std::make_unique<Counter>();
  return *s.counter;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, MetricLabels labels) {
  std::lock_guard lock(mu_);
  Series& s = find_or_add(name, help, Type::kGauge, std::move(labels));
  if (!s.gauge) s.gauge = std::make_unique<Gauge>();
  return *s.gauge;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      std::vector<double> buckets, MetricLabels labels) {
  std::lock_guard lock(mu_);
  Series& s = find_or_add(name, help, Type::kHistogram, std::move(labels));
  if (!s.histogram) s.histogram = std::make_unique<Histogram>(std::move(buckets));
  return *s.histogram;
}

std::string MetricsRegistry::render_prometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    const char* type = family.type == Type::kCounter ? "counter"
                       : family.type == Type::kGauge ? "gauge"
                                                     : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape_help(family.help), name, type);
    for (const auto& [labels_key, s] : family.series) {
      switch (family.type) {
        case Type::kCounter:
          out += fmt::format("{}{} {}\n", name, labels_key, s.counter->value());
          break;
        case Type::kGauge:
          out += fmt::format("{}{} {}\n", name, labels_key, format_double(s.gauge->value()));
          break;
        case Type::kHistogram: {
          const Histogram& h = *s.histogram;
          auto counts = h.cumulative_counts();
          for (size_t i = 0; i < counts.size(); ++i) {
            std::string le = i < h.bounds().size() ? format_double(h.bounds()[i]) : "+Inf";
            out += fmt::format("{}_bucket{} {}\n", name, label_text(s.labels, "le", le), counts[i]);
          }
          out += fmt::format("{}_sum{} {}\n", name, labels_key, format_double(h.sum()));
          out += fmt::format("{}_count{} {}\n", name, labels_key, counts.back());
          break;
        }
      }
    }
  }
  return out;
}

MetricsRegistry& metrics() {
  static MetricsRegistry registry;
  return registry;
}

}  // namespace meet

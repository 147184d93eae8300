-- wrk script for bench/api_bench.sh. The request comes from the environment:
--   BENCH_METHOD (default GET), BENCH_API_KEY (X-API-Key header, optional),
--   BENCH_BODY (JSON request body, optional).
-- done() prints one machine-readable line that api_bench.sh parses:
--   BENCH rps=<requests/s> p50_ms=<ms> p99_ms=<ms> requests=<n> non2xx=<n> sockerr=<n>

local method = os.getenv("BENCH_METHOD") or "GET"
local key = os.getenv("BENCH_API_KEY") or ""
local body = os.getenv("BENCH_BODY") or ""

wrk.method = method
if key ~= "" then
  wrk.headers["X-API-Key"] = key
end
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d sockerr=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.requests,
    e.status,
    e.connect + e.read + e.write + e.timeout))
end

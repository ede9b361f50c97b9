-- wrk script: counts responses other than 200 and, when the run ends, prints one line
-- "BENCH {json}" with exact percentiles (wrk's own --latency table has no p95).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non_200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
  end
end

function done(summary, latency, requests)
  local non_200_total = 0
  for _, thread in ipairs(threads) do
    non_200_total = non_200_total + thread:get("non_200")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_s": %.6f, "non_200": %d, "socket_errors": %d, '
      .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "mean_ms": %.3f}\n',
    summary.requests, summary.duration / 1e6, non_200_total,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    latency.max / 1e3, latency.mean / 1e3))
end

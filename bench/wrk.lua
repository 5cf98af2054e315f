-- wrk script of events_bench.py: POSTs the JSON file PULSE_BENCH_BODY when set, else GETs,
-- with the bench key from PULSE_BENCH_KEY (it lives only in this run's environment; the
-- bench revokes the key at the end), and prints one machine-readable RESULT line.
local body_path = os.getenv("PULSE_BENCH_BODY")
if body_path and body_path ~= "" then
  local file = assert(io.open(body_path, "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PULSE_BENCH_KEY")

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end

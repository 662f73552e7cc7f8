-- wrk script for bench/server_load.sh: POST /api/index/reweight with a new weight on one
-- pillar each time, as a user dragging the sliders does. The pillar codes and the answer's
-- form come from the environment (SOFTPOWER_PILLARS="a,b,c", SOFTPOWER_FULL=1 for the answer
-- with every country's pillar scores).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local pillars = {}
for code in string.gmatch(os.getenv("SOFTPOWER_PILLARS") or "culture", "[^,]+") do
  pillars[#pillars + 1] = code
end
local tail = os.getenv("SOFTPOWER_FULL") == "1" and "}" or ',"pillars":false}'
local n = 0

request = function()
  n = n + 1
  local weight = 0.1 + ((n * 37) % 100) / 25
  local body = string.format('{"weights":{"%s":%.3f}%s', pillars[(n % #pillars) + 1], weight, tail)
  return wrk.format(nil, nil, nil, body)
end

-- No response(): with one, wrk hands every answer's body to Lua, which costs more than the
-- server's work. Answers other than 2xx are counted by wrk itself (non-200 below).
done = function(summary, latency, requests)
  io.write(string.format("requests %d  rate %.0f/s  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms  non-200 %d  socket errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

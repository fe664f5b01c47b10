-- The soak mix for scripts/soak.sh (wrk): 10% staff edits through the API, 40% searches, 45%
-- meeting reads and 5% the Meeting Guide feed (gzip), each connection pausing SOAK_DELAY_MS between
-- requests so the load is ordinary traffic rather than saturation.
--   SOAK_TOKEN     a staff (editor) bearer token
--   SOAK_IDS       a file of published meeting ids, one a line
--   SOAK_DELAY_MS  pause between a connection's requests (default 20)

local ids = {}
local token = os.getenv("SOAK_TOKEN") or ""
local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "20")
local sent = 0

-- Metro centres of the seed data (crates/domain/benches/data): dense and sparse places.
local points = {
  { 40.7128, -74.0060 }, { 41.8781, -87.6298 }, { 34.0522, -118.2437 }, { 39.9526, -75.1652 },
  { 29.7604, -95.3698 }, { 47.6062, -122.3321 }, { 51.5074, -0.1278 }, { -33.8688, 151.2093 },
}

function init(args)
  for line in io.lines(os.getenv("SOAK_IDS")) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function delay()
  return pause
end

function request()
  sent = sent + 1
  local roll = math.random(100)
  local id = ids[math.random(#ids)]
  if roll <= 10 then
    -- A staff edit: the notes change, so every write moves the index (and the feed) on.
    local body = string.format('{"notes":"Soak edit %d-%d."}', sent, math.random(1000000000))
    return wrk.format("PATCH", "/v1/meetings/" .. id, {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/merge-patch+json",
    }, body)
  elseif roll <= 50 then
    local p = points[math.random(#points)]
    local path = string.format("/v1/meetings?lat=%.4f&lng=%.4f&radius_km=%d&limit=25",
      p[1] + (math.random() - 0.5) / 5, p[2] + (math.random() - 0.5) / 5, 5 + math.random(20))
    return wrk.format("GET", path)
  elseif roll <= 95 then
    return wrk.format("GET", "/v1/meetings/" .. id)
  else
    return wrk.format("GET", "/feeds/meeting-guide.json", { ["Accept-Encoding"] = "gzip" })
  end
end

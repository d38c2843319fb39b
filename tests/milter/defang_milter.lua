-- miltertest script: sends one message file to defang-milter and checks the
-- body was replaced or left alone (milter.md 2.8). Environment: MILTER_SOCKET,
-- MESSAGE (path), EXPECT ("unchanged" or "replaced").
local socket = os.getenv("MILTER_SOCKET")
local path = os.getenv("MESSAGE")
local expect = os.getenv("EXPECT")

local function fail(msg)
  mt.echo("FAIL: " .. msg)  -- miltertest does not print error() messages
  error(msg)
end

local f = io.open(path, "rb")
if f == nil then fail("cannot read " .. path) end
local text = f:read("*a")
f:close()
text = text:gsub("^From [^\n]*\n", ""):gsub("\r\n", "\n")

local conn = mt.connect(socket, 50, 0.1)
if conn == nil then fail("cannot connect to " .. socket) end
if mt.negotiate(conn, nil, nil, nil) ~= nil then fail("negotiate") end
-- steps the filter negotiated away must not be sent (milter.md 2.8)
if not mt.test_option(conn, SMFIP_NOCONNECT) then
  if mt.conninfo(conn, "client.test.invalid", "192.0.2.1") ~= nil then fail("conninfo") end
end
if not mt.test_option(conn, SMFIP_NOMAIL) then
  if mt.mailfrom(conn, "<sender@test.invalid>") ~= nil then fail("mailfrom") end
end
if not mt.test_option(conn, SMFIP_NORCPT) then
  if mt.rcptto(conn, "<rcpt@test.invalid>") ~= nil then fail("rcptto") end
end

local head, body = text:match("^(.-)\n\n(.*)$")
if head == nil then fail("no header/body separator") end
-- unfold continuation lines into "\n"-joined values, as an MTA sends them
local name, value
local function flush()
  if name ~= nil then
    if mt.header(conn, name, value) ~= nil then fail("header " .. name) end
  end
end
for line in (head .. "\n"):gmatch("([^\n]*)\n") do
  if line:match("^[ \t]") and name ~= nil then
    value = value .. "\n" .. line
  else
    flush()
    name, value = line:match("^([^:]+):%s?(.*)$")
  end
end
flush()
if mt.eoh(conn) ~= nil then fail("eoh") end
body = body:gsub("\n", "\r\n")
local chunk = 60000
for i = 1, #body, chunk do
  if mt.bodystring(conn, body:sub(i, i + chunk - 1)) ~= nil then fail("body") end
end
if mt.eom(conn) ~= nil then fail("eom") end
if mt.getreply(conn) ~= SMFIR_CONTINUE then fail("eom reply is not continue") end

local changed = mt.eom_check(conn, MT_BODYCHANGE)
if expect == "replaced" and not changed then fail("body not replaced") end
if expect == "unchanged" and changed then fail("body changed") end
if expect == "unchanged" and mt.eom_check(conn, MT_HDRADD) then fail("header added") end
mt.disconnect(conn)
mt.echo("OK " .. expect)

-- miltertest script for spfmilter (milter.md 2.8): one scenario per run, chosen by
-- SCENARIO (pass, fail, temperror, numeric-helo, null-sender); MILTER_SOCKET is the
-- libmilter spec of the running spfmilter. The zone (data/e2e.testns) lets
-- 192.0.2.1 send for pass.test only.
local socket = os.getenv("MILTER_SOCKET")
local scenario = os.getenv("SCENARIO")

local function fail(msg)
  mt.echo("FAIL [" .. scenario .. "]: " .. msg)  -- miltertest does not print error() messages
  error(msg)
end

local function expect_reply(step, want, wantname)
  local got = mt.getreply(conn)
  if got ~= want then fail(step .. ": reply is not " .. wantname) end
end

conn = mt.connect(socket, 50, 0.1)
if conn == nil then fail("cannot connect to " .. socket) end

mt.macro(conn, SMFIC_CONNECT, "j", "mx.test.invalid", "_", "client.test [192.0.2.1]")
if mt.conninfo(conn, "client.test", "192.0.2.1") ~= nil then fail("conninfo") end
if not mt.test_option(conn, SMFIP_NR_CONN) then fail("connect is not no-reply") end

local helo = "client.test"
if scenario == "numeric-helo" then helo = "192.0.2.7" end
if scenario == "null-sender" then helo = "pass.test" end
if mt.helo(conn, helo) ~= nil then fail("helo") end
if scenario == "numeric-helo" then
  expect_reply("helo", SMFIR_REPLYCODE, "REPLYCODE (550)")
  mt.disconnect(conn)
  mt.echo("OK " .. scenario)
  return
end
expect_reply("helo", SMFIR_CONTINUE, "CONTINUE")

local from = { pass = "<alice@pass.test>", fail = "<bob@fail.test>",
               temperror = "<carol@temperror.test>", ["null-sender"] = "<>" }
mt.macro(conn, SMFIC_MAIL, "i", "MTQID" .. scenario)
if mt.mailfrom(conn, from[scenario]) ~= nil then fail("mailfrom") end
if scenario == "fail" or scenario == "temperror" then
  expect_reply("mailfrom", SMFIR_REPLYCODE, "REPLYCODE")
  mt.disconnect(conn)
  mt.echo("OK " .. scenario)
  return
end
expect_reply("mailfrom", SMFIR_CONTINUE, "CONTINUE")

if not mt.test_option(conn, SMFIP_NORCPT) then
  if mt.rcptto(conn, "<postmaster@mx.test.invalid>") ~= nil then fail("rcptto") end
end
if not mt.test_option(conn, SMFIP_NOHDRS) then
  -- a forged result with our authserv-id, and someone else's
  if mt.header(conn, "Authentication-Results", "mx.test.invalid; spf=pass smtp.mailfrom=evil.test") ~= nil then
    fail("header")
  end
  if mt.header(conn, "Authentication-Results", "other.test; spf=none") ~= nil then fail("header 2") end
  if mt.header(conn, "Subject", "test") ~= nil then fail("header 3") end
end
if not mt.test_option(conn, SMFIP_NOEOH) then
  if mt.eoh(conn) ~= nil then fail("eoh") end
end
if not mt.test_option(conn, SMFIP_NOBODY) then
  if mt.bodystring(conn, "hello\r\n") ~= nil then fail("body") end
end
if mt.eom(conn) ~= nil then fail("eom") end
expect_reply("eom", SMFIR_CONTINUE, "CONTINUE")
if not mt.eom_check(conn, MT_HDRINSERT, "Received-SPF") then fail("no Received-SPF inserted") end
if not mt.eom_check(conn, MT_HDRINSERT, "Authentication-Results") then fail("no Authentication-Results inserted") end
if scenario == "pass" then
  if not mt.eom_check(conn, MT_HDRDELETE, "Authentication-Results") then fail("forged AR not deleted") end
end
mt.disconnect(conn)
mt.echo("OK " .. scenario)

#!/usr/bin/env python3
"""polyrun's gdb stub at the protocol level, without gdb: a client speaks the remote serial
protocol over the socket and checks the replies: start-up packets, registers, memory (a fault is an
E reply, the stub lives on), breakpoints, the interrupt byte 0x03 while the program computes, kill.

  rsp_test.py POLYRUN SAMPLE
"""
import re
import socket
import subprocess
import sys
import time


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


class Client:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buf = b""
        self.ack = True

    def send_raw(self, b):
        self.s.sendall(b)

    def send(self, data):
        cs = sum(data.encode("latin-1")) % 256
        self.send_raw(b"$" + data.encode("latin-1") + b"#%02x" % cs)

    def recv_packet(self):
        while True:
            m = re.match(rb"^\+*\$([^#]*)#([0-9a-f]{2})", self.buf, re.S)
            if m:
                self.buf = self.buf[m.end():]
                data, cs = m.group(1), int(m.group(2), 16)
                if sum(data) % 256 != cs:
                    fail("bad checksum in reply %r" % data)
                if self.ack:
                    self.send_raw(b"+")
                return data.decode("latin-1")
            chunk = self.s.recv(65536)
            if not chunk:
                return None
            self.buf += chunk

    def ask(self, data):
        self.send(data)
        return self.recv_packet()


def expect(what, got, pattern):
    if got is None or not re.fullmatch(pattern, got, re.S):
        fail("%s: expected /%s/, got %r" % (what, pattern, got))
    print("ok  %-28s %s" % (what, (got[:60] + "…") if len(got) > 60 else got))


def main():
    polyrun, sample = sys.argv[1], sys.argv[2]
    proc = subprocess.Popen([polyrun, "-g", "0", sample, "spin"], stderr=subprocess.PIPE, stdout=subprocess.PIPE)
    line = proc.stderr.readline().decode()
    m = re.search(r"port (\d+)", line)
    if not m:
        fail("no port in %r" % line)
    c = Client(int(m.group(1)))
    expect("qSupported", c.ask("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=aarch64"),
           r".*PacketSize=[0-9a-f]+.*qXfer:features:read\+.*multiprocess\+.*")
    expect("QStartNoAckMode", c.ask("QStartNoAckMode"), "OK")
    c.ack = False
    expect("? (stopped at entry)", c.ask("?"), r"T05thread:p[0-9a-f]+\.[0-9a-f]+;")
    pid = int(re.search(r"p([0-9a-f]+)\.", c.ask("qC")).group(1), 16)
    if pid != proc.pid:
        fail("qC names process %d, polyrun is %d" % (pid, proc.pid))
    expect("qAttached", c.ask("qAttached:%x" % pid), "0")
    xml = c.ask("qXfer:features:read:target.xml:0,3fff")
    # (The default CPU has SVE: its feature in place of the fpu one, at 64 bytes of vector length.)
    expect("target.xml", xml, r"l<\?xml.*org\.gnu\.gdb\.aarch64\.core.*org\.gnu\.gdb\.aarch64\.sve.*"
           r"<reg name=\"z31\" bitsize=\"512\".*fpcr.*<reg name=\"ffr\" bitsize=\"64\".*vg.*</target>\s*")
    expect("qXfer:exec-file", c.ask("qXfer:exec-file:read:%x:0,fff" % pid), "l/.*gdb_sample")
    auxv = c.ask("qXfer:auxv:read::0,fff")
    expect("qXfer:auxv", auxv, r"l.+")
    expect("qfThreadInfo", c.ask("qfThreadInfo"), r"mp[0-9a-f]+\.[0-9a-f]+")
    expect("qsThreadInfo", c.ask("qsThreadInfo"), "l")
    regs = c.ask("g")
    # x0–x30, sp, pc (8 bytes each), cpsr (4), z0–z31 (64 each), fpsr, fpcr (4 each), p0–p15 and
    # ffr (8 each), vg (8)
    expect("g (86 registers)", regs, r"[0-9a-f]{%d}" % (2 * (33 * 8 + 4 + 32 * 64 + 8 + 17 * 8 + 8)))
    pc = int.from_bytes(bytes.fromhex(regs[2 * 32 * 8:2 * 33 * 8]), "little")
    expect("p 20 (pc)", c.ask("p20"), regs[2 * 32 * 8:2 * 33 * 8])
    expect("P 1 (x1)", c.ask("P1=efbeadde00000000"), "OK")
    expect("p 1", c.ask("p1"), "efbeadde00000000")
    expect("p 55 (vg: 64 bytes are 8 granules)", c.ask("p55"), "0800000000000000")
    expect("p 56 (past the last)", c.ask("p56"), r"E..")
    expect("m at the pc", c.ask("m%x,4" % pc), r"[0-9a-f]{8}")
    expect("m unmapped", c.ask("m10,4"), r"E..")
    expect("M unmapped", c.ask("M10,2:0102"), r"E..")
    sp = int.from_bytes(bytes.fromhex(regs[2 * 31 * 8:2 * 32 * 8]), "little")
    expect("M on the stack", c.ask("M%x,4:01020304" % (sp - 64)), "OK")
    expect("m it back", c.ask("m%x,4" % (sp - 64)), "01020304")
    expect("X (binary, escaped)", c.ask("X%x,2:}\x03}\x04" % (sp - 64)), "OK")
    expect("m it back", c.ask("m%x,4" % (sp - 64)), "23240304")
    expect("Z0", c.ask("Z0,%x,4" % (pc + 0x100000)), "OK")
    expect("z0", c.ask("z0,%x,4" % (pc + 0x100000)), "OK")
    expect("Z2 (left to gdb)", c.ask("Z2,%x,4" % sp), "")
    expect("vCont?", c.ask("vCont?"), r"vCont;c;C;s;S.*")
    expect("T (alive)", c.ask("Tp%x.%x" % (pid, pid)), "OK")
    expect("T (no such thread)", c.ask("Tp%x.1" % pid), r"E..")
    # The program computes without a syscall: 0x03 must stop it.
    c.send("vCont;c")
    time.sleep(0.5)
    if proc.poll() is not None:
        fail("polyrun ended while it should compute")
    c.send_raw(b"\x03")
    expect("0x03 while running", c.recv_packet(), r"T02thread:p[0-9a-f]+\.[0-9a-f]+;")
    pc2 = int.from_bytes(bytes.fromhex(c.ask("p20")), "little")
    if pc2 == pc:
        fail("the pc did not move while running")
    c.send("vKill;%x" % pid)
    c.recv_packet()
    proc.wait(timeout=20)
    if proc.returncode != -9:
        fail("polyrun ended with %r after vKill, not SIGKILL" % proc.returncode)
    print("ok  vKill: polyrun died of SIGKILL")


main()

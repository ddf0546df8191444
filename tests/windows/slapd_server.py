#!/usr/bin/env python3
"""An LDAP server for the WLDAP32 cases: Debian's slapd on 127.0.0.1, with a configuration and a
database of the test's own in a temporary directory (an MDB database under dc=example,dc=com, its
administrator cn=admin,dc=example,dc=com with the password "secret", a few people and groups
loaded before it starts). Prints the port it listens on, then runs until SIGTERM, when slapd is
stopped and the directory removed. Test tool only."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
sizelimit 500
database mdb
maxsize 16777216
suffix "dc=example,dc=com"
rootdn "cn=admin,dc=example,dc=com"
rootpw secret
directory {dir}/db
access to * by * write
"""

DATA = """\
dn: dc=example,dc=com
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,dc=example,dc=com
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: alice
cn: Alice Liddell
sn: Liddell
mail: alice@example.com
telephoneNumber: +1 555 0101
userPassword: wonderland

dn: uid=bob,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: bob
cn: Bob Builder
sn: Builder
mail: bob@example.com
mail: robert@example.com
description:: Y2Fmw6kgb3duZXI=

dn: uid=carol,ou=people,dc=example,dc=com
objectClass: inetOrgPerson
uid: carol
cn: Carol
sn: Danvers

dn: ou=groups,dc=example,dc=com
objectClass: organizationalUnit
ou: groups
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    d = tempfile.mkdtemp(prefix="polyrun-slapd-")
    proc = None

    def stop(*_):
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(d, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    os.mkdir(os.path.join(d, "db"))
    conf = os.path.join(d, "slapd.conf")
    with open(conf, "w") as f:
        f.write(CONFIG.format(dir=d))
    ldif = os.path.join(d, "data.ldif")
    with open(ldif, "w") as f:
        f.write(DATA)
    subprocess.run([SLAPADD, "-q", "-f", conf, "-l", ldif], check=True, stdout=subprocess.DEVNULL)
    for _ in range(5):
        port = free_port()
        proc = subprocess.Popen([SLAPD, "-d", "0", "-f", conf, "-h", "ldap://127.0.0.1:%d/" % port],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if proc.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", port), 0.2):
                    print(port, flush=True)
                    proc.wait()
                    stop()
            except OSError:
                time.sleep(0.1)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stop()


if __name__ == "__main__":
    main()

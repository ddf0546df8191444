#!/usr/bin/env python3
"""A TLS server on 127.0.0.1 for the secur32_schannel_client sample: TLS 1.2 with one cipher suite
(ECDHE-RSA-AES128-GCM-SHA256, so the sizes the client prints are facts of that suite) and ALPN
"http/1.1". For each connection it reads one line, answers it upper-cased in two records, then
sends close_notify and waits for the client's. Usage: tls_server.py CERT KEY; it prints the port
it listens on, then serves until killed."""
import socket
import ssl
import sys
import threading


def serve(ctx, conn):
    try:
        with ctx.wrap_socket(conn, server_side=True) as tls:
            line = b""
            while not line.endswith(b"\n"):
                chunk = tls.recv(1024)
                if not chunk:
                    return
                line += chunk
            reply = line.upper()
            half = len(reply) // 2
            tls.sendall(reply[:half])
            tls.sendall(reply[half:])
            tls.unwrap()
    except (OSError, ssl.SSLError):
        pass  # a client that refused the certificate, or closed without close_notify
    finally:
        conn.close()


def main():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")
    ctx.set_alpn_protocols(["http/1.1"])
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(ctx, conn), daemon=True).start()


if __name__ == "__main__":
    main()

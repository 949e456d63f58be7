"""A ZeroMQ peer in plain Python (ZMTP 3.0, NULL security), just enough
to stand where raqibd's sockets are and say what a test scripts, in the
order it scripts: a daemon that hangs up before it answers, or whose
messages on one socket lag behind the other's. No pyzmq: the tests use
the standard library only."""
import socket
import struct
import threading

GREETING = (b'\xff' + b'\x00' * 8 + b'\x7f' + b'\x03\x00' + b'NULL'.ljust(20, b'\x00') +
            b'\x00' + b'\x00' * 31)


def _exact(conn, n):
    data = b''
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError('the peer closed the connection')
        data += chunk
    return data


def _frame(conn):
    """(flags, body) of the next ZMTP frame."""
    flags = _exact(conn, 1)[0]
    if flags & 0x02:
        size = struct.unpack('>Q', _exact(conn, 8))[0]
    else:
        size = _exact(conn, 1)[0]
    return flags, _exact(conn, size)


def _ready(socket_type):
    prop = b'\x0bSocket-Type' + struct.pack('>I', len(socket_type)) + socket_type
    body = b'\x05READY' + prop
    return bytes([0x04, len(body)]) + body


def _message(frames):
    out = b''
    for i, f in enumerate(frames):
        more = 0x01 if i + 1 < len(frames) else 0
        if len(f) > 255:
            out += bytes([more | 0x02]) + struct.pack('>Q', len(f)) + f
        else:
            out += bytes([more, len(f)]) + f
    return out


class Peer:
    """The first connection to 127.0.0.1:port, the handshake done as
    socket_type (b'ROUTER' for the replay socket, b'PUB' for the feed).
    A message to a DEALER needs no routing frame: there is one peer."""

    def __init__(self, port, socket_type, timeout=30):
        with socket.socket() as listener:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(('127.0.0.1', port))
            listener.listen(1)
            listener.settimeout(timeout)
            self.conn, _ = listener.accept()
        self.conn.settimeout(timeout)
        self.conn.sendall(GREETING)
        if _exact(self.conn, 64)[:1] != b'\xff':
            raise AssertionError('not a ZMTP greeting')
        self.conn.sendall(_ready(socket_type))
        flags, body = _frame(self.conn)
        if not flags & 0x04 or not body.startswith(b'\x05READY'):
            raise AssertionError('expected READY, got %r' % body[:20])

    def recv(self):
        """The next message's frames (commands skipped)."""
        frames = []
        while True:
            flags, body = _frame(self.conn)
            if flags & 0x04:
                continue
            frames.append(body)
            if not flags & 0x01:
                return frames

    def send(self, *frames):
        self.conn.sendall(_message([f.encode() if isinstance(f, str) else f
                                    for f in frames]))

    def close(self):
        self.conn.close()


class HangUp(threading.Thread):
    """Listens on 127.0.0.1:port; for the first connection, completes the
    handshake, reads one whole message (its frames in .request) and
    closes. Then it stops listening, so the port is free for raqibd."""

    def __init__(self, port, timeout=30):
        super().__init__(daemon=True)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(('127.0.0.1', port))
        self.listener.listen(1)
        self.listener.settimeout(timeout)
        self.request = None
        self.error = None
        self.done = threading.Event()

    def run(self):
        try:
            conn, _ = self.listener.accept()
            with conn:
                conn.settimeout(30)
                conn.sendall(GREETING)
                if _exact(conn, 64)[:1] != b'\xff':
                    raise AssertionError('not a ZMTP greeting')
                conn.sendall(_ready(b'ROUTER'))
                flags, body = _frame(conn)
                if not flags & 0x04 or not body.startswith(b'\x05READY'):
                    raise AssertionError('expected READY, got %r' % body[:20])
                frames = []
                while True:
                    flags, body = _frame(conn)
                    if flags & 0x04:
                        continue            # a command (PING): not a message
                    frames.append(body)
                    if not flags & 0x01:
                        break
                self.request = frames
        except Exception as e:              # reported by the test
            self.error = e
        finally:
            self.listener.close()
            self.done.set()

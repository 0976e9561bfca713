"""A counting SMTP server in the test process: it stores every message before it answers 250,
and can be switched at run time to misbehave as mail servers do.

Modes (for connections made from then on; `hold` also for messages finishing from then on):

- ``normal``: answers every command at once.
- ``refuse``: greets a new connection with ``421`` and closes it, so nothing can be sent.
- ``silent``: accepts the connection and never says anything.
- ``hold``: stores the message, then waits before answering ``250`` (for `hold_seconds`, or
  until `release()`); `drop_held()` closes the held connections without an answer.
"""

from __future__ import annotations

import collections
import contextlib
import socket
import threading
import time
from dataclasses import dataclass
from email.parser import BytesHeaderParser

MODES = ("normal", "refuse", "silent", "hold")


@dataclass(frozen=True)
class Received:
    recipient: str
    message_id: str  # the Message-ID header as sent ("" when there was none)
    at: float  # time.monotonic() when the message was stored
    wall: float  # time.time(), for the logs


class CountingSmtpServer:
    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.5)
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._mode = "normal"
        self._hold_seconds: float | None = None
        self._release_round = 0  # release() ends the holds that started before it
        self._dropped_round = 0
        self._received: list[Received] = []
        self._open: set[socket.socket] = set()
        self.accepted = 0  # connections accepted so far, in any mode
        self._held = 0
        self._stopping = False
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="smtp-accept", daemon=True)
        self._acceptor.start()

    # --- control ---------------------------------------------------------------------------

    def set_mode(self, mode: str, *, hold_seconds: float | None = None) -> None:
        assert mode in MODES, mode
        with self._lock:
            self._mode = mode
            self._hold_seconds = hold_seconds if mode == "hold" else None

    @property
    def mode(self) -> str:
        return self._mode

    def release(self) -> None:
        """Answer 250 on every held message now (and stop holding new ones)."""
        with self._changed:
            self._mode = "normal"
            self._release_round += 1
            self._changed.notify_all()

    def drop_held(self) -> None:
        """Close every held connection without answering (and stop holding new ones)."""
        with self._changed:
            self._mode = "normal"
            self._dropped_round += 1
            self._changed.notify_all()

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
            for connection in list(self._open):
                _close(connection)
        self._listener.close()
        self._acceptor.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)

    # --- what it saw -----------------------------------------------------------------------

    @property
    def held(self) -> int:
        """Messages stored and not answered yet."""
        return self._held

    @property
    def connections(self) -> int:
        """Connections open now (in any mode)."""
        return len(self._open)

    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def first_arrivals(self) -> dict[str, float]:
        first: dict[str, float] = {}
        for message in self.received():
            first.setdefault(message.recipient, message.at)
        return first

    def copies(self) -> dict[str, list[Received]]:
        per_recipient: dict[str, list[Received]] = collections.defaultdict(list)
        for message in self.received():
            per_recipient[message.recipient].append(message)
        return per_recipient

    # --- the protocol ------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stopping:
            try:
                connection, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                if self._stopping:
                    _close(connection)
                    return
                self._open.add(connection)
                self.accepted += 1
                mode = self._mode
            thread = threading.Thread(
                target=self._session, args=(connection, mode), name="smtp-session", daemon=True
            )
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
            thread.start()

    def _session(self, connection: socket.socket, mode: str) -> None:
        try:
            if mode == "refuse":
                connection.sendall(b"421 4.3.2 faults.test refusing connections\r\n")
            elif mode == "silent":
                self._wait_for_hangup(connection)
            else:
                self._converse(connection)
        except OSError:
            pass  # the client went away: nothing more to say
        finally:
            with self._lock:
                self._open.discard(connection)
            _close(connection)

    def _wait_for_hangup(self, connection: socket.socket) -> None:
        connection.settimeout(0.5)
        while not self._stopping:
            try:
                if not connection.recv(4096):
                    return
            except TimeoutError:
                continue

    def _converse(self, connection: socket.socket) -> None:
        connection.settimeout(60)
        reader = connection.makefile("rb")
        send = connection.sendall
        send(b"220 faults.test ESMTP counting server\r\n")
        sender = ""
        recipients: list[str] = []
        while not self._stopping:
            line = reader.readline(65536)
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                send(b"250-faults.test\r\n250-8BITMIME\r\n250 SIZE 33554432\r\n")
            elif verb == "HELO":
                send(b"250 faults.test\r\n")
            elif verb == "MAIL":
                sender, recipients = _address(command), []
                send(b"250 2.1.0 OK\r\n")
            elif verb == "RCPT":
                recipients.append(_address(command).lower())
                send(b"250 2.1.5 OK\r\n")
            elif verb == "DATA":
                if not sender or not recipients:
                    send(b"503 5.5.1 MAIL and RCPT first\r\n")
                    continue
                send(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                data = _read_data(reader)
                if data is None:
                    return
                self._store(recipients, data)
                if not self._answer_after_hold(send):
                    return
                sender, recipients = "", []
            elif verb == "RSET":
                sender, recipients = "", []
                send(b"250 2.0.0 OK\r\n")
            elif verb == "NOOP":
                send(b"250 2.0.0 OK\r\n")
            elif verb == "QUIT":
                send(b"221 2.0.0 Bye\r\n")
                return
            else:
                send(b"502 5.5.2 Command not implemented\r\n")

    def _store(self, recipients: list[str], data: bytes) -> None:
        headers = BytesHeaderParser().parsebytes(data)
        message_id = str(headers.get("Message-ID", "")).strip()
        now, wall = time.monotonic(), time.time()
        with self._lock:
            self._received += [Received(r, message_id, now, wall) for r in recipients]

    def _answer_after_hold(self, send) -> bool:
        """Answer 250, after holding when in `hold` mode; False when dropped instead."""
        with self._changed:
            if self._mode == "hold":
                self._held += 1
                released, dropped = self._release_round, self._dropped_round
                limit = self._hold_seconds
                deadline = None if limit is None else time.monotonic() + limit
                try:
                    while not self._stopping:
                        if self._dropped_round != dropped:
                            return False
                        if self._release_round != released:
                            break
                        left = None if deadline is None else deadline - time.monotonic()
                        if left is not None and left <= 0:
                            break
                        self._changed.wait(timeout=left if left is not None else 1.0)
                finally:
                    self._held -= 1
                if self._stopping:
                    return False
        send(b"250 2.0.0 OK stored\r\n")
        return True


def _address(command: str) -> str:
    _verb, _, rest = command.partition(":")
    rest = rest.strip()
    if rest.startswith("<"):
        return rest[1 : rest.find(">")]
    return rest.split(" ", 1)[0]


def _read_data(reader) -> bytes | None:
    lines: list[bytes] = []
    while True:
        line = reader.readline(1 << 20)
        if not line:
            return None
        if line in (b".\r\n", b".\n"):
            return b"".join(lines)
        lines.append(line[1:] if line.startswith(b"..") else line)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()

"""Drive Debian's headless ``chromium`` over the Chrome DevTools Protocol.

A small synchronous CDP client (one websocket, flattened target sessions) that
records what the tests check: console messages and uncaught exceptions, every
network request the page makes, and values evaluated in the page. The
screenshot script (``scripts/screenshots``) uses the same class, so the README
pictures come from the code path the tests exercise.

Chromium is started with the flags that keep it from reaching out to the
network (which is closed here) and a fresh profile directory.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


class BrowserError(RuntimeError):
    pass


def find_chromium() -> str | None:
    """The Chromium binary: ``$CHROMIUM`` or the first of the usual names on PATH."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if shutil.which(env) else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageLog:
    """What a page did: console messages, exceptions, log entries and requests."""

    console: list[tuple[str, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        out = [f"console.{t}: {m}" for t, m in self.console if t in ("error", "assert")]
        out += [f"exception: {m}" for m in self.exceptions]
        out += [f"log.{lvl}: {m}" for lvl, m in self.log if lvl == "error"]
        return out


class Page:
    def __init__(self, browser: Chromium, target_id: str, session_id: str) -> None:
        self.browser = browser
        self.target_id = target_id
        self.session_id = session_id
        self.log = PageLog()
        self.url = ""

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, session_id=self.session_id)

    def evaluate(self, expression: str) -> Any:
        """Evaluate a JavaScript expression in the page and return its JSON value."""
        res = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in res:
            raise BrowserError(f"evaluate({expression!r}): {res['exceptionDetails']}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out after {timeout:.0f} s waiting for {expression}")
            self.browser.pump(0.05)

    def text(self) -> str:
        """The page's text as a reader sees it (``document.body.innerText``)."""
        return str(self.evaluate("document.body.innerText"))

    def screenshot(self, path: str | Path, *, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            metrics = self.send("Page.getLayoutMetrics")
            size = metrics["cssContentSize"]
            params["clip"] = {
                "x": 0,
                "y": 0,
                "width": size["width"],
                "height": size["height"],
                "scale": 1,
            }
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params)["data"]
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(base64.b64decode(data))
        return p

    def close(self) -> None:
        with contextlib.suppress(BrowserError):
            self.browser.send("Target.closeTarget", {"targetId": self.target_id})

    # events of this page's session
    def on_event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Runtime.consoleAPICalled":
            text = " ".join(
                str(a.get("value", a.get("description", a.get("type"))))
                for a in params.get("args", [])
            )
            self.log.console.append((params.get("type", ""), text))
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            exc = d.get("exception", {})
            self.log.exceptions.append(str(exc.get("description") or d.get("text")))
        elif method == "Log.entryAdded":
            e = params.get("entry", {})
            self.log.log.append((e.get("level", ""), f"{e.get('source')}: {e.get('text')}"))
        elif method == "Network.requestWillBeSent":
            self.log.requests.append(params.get("request", {}).get("url", ""))


class Chromium:
    """One headless Chromium process and a CDP connection to it."""

    def __init__(self, binary: str | None = None, *, timeout: float = 30.0) -> None:
        import websocket  # websocket-client

        self.binary = binary or find_chromium()
        if not self.binary:
            raise BrowserError("chromium not found")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="assistgraph-chromium-")
        self.proc = subprocess.Popen(
            [self.binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while True:
            if port_file.exists():
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    break
            if self.proc.poll() is not None:
                self._cleanup()
                raise BrowserError(f"{self.binary} exited with code {self.proc.returncode}")
            if time.monotonic() > deadline:
                self.close()
                raise BrowserError(f"{self.binary} did not open its DevTools port")
            time.sleep(0.05)
        port, path = lines[0], lines[1]
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}{path}", timeout=timeout, suppress_origin=True
        )
        self._next = 0
        self.pages: dict[str, Page] = {}

    # -- protocol -----------------------------------------------------------------
    def _dispatch(self, msg: dict[str, Any]) -> None:
        page = self.pages.get(msg.get("sessionId", ""))
        if page is not None and "method" in msg:
            page.on_event(msg["method"], msg.get("params", {}))

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, session_id: str | None = None
    ) -> dict[str, Any]:
        self._next += 1
        mid = self._next
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session_id:
            msg["sessionId"] = session_id
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == mid:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._dispatch(reply)

    def pump(self, seconds: float) -> None:
        """Receive events for ``seconds``."""
        import websocket

        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.ws.settimeout(left)
            try:
                self._dispatch(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break
            finally:
                self.ws.settimeout(self.timeout)

    # -- pages --------------------------------------------------------------------
    def open(
        self,
        path: str | Path,
        *,
        width: int = 1400,
        height: int = 900,
        ready: str | None = "document.documentElement.dataset.agReady === '1'",
        timeout: float | None = None,
    ) -> Page:
        """Open a local file in a new tab, record everything, wait until ``ready`` holds."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, target, session)
        self.pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        url = Path(path).resolve().as_uri()
        page.url = url
        page.send("Page.navigate", {"url": url})
        page.wait_for("document.readyState === 'complete'", timeout or self.timeout)
        if ready:
            page.wait_for(ready, timeout or self.timeout)
        self.pump(0.1)  # late console messages
        return page

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                with contextlib.suppress(Exception):
                    self.send("Browser.close")
                self.ws.close()
        finally:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            self._cleanup()

    def _cleanup(self) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_checked(browser: Chromium, path: str | Path, **kwargs: Any) -> Page:
    """Open a page and fail unless it loaded without errors and fetched nothing but itself.

    The tests and ``scripts/screenshots`` both go through here.
    """
    page = browser.open(path, **kwargs)
    problems = list(page.log.errors)
    others = [u for u in page.log.requests if u != page.url]
    if others:
        problems.append(f"network requests besides the file itself: {others}")
    if problems:
        page.close()
        raise BrowserError(f"{path}: " + "; ".join(problems))
    return page

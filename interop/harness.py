"""Partner interop: from every bundle in dist/, openapi-generator's python and
typescript-fetch clients are generated (one JVM, `batch`), and each makes the documented
calls of calls.json against a recording mock on 127.0.0.1. Every request must reach the
mock exactly as the vendor document shows it: method, path, query string, auth and
content-type headers, body. argv: dist directory, work directory, tools directory."""

import json
import pathlib
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openapi_generator_cli

HERE = pathlib.Path(__file__).resolve().parent
# Headers any HTTP client may add; everything else must be expected.
TRANSPORT = {"host", "user-agent", "accept", "accept-encoding", "accept-language",
             "connection", "content-length", "sec-fetch-mode"}


class Mock:
    """Answers the calls of one API in order and records what arrived."""

    def __init__(self):
        self.calls, self.seen, self.current = [], [], 0
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self):
                length = int(self.headers.get("content-length") or 0)
                path, _, query = self.path.partition("?")
                if path == "/__interop/next":
                    # The driver announces each call, so a call that sends nothing (or
                    # several requests) cannot shift the answers of the next ones.
                    mock.current = int(urllib.parse.parse_qs(query)["index"][0])
                    self.send_response(204)
                    self.end_headers()
                    return
                mock.seen.append({"index": mock.current,
                    "method": self.command, "path": path, "query": query,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": self.rfile.read(length).decode() if length else "",
                })
                answer = mock.calls[mock.current]["respond"]
                payload = b"" if answer.get("json") is None else json.dumps(answer["json"]).encode()
                self.send_response(answer["status"])
                if payload:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_one

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_port}"


def base_url(bundle, origin):
    """The first server with its variables' defaults, moved to the mock's origin."""
    server = bundle["servers"][0]
    url = server["url"]
    for name, variable in server.get("variables", {}).items():
        url = url.replace("{" + name + "}", variable["default"])
    parsed = urllib.parse.urlsplit(url)
    return origin + parsed.path.rstrip("/")


def differences(expect, seen, known):
    found = []
    for field in ("method", "path", "query"):
        want = known.get(field, expect[field])
        if seen[field] != want:
            found.append(f"{field}: sent {seen[field]!r}, expected {want!r}")
    headers = dict(seen["headers"])
    if "content-type" in headers:
        # Media-type parameters (`;charset=UTF-8`) carry no difference here.
        headers["content-type"] = headers["content-type"].split(";")[0]
    for name, value in expect["headers"].items():
        if headers.get(name) != value:
            found.append(f"header {name}: sent {headers.get(name)!r}, expected {value!r}")
    extra = set(headers) - TRANSPORT - set(expect["headers"])
    if extra:
        found.append(f"unexpected headers {sorted(extra)}")
    body, want = seen["body"], known.get("body", expect["body"])
    if want is None:
        if body not in ("", "{}") or (body == "{}" and "content-type" not in expect["headers"]):
            found.append(f"body: sent {body!r}, expected none")
    elif "json" in want:
        try:
            if json.loads(body) != want["json"]:
                found.append(f"body: sent {body}, expected {json.dumps(want['json'])}")
        except ValueError:
            found.append(f"body: sent {body!r}, not JSON")
    elif "form" in want:
        pairs = urllib.parse.parse_qsl(body, keep_blank_values=True)
        if sorted(pairs) != sorted(map(tuple, want["form"])):
            found.append(f"form body: sent {body!r}, expected {want['form']}")
    return found


def generate(dist, work, apis):
    configs = []
    for api in apis:
        for generator, name in (("python", f"{api}_client"), ("typescript-fetch", api)):
            config = work / f"{api}-{generator}.yaml"
            config.write_text(json.dumps({
                "generatorName": generator,
                "inputSpec": str(dist / f"{api}.json"),
                "outputDir": str(work / generator / api),
                "additionalProperties": {"packageName": name},
            }))
            configs.append(str(config))
    jar = pathlib.Path(openapi_generator_cli.__file__).parent / "openapi-generator.jar"
    started = time.monotonic()
    subprocess.run(["java", "-jar", str(jar), "batch", "--fail-fast", "--threads", "2", *configs],
                   check=True, stdout=subprocess.DEVNULL)
    print(f"generated {len(configs)} clients in {time.monotonic() - started:.1f} s", flush=True)


def compile_typescript(work, tools, apis):
    (work / "drive_ts.ts").write_text((HERE / "drive_ts.ts").read_text())
    (work / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {"target": "es2020", "module": "commonjs", "lib": ["es2020", "dom"],
                            "strict": True, "skipLibCheck": True, "outDir": "build",
                            "rootDir": ".", "types": ["node"],
                            "typeRoots": [str(tools / "node_modules" / "@types")]},
        "files": ["drive_ts.ts"],
        "include": [f"typescript-fetch/{api}/**/*.ts" for api in apis],
    }))
    started = time.monotonic()
    subprocess.run([str(tools / "node_modules" / ".bin" / "tsc"), "-p", str(work)], check=True)
    print(f"compiled the TypeScript clients in {time.monotonic() - started:.1f} s", flush=True)


def main():
    dist, work, tools = (pathlib.Path(arg).resolve() for arg in sys.argv[1:4])
    spec = json.loads((HERE / "calls.json").read_text())
    apis = sorted(spec["apis"])
    missing = [api for api in apis if not (dist / f"{api}.json").exists()]
    if missing:
        sys.exit(f"no bundle for {missing} in {dist}: run `cargo run -p generator -- bundle`")
    generate(dist, work, apis)
    compile_typescript(work, tools, apis)
    passed, failed = 0, 0
    for api in apis:
        bundle = json.loads((dist / f"{api}.json").read_text())
        calls = spec["apis"][api]
        drivers = {
            "python": [sys.executable, str(HERE / "drive_python.py"),
                       str(work / "python" / api), f"{api}_client"],
            "typescript-fetch": ["node", str(work / "build" / "drive_ts.js"),
                                 str(work / "build" / "typescript-fetch" / api / "index.js"),
                                 str(work / "typescript-fetch" / api)],
        }
        for tool, command in drivers.items():
            mock = Mock()
            mock.calls = calls
            run = subprocess.run([*command, base_url(bundle, mock.origin),
                                  str(HERE / "calls.json"), api],
                                 capture_output=True, text=True, timeout=300)
            mock.server.shutdown()
            outcomes = {}
            for line in run.stdout.splitlines():
                if line.startswith("{"):
                    entry = json.loads(line)
                    outcomes[entry["call"]] = entry["outcome"]
            for index, call in enumerate(calls):
                problems = []
                outcome = outcomes.get(call["call"], f"driver did not report: {run.stderr[-800:]}")
                # A known gap of the tool is asserted as it is, so that its fix shows.
                known = call.get("known", {}).get(tool.split("-")[0], {})
                requests = [seen for seen in mock.seen if seen["index"] == index]
                if "client_error" in known:
                    if known["client_error"] not in outcome or requests:
                        problems.append(f"known gap changed: {outcome}, {len(requests)} requests")
                elif outcome != "ok":
                    problems.append(f"client: {outcome}")
                elif len(requests) == 1:
                    problems += differences(call["expect"], requests[0], known)
                else:
                    problems.append(f"{len(requests)} requests reached the mock, expected 1")
                expect = call["expect"]
                wire = f"{expect['method']} {expect['path']}" + (f"?{known.get('query', expect['query'])}" if expect["query"] else "")
                note = f"  (known gap: {known['why']})" if known else ""
                if problems:
                    failed += 1
                    print(f"FAIL {api} {tool} {call['call']}: {wire}")
                    for problem in problems:
                        print(f"     {problem}")
                else:
                    passed += 1
                    print(f"ok   {api} {tool} {call['call']}: {wire}{note}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()

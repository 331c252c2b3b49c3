"""Generators for the benchmark suites: each returns the path of a test file written into a temp dir.

Only the Python 3 standard library is used (Debian 12's python3), and YAML is written as JSON-compatible flow
style where that is simpler, since JSON is valid YAML.
"""
import json
import os


def _write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def _provider(name, mock_port=None, script=None, rpm=0):
    """A MOCK provider (in-process mock) or, with mock_port, an OpenAI-compatible one pointed at a standalone mock."""
    p = {"name": name}
    if mock_port is None:
        p["type"] = "MOCK"
        if script:
            p["mock_script"] = script
    else:
        p.update({"type": "OPENAI_COMPATIBLE", "baseUrl": f"http://127.0.0.1:{mock_port}/v1",
                  "token": "bench-token", "model": "mock-model"})
    if rpm:
        p["rate_limits"] = {"rpm": rpm}
    return p


def _agents(n, provider, servers):
    return [{"name": f"agent{i}" if n > 1 else "agent", "provider": provider,
             "system_prompt": "You are a benchmark agent.",
             "servers": [{"name": s} for s in servers]} for i in range(n)]


def _sample_server(name, binary, delay_s=None):
    if delay_s is None:
        return {"name": name, "type": "stdio", "command": binary}
    # A startup delay: the shell sleeps, then becomes the server (exec), so stdio is the server's.
    return {"name": name, "type": "stdio", "command": "/bin/sh",
            "args": ["-c", f"sleep {delay_s}; exec {binary}"]}


def _tests(prefix, count, prompt, assertions):
    return [{"name": f"{prefix} {i}", "prompt": prompt, "assertions": assertions} for i in range(count)]


def write_file(dirpath, name, doc):
    return _write(os.path.join(dirpath, name), json.dumps(doc, indent=1) + "\n")


def _suite(dirpath, name, doc):
    """Writes |doc| as a suite file (run with -s) plus one test file holding its sessions; returns the suite."""
    tests = write_file(dirpath, name.replace(".yaml", ".tests.yaml"), {"sessions": doc.pop("sessions")})
    doc["name"] = name.replace(".yaml", "")
    doc["test_files"] = [os.path.basename(tests)]
    return write_file(dirpath, name, doc)


def tool_script(dirpath, name, tool_calls_per_turn, tool_turns, latency_ms=0, text="done"):
    """A mock script: |tool_turns| replies that each call echo |tool_calls_per_turn| times, then a text reply."""
    calls = [{"name": "echo", "arguments": {"message": f"m{i}"}} for i in range(tool_calls_per_turn)]
    replies = [{"tool_calls": calls} for _ in range(tool_turns)] + [{"text": text}]
    if latency_ms:
        for r in replies:
            r["latency_ms"] = latency_ms
    script = {"default_tool_mode": False, "rules": [{"match": "bench", "replies": replies}]}
    return write_file(dirpath, name, script)


def single_turn(dirpath, tests, mock_port, sessions=1, filler=""):
    """|tests| tests of one text turn each (no tools), split over |sessions| sessions, on a standalone mock."""
    per = max(1, tests // sessions)
    doc = {
        "providers": [_provider("mock", mock_port=mock_port)],
        "agents": _agents(1, "mock", []),
        "settings": {"max_iterations": 5},
        "sessions": [{"name": f"s{s}", "tests": _tests(f"t{s}", per, "bench hello " + filler,
                                                        [{"type": "output_contains", "value": "Mock"}])}
                     for s in range(sessions)],
    }
    return _suite(dirpath, f"single_{tests}_{sessions}.yaml", doc)


def tool_calls(dirpath, tests, mock_port, calls_per_turn, server_bin, sessions=1):
    """|tests| tests over |sessions| sessions; each test's first turn calls echo |calls_per_turn| times, then
    answers."""
    doc = {
        "providers": [_provider("mock", mock_port=mock_port)],
        "servers": [_sample_server("sample", server_bin)],
        "agents": _agents(1, "mock", ["sample"]),
        "settings": {"max_iterations": 5},
        "sessions": [{"name": f"s{s}", "tests": _tests(f"t{s}", max(1, tests // sessions), "bench tools",
                                                        [{"type": "tool_called", "tool": "echo"}])}
                     for s in range(sessions)],
    }
    return _suite(dirpath, f"calls{calls_per_turn}_{tests}.yaml", doc)


def sessions_suite(dirpath, name, agents, sessions, tests_per_session, tool_turns, server_bin, latency_ms=0,
                   rpm=0, jobs=None):
    """|agents| agents x |sessions| sessions x |tests_per_session| tests; each test makes |tool_turns| turns that
    call echo once, then a text turn. In-process MOCK provider."""
    script = tool_script(dirpath, f"{name}_script.yaml", 1, tool_turns, latency_ms=latency_ms)
    servers = [_sample_server("sample", server_bin)] if tool_turns else []
    assertions = [{"type": "output_contains", "value": "done"}, {"type": "max_iterations", "value": tool_turns + 1}]
    if tool_turns:
        assertions.append({"type": "tool_called", "tool": "echo"})
    doc = {
        "providers": [_provider("mock", script=os.path.basename(script), rpm=rpm)],
        "servers": servers,
        "agents": _agents(agents, "mock", [s["name"] for s in servers]),
        "settings": {"max_iterations": tool_turns + 2, "test_timeout": "600s"},
        "sessions": [{"name": f"s{s}", "tests": _tests(f"t{s}", tests_per_session, "bench run", assertions)}
                     for s in range(sessions)],
    }
    if jobs:
        doc["settings"]["max_concurrent"] = jobs
    return _suite(dirpath, f"{name}.yaml", doc)


def server_start(dirpath, name, server_bin, delays):
    """One agent with one stdio server per entry of |delays| (seconds of startup delay) and one instant test."""
    servers = [_sample_server(f"srv{i}", server_bin, d) for i, d in enumerate(delays)]
    doc = {
        "providers": [_provider("mock")],
        "servers": servers,
        "agents": _agents(1, "mock", [s["name"] for s in servers]),
        "settings": {"max_iterations": 3},
        "sessions": [{"name": "s", "tests": _tests("t", 1, "bench hello",
                                                   [{"type": "output_contains", "value": "Mock"}])}],
    }
    return _suite(dirpath, f"{name}.yaml", doc)


def peer_sessions(dirpath, sessions, peer_port, server_bin):
    """|sessions| one-test sessions against bench/peer_llm.py (Anthropic wire format); each test calls echo once on
    the stdio sample server, then answers "done"."""
    doc = {
        "providers": [{"name": "peer", "type": "ANTHROPIC", "baseUrl": f"http://127.0.0.1:{peer_port}",
                       "token": "peer-bench-token", "model": "peer-model"}],
        "servers": [_sample_server("sample", server_bin)],
        "agents": _agents(1, "peer", ["sample"]),
        "settings": {"max_iterations": 4},
        "sessions": [{"name": f"s{s}", "tests": _tests(f"t{s}", 1, "bench peer",
                                                        [{"type": "tool_called", "tool": "echo"},
                                                         {"type": "output_contains", "value": "done"}])}
                     for s in range(sessions)],
    }
    return _suite(dirpath, f"peer_{sessions}.yaml", doc)

"""The executor: results in chunk order on every executor, the same bytes in one process, on a local
Dask cluster and on a scheduler started with the ``dask`` command line; clear errors for bad options."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import leadsim
from leadsim.engine import executor as executors
from leadsim.engine.executor import DaskExecutor, Executor, open_executor
from leadsim.errors import LeadsimError

DASK = Path(sys.executable).with_name("dask")  # the project environment's command line
SCHEDULER_OPTIONS = ("--host", "127.0.0.1", "--port", "0", "--no-dashboard")
COMPARE = ("compare", "pull-ahead", "catch-up", "--samples", "600", "--seed", "3", "--chunk-size", "100")
COMPARE_ARGS = (*COMPARE, "--format", "json", "--no-store")


class Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value

    def cancel(self):
        pass


class ReversedClient:
    """A stand-in Dask client whose tasks finish in reverse order of submission; it counts tasks in flight."""

    def __init__(self, workers: int):
        self.info = {"workers": dict.fromkeys(range(workers))}
        self.submitted = 0
        self.collected = 0
        self.most_in_flight = 0

    def scheduler_info(self):
        return self.info

    def scatter(self, data, **_):
        return [Done(value) for value in data]

    def submit(self, fn, shared, item, pure=True):
        self.submitted += 1
        self.most_in_flight = max(self.most_in_flight, self.submitted - self.collected)
        client = self

        class Future(Done):
            def result(self):
                client.collected += 1
                time.sleep(0.001 * (10 - item))  # later items finish first
                return fn(shared.value, item)

        return Future(None)


def test_results_come_back_in_item_order_with_a_bounded_queue():
    client = ReversedClient(workers=2)
    got = list(DaskExecutor(client).map(lambda context, item: (context, item), "ctx", range(10)))
    assert got == [("ctx", i) for i in range(10)]
    assert client.most_in_flight <= 2 * 2
    assert list(Executor().map(lambda context, item: context + item, 10, range(3))) == [10, 11, 12]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "not both"),
        ({"workers": 0}, "a whole number >= 1"),
        ({"scheduler": "no-port-here"}, "option --scheduler: value: got 'no-port-here'"),
    ],
)
def test_bad_executor_options_are_one_clear_error(options, message):
    with pytest.raises(LeadsimError, match=message), open_executor(**options):
        pass


def test_an_unreachable_scheduler_exits_2_in_one_line(leadsim_cli, monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "0.5s")
    code, out, err = leadsim_cli(*COMPARE_ARGS, "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "option --scheduler" in err and "Traceback" not in err


def test_workers_must_be_a_whole_number(leadsim_cli):
    code, _, err = leadsim_cli(*COMPARE_ARGS, "--workers", "two")
    assert code == 2 and "option --workers: value: got 'two'" in err


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A Dask scheduler and two worker processes started with the ``dask`` command line; yields the address."""
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
    started = [
        subprocess.Popen(
            [
                DASK,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                address_file,
            ],
            **quiet,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() or not address_file.read_text().strip():
            assert time.monotonic() < deadline, "the dask scheduler did not start"
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        worker = [DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"]
        started.append(subprocess.Popen([*worker, "--local-directory", folder], **quiet))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=60)


def test_same_bytes_in_one_process_on_a_local_cluster_and_on_a_scheduler(leadsim_cli, scheduler):
    outputs = {}
    for name, extra in (("serial", ()), ("workers", ("--workers", "2")), ("scheduler", ("--scheduler", scheduler))):
        code, outputs[name], err = leadsim_cli(*COMPARE_ARGS, *extra)
        assert code == 0, err
    assert outputs["workers"] == outputs["serial"]
    assert outputs["scheduler"] == outputs["serial"]
    document = json.loads(outputs["serial"])
    api = leadsim.compare(["pull-ahead", "catch-up"], samples=600, seed=3, chunk_size=100, scheduler=scheduler)
    assert api == document  # the API's document is the CLI's JSON, on any executor


def test_calibrate_gives_the_same_document_on_a_scheduler(leadsim_cli, scheduler):
    args = ("calibrate", "--samples", "300", "--chunk-size", "70", "--seed", "4", "--format", "json")
    code, serial, _ = leadsim_cli(*args)
    assert code == 0
    code, distributed, err = leadsim_cli(*args, "--scheduler", scheduler)
    assert code == 0, err
    assert distributed == serial


def test_the_api_never_writes_the_store(tmp_path, monkeypatch):
    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("LEADSIM_STORE", str(store))
    document = leadsim.compare(["catch-up"], samples=40, seed=1, at=["2028-12"], horizon="2029-12")
    assert document["schema_version"] == "1.0" and list(document["scenarios"]) == ["catch-up"]
    assert not store.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("delay", "pull-ahead", "--lever", "remote_access_rule", "--from", "2026-11", "--to", "2027-11", "--step",
         "12", "--at", "2028-12"),
        ("levers", "pull-ahead", "--base", "current-policy", "--at", "2028-12"),
    ],
)  # fmt: skip
def test_analyses_give_the_same_document_on_a_scheduler(leadsim_cli, scheduler, args):
    common = ("--samples", "120", "--chunk-size", "50", "--seed", "2", "--no-store", "--format", "json")
    code, serial, _ = leadsim_cli(*args, *common)
    assert code == 0
    code, distributed, err = leadsim_cli(*args, *common, "--scheduler", scheduler)
    assert code == 0, err
    assert distributed == serial

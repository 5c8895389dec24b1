#!/usr/bin/env python3
"""SynthBench's adapter to the real SDV and SynthCity (the `sdv-python` and `synthcity-python` backends).

Run by a grid cell as `PYTHON synthbench_adapter.py LIBRARY` (LIBRARY: sdv | synthcity); see
docs/reference-backends.md. It speaks one JSON object per line: commands on standard input, events on
standard output (the libraries' own prints and logs are sent to standard error, which is the cell's log).

  start                       -> {"event": "ready", "protocol": 1, "library", "library_version", "python", "packages"}
  {"command": "fit", "method", "params", "train", "metadata", "seed"}
                              -> {"event": "fitted", "fit_s", "library_class", "seed_note"}
  {"command": "sample", "rows", "seed", "out"}
                              -> {"event": "sampled", "sample_s", "rows"}
  {"command": "exit"}         -> exits 0
  any failure                 -> {"event": "error", "stage", "type", "message", "hint"}; exits 1

`params` holds only the parameters the grid gave, under the library's own names (SynthBench's flavours use
the same names); every other parameter keeps the library's default. A name the library's class does not take
is refused before anything is fitted. Every event also carries `peak_rss_mb`, this process's VmHWM.
"""
import inspect
import json
import os
import platform
import random
import sys
import time
import traceback

PROTOCOL = 1

# The protocol channel is a copy of the original standard output; file descriptor 1 then points at
# standard error so that nothing a library prints can corrupt the protocol.
_channel = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr


def peak_rss_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return None


def emit(event, **fields):
    fields["event"] = event
    fields["peak_rss_mb"] = peak_rss_mb()
    _channel.write(json.dumps(fields) + "\n")
    _channel.flush()


def fail(stage, error, hint=None):
    traceback.print_exc(file=sys.stderr)
    emit("error", stage=stage, type=type(error).__name__, message=str(error).strip().splitlines()[0][:2000]
         if str(error).strip() else type(error).__name__, hint=hint)
    sys.exit(1)


def version(name):
    try:
        from importlib.metadata import version as v
        return v(name)
    except Exception:
        return None


def seed_everything(seed):
    """The global generators the libraries draw from (Python, NumPy, PyTorch)."""
    random.seed(seed)
    import numpy
    numpy.random.seed(seed % (2 ** 32))
    try:
        import torch
        torch.manual_seed(seed)
    except ImportError:
        pass


def take_kwargs(cls, params, what):
    """Refuses a parameter the library's class does not accept (a SynthBench-only parameter)."""
    accepted = set(inspect.signature(cls.__init__).parameters) - {"self", "kwargs", "metadata"}
    unknown = sorted(set(params) - accepted)
    if unknown:
        raise ValueError(f"{what} takes no parameter {', '.join(unknown)} (a SynthBench-only parameter); "
                         f"it takes: {', '.join(sorted(accepted))}")
    return dict(params)


class SDVLibrary:
    name = "sdv"
    pip_hint = "pip install sdv"
    classes = {"gc": "GaussianCopulaSynthesizer", "ctgan": "CTGANSynthesizer", "tvae": "TVAESynthesizer"}

    def __init__(self):
        import sdv.single_table  # noqa: F401  (the import is what the start checks)
        from sdv.metadata import Metadata
        self.metadata_type = Metadata
        self.version = version("sdv")
        self.model = None

    def fit(self, method, params, frame, metadata_path, seed):
        import sdv.single_table as single
        if method not in self.classes:
            raise ValueError(f"SDV has no '{method}'; this adapter runs {', '.join(sorted(self.classes))}")
        cls = getattr(single, self.classes[method])
        with open(metadata_path) as f:
            document = json.load(f)
        document.pop("synthbench", None)
        document.pop("METADATA_SPEC_VERSION", None)
        metadata = self.metadata_type.load_from_dict(
            {"METADATA_SPEC_VERSION": "V1", "tables": {"table": document}, "relationships": []})
        kwargs = take_kwargs(cls, params, f"SDV's {cls.__name__}")
        if "numerical_distributions" in kwargs:  # SynthBench writes `column:family,column:family`
            text = kwargs.pop("numerical_distributions")
            kwargs["numerical_distributions"] = dict(p.split(":", 1) for p in text.split(",") if p) if text else None
        for key in ("generator_dim", "discriminator_dim", "compress_dims", "decompress_dims"):
            if key in kwargs:
                kwargs[key] = tuple(kwargs[key])
        seed_everything(seed)
        self.model = cls(metadata, **kwargs)
        # SDV 2 takes {table name: frame}; SDV 1 the frame itself.
        self.model.fit({"table": frame} if int(self.version.split(".")[0]) >= 2 else frame)
        return cls.__name__, (f"SDV's fit takes no seed: the adapter seeded Python's, NumPy's and PyTorch's global "
                              f"generators with {seed}; SDV's transformers draw from their own unseeded states, "
                              f"so two fits with one seed can differ")

    def sample(self, rows, seed):
        seed_everything(seed)
        out = self.model.sample(num_rows=rows)
        return next(iter(out.values())) if isinstance(out, dict) else out


class SynthCityLibrary:
    name = "synthcity"
    pip_hint = "pip install synthcity, then pip install opacus==1.4.1 (SynthCity 0.2.12 needs that version)"
    # SynthBench's method names -> SynthCity's plugin names (the production pipeline's map).
    plugins = {"ctgan": "ctgan", "tvae": "tvae", "ddpm": "ddpm", "dpgan": "dpgan", "pategan": "pategan",
               "adsgan": "adsgan", "uniform_sampler": "uniform_sampler",
               "marginal_distributions": "marginal_distributions", "dummy_sampler": "dummy_sampler"}

    def __init__(self):
        from synthcity.plugins import Plugins
        self.registry = Plugins
        self.version = version("synthcity")
        self.model = None

    def fit(self, method, params, frame, metadata_path, seed):
        if method not in self.plugins:
            raise ValueError(f"SynthCity has no plugin for '{method}'; this adapter runs "
                             f"{', '.join(sorted(self.plugins))}")
        plugin = self.plugins[method]
        registry = self.registry()
        if plugin not in registry.list():
            raise ImportError(f"SynthCity's plugin '{plugin}' is not available (it failed to load; see the log "
                              f"above for the reason)")
        cls = registry.get_type(plugin)
        kwargs = take_kwargs(cls, params, f"SynthCity's plugin '{plugin}'")
        accepted = set(inspect.signature(cls.__init__).parameters)
        note = f"seed {seed} passed as random_state"
        if "random_state" in accepted:
            kwargs["random_state"] = seed % (2 ** 32)
        else:
            note = f"plugin takes no random_state: the adapter seeded the global generators with {seed}"
        seed_everything(seed)
        self.model = registry.get(plugin, **kwargs)
        self.model.fit(frame)
        return plugin, note

    def sample(self, rows, seed):
        seed_everything(seed)
        return self.model.generate(count=rows).dataframe()


def whole_numbers(frame):
    """Float columns holding whole numbers only (an integer column with missing values becomes float64 in
    pandas) are written as integers (`202`, not `202.0`), as SynthBench reads an integer column."""
    import pandas
    for name in frame.columns:
        column = frame[name]
        if pandas.api.types.is_float_dtype(column):
            present = column.dropna()
            if len(present) and (present == present.round()).all() and present.abs().max() < 2 ** 53:
                frame[name] = column.astype("Int64")
    return frame


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("sdv", "synthcity"):
        print("usage: synthbench_adapter.py sdv|synthcity", file=sys.stderr)
        sys.exit(2)
    kind = SDVLibrary if sys.argv[1] == "sdv" else SynthCityLibrary
    try:
        import pandas
        library = kind()
    except Exception as error:  # ImportError and whatever a broken install raises while importing
        fail("import", error, kind.pip_hint)
    packages = {p: version(p) for p in ("pandas", "numpy", "torch", "opacus", "rdt", "ctgan")}
    emit("ready", protocol=PROTOCOL, library=library.name, library_version=library.version,
         python=platform.python_version(), packages={k: v for k, v in packages.items() if v})
    stage = "read"
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            stage = request.get("command", "?")
            if stage == "fit":
                frame = pandas.read_csv(request["train"], keep_default_na=True, na_values=[""],
                                        low_memory=False)
                start = time.perf_counter()
                used, note = library.fit(request["method"], request.get("params", {}), frame,
                                         request["metadata"], int(request["seed"]))
                emit("fitted", fit_s=time.perf_counter() - start, library_class=used, seed_note=note)
            elif stage == "sample":
                start = time.perf_counter()
                frame = library.sample(int(request["rows"]), int(request["seed"]))
                seconds = time.perf_counter() - start
                whole_numbers(frame).to_csv(request["out"], index=False)
                emit("sampled", sample_s=seconds, rows=len(frame))
            elif stage == "exit":
                return
            else:
                raise ValueError(f"unknown command '{stage}'")
    except Exception as error:
        hint = library.pip_hint if isinstance(error, ImportError) else None
        fail(stage, error, hint)


if __name__ == "__main__":
    main()

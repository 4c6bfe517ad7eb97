"""Data-parallel training: `torchrun --nproc_per_node=N -m metacore.distributed --train T --out CKPT`.

Every process reads the same data and trains on its share of each epoch's batches; DistributedDataParallel
all-reduces the gradients (gloo on CPU, NCCL on CUDA, one GPU per process). The first process validates,
its decisions (early stopping, time limit) hold for all, and it writes the checkpoint, with its metrics
as JSON beside it, and prints one `PROGRESS {...}` line per epoch for whoever launched it. Without
torchrun the same command trains in one process.

Data: the 3-line format, or a `.npz` written by `save_npz` (keeps partial-credit scores).
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from typing import Callable

import numpy as np
import torch
from torch import distributed as dist

from metacore.data import Dataset, read_three_line
from metacore.generator import MetaCoreNet
from metacore.train import TrainConfig, config_from_dict, load_checkpoint, save_checkpoint, train


def save_npz(data: Dataset, path) -> None:
    times = {} if data.times is None else {"times": data.times}
    np.savez(path, skills=data.skills, correct=data.correct, offsets=data.offsets, n_skills=data.n_skills, **times)


def load(path: str, n_skills: int | None = None) -> Dataset:
    if path.endswith(".npz"):
        arrays = np.load(path)
        return Dataset(skills=arrays["skills"], correct=arrays["correct"], offsets=arrays["offsets"],
                       n_skills=int(n_skills or arrays["n_skills"]),
                       times=arrays["times"] if "times" in arrays.files else None)
    return read_three_line(path, n_skills=n_skills)


def train_parallel(train_data: Dataset, valid_data: Dataset | None, cfg: TrainConfig, processes: int,
                   on_epoch: Callable[[int, float, float], None] | None = None) -> tuple[MetaCoreNet, dict]:
    """`train`, on `processes` data-parallel processes launched with torchrun on this machine
    (on_epoch hears each epoch, as from `train`). Raises RuntimeError when the processes fail."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {name: os.path.join(folder, f"{name}.npz") for name in ("train", "valid")}
        save_npz(train_data, paths["train"])
        command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}",
                   "-m", "metacore.distributed", "--train", paths["train"], "--out", os.path.join(folder, "model.pt"),
                   "--config", json.dumps(asdict(cfg)), "--n-skills", str(train_data.n_skills)]
        if valid_data is not None:
            save_npz(valid_data, paths["valid"])
            command += ["--valid", paths["valid"]]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as workers:
            for line in workers.stdout:
                if line.startswith("PROGRESS ") and on_epoch:
                    report = json.loads(line.removeprefix("PROGRESS "))
                    on_epoch(report["epoch"], report["loss"], report["valid_auc"])
            errors = workers.stderr.read()
        if workers.returncode:
            raise RuntimeError(f"data-parallel training failed (exit {workers.returncode}): {_gist(errors)}")
        return load_checkpoint(os.path.join(folder, "model.pt"))


def _gist(errors: str, head: int = 3000, tail: int = 1500) -> str:
    """The processes' own messages come first and torchrun's summary last: keep both ends of a long stderr."""
    return errors if len(errors) <= head + tail else f"{errors[:head]}\n[...]\n{errors[-tail:]}"


def _config(text: str, local_rank: int) -> TrainConfig:
    try:
        cfg = config_from_dict(json.loads(text or "{}"))
    except ValueError as error:
        raise SystemExit(f"--config: {error}") from None
    if torch.cuda.is_available() and cfg.device in ("auto", "cuda"):
        torch.cuda.set_device(local_rank)
        cfg.device = f"cuda:{local_rank}"
    return cfg


def _report(epoch: int, loss: float, valid_auc: float) -> None:
    print("PROGRESS " + json.dumps({"epoch": epoch, "loss": loss, "valid_auc": valid_auc}), flush=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m metacore.distributed", description=__doc__.splitlines()[0])
    ap.add_argument("--train", required=True, help="training data (3-line file or .npz)")
    ap.add_argument("--valid", help="validation data (default: a split of --train by student)")
    ap.add_argument("--out", required=True, help="where the first process writes the checkpoint")
    ap.add_argument("--config", default="{}",
                    help="JSON over TrainConfig, e.g. '{\"epochs\": 10, \"net\": {\"hidden\": 128}}'")
    ap.add_argument("--n-skills", type=int, help="skill ids are 1..N (default: the largest seen)")
    args = ap.parse_args(argv)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1:
        dist.init_process_group(backend="nccl" if torch.cuda.is_available() else "gloo")
    try:
        cfg = _config(args.config, int(os.environ.get("LOCAL_RANK", "0")))
        train_data = load(args.train, args.n_skills)
        valid_data = load(args.valid, train_data.n_skills) if args.valid else None
        _, checkpoint = train(train_data, valid_data, cfg, on_epoch=_report)
        if not dist.is_initialized() or dist.get_rank() == 0:
            save_checkpoint(checkpoint | {"world_size": world}, args.out)
            with open(f"{args.out}.json", "w") as handle:
                json.dump({k: v for k, v in checkpoint["metrics"].items()} | {"world_size": world}, handle)
        if dist.is_initialized():
            dist.barrier()  # leave together: one process tearing down while another still works aborts (gloo)
    finally:
        if dist.is_initialized():
            gc.collect()  # train's DDP wrapper sits in reference cycles; freed at exit, after the group, it aborts
            dist.destroy_process_group()


if __name__ == "__main__":
    main()

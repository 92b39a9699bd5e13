"""Train the character-CTC model on synthesised shards; resumable, time-bounded.

Prints progress (utterances/s, loss) and the held-out greedy WER/CER after each
epoch; writes <run>/ckpt.pt (every few hundred steps and each epoch),
<run>/best.pt (lowest held-out WER) and <run>/metrics.jsonl.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # spinning OpenMP threads starve other work

import argparse
import json
import math
import random
import time
import wave
from pathlib import Path

import numpy as np
import torch
from torch import nn

import augment as A
import model as M
import stream_model as S
from scoring import edit_distance


def load_shards(folder: Path, audio: list[np.ndarray], items: list[tuple[int, int, int, str]],
                seen: set[str]) -> int:
    """Appends the finished shards not in `seen` (names) to audio/items; returns how many.
    Shards being written are *.tmp.npz and are skipped until they are renamed."""
    added = 0
    for path in sorted(folder.glob("train-*.npz")):
        # Keyed by the full path: two shard folders (espeak, MBROLA) both have train-000.npz.
        if path.name.endswith(".tmp.npz") or str(path.resolve()) in seen:
            continue
        seen.add(str(path.resolve()))
        added += 1
        z = np.load(path)
        audio.append(z["audio"])
        offs = z["offsets"]
        for i, text in enumerate(z["texts"]):
            items.append((len(audio) - 1, int(offs[i]), int(offs[i + 1]), str(text)))
    return added


def make_batches(items, max_batch_samples: int) -> list[list[int]]:
    order = sorted(range(len(items)), key=lambda i: items[i][2] - items[i][1])
    batches, cur, cur_max = [], [], 0
    for i in order:
        n = items[i][2] - items[i][1]
        if cur and max(cur_max, n) * (len(cur) + 1) > max_batch_samples:
            batches.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, n)
    if cur:
        batches.append(cur)
    return batches


def collate(audio, items, idx: list[int]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    lens = [items[i][2] - items[i][1] for i in idx]
    wave_t = torch.zeros(len(idx), max(lens))
    targets, tlens = [], []
    for b, i in enumerate(idx):
        s, a, e, text = items[i]
        wave_t[b, : e - a] = torch.from_numpy(audio[s][a:e].astype(np.float32) / 32768.0)
        ids = M.encode_text(text)
        targets.extend(ids)
        tlens.append(len(ids))
    return wave_t, torch.tensor(lens), torch.tensor(targets), torch.tensor(tlens)


class NoiseBank:
    """Pre-generated white, pink and brown noise; items take random slices of it,
    which costs a copy instead of an FFT per utterance."""

    def __init__(self, seconds: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        n = seconds * M.SAMPLE_RATE
        colours = []
        for tilt in (0.0, 1.0, 2.0):
            spec = np.fft.rfft(rng.standard_normal(n))
            spec /= (np.arange(len(spec)) + 1.0) ** (tilt / 2)
            y = np.fft.irfft(spec, n)
            colours.append(y / y.std())
        self.noise = torch.tensor(np.stack(colours), dtype=torch.float32)

    def sample(self, B: int, T: int, g: torch.Generator) -> torch.Tensor:
        out = torch.empty(B, T)
        n = self.noise.shape[1]
        for b in range(B):
            c = int(torch.randint(0, 3, (1,), generator=g))
            s = int(torch.randint(0, max(1, n - T), (1,), generator=g))
            seg = self.noise[c, s:s + T]
            out[b, : len(seg)] = seg
            if len(seg) < T:
                out[b, len(seg):] = torch.randn(T - len(seg), generator=g)
        return out


def augment(w: torch.Tensor, lens: torch.Tensor, g: torch.Generator, bank: NoiseBank) -> torch.Tensor:
    B, T = w.shape
    u = lambda lo, hi: lo + (hi - lo) * torch.rand(B, 1, generator=g)  # noqa: E731
    # Room: exponentially decaying noise tail after a direct path (RT60 0.15-0.7 s),
    # applied by FFT to the chosen utterances only.
    rev = (torch.rand(B, generator=g) < 0.3).nonzero().flatten()
    if len(rev) > 0:
        L = 6400
        t = torch.arange(L) / M.SAMPLE_RATE
        rt60 = 0.15 + 0.55 * torch.rand(len(rev), 1, generator=g)
        ir = torch.randn(len(rev), L, generator=g) * torch.exp(-6.9 * t / rt60) * 0.3
        ir[:, 0] = 1.0
        n = 1 << (T + L - 1).bit_length()
        dry = w[rev]
        wet = torch.fft.irfft(torch.fft.rfft(dry, n) * torch.fft.rfft(ir, n), n)[:, :T]
        wet = wet * (dry.abs().amax(1, keepdim=True) / (wet.abs().amax(1, keepdim=True) + 1e-9))
        w = w.clone()
        w[rev] = wet
    power = (w ** 2).sum(1, keepdim=True) / lens.unsqueeze(1).clamp(min=1)
    noisy = (torch.rand(B, 1, generator=g) < 0.5).float()
    snr = u(3.0, 30.0)
    w = w + noisy * bank.sample(B, T, g) * torch.sqrt(power / 10 ** (snr / 10))
    # Babble-like interference: another utterance of the batch, quieter.
    if B > 1:
        mix = (torch.rand(B, 1, generator=g) < 0.1).float()
        w = w + mix * torch.roll(w, 1, 0) * 10 ** (-u(10.0, 25.0) / 20)
    gain = 10 ** (u(-15.0, 6.0) / 20)
    return (w * gain).clamp(-1.0, 1.0)


def collate_human(audio, items, idx: list[int], rng: np.random.Generator, off: frozenset):
    """Per-utterance augmentation for human variability (augment.py) before padding: lengths
    change with speed perturbation. Babble comes from the other utterances of the batch."""
    raw = [audio[items[i][0]][items[i][1]:items[i][2]].astype(np.float32) / 32768.0 for i in idx]
    waves = [A.augment(x, rng, off, others=[o for j, o in enumerate(raw) if j != b]) for b, x in enumerate(raw)]
    lens = [len(x) for x in waves]
    wave_t = torch.zeros(len(idx), max(lens))
    targets, tlens = [], []
    for b, (i, x) in enumerate(zip(idx, waves)):
        wave_t[b, : len(x)] = torch.from_numpy(x)
        ids = M.encode_text(items[i][3])
        targets.extend(ids)
        tlens.append(len(ids))
    return wave_t, torch.tensor(lens), torch.tensor(targets), torch.tensor(tlens)


class EpochBatches(torch.utils.data.Dataset):
    """Batch k of an epoch, collated and augmented (on the CPU, in loader workers when
    --workers > 0). Each batch draws from its own generator seeded by (seed, epoch, k),
    so a run is reproducible whatever the number of workers. mode "v2": v2's batch-level
    augmentation; "human": augment.py per utterance, minus the steps named in `off`."""

    def __init__(self, audio, items, batches, order, bank: "NoiseBank", seed: int, epoch: int,
                 mode: str = "v2", off: frozenset = frozenset()) -> None:
        self.audio, self.items, self.batches, self.order = audio, items, batches, order
        self.bank, self.seed, self.epoch, self.mode, self.off = bank, seed, epoch, mode, off

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, k: int):
        idx = self.batches[self.order[k]]
        seed = self.seed * 1_000_003 + self.epoch * 100_003 + k
        if self.mode == "human":
            return collate_human(self.audio, self.items, idx, np.random.default_rng(seed), self.off)
        w, lens, targets, tlens = collate(self.audio, self.items, idx)
        g = torch.Generator().manual_seed(seed)
        return augment(w, lens, g, self.bank), lens, targets, tlens


def spec_augment(f: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    B, C, T = f.shape
    f = f.clone()
    for b in range(B):
        for _ in range(2):
            w = int(torch.randint(0, 13, (1,), generator=g))
            s = int(torch.randint(0, C - w + 1, (1,), generator=g))
            f[b, s:s + w] = 0.0
        for _ in range(max(1, T // 150)):
            w = int(torch.randint(0, 16, (1,), generator=g))
            s = int(torch.randint(0, max(1, T - w), (1,), generator=g))
            f[b, :, s:s + w] = 0.0
    return f


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == M.SAMPLE_RATE and w.getsampwidth() == 2 and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def evaluate(net: M.CtcModel, manifest: Path, limit: int = 0, device: str = "cpu") -> dict:
    rows = [json.loads(l) for l in manifest.read_text(encoding="utf-8").splitlines() if l.strip()]
    if limit:
        rows = rows[:limit]
    net.eval()
    stats: dict[str, list[int]] = {}
    with torch.no_grad():
        for r in rows:
            x = torch.from_numpy(read_wav(manifest.parent / r["audio_filepath"]).astype(np.float32) / 32768.0).to(device)
            hyp = M.decode_ids(net(x.unsqueeze(0))[0].argmax(-1).tolist())
            ref = r["text"]
            for key in ("all", r.get("condition", "clean").startswith("noise") and "noise" or "clean"):
                s = stats.setdefault(key, [0, 0, 0, 0])
                s[0] += edit_distance(ref.split(), hyp.split())
                s[1] += len(ref.split())
                s[2] += edit_distance(list(ref), list(hyp))
                s[3] += len(ref)
    net.train()
    return {k: {"wer": v[0] / max(1, v[1]), "cer": v[2] / max(1, v[3])} for k, v in stats.items()}


def distill_kl(teacher: M.CtcModel, w: torch.Tensor, lens: torch.Tensor, student_logp: torch.Tensor,
               lookahead: int) -> torch.Tensor:
    """KL(teacher || student) per frame, averaged over the frames both have: student output i is
    matched with the bidirectional teacher's frame i - teacher_offset (clean audio the teacher
    hears is the same augmented batch)."""
    with torch.no_grad():
        t_logp = teacher(w).log_softmax(-1)
    off = S.teacher_offset(lookahead)
    m = min(t_logp.shape[1], student_logp.shape[1] - off)
    if m <= 0:
        return student_logp.new_zeros(())
    t, s = t_logp[:, :m], student_logp[:, off:off + m]
    valid = (torch.arange(m, device=w.device).unsqueeze(0) < M.output_frames(lens).to(w.device).unsqueeze(1)).float()
    kl = (t.exp() * (t - s)).sum(-1)
    return (kl * valid).sum() / valid.sum().clamp(min=1)


def lr_at(step: int, progress: float, peak: float, warmup: int) -> float:
    """Linear warm-up, then cosine decay over `progress` (0..1)."""
    if step < warmup:
        return peak * (step + 1) / warmup
    p = min(1.0, max(0.0, progress))
    return peak * (0.03 + 0.97 * 0.5 * (1 + math.cos(math.pi * p)))


def cpu_state(net: nn.Module) -> dict:
    """Checkpoints hold CPU tensors, so a GPU run's weights export on any machine."""
    return {k: v.detach().cpu() for k, v in net.state_dict().items()}


def save(path: Path, obj: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shards", type=Path, nargs="+", required=True, help="one or more shard folders")
    ap.add_argument("--test", type=Path, required=True, help="held-out manifest.jsonl")
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--max-minutes", type=float, default=0, help="stop (after checkpointing) past this")
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--batch-seconds", type=float, default=160)
    ap.add_argument("--lr", type=float, default=1.2e-3)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--device", default="auto", help="cpu, cuda or auto (cuda when available)")
    ap.add_argument("--workers", type=int, default=0, help="loader processes that collate and augment batches")
    ap.add_argument("--final", type=Path, help="also write the weights after the last step here (model only)")
    ap.add_argument("--init", type=Path, help="start from these weights (a checkpoint or onnx_to_state.py output) "
                                              "when the run has no checkpoint yet: fine-tuning")
    ap.add_argument("--augment", choices=["v2", "human"], default="v2",
                    help="v2: the v2 recipe's batch augmentation; human: augment.py per utterance")
    ap.add_argument("--aug-off", default="", help="with --augment human: steps to switch off, comma-separated "
                                                  f"({','.join(A.STEPS)},vtlp,specaug)")
    ap.add_argument("--vtlp", type=float, default=0.0, help="share of utterances with VTLP on the log-mel features")
    ap.add_argument("--warmup", type=int, default=400)
    ap.add_argument("--epoch-batches", type=int, default=0,
                    help="end an epoch after this many (shuffled) batches: with --watch-shards, new shards join sooner")
    ap.add_argument("--ckpt-every", type=int, default=300)
    ap.add_argument("--arch", choices=["bi", "stream"], default="bi",
                    help="bi: model.py's BiGRU (v2, v3); stream: stream_model.py's unidirectional GRU with state")
    ap.add_argument("--lookahead", type=int, default=3, help="--arch stream: output frames of look-ahead (R)")
    ap.add_argument("--distill", type=Path, help="a bidirectional checkpoint whose posteriors are soft targets "
                                                 "(--arch stream; frames aligned by stream_model.teacher_offset)")
    ap.add_argument("--distill-weight", type=float, default=1.0, help="loss = CTC + this x KL(teacher || student)")
    ap.add_argument("--watch-shards", action="store_true",
                    help="pick up shards that appear while training (synthesis still running); "
                         "each epoch uses the shards finished when it starts")
    args = ap.parse_args()

    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    torch.set_num_threads(args.threads)
    # Debian's torch 1.13 oneDNN (mkldnn) Conv1d backward sporadically returns non-finite
    # weight gradients for the strided convolutions (seen: conv.2.weight only, 7-25 % of
    # batches); the native kernels are as fast here and correct.
    torch.backends.mkldnn.enabled = False
    torch.manual_seed(args.seed)
    args.run.mkdir(parents=True, exist_ok=True)
    audio: list[np.ndarray] = []
    items: list[tuple[int, int, int, str]] = []
    seen: set[str] = set()

    off = frozenset(x.strip() for x in args.aug_off.split(",") if x.strip())
    unknown = off - set(A.STEPS) - {"vtlp", "specaug"}
    if unknown:
        raise SystemExit(f"--aug-off: unknown steps {sorted(unknown)}")

    def refresh() -> tuple[list[list[int]], int]:
        for folder in args.shards:
            load_shards(folder, audio, items, seen)
        b = make_batches(items, int(args.batch_seconds * M.SAMPLE_RATE))
        hours = sum(e - a for _, a, e, _ in items) / M.SAMPLE_RATE / 3600
        print(f"{len(seen)} shards, {len(items)} utterances, {hours:.1f} h, {len(b)} batches/epoch on {device}",
              flush=True)
        return b, args.epochs * len(b)

    batches, total_steps = refresh()
    bank = NoiseBank(60, args.seed)
    if args.arch == "stream":
        net = S.StreamCtcModel(hidden=args.hidden, layers=args.layers, lookahead=args.lookahead).to(device)
    else:
        net = M.CtcModel(hidden=args.hidden, layers=args.layers).to(device)
    teacher = None
    if args.distill:
        if args.arch != "stream":
            raise SystemExit("--distill is for --arch stream")
        tc = torch.load(args.distill, map_location=device)
        teacher = M.CtcModel(**{k: v for k, v in tc["config"].items() if k in ("hidden", "layers", "channels", "vocab")})
        teacher.load_state_dict(tc["model"])
        teacher.to(device).eval()
        for p in teacher.parameters():
            p.requires_grad_(False)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-2)
    ctc = nn.CTCLoss(blank=M.BLANK_ID, zero_infinity=True)
    state = {"epoch": 0, "batch": 0, "step": 0, "elapsed": 0.0, "best_wer": 1e9}
    ckpt = args.run / "ckpt.pt"
    if ckpt.exists():
        c = torch.load(ckpt, map_location=device)
        net.load_state_dict(c["model"])
        opt.load_state_dict(c["opt"])
        state = c["state"]
        if args.watch_shards:
            state["batch"] = 0  # the shard set may differ now: restart the epoch
        print(f"resumed at epoch {state['epoch']} batch {state['batch']} step {state['step']}", flush=True)
    elif args.init:
        init = torch.load(args.init, map_location=device)
        if args.arch == "stream" and init.get("config", {}).get("arch") != "stream":
            net.load_state_dict(S.from_bidirectional(init["model"], net))  # v2's front end + forward GRU
        else:
            net.load_state_dict(init["model"])
        print(f"initialised from {args.init}", flush=True)

    def checkpoint() -> None:
        if not all(torch.isfinite(p).all() for p in net.parameters()):
            raise RuntimeError("weights became non-finite; not overwriting the last good checkpoint")
        save(ckpt, {"model": cpu_state(net), "opt": opt.state_dict(), "state": state, "config": net.config})

    start = time.time() - state["elapsed"]
    metrics = open(args.run / "metrics.jsonl", "a", encoding="utf-8")
    stop = False
    net.train()
    while state["epoch"] < args.epochs and not stop:
        if args.watch_shards and state["epoch"] > 0:
            batches, total_steps = refresh()
        order = list(range(len(batches)))
        random.Random(args.seed + state["epoch"]).shuffle(order)
        if args.epoch_batches:
            # Short "epochs": shards that appeared meanwhile join sooner, and the held-out check runs often.
            order = order[: args.epoch_batches]
        g = torch.Generator().manual_seed(args.seed * 100 + state["epoch"])
        t0, n_utt, n_sec, losses = time.time(), 0, 0.0, []
        data = torch.utils.data.DataLoader(
            EpochBatches(audio, items, batches, order, bank, args.seed, state["epoch"], args.augment, off),
            batch_size=None, sampler=range(state["batch"], len(order)), num_workers=args.workers,
            pin_memory=device == "cuda", **({"prefetch_factor": 4} if args.workers else {}))
        for w, lens, targets, tlens in data:
            idx = batches[order[state["batch"]]]
            w = w.to(device, non_blocking=True)

            def feature_augment(feats: torch.Tensor) -> torch.Tensor:
                if args.vtlp and "vtlp" not in off:
                    feats = torch.stack([A.vtlp_features(f, 0.9 + 0.2 * float(torch.rand(1, generator=g)))
                                         if float(torch.rand(1, generator=g)) < args.vtlp else f for f in feats])
                if "specaug" not in off:
                    feats = spec_augment(feats, g)
                return feats

            if args.arch == "stream":
                logits = net(w, feat_hook=feature_augment)
                flens = S.output_frames(lens, args.lookahead).clamp(max=logits.shape[1]).to(device)
            else:
                logits = net.encode(feature_augment(net.featurise(w)))
                flens = M.output_frames(lens).clamp(max=logits.shape[1]).to(device)
            logp = logits.log_softmax(-1).transpose(0, 1)
            loss = ctc(logp, targets.to(device), flens, tlens.to(device))
            if teacher is not None:
                loss = loss + args.distill_weight * distill_kl(teacher, w, lens, logp.transpose(0, 1), args.lookahead)
            if not torch.isfinite(loss):
                # One bad batch must not poison the weights: skip it and say which one.
                print(f"skip batch {order[state['batch']]}: non-finite loss (lengths {lens.min().item()}-{lens.max().item()})",
                      flush=True)
                state["batch"] += 1
                continue
            for group in opt.param_groups:
                # Decay by steps or by the time budget, whichever is further along, so a
                # time-bounded run still ends at a low learning rate.
                progress = state["step"] / total_steps
                if args.max_minutes:
                    progress = max(progress, state["elapsed"] / (args.max_minutes * 60))
                group["lr"] = lr_at(state["step"], progress, args.lr, args.warmup)
            opt.zero_grad()
            loss.backward()
            grad_norm = nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            if not torch.isfinite(grad_norm):
                print(f"skip batch {order[state['batch']]}: non-finite gradient", flush=True)
                opt.zero_grad()
                state["batch"] += 1
                continue
            opt.step()
            state["batch"] += 1
            state["step"] += 1
            losses.append(loss.item())
            n_utt += len(idx)
            n_sec += float(lens.sum()) / M.SAMPLE_RATE
            state["elapsed"] = time.time() - start
            if state["step"] % 50 == 0:
                dt = time.time() - t0
                print(f"ep {state['epoch']} step {state['step']} batch {state['batch']}/{len(order)} "
                      f"loss {np.mean(losses[-50:]):.3f} {n_utt / dt:.1f} utt/s {n_sec / dt:.0f} audio-s/s "
                      f"lr {opt.param_groups[0]['lr']:.2e} elapsed {state['elapsed'] / 60:.1f} min", flush=True)
            if state["step"] % args.ckpt_every == 0:
                checkpoint()
            if (args.max_minutes and state["elapsed"] > args.max_minutes * 60) or (
                    args.max_steps and state["step"] >= args.max_steps):
                stop = True
                break
        if not stop:
            state["epoch"] += 1
            state["batch"] = 0
        del data
        res = evaluate(net, args.test, args.eval_limit, device)
        row = {"epoch": state["epoch"], "step": state["step"], "loss": float(np.mean(losses)) if losses else None,
               "elapsed_min": round(state["elapsed"] / 60, 2), "heldout": res}
        print("EVAL " + json.dumps(row), flush=True)
        metrics.write(json.dumps(row) + "\n")
        metrics.flush()
        if res["all"]["wer"] < state["best_wer"]:
            state["best_wer"] = res["all"]["wer"]
            save(args.run / "best.pt", {"model": cpu_state(net), "config": net.config, "state": dict(state),
                                        "heldout": res})
        checkpoint()
    if args.final:
        save(args.final, {"model": cpu_state(net), "config": net.config, "state": dict(state), "heldout": res})
    print("done", flush=True)


if __name__ == "__main__":
    main()

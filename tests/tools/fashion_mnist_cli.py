#!/usr/bin/env python3
"""Runs tutorial 12 (12_fashion_mnist) as a user would and checks what its header promises.

Usage: fashion_mnist_cli.py PROGRAM CASE, one CASE per CTest test; each runs in a fresh temporary
folder. Exit code 0: the case holds; 1: it does not (the message says which promise, and shows the
command and its output); 77: skipped, Fashion-MNIST is not installed.

  resume_is_bit_identical  two epochs in one run, and one epoch then --resume for the second:
                           the same "epoch 2:" line (timing aside), the same per-class table,
                           confusion matrix and "test accuracy:", and DIR/epoch-2/ the same files,
                           byte for byte (parameters, optimizer state, manifest).
  resume_keeps_the_log     --log with --resume: a first run goes past its checkpoint (epoch-1,
                           then 15000 steps more, its last line cut short as a crash leaves it),
                           the resumed run trains epoch 2 again; steps.csv is then byte for byte
                           that of a run that never stopped, every step once, and epochs.csv the
                           same rows (timing columns aside).
  resume_from_a_bad_manifest  a checkpoint whose manifest has no 'epoch', or 'epoch x', or an
                           epoch past 2^64, or one its steps are not; a folder epoch-<20 digits>
                           beside epoch-1: exit 1, the message names the checkpoint's folder and
                           the field (or the folder's name), not a bare 'stoull'. No training
                           before the refusal.
  resume_from_another_net  a series checkpoint resumed with --net lenet: exit 1, the message names
                           layer0.K and what differs (dtype for float LeNet, both shapes with
                           --f64); one made with another seed: exit 1, names both seeds. No
                           training before the refusal.
  usage_errors             unknown option, unknown net, no --net, bad numbers: exit 2, the reason
                           and the usage line on standard error, nothing on standard output.
  unknown_option_last      an unknown option with no value after it (--help) is called unknown,
                           not "needs a value".
  bad_data                 a missing data folder, a truncated gzip'd labels file, a labels file
                           holding a 10: exit 1, the message names the file and what is wrong.
  unwritable_output        --checkpoint or --log where no folder can be made: exit 1, the message
                           names the path, and no training step was taken.
  divergence               a learning rate that makes the loss non-finite: exit 3, "training
                           stopped at epoch 1, step N", the layer's index and kind as the summary
                           prints them; an earlier checkpoint in the --checkpoint folder is left
                           byte for byte as it was.
  normal_output            a short run: 10 rows of per-class accuracy and of the confusion matrix
                           (each row sums to 1000), consistent with each other and with the last
                           line, which is exactly "test accuracy: 0.dddd".
  progress_lines           standard error not a terminal: plain lines "epoch 1/1  batch B/937  loss
                           X  N samples/s  ETA m:ss", no carriage return, about ten per epoch.
  two_threads              --threads 2: two runs identical, the logged losses within 1% of one
                           thread's.

Any run whose standard error shows a sanitizer report fails, whatever its exit code.
"""
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path("/usr/share/datasets/fashion-mnist")
DATA_FILES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
              "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
           "Bag", "Ankle boot"]
USAGE = "usage: 12_fashion_mnist --net series|lenet [--epochs E] [--steps S] [--seed S] [--lr X]"
SANITIZER = re.compile(r"ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:")


class Fail(Exception):
    pass


class Run:
    """One run of the program: its arguments, exit code and output."""

    def __init__(self, program, args, cwd):
        self.args = [str(a) for a in args]
        start = time.monotonic()
        done = subprocess.run([program, *self.args], cwd=cwd, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=280)
        self.seconds = time.monotonic() - start
        # Bytes decoded by hand: text mode would turn a carriage return into a newline.
        self.rc = done.returncode
        self.out = done.stdout.decode("utf-8", "replace")
        self.err = done.stderr.decode("utf-8", "replace")
        print(f"  12_fashion_mnist {' '.join(self.args)}: exit {self.rc}, {self.seconds:.1f} s")
        if SANITIZER.search(self.err):
            self.fail("a sanitizer reported an error")

    def fail(self, why):
        def tail(text):
            lines = text.splitlines()
            return "\n".join(("    | " + line) for line in lines[-25:]) or "    | (nothing)"
        raise Fail(f"{why}\n  command: 12_fashion_mnist {' '.join(self.args)} (exit {self.rc})\n"
                   f"  stdout (last lines):\n{tail(self.out)}\n  stderr (last lines):\n"
                   f"{tail(self.err)}")

    def expect_exit(self, rc):
        if self.rc != rc:
            self.fail(f"exit code {self.rc}, expected {rc}")
        return self

    def message(self):
        """The program's error message: the last line of standard error, without its name."""
        lines = self.err.splitlines()
        if not lines or not lines[-1].startswith("12_fashion_mnist: "):
            self.fail("the last line of standard error is not '12_fashion_mnist: <message>'")
        return lines[-1][len("12_fashion_mnist: "):]

    def expect_in_message(self, *parts):
        text = self.message()
        for part in parts:
            if part not in text:
                self.fail(f"the message does not name {part!r}")
        return text

    def expect_no_training(self):
        if any(re.match(r"(epoch \d+|after step \d+):", line) for line in self.out.splitlines()):
            self.fail("an epoch was reported on standard output: training happened")
        if re.search(r"^epoch \d+/\d+  batch", self.err, re.M):
            self.fail("a progress line was printed: training happened")
        if "test accuracy" in self.out:
            self.fail("a test accuracy was printed")


def lines_starting(text, prefix):
    return [line for line in text.splitlines() if line.startswith(prefix)]


def without_timing(line):
    """'epoch 2: train loss ..., test accuracy 0.6297 (2.3 s, 26477 samples/s)' without '(...)'."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", line)


def snapshot(folder):
    """Every file under `folder` with its bytes, and every folder, by relative path."""
    files, folders = {}, set()
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            folders.add(rel)
        else:
            files[rel] = path.read_bytes()
    return files, folders


def compare_folders(a, b, what):
    (fa, da), (fb, db) = snapshot(a), snapshot(b)
    if da != db or fa.keys() != fb.keys():
        raise Fail(f"{what}: {a} holds {sorted(da | fa.keys())}, "
                   f"{b} holds {sorted(db | fb.keys())}")
    if not fa:
        raise Fail(f"{what}: {a} holds no file")
    for name in fa:
        if fa[name] != fb[name]:
            first = next((i for i, (x, y) in enumerate(zip(fa[name], fb[name])) if x != y),
                         min(len(fa[name]), len(fb[name])))
            raise Fail(f"{what}: {name} differs ({len(fa[name])} and {len(fb[name])} bytes, "
                       f"first difference at byte {first})")
    return len(fa)


def parse_report(run):
    """The per-class table and the confusion matrix of a finished run, checked for their form."""
    out = run.out.splitlines()
    try:
        table_at = out.index("class          accuracy")
        matrix_at = out.index("confusion matrix (rows: true class, columns: predicted)")
    except ValueError:
        run.fail("no per-class table ('class          accuracy') or no confusion matrix header")
    accuracy = []
    for i, name in enumerate(CLASSES):
        m = re.fullmatch(re.escape(name) + r" +([01]\.\d{4})", out[table_at + 1 + i])
        if not m:
            run.fail(f"row {i} of the per-class table is {out[table_at + 1 + i]!r}, expected "
                     f"'{name}' and an accuracy 0.dddd")
        accuracy.append(m.group(1))
    matrix = []
    for i, name in enumerate(CLASSES):
        row = out[matrix_at + 1 + i]
        m = re.fullmatch(re.escape(name) + r"((?: +\d+){10})", row)
        if not m:
            run.fail(f"row {i} of the confusion matrix is {row!r}, expected '{name}' and 10 counts")
        counts = [int(x) for x in m.group(1).split()]
        if sum(counts) != 1000:
            run.fail(f"row {i} ({name}) of the confusion matrix sums to {sum(counts)}; the test "
                     "set has 1000 images of each class")
        matrix.append(counts)
    return accuracy, matrix, out[matrix_at + 11:]


# ---------------------------------------------------------------------------------------------
# The cases. Each gets the program and a fresh temporary folder (the working directory of its
# runs), and raises Fail.

def resume_is_bit_identical(program, tmp):
    # Seed 2: the series network learns in epoch 1 (seed 0's single filter dies early, which
    # would leave layer0.K nearly still, a weaker comparison).
    net = ["--net", "series", "--seed", "2"]
    a = Run(program, [*net, "--epochs", 2, "--checkpoint", tmp / "A"], tmp).expect_exit(0)
    b1 = Run(program, [*net, "--epochs", 1, "--checkpoint", tmp / "B"], tmp).expect_exit(0)
    b2 = Run(program, [*net, "--epochs", 2, "--resume", tmp / "B", "--checkpoint", tmp / "B"],
             tmp).expect_exit(0)

    resumed = lines_starting(b2.out, "resumed from ")
    want = f"resumed from {tmp / 'B' / 'epoch-1'} after epoch 1 (30000 steps)"
    if resumed != [want]:
        b2.fail(f"expected the line {want!r}, got {resumed}")
    if lines_starting(b2.out, "epoch 1:") or re.search(r"^epoch 1/2 ", b2.err, re.M):
        b2.fail("the resumed run trained epoch 1 again")
    for run in (a, b1):
        if len(lines_starting(run.out, "epoch 1:")) != 1:
            run.fail("no single 'epoch 1:' line")
    if without_timing(lines_starting(a.out, "epoch 1:")[0]) != \
            without_timing(lines_starting(b1.out, "epoch 1:")[0]):
        raise Fail("epoch 1 differs between the two-epoch run and the one-epoch run:\n  "
                   f"{lines_starting(a.out, 'epoch 1:')[0]}\n  "
                   f"{lines_starting(b1.out, 'epoch 1:')[0]}")
    e2a, e2b = lines_starting(a.out, "epoch 2:"), lines_starting(b2.out, "epoch 2:")
    if len(e2a) != 1 or len(e2b) != 1:
        raise Fail(f"expected one 'epoch 2:' line in each run, got {e2a} and {e2b}")
    if without_timing(e2a[0]) != without_timing(e2b[0]):
        raise Fail(f"epoch 2 differs after --resume:\n  uninterrupted: {e2a[0]}\n  resumed:       "
                   f"{e2b[0]}")
    # Everything after the epoch lines: per-class table, confusion matrix, test accuracy.
    report_a = a.out.split(e2a[0], 1)[1]
    report_b = b2.out.split(e2b[0], 1)[1]
    if report_a != report_b:
        raise Fail(f"the final report differs after --resume:\n{report_a}\n---\n{report_b}")
    acc_a, acc_b = lines_starting(a.out, "test accuracy:"), lines_starting(b2.out, "test accuracy:")
    if acc_a != acc_b or len(acc_a) != 1:
        raise Fail(f"final accuracy lines {acc_a} and {acc_b}")

    for name in ("A", "B"):
        entries = sorted(p.name for p in (tmp / name).iterdir())
        if entries != ["epoch-1", "epoch-2"]:
            raise Fail(f"checkpoint folder {name} holds {entries}, expected epoch-1 and epoch-2 "
                       "(no .partial or .old left)")
    manifest = (tmp / "A" / "epoch-2" / "manifest.txt").read_text().splitlines()
    for line in ("ctnn checkpoint 1", "steps 60000", "net series", "type double", "seed 2",
                 "epoch 2"):
        if line not in manifest:
            raise Fail(f"A/epoch-2/manifest.txt has no line {line!r}: {manifest}")
    compare_folders(tmp / "A" / "epoch-1", tmp / "B" / "epoch-1", "epoch-1 checkpoints")
    n = compare_folders(tmp / "A" / "epoch-2", tmp / "B" / "epoch-2",
                        "epoch-2 checkpoints, uninterrupted (A) and resumed (B)")
    print(f"epoch 2 and the report identical; {n} files of epoch-2 identical byte for byte")


def csv_rows(path):
    """The complete lines of a CSV file, split at commas (a last line without its newline, as a
    crash leaves it, is not a row)."""
    text = Path(path).read_text()
    return [line.split(",") for line in text.split("\n")[:-1]]


def resume_keeps_the_log(program, tmp):
    net = ["--net", "series", "--seed", "2", "--epochs", 2]
    Run(program, [*net, "--log", tmp / "A"], tmp).expect_exit(0)
    # The first run stops in epoch 2, 15000 steps past its checkpoint epoch-1 (30000 steps), as
    # a run that was interrupted would; a crash can also leave a line cut short.
    Run(program, [*net, "--steps", 45000, "--checkpoint", tmp / "ck", "--log", tmp / "B"],
        tmp).expect_exit(0)
    with open(tmp / "B" / "steps.csv", "a") as f:
        f.write("1,29900,0.5")  # a whole row but for its newline, of a step before the checkpoint
    b2 = Run(program, [*net, "--resume", tmp / "ck", "--log", tmp / "B"], tmp).expect_exit(0)

    steps_a, steps_b = csv_rows(tmp / "A" / "steps.csv"), csv_rows(tmp / "B" / "steps.csv")
    numbers = [int(row[1]) for row in steps_b[1:]]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        b2.fail(f"steps.csv after --resume holds {len(repeated)} steps twice, the first "
                f"{repeated[:3]}")
    if (tmp / "B" / "steps.csv").read_bytes() != (tmp / "A" / "steps.csv").read_bytes():
        b2.fail(f"steps.csv after --resume ({len(steps_b) - 1} rows) is not that of the run that "
                f"never stopped ({len(steps_a) - 1} rows)")
    # epochs.csv: epoch, steps, train_loss, test_loss, test_accuracy, then seconds and
    # samples_per_second, which differ from run to run.
    epochs_a = [row[:5] for row in csv_rows(tmp / "A" / "epochs.csv")]
    epochs_b = [row[:5] for row in csv_rows(tmp / "B" / "epochs.csv")]
    if epochs_a != epochs_b:
        b2.fail(f"epochs.csv after --resume holds {epochs_b}, the run that never stopped "
                f"{epochs_a}")
    print(f"steps.csv: {len(steps_b) - 1} rows, each step once; epochs.csv: {epochs_b[1:]}")


def resume_from_a_bad_manifest(program, tmp):
    ck = tmp / "ck"
    Run(program, ["--net", "series", "--epochs", 1, "--checkpoint", ck], tmp).expect_exit(0)
    manifest = ck / "epoch-1" / "manifest.txt"
    lines = manifest.read_text().splitlines()
    if "epoch 1" not in lines:
        raise Fail(f"{manifest} has no line 'epoch 1': {lines}")
    others = [line for line in lines if not line.startswith("epoch ")]
    # missing, not a number, more than 2^64, and a number that is not the steps' (30000 steps:
    # one epoch), which a resume would take for as many epochs' data orders to replay
    for epoch_line, said in ((None, "no 'epoch'"), ("epoch x", "'epoch x'"),
                             ("epoch 99999999999999999999", "'epoch 99999999999999999999'"),
                             ("epoch 2", "'epoch 2' does not match 'steps 30000'")):
        manifest.write_text("\n".join(others + ([epoch_line] if epoch_line else [])) + "\n")
        run = Run(program, ["--net", "series", "--epochs", 2, "--resume", ck], tmp)
        run.expect_exit(1).expect_no_training()
        text = run.expect_in_message(str(ck / "epoch-1"), said)
        if "stoull" in text:
            run.fail("the message is std::stoull's")
    manifest.write_text("\n".join(lines) + "\n")
    # Named as this program names its checkpoints, but no epoch it can count to.
    (ck / "epoch-99999999999999999999").mkdir()
    run = Run(program, ["--net", "series", "--epochs", 2, "--resume", ck], tmp)
    run.expect_exit(1).expect_no_training()
    text = run.expect_in_message(str(ck / "epoch-99999999999999999999"))
    if "stoull" in text:
        run.fail("the message is std::stoull's")
    print("refused: " + text)


def resume_from_another_net(program, tmp):
    ck = tmp / "series"
    Run(program, ["--net", "series", "--epochs", 1, "--checkpoint", ck], tmp).expect_exit(0)
    k = f"{ck / 'epoch-1' / 'layer0.K.npy'}"

    lenet = Run(program, ["--net", "lenet", "--steps", 1, "--resume", ck], tmp).expect_exit(1)
    lenet.expect_no_training()
    lenet.expect_in_message("layer0.K", k, "'<f8'", "'<f4'")

    f64 = Run(program, ["--net", "lenet", "--f64", "--steps", 1, "--resume", ck], tmp)
    f64.expect_exit(1).expect_no_training()
    f64.expect_in_message("layer0.K", k, "(1, 1, 3, 3)", "1, 6, 5, 5")

    seed = Run(program, ["--net", "series", "--seed", 3, "--steps", 1, "--resume", ck], tmp)
    seed.expect_exit(1).expect_no_training()
    seed.expect_in_message(str(ck / "epoch-1"), "seed 0, not 3")
    print("refused: " + f64.message())


def usage_errors(program, tmp):
    cases = [
        (["--net", "series", "--bogus", "1"], "unknown option '--bogus'"),
        (["--net", "resnet"], "unknown net 'resnet'"),
        ([], "--net is required"),
        (["--epochs", "2"], "--net is required"),
        (["--net", "series", "--epochs", "two"], "--epochs needs a whole number, not 'two'"),
        (["--net", "series", "--seed", "-1"], "--seed needs a whole number, not '-1'"),
        (["--net", "series", "--seed", "4294967296"], "--seed needs a whole number"),
        (["--net", "lenet", "--steps", "1e3"], "--steps needs a whole number, not '1e3'"),
        (["--net", "lenet", "--lr", "fast"], "--lr needs a number, not 'fast'"),
        (["--net", "lenet", "--lr", "0"], "--lr must be a positive number"),
        (["--net", "lenet", "--lr", "nan"], "--lr must be a positive number"),
        (["--net", "lenet", "--epochs", "0"], "at least 1"),
        (["--net", "series", "--f64"], "--net series is always double"),
        (["--net", "lenet", "--epochs"], "--epochs needs a value"),
        (["--net", "lenet", "--threads", "3"], "--threads must be 1 or 2"),
        (["--net", "series", "--threads", "2"], "the series' batch of 2 is too small"),
    ]
    for args, reason in cases:
        run = Run(program, args, tmp).expect_exit(2)
        if USAGE not in run.err:
            run.fail("no usage line on standard error")
        if reason not in run.err:
            run.fail(f"standard error does not say {reason!r}")
        if run.out:
            run.fail("something was printed on standard output")
    print(f"{len(cases)} bad command lines: exit 2, the reason and the usage line")


def unknown_option_last(program, tmp):
    for option in ("--help", "--bogus"):
        run = Run(program, ["--net", "series", option], tmp).expect_exit(2)
        if USAGE not in run.err:
            run.fail("no usage line on standard error")
        if f"unknown option '{option}'" not in run.err:
            run.fail(f"{option} is not an option, but the message does not say "
                     f"\"unknown option '{option}'\"")


def bad_data(program, tmp):
    missing = Run(program, ["--net", "series", "--steps", 1, "--data", "/nonexistent"], tmp)
    missing.expect_exit(1).expect_no_training()
    missing.expect_in_message("/nonexistent/train-images-idx3-ubyte.gz")

    def data_folder(name, labels):
        folder = tmp / name
        folder.mkdir()
        for f in DATA_FILES:
            if f != "train-labels-idx1-ubyte.gz":
                os.symlink(DATA / f, folder / f)
        (folder / "train-labels-idx1-ubyte.gz").write_bytes(labels)
        return folder

    truncated = data_folder("truncated",
                            (DATA / "train-labels-idx1-ubyte.gz").read_bytes()[:100])
    run = Run(program, ["--net", "series", "--steps", 1, "--data", truncated], tmp)
    run.expect_exit(1).expect_no_training()
    text = run.expect_in_message(f"{truncated / 'train-labels-idx1-ubyte.gz'}")
    if "truncated" not in text:
        run.fail("the message does not say the file is truncated")

    labels = bytearray(i % 10 for i in range(60000))
    labels[12345] = 10
    idx = struct.pack(">II", 0x00000801, 60000) + bytes(labels)
    ten = data_folder("label10", gzip.compress(idx))
    run = Run(program, ["--net", "series", "--steps", 1, "--data", ten], tmp)
    run.expect_exit(1).expect_no_training()
    run.expect_in_message(f"{ten / 'train-labels-idx1-ubyte.gz'}", "label 12345 is 10")
    print("refused: " + run.message())


def unwritable_output(program, tmp):
    (tmp / "a-file").write_text("not a folder\n")
    for option, path in (("--checkpoint", "/dev/null/ck"), ("--checkpoint", tmp / "a-file"),
                         ("--log", "/dev/null/log")):
        # --epochs 1: were the folder made only after training, a whole epoch would run first.
        run = Run(program, ["--net", "series", "--epochs", 1, option, path], tmp)
        run.expect_exit(1).expect_no_training()
        run.expect_in_message(str(path))
    if (tmp / "a-file").read_text() != "not a folder\n":
        raise Fail("the file given as --checkpoint was changed")


def divergence(program, tmp):
    # --lr 1e6 keeps LeNet's float loss finite (about 3e36) for 300 steps; 1e8 does not.
    run = Run(program, ["--net", "lenet", "--lr", "1e8", "--steps", 300], tmp).expect_exit(3)
    check_stopped(run, epoch=1, max_step=300)

    ck = tmp / "ck"
    Run(program, ["--net", "series", "--epochs", 1, "--checkpoint", ck], tmp).expect_exit(0)
    before = snapshot(ck)
    # The series network's loss overflows only for a learning rate this absurd.
    run = Run(program, ["--net", "series", "--lr", "1e200", "--epochs", 2, "--checkpoint", ck],
              tmp).expect_exit(3)
    check_stopped(run, epoch=1, max_step=30000)
    after = snapshot(ck)
    if after != before:
        raise Fail(f"the checkpoint folder changed: it held {sorted(before[0])} "
                   f"{sorted(before[1])}, now {sorted(after[0])} {sorted(after[1])}, or a file's "
                   "bytes differ")
    print(f"the earlier checkpoint ({len(before[0])} files) is intact")


def check_stopped(run, epoch, max_step):
    if any(re.match(r"(epoch \d+|after step \d+):", line) for line in run.out.splitlines()) \
            or "test accuracy" in run.out:
        run.fail("an epoch's result or a test accuracy was printed for a training that stopped")
    text = run.message()
    m = re.match(r"training stopped at epoch (\d+), step (\d+): the loss is (\S+); layer (\d+) "
                 r"\((.+?)\) is the first whose output is not finite\. ", text)
    if not m:
        run.fail("the message is not 'training stopped at epoch E, step N: the loss is X; layer "
                 "I (kind) is the first whose output is not finite. ...'")
    if int(m.group(1)) != epoch or not 1 <= int(m.group(2)) <= max_step:
        run.fail(f"expected epoch {epoch} and a step from 1 to {max_step}")
    if m.group(3).lstrip("+-") not in ("nan", "inf"):
        run.fail(f"the loss {m.group(3)} is said to be not finite")
    layer, kind = m.group(4), m.group(5)
    row = [line for line in run.out.splitlines() if re.match(rf" *{layer}  \S", line)]
    if len(row) != 1 or not re.match(rf" *{layer}  {re.escape(kind)}  ", row[0]):
        run.fail(f"layer {layer} is not a {kind} in the summary the program printed: {row}")
    print(f"stopped: {text.split('. ')[0]}")


def normal_output(program, tmp):
    run = Run(program, ["--net", "lenet", "--steps", 20], tmp).expect_exit(0)
    last = run.out.splitlines()[-1] if run.out else ""
    if not re.fullmatch(r"test accuracy: 0\.\d{4}", last) or not run.out.endswith(last + "\n"):
        run.fail(f"the last line is {last!r}, expected exactly 'test accuracy: 0.dddd'")
    accuracy, matrix, after = parse_report(run)
    if after != [last]:
        run.fail(f"after the confusion matrix, expected only the accuracy line, got {after}")
    for i, name in enumerate(CLASSES):
        if accuracy[i] != f"{matrix[i][i] / 1000:.4f}":
            run.fail(f"{name}: accuracy {accuracy[i]}, but the matrix says {matrix[i][i]} of 1000")
    overall = f"{sum(matrix[i][i] for i in range(10)) / 10000:.4f}"
    if last != f"test accuracy: {overall}":
        run.fail(f"the matrix's diagonal makes an accuracy of {overall}, not the last line's")
    stop = lines_starting(run.out, "after step 20:")
    if len(stop) != 1 or f"test accuracy {overall} " not in stop[0]:
        run.fail(f"expected one 'after step 20:' line with test accuracy {overall}, got {stop}")
    print(f"{last}; 10 classes, each row of the matrix 1000 images")


def progress_lines(program, tmp):
    run = Run(program, ["--net", "lenet", "--epochs", 1], tmp).expect_exit(0)
    if "\r" in run.err or "\033" in run.err:
        run.fail("standard error is not a terminal, yet it holds a carriage return or escape")
    line = re.compile(r"epoch 1/1  batch (\d+)/937  loss (\d+\.\d{4})  (\d+) samples/s  "
                      r"ETA (\d+):([0-5]\d)")
    batches = []
    for text in run.err.splitlines():
        m = line.fullmatch(text)
        if not m:
            run.fail(f"standard error line {text!r} is not 'epoch 1/1  batch B/937  loss X  N "
                     "samples/s  ETA m:ss'")
        if int(m.group(3)) == 0:
            run.fail(f"a rate of 0 samples/s: {text!r}")
        batches.append(int(m.group(1)))
    if not 9 <= len(batches) <= 12:
        run.fail(f"{len(batches)} progress lines for one epoch, expected about ten")
    if batches != sorted(set(batches)) or batches[-1] != 937:
        run.fail(f"the batches {batches} do not rise to 937")
    if not run.err.splitlines()[-1].endswith("ETA 0:00"):
        run.fail("the last progress line's ETA is not 0:00")
    print(f"{len(batches)} progress lines at batches {batches}")


def two_threads(program, tmp):
    """--threads 2 is reproducible run after run, and trains as one thread does up to the order
    of additions: the mean losses of the same 186 steps (two rows of steps.csv) within 1%
    (relative), and the same report's form."""
    args = ["--net", "lenet", "--steps", 186, "--log"]
    one = Run(program, args + [tmp / "one"], tmp).expect_exit(0)
    two = Run(program, args + [tmp / "two", "--threads", 2], tmp).expect_exit(0)
    again = Run(program, args + [tmp / "again", "--threads", 2], tmp).expect_exit(0)
    parse_report(two)
    if [without_timing(x) for x in lines_starting(two.out, "after step 186:")] != \
            [without_timing(x) for x in lines_starting(again.out, "after step 186:")] or \
            two.out.splitlines()[-12:] != again.out.splitlines()[-12:]:
        two.fail("two runs with --threads 2 end differently")
    if (tmp / "two" / "steps.csv").read_bytes() != (tmp / "again" / "steps.csv").read_bytes():
        two.fail("two runs with --threads 2 log different losses")
    losses = {}
    for name in ("one", "two"):
        rows = (tmp / name / "steps.csv").read_text().splitlines()[1:]
        losses[name] = [float(r.split(",")[2]) for r in rows]
    if len(losses["one"]) != len(losses["two"]) or not losses["one"]:
        two.fail(f"the logs have {len(losses['one'])} and {len(losses['two'])} rows")
    for a, b in zip(losses["one"], losses["two"]):
        if abs(a - b) > 0.01 * abs(a):
            two.fail(f"mean loss {b} with two threads, {a} with one: more than 1% apart")
    print(f"--threads 2 reproducible; losses {losses['two']} against one thread's {losses['one']}")


CASES = {f.__name__: f for f in (resume_is_bit_identical, resume_keeps_the_log,
                                  resume_from_a_bad_manifest, resume_from_another_net, usage_errors,
                                  unknown_option_last, bad_data, unwritable_output, divergence,
                                  normal_output, progress_lines, two_threads)}
WITHOUT_DATA = {"usage_errors", "unknown_option_last"}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        sys.exit(f"usage: {sys.argv[0]} PROGRAM CASE, CASE one of: {', '.join(CASES)}")
    program, case = os.path.abspath(sys.argv[1]), sys.argv[2]
    if case not in WITHOUT_DATA and not all((DATA / f).is_file() for f in DATA_FILES):
        print(f"SKIP {case}: Fashion-MNIST is not installed in {DATA} (Debian: "
              "dataset-fashion-mnist)")
        sys.exit(77)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"fashion_mnist_{case}.") as tmp:
        try:
            CASES[case](program, Path(tmp))
        except Fail as e:
            print(f"FAIL {case}: {e}")
            sys.exit(1)
        except subprocess.TimeoutExpired as e:
            print(f"FAIL {case}: the program did not finish in {e.timeout} s: {e.cmd}")
            sys.exit(1)
    print(f"PASS {case} ({time.monotonic() - start:.1f} s)")


if __name__ == "__main__":
    main()

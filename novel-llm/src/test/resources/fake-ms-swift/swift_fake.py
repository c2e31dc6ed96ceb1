"""A stand-in for ms-swift 2.x, 3.x and 4.x in NovelKit's tests: no GPU, no torch, swift's own argument rules and
output formats. install.py copies this file into a fake virtual environment as swift/_novelkit_fake.py, next to a
swift/__init__.py that holds the version; everything below follows that version.

The flag lists come from ms-swift's own argument classes at v2.6.1, v3.12.6 and v4.5.2 (see SWIFT-FACTS.md in the
shared reference folder). As in the real one, a flag the installed version does not know stops the run before
anything happens:  ValueError: remaining_argv: ['--sft_type', 'lora']

Environment knobs (tests only):
  FAKE_SWIFT_FAIL            oom | dataset | exit1 | hang | crash_after_save | export | deploy
  FAKE_SWIFT_IGNORE_TERM     1: sft ignores SIGTERM (tests the forced kill after the grace period)
  FAKE_SWIFT_STEPS           number of optimizer steps (default: from the dataset size)
  FAKE_SWIFT_STEP_DELAY      seconds per step (default 0)
  FAKE_SWIFT_DEPLOY_DELAY    seconds before a server listens (default 0)
  FAKE_SWIFT_CHILD_PID_FILE  hang mode writes the spawned child's pid here
  FAKE_SWIFT_RECORD          a file each subcommand appends one JSON line to: {"command", "argv", "version"}
"""
import datetime
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import swift

VERSION = tuple(int(x) for x in re.match(r'(\d+)\.(\d+)\.(\d+)', swift.__version__).groups())
MAJOR = VERSION[0]
SITE = os.path.dirname(os.path.dirname(os.path.abspath(swift.__file__)))

# ---------------------------------------------------------------------------------------------------------------
# The command routes of swift.cli.main (2.x: app-ui; 3.x and 4.x: app)
# ---------------------------------------------------------------------------------------------------------------
ROUTES = {'pt': 'sft', 'sft': 'sft', 'infer': 'infer', 'merge-lora': 'merge_lora', 'web-ui': 'web_ui',
          'deploy': 'deploy', 'export': 'export', 'eval': 'eval', 'rlhf': 'rlhf'}
if MAJOR == 2:
    ROUTES.update({'app-ui': 'app_ui', 'dpo': 'rlhf', 'orpo': 'rlhf', 'simpo': 'rlhf'})
else:
    ROUTES.update({'app': 'app', 'sample': 'sample', 'rollout': 'rollout'})


def cli_main():
    """swift.cli.main:cli_main: runs swift/cli/<route>.py in a child Python, as the real console script does."""
    argv = sys.argv[1:]
    method_name = argv[0]
    argv = argv[1:]
    route = ROUTES[method_name]  # an unknown subcommand is a KeyError, as in the real one
    file_path = os.path.join(SITE, 'swift', 'cli', route + '.py')
    if MAJOR == 2:
        try:  # 2.x runs `python` from the PATH, falling back to python3
            subprocess.run(['python', '--version'], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            python_cmd = 'python'
        except FileNotFoundError:
            python_cmd = 'python3'
    else:
        python_cmd = sys.executable
    nproc = os.environ.get('NPROC_PER_NODE')
    if nproc and method_name in ('sft', 'pt', 'rlhf'):
        args = [python_cmd, file_path, *argv]  # stands in for torchrun --nproc_per_node N
        print(f"run sh: `torchrun --nproc_per_node {nproc} {file_path} {' '.join(argv)}`", flush=True)
    else:
        args = [python_cmd, file_path, *argv]
        print(f"run sh: `{' '.join(args)}`", flush=True)
    result = subprocess.run(args)
    if result.returncode != 0:
        sys.exit(result.returncode)


# ---------------------------------------------------------------------------------------------------------------
# Arguments: the flags each version knows, parsed the way HfArgumentParser does
# ---------------------------------------------------------------------------------------------------------------
STR, LIST, BOOL, INT, FLOAT = 'str', 'list', 'bool', 'int', 'float'


def _train_flags():
    f = {'output_dir': STR, 'dataset': LIST, 'val_dataset': LIST, 'num_train_epochs': FLOAT, 'max_length': INT,
         'lora_rank': INT, 'lora_alpha': INT, 'gradient_checkpointing': BOOL, 'learning_rate': FLOAT,
         'gradient_accumulation_steps': INT, 'max_grad_norm': FLOAT, 'eval_steps': INT, 'save_steps': INT,
         'save_total_limit': INT, 'logging_steps': INT, 'system': STR, 'seed': INT, 'save_on_each_node': BOOL,
         'resume_from_checkpoint': STR, 'warmup_ratio': FLOAT, 'deepspeed': STR, 'lora_dropout': FLOAT,
         'weight_decay': FLOAT, 'lr_scheduler_type': STR, 'model_revision': STR}
    if MAJOR == 2:
        f.update({'model_type': STR, 'model_id_or_path': STR, 'sft_type': STR, 'dataset_test_ratio': FLOAT,
                  'check_dataset_strategy': STR, 'lora_dropout_p': FLOAT, 'lora_target_modules': LIST,
                  'target_modules': LIST, 'batch_size': INT, 'per_device_train_batch_size': INT, 'do_sample': BOOL,
                  'top_k': INT, 'top_p': FLOAT, 'temperature': FLOAT, 'template_type': STR, 'dtype': STR,
                  'use_flash_attn': BOOL, 'acc_strategy': STR, 'ignore_args_error': BOOL})
    else:
        f.update({'model': STR, 'model_type': STR, 'split_dataset_ratio': FLOAT, 'strict': BOOL,
                  'target_modules': LIST, 'per_device_train_batch_size': INT, 'temperature': FLOAT, 'top_k': INT,
                  'top_p': FLOAT, 'template': STR, 'torch_dtype': STR, 'acc_strategy': STR,
                  'create_checkpoint_symlink': BOOL, 'attn_impl': STR, 'warmup_steps': INT})
        if MAJOR == 3 or VERSION[:2] == (4, 0):
            f['train_type'] = STR
        if MAJOR == 4:
            f['tuner_type'] = STR
    return f


def _infer_flags():
    f = {'max_new_tokens': INT, 'temperature': FLOAT, 'top_k': INT, 'top_p': FLOAT, 'stream': BOOL, 'system': STR,
         'infer_backend': STR, 'max_length': INT, 'seed': INT}
    if MAJOR == 2:
        f.update({'ckpt_dir': STR, 'model_type': STR, 'model_id_or_path': STR, 'do_sample': BOOL,
                  'load_dataset_config': BOOL, 'template_type': STR, 'dtype': STR})
    else:
        f.update({'adapters': LIST, 'model': STR, 'model_type': STR, 'template': STR, 'torch_dtype': STR})
        if MAJOR == 3:
            f['ckpt_dir'] = STR
    return f


def _deploy_flags():
    f = _infer_flags()
    f.update({'host': STR, 'port': INT, 'log_level': STR, 'verbose': BOOL})
    if MAJOR > 2 or VERSION[:2] >= (2, 3):
        f['api_key'] = STR
    if MAJOR > 2 or VERSION[:2] >= (2, 5):
        f['served_model_name'] = STR
    return f


def _app_flags():
    if MAJOR == 2:
        f = _infer_flags()
        f.update({'host': STR, 'port': INT, 'share': BOOL, 'server_name': STR, 'server_port': INT})
    else:
        f = _deploy_flags()
        f.update({'server_name': STR, 'server_port': INT, 'share': BOOL, 'lang': STR, 'studio_title': STR,
                  'base_url': STR})
    return f


def _export_flags():
    f = {'merge_lora': BOOL, 'quant_bits': INT, 'quant_method': STR, 'to_ollama': BOOL, 'push_to_hub': BOOL,
         'max_shard_size': STR, 'safe_serialization': BOOL}
    if MAJOR == 2:
        f.update({'ckpt_dir': STR, 'model_type': STR, 'model_id_or_path': STR, 'dtype': STR})
    else:
        f.update({'adapters': LIST, 'model': STR, 'output_dir': STR, 'exist_ok': BOOL, 'torch_dtype': STR})
        if MAJOR == 3:
            f['ckpt_dir'] = STR
    return f


CHOICES = {
    'sft_type': ['lora', 'full', 'longlora', 'adalora', 'ia3', 'llamapro', 'adapter', 'vera', 'boft', 'fourierft',
                 'reft'],
    'train_type': ['lora', 'full', 'longlora', 'adalora', 'llamapro', 'adapter', 'vera', 'boft', 'fourierft', 'reft',
                   'bone'],
    'tuner_type': ['lora', 'full', 'longlora', 'adalora', 'llamapro', 'adapter', 'vera', 'boft', 'fourierft', 'reft',
                   'bone'],
    'check_dataset_strategy': ['none', 'discard', 'error', 'warning'],
    'dtype': ['bf16', 'fp16', 'fp32', 'AUTO'],
    'torch_dtype': ['bfloat16', 'float16', 'float32'],
    'acc_strategy': ['token', 'sentence'] if MAJOR == 2 else ['token', 'seq'],
    'infer_backend': (['AUTO', 'vllm', 'pt', 'lmdeploy'] if MAJOR == 2
                      else ['vllm', 'pt', 'sglang', 'lmdeploy'] if MAJOR == 3
                      else ['transformers', 'vllm', 'sglang', 'lmdeploy', 'pt']),
}
DEEPSPEED = (['default-zero2', 'default-zero3', 'zero2-offload', 'zero3-offload'] if MAJOR == 2
             else ['zero0', 'zero1', 'zero2', 'zero3', 'zero2_offload', 'zero3_offload'])


def usage_error(message):
    print(f'usage: {os.path.basename(sys.argv[0])} [-h] ...', file=sys.stderr)
    print(f'{os.path.basename(sys.argv[0])}: error: {message}', file=sys.stderr, flush=True)
    sys.exit(2)


def to_bool(name, v):
    t = v.lower()
    if t in ('yes', 'true', 't', 'y', '1'):
        return True
    if t in ('no', 'false', 'f', 'n', '0'):
        return False
    usage_error(f"argument --{name}: Truthy value expected: got {v} but expected one of yes/no, true/false, t/f, "
                f"y/n, 1/0 (case insensitive).")


def parse_args(argv, known):
    """(args, remaining_argv): flags swift knows, converted; the rest, as HfArgumentParser leaves it."""
    args, remaining, i = {}, [], 0
    while i < len(argv):
        a = argv[i]
        if not a.startswith('--'):
            remaining.append(a)
            i += 1
            continue
        name, eq, value = a[2:].partition('=')
        values = [value] if eq else []
        j = i + 1
        if not eq:
            while j < len(argv) and not argv[j].startswith('--'):
                values.append(argv[j])
                j += 1
        kind = known.get(name)
        if kind is None:
            remaining.extend([a] + ([] if eq else values))
        else:
            if kind == LIST:
                if not values:
                    usage_error(f'argument --{name}: expected at least one argument')
                args[name] = values
            else:
                if len(values) != 1:
                    if len(values) == 0:
                        usage_error(f'argument --{name}: expected one argument')
                    remaining.extend(values[1:])
                v = values[0]
                try:
                    args[name] = {STR: str, INT: int, FLOAT: float}[kind](v) if kind != BOOL else to_bool(name, v)
                except ValueError:
                    usage_error(f"argument --{name}: invalid {kind} value: '{v}'")
                if name in CHOICES and args[name] not in CHOICES[name]:
                    usage_error(f"argument --{name}: invalid choice: '{v}' (choose from "
                                f"{', '.join(repr(c) for c in CHOICES[name])})")
        i = j
    if remaining:
        if args.get('ignore_args_error'):
            warn(f'remaining_argv: {remaining}')
        else:
            raise ValueError(f'remaining_argv: {remaining}')
    return args


def record(command, argv):
    path = os.environ.get('FAKE_SWIFT_RECORD')
    if path:
        with open(path, 'a', encoding='utf-8') as f:
            f.write(json.dumps({'command': command, 'argv': argv, 'version': swift.__version__}) + '\n')


# ---------------------------------------------------------------------------------------------------------------
# Output in swift's formats
# ---------------------------------------------------------------------------------------------------------------
RANK = '[rank0]:' if int(os.environ.get('NPROC_PER_NODE', '1') or '1') > 1 else ''


def out(text, file=None):
    stream = file or sys.stdout
    for line in str(text).split('\n'):
        stream.write(f'{RANK}{line}\n' if RANK else line + '\n')
    stream.flush()


def info(msg):
    out(f'[INFO:swift] {msg}')


def warn(msg):
    out(f'[WARNING:swift] {msg}', sys.stderr)


def now_stamp():
    return datetime.datetime.now().strftime('%Y-%m-%d %H:%M:%S.%f')


def format_time(seconds):
    """swift's format_time; 4.x keeps the fractional seconds and rounds them when printing ('1m 60s')."""
    days = int(seconds // (24 * 3600))
    hours = int((seconds % (24 * 3600)) // 3600)
    minutes = int((seconds % 3600) // 60)
    secs = seconds % 60 if MAJOR >= 4 else int(seconds % 60)
    s = f'{secs:.0f}s' if MAJOR >= 4 else f'{secs}s'
    if days > 0:
        return f'{days}d {hours}h {minutes}m {s}'
    if hours > 0:
        return f'{hours}h {minutes}m {s}'
    if minutes > 0:
        return f'{minutes}m {s}'
    return s


class OutOfMemoryError(RuntimeError):
    pass


OutOfMemoryError.__module__ = 'torch'
OutOfMemoryError.__qualname__ = 'OutOfMemoryError'

OOM_TEXT = ('CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.06 GiB '
            'is free. Including non-PyTorch memory, this process has 22.58 GiB memory in use. Of the allocated memory '
            '21.77 GiB is allocated by PyTorch, and 363.93 MiB is reserved by PyTorch but unallocated. If reserved but '
            'unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid '
            'fragmentation.')


def write_json(path, obj):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)


def append_jsonl(path, obj):
    with open(path, 'a', encoding='utf-8') as f:
        f.write(json.dumps(obj, ensure_ascii=False) + '\n')


def write_safetensors(path):
    header = json.dumps({'__metadata__': {'format': 'pt'}}).encode()
    header += b' ' * (-len(header) % 8)
    with open(path, 'wb') as f:
        f.write(len(header).to_bytes(8, 'little'))
        f.write(header)


def tqdm_bar(step, total, elapsed):
    pct = step / total if total else 0
    filled = int(pct * 50)
    rate = elapsed / step if step else 0
    remaining = rate * (total - step)
    mmss = lambda s: f'{int(s // 60):02d}:{int(s % 60):02d}'
    sys.stderr.write(f'\r{RANK}Train: {int(pct * 100):3d}%|{"█" * filled}{" " * (50 - filled)}| {step}/{total} '
                     f'[{mmss(elapsed)}<{mmss(remaining)}, {rate:.2f}s/it]')
    sys.stderr.flush()


def tqdm_write(text):
    sys.stderr.write('\r' + ' ' * 40 + '\r')  # tqdm.write clears the bar line first
    sys.stderr.flush()
    out(text)


# ---------------------------------------------------------------------------------------------------------------
# swift sft
# ---------------------------------------------------------------------------------------------------------------
QWEN_IDS = {'qwen2-7b-instruct': 'Qwen/Qwen2-7B-Instruct', 'qwen2-1_5b-instruct': 'Qwen/Qwen2-1.5B-Instruct',
            'qwen2_5-7b-instruct': 'Qwen/Qwen2.5-7B-Instruct', 'qwen2_5-0_5b-instruct': 'Qwen/Qwen2.5-0.5B-Instruct'}


def count_rows(path):
    if path.endswith('.jsonl'):
        with open(path, encoding='utf-8') as f:
            return sum(1 for line in f if line.strip())
    if path.endswith('.json'):
        with open(path, encoding='utf-8') as f:
            return len(json.load(f))
    with open(path, encoding='utf-8') as f:
        return max(0, sum(1 for line in f if line.strip()) - 1)


def next_version_dir(parent):
    os.makedirs(parent, exist_ok=True)
    versions = [int(n[1:].split('-')[0]) for n in os.listdir(parent)
                if n.startswith('v') and '-' in n and n[1:].split('-')[0].isdigit()]
    v = max(versions) + 1 if versions else 0
    return os.path.join(parent, f'v{v}-{datetime.datetime.now().strftime("%Y%m%d-%H%M%S")}')


def check_deepspeed(value):
    if value is not None and value not in DEEPSPEED and not os.path.isfile(value):
        raise FileNotFoundError(f"[Errno 2] No such file or directory: '{value}'")


def sft(argv):
    args = parse_args(argv, _train_flags())
    fail = os.environ.get('FAKE_SWIFT_FAIL', '')
    if fail == 'ignore_term' or os.environ.get('FAKE_SWIFT_IGNORE_TERM') == '1':
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if MAJOR == 4 and VERSION[1] == 0 and 'train_type' in args:
        warn('`train_type` is deprecated, please use `tuner_type` instead.')
        args.setdefault('tuner_type', args['train_type'])
    check_deepspeed(args.get('deepspeed'))
    if MAJOR == 2:
        model = args.get('model_id_or_path') or QWEN_IDS.get(args.get('model_type'), args.get('model_type'))
        if not args.get('model_type') and not args.get('model_id_or_path'):
            raise ValueError('please specify `--model_type` or `--model_id_or_path`')
        mtype = args.get('model_type') or os.path.basename(model.rstrip('/')).lower()
        tuner = args.get('sft_type', 'lora')
        targets = args.get('target_modules') or args.get('lora_target_modules') or ['DEFAULT']
        acc_key = 'acc'
        split = args.get('dataset_test_ratio', 0.01)
    else:
        model = args.get('model')
        if not model:
            raise ValueError('Please set --model <model_id_or_path>')
        if '/' not in model and not os.path.isdir(model):
            raise ValueError(f"Model '{model}' is not a hub id or a folder; swift {MAJOR}.x needs --model such as "
                             f"Qwen/Qwen2-7B-Instruct")
        mtype = args.get('model_type') or 'qwen2'
        tuner = args.get('tuner_type' if MAJOR == 4 else 'train_type', 'lora')
        targets = args.get('target_modules', ['all-linear'])
        if 'ALL' in targets:  # peft's own words: 3.x no longer knows 2.x's ALL
            raise ValueError("Target modules {'ALL'} not found in the base model. Please check the target modules "
                             "and try again.")
        acc_key = 'seq_acc' if args.get('acc_strategy') == 'seq' else 'token_acc'
        split = args.get('split_dataset_ratio', 0.01 if VERSION[:2] < (3, 6) else 0.0)
    info(f'Start time of running main: {now_stamp()}')
    datasets = args.get('dataset', [])
    seed = args.get('seed', 42)
    if MAJOR == 2:
        info(f"args: SftArguments(model_type='{mtype}', model_id_or_path={model!r}, sft_type='{tuner}', "
             f"dataset={datasets}, lora_target_modules={targets}, seed={seed}, ...)")
        info('Setting template_type: qwen')
    else:
        info(f"args: TrainArguments(model='{model}', model_type='{mtype}', "
             f"{'tuner_type' if MAJOR == 4 else 'train_type'}='{tuner}', dataset={datasets}, "
             f"lora_rank={args.get('lora_rank', 8)}, target_modules={targets}, seed={seed}, ...)")
    info(f'Global seed set to {seed}')
    out(f'device_count: {os.environ.get("NPROC_PER_NODE", "1")}')
    hub_id = model if '/' in str(model) else f'qwen/{mtype}'
    info(f'Downloading the model from ModelScope Hub, model_id: {hub_id}')
    info(f'Loading the model using model_dir: /root/.cache/modelscope/hub/{hub_id}')
    sys.stderr.write('Loading checkpoint shards: 100%|██████████| 4/4 [00:05<00:00,  1.31s/it]\n')
    sys.stderr.flush()
    if fail == 'exit1':
        out('[ERROR:swift] fake failure requested: exiting with code 1', sys.stderr)
        sys.exit(1)

    rows = 0
    for d in datasets:
        path = d.split('#')[0]
        if not os.path.exists(path):
            raise FileNotFoundError(f"[Errno 2] No such file or directory: '{os.path.abspath(path)}'")
        rows += count_rows(path)
    if fail == 'dataset':
        raise ValueError("dataset: no column of 'messages', 'query', 'instruction' or 'conversations' in the first row")
    has_val = 'val_dataset' in args or split > 0
    val_rows = max(1, int(rows * split)) if has_val and 'val_dataset' not in args else 0
    train_rows = max(1, rows - val_rows)
    info("train_dataset: Dataset({\n    features: ['messages'],\n    num_rows: %d\n})" % train_rows)
    info("val_dataset: Dataset({\n    features: ['messages'],\n    num_rows: %d\n})" % val_rows)
    info(f'Dataset Token Length: 1052.313131±183.427021, min=512.000000, max=2048.000000, size={train_rows}')

    batch = args.get('per_device_train_batch_size', args.get('batch_size', 1))
    accum = args.get('gradient_accumulation_steps', 16)
    epochs = args.get('num_train_epochs', 1.0)
    nproc = int(os.environ.get('NPROC_PER_NODE', '1') or '1')
    max_steps = int(os.environ.get('FAKE_SWIFT_STEPS') or max(1, math.ceil(train_rows * epochs / (batch * accum * nproc))))
    logging_steps = args.get('logging_steps', 5)
    eval_steps = args.get('eval_steps', 50)
    save_steps = args.get('save_steps', eval_steps)
    save_limit = args.get('save_total_limit', 2)
    lr = args.get('learning_rate', 1e-4)
    delay = float(os.environ.get('FAKE_SWIFT_STEP_DELAY', '0'))

    out_root = args.get('output_dir', 'output')
    run_dir = os.path.abspath(next_version_dir(os.path.join(out_root, mtype) if MAJOR == 2 else out_root))
    os.makedirs(run_dir)
    args_file = 'sft_args.json' if MAJOR == 2 else 'args.json'
    write_json(os.path.join(run_dir, args_file), {'model': model, 'model_type': mtype, 'dataset': datasets})
    if MAJOR == 2:
        info(f'The SftArguments will be saved in: {run_dir}/sft_args.json')
    else:
        info(f'output_dir: {run_dir}')
        info(f'The TrainArguments will be saved in: {run_dir}/args.json')
    logging_path = os.path.join(run_dir, 'logging.jsonl')
    info(f'The logging file will be saved in: {logging_path}')

    state = {'start_step': 0, 'log_history': [], 'last': None, 'best': None, 'best_metric': None}
    resume = args.get('resume_from_checkpoint')
    if resume:
        with open(os.path.join(resume, 'trainer_state.json'), encoding='utf-8') as f:
            saved = json.load(f)
        state['start_step'] = saved['global_step']
        state['log_history'] = saved.get('log_history', [])
        out('  Continuing training from checkpoint, will skip to saved global_step')
        out(f'  Continuing training from global step {state["start_step"]}')

    def save_trainer_state():
        """3.x and 4.x: SwiftSft.train's finally block, run even when training crashed."""
        last, best = state['last'], state['best']
        if args.get('create_checkpoint_symlink') and last:
            os.symlink(last, os.path.join(run_dir, 'last'))
            last = os.path.join(run_dir, 'last')
            if best:
                os.symlink(best, os.path.join(run_dir, 'best'))
                best = os.path.join(run_dir, 'best')
        info(f'last_model_checkpoint: {last}')
        info(f'best_model_checkpoint: {best}')
        append_jsonl(logging_path, {'last_model_checkpoint': last, 'best_model_checkpoint': best,
                                    'best_metric': state['best_metric'], 'global_step': state.get('step', 0),
                                    'log_history': state['log_history'], 'memory': {'cuda:0': '16.75GiB'}})

    try:
        train_loop(args, state, run_dir, logging_path, model, hub_id, max_steps, logging_steps, eval_steps,
                   save_steps, save_limit, lr, delay, epochs, train_rows, has_val, acc_key, fail)
    except BaseException:
        if MAJOR >= 3 and VERSION[:2] >= (3, 6):
            save_trainer_state()
        raise
    if MAJOR == 2:
        info(f'last_model_checkpoint: {state["last"]}')
        info(f'best_model_checkpoint: {state["best"]}')
        info(f'images_dir: {run_dir}/images')
    else:
        save_trainer_state()
    info(f'End time of running main: {now_stamp()}')


def train_loop(args, state, run_dir, logging_path, model, hub_id, max_steps, logging_steps, eval_steps, save_steps,
               save_limit, lr, delay, epochs, train_rows, has_val, acc_key, fail):
    if fail == 'hang':
        child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])
        pid_file = os.environ.get('FAKE_SWIFT_CHILD_PID_FILE')
        if pid_file:
            with open(pid_file, 'w') as f:
                f.write(str(child.pid))
        info(f'dataloader worker started (pid {child.pid})')
        while True:
            time.sleep(1)
    log_history = state['log_history']
    last_eval = None
    t0 = time.time()
    tqdm_bar(state['start_step'], max_steps, 0.0)
    speed_key = 'train_speed(iter/s)' if VERSION < (3, 12, 5) else 'train_speed(s/it)'
    for step in range(state['start_step'] + 1, max_steps + 1):
        state['step'] = step
        if delay:
            time.sleep(delay)
        elapsed = time.time() - t0 + 1.0 * step + (0.6 if MAJOR >= 4 else 0)
        tqdm_bar(step, max_steps, elapsed)
        if fail == 'oom' and (state['last'] is not None or step == max_steps):
            sys.stderr.write('\n')
            raise OutOfMemoryError(OOM_TEXT)
        pct = step / max_steps
        common = {'epoch': round(epochs * pct, 2), 'global_step/max_steps': f'{step}/{max_steps}'}
        if MAJOR < 4:
            common['percentage'] = f'{pct * 100:.2f}%'
        common.update({'elapsed_time': format_time(elapsed), 'remaining_time': format_time(elapsed / pct - elapsed)})
        if step == 1 or step % logging_steps == 0 or step == max_steps:
            logs = {'loss': round(2.0 * math.exp(-3.0 * pct) + 0.2, 8), acc_key: round(0.55 + 0.3 * pct, 8),
                    'grad_norm': round(1.5 - pct, 8),
                    'learning_rate': float(f'{lr * min(1.0, step / max(1, 0.03 * max_steps)) * (1 - pct) + 1e-7:.4g}'),
                    'memory(GiB)': 16.75,
                    speed_key: round(step / elapsed if speed_key.endswith('iter/s)') else elapsed / step, 6)}
            logs.update(common)
            log_history.append(dict(logs))
            append_jsonl(logging_path, logs)
            tqdm_write(str(logs))
        if has_val and (step % eval_steps == 0 or step == max_steps):
            ev = {'eval_loss': round(2.1 * math.exp(-2.5 * pct) + 0.3, 8), f'eval_{acc_key}': round(0.5 + 0.3 * pct, 8),
                  'eval_runtime': 1.2396, 'eval_samples_per_second': 8.874, 'eval_steps_per_second': 8.874}
            ev.update(common)
            last_eval = ev
            log_history.append(dict(ev))
            append_jsonl(logging_path, ev)
            tqdm_write(str(ev))
            sys.stderr.write(f'{RANK}Val: 100%|{"█" * 20}| 11/11 [00:01<00:00, 10.15it/s]\n')
            sys.stderr.flush()
        if step % save_steps == 0 or step == max_steps:
            save_checkpoint(args, state, run_dir, model, hub_id, step, max_steps, last_eval, eval_steps, logging_steps,
                            save_steps, save_limit, common, epochs)
            if fail == 'crash_after_save':
                sys.stderr.write('\n')
                raise RuntimeError('NCCL communicator was aborted on rank 0 (fake crash after save)')
    total = time.time() - t0 + 1.0 * max_steps
    summary = {'train_runtime': round(total, 4), 'train_samples_per_second': round(train_rows / total, 3),
               'train_steps_per_second': round(max_steps / total, 3),
               'train_loss': round(sum(h['loss'] for h in log_history if 'loss' in h)
                                   / max(1, sum(1 for h in log_history if 'loss' in h)), 8),
               'epoch': float(epochs), 'global_step/max_steps': f'{max_steps}/{max_steps}'}
    if MAJOR < 4:
        summary['percentage'] = '100.00%'
    summary.update({'elapsed_time': format_time(total), 'remaining_time': '0s', 'memory(GiB)': 16.75,
                    speed_key: round(max_steps / total if speed_key.endswith('iter/s)') else total / max_steps, 6)})
    append_jsonl(logging_path, summary)
    tqdm_write(str(summary))
    tqdm_bar(max_steps, max_steps, total)
    sys.stderr.write('\n')


def save_checkpoint(args, state, run_dir, model, hub_id, step, max_steps, last_eval, eval_steps, logging_steps,
                    save_steps, save_limit, common, epochs):
    ckpt = os.path.join(run_dir, f'checkpoint-{step}')
    os.makedirs(ckpt, exist_ok=True)
    if last_eval is not None and (state['best_metric'] is None or last_eval['eval_loss'] < state['best_metric']):
        state['best_metric'], state['best'] = last_eval['eval_loss'], ckpt
    write_json(os.path.join(ckpt, 'adapter_config.json'), {
        'peft_type': 'LORA', 'base_model_name_or_path': f'/root/.cache/modelscope/hub/{hub_id}',
        'r': args.get('lora_rank', 8), 'lora_alpha': args.get('lora_alpha', 32),
        'lora_dropout': args.get('lora_dropout', args.get('lora_dropout_p', 0.05)),
        'target_modules': ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'],
        'task_type': 'CAUSAL_LM'})
    write_safetensors(os.path.join(ckpt, 'adapter_model.safetensors'))
    write_json(os.path.join(ckpt, 'sft_args.json' if MAJOR == 2 else 'args.json'), {'model': model})
    write_json(os.path.join(ckpt, 'trainer_state.json'), {
        'best_metric': state['best_metric'], 'best_model_checkpoint': state['best'], 'epoch': common['epoch'],
        'eval_steps': eval_steps, 'global_step': step, 'log_history': state['log_history'],
        'logging_steps': logging_steps, 'max_steps': max_steps, 'num_train_epochs': epochs, 'save_steps': save_steps})
    sys.stderr.write('\n')
    info(f'Saving model checkpoint to {ckpt}')
    state['last'] = ckpt
    ckpts = sorted((d for d in os.listdir(run_dir) if d.startswith('checkpoint-')), key=lambda d: int(d.split('-')[1]))
    while save_limit > 0 and len(ckpts) > save_limit:
        victim = next((d for d in ckpts if os.path.join(run_dir, d) != state['best']), None)
        if victim is None or os.path.join(run_dir, victim) == ckpt:
            break
        shutil.rmtree(os.path.join(run_dir, victim))
        ckpts.remove(victim)


# ---------------------------------------------------------------------------------------------------------------
# The checkpoint a command loads
# ---------------------------------------------------------------------------------------------------------------
def loaded_checkpoint(args, what):
    """The adapter or model folder a command was given, checked as swift checks it."""
    if MAJOR == 2:
        ckpt = args.get('ckpt_dir')
        if ckpt is None and not args.get('model_type') and not args.get('model_id_or_path'):
            raise ValueError('please specify `--model_type` or `--model_id_or_path`')
    else:
        adapters = args.get('adapters') or ([args['ckpt_dir']] if args.get('ckpt_dir') else [])
        ckpt = adapters[0] if adapters else None
        if ckpt is None and not args.get('model'):
            raise ValueError('Please set --model <model_id_or_path>')
        if ckpt is None and args.get('model') and os.path.isdir(args['model']):
            return os.path.abspath(args['model'])
    if ckpt is not None:
        if not os.path.isdir(ckpt):
            raise FileNotFoundError(f"`{what}`: '{os.path.abspath(ckpt)}' does not exist")
        if MAJOR >= 3 and not args.get('model') and not os.path.exists(os.path.join(ckpt, 'args.json')):
            raise ValueError(f"`{what}`: '{os.path.abspath(ckpt)}' has no args.json; please set --model")
        return os.path.abspath(ckpt)
    return None


# ---------------------------------------------------------------------------------------------------------------
# swift export --merge_lora true
# ---------------------------------------------------------------------------------------------------------------
def export(argv):
    args, ckpt = begin(argv, _export_flags())
    if not args.get('merge_lora'):
        raise ValueError('the fake swift only supports --merge_lora true')
    out_dir = os.path.abspath(args.get('output_dir') or (ckpt.rstrip('/') + '-merged'))
    if os.environ.get('FAKE_SWIFT_FAIL') == 'export':
        raise RuntimeError('fake export failure requested')
    if MAJOR == 2:
        if os.path.exists(out_dir):
            info(f'The weight directory for the merged LoRA already exists in {out_dir}, skipping the saving process.')
            info(f'End time of running main: {now_stamp()}')
            return
    else:
        info(f'args.output_dir: {out_dir}')
        if os.path.exists(out_dir):
            if not args.get('exist_ok'):
                raise FileExistsError(f'args.output_dir: `{out_dir}` already exists.')
    info('merge_device_map: cpu')
    info('Merge LoRA...')
    os.makedirs(out_dir, exist_ok=True)
    write_json(os.path.join(out_dir, 'config.json'), {'architectures': ['Qwen2ForCausalLM'], 'model_type': 'qwen2'})
    write_json(os.path.join(out_dir, 'generation_config.json'), {'do_sample': True, 'top_k': 20, 'top_p': 0.8})
    write_json(os.path.join(out_dir, 'sft_args.json' if MAJOR == 2 else 'args.json'), {'merged_from': ckpt})
    write_safetensors(os.path.join(out_dir, 'model.safetensors'))
    info('Saving merged weights...')
    info(f'Successfully merged LoRA and saved in {out_dir}.')
    info(f'End time of running main: {now_stamp()}')


# ---------------------------------------------------------------------------------------------------------------
# Servers: swift deploy (OpenAI-compatible), swift app / app-ui (a web page), vllm serve
# ---------------------------------------------------------------------------------------------------------------
def find_free_port(start_port):
    """swift.utils.find_free_port (3.x, 4.x): the asked port when it is free, else the next free one."""
    for port in range(start_port, start_port + 100):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(('', port))
                return port
            except OSError:
                continue
    raise RuntimeError(f'no free port in [{start_port}, {start_port + 100})')


def openai_handler(names, api_key):
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, fmt, *args):
            print(f'INFO:     {self.client_address[0]}:{self.client_address[1]} - "{self.requestline}" '
                  f'{args[1] if len(args) > 1 else ""}', flush=True)

        def send_json(self, status, obj):
            body = json.dumps(obj, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def authorised(self):
            if api_key and self.headers.get('Authorization') != f'Bearer {api_key}':
                self.send_json(401, {'object': 'error', 'message': 'Invalid API key', 'type': 'invalid_request_error',
                                     'code': 401})
                return False
            return True

        def do_GET(self):
            if not self.authorised():
                return
            if self.path.rstrip('/') == '/v1/models':
                created = int(time.time())
                self.send_json(200, {'object': 'list', 'data': [
                    {'id': n, 'object': 'model', 'created': created, 'owned_by': 'swift'} for n in names]})
            else:
                self.send_json(404, {'object': 'error', 'message': 'Not Found', 'code': 404})

        def do_POST(self):
            if not self.authorised():
                return
            length = int(self.headers.get('Content-Length') or 0)
            try:
                req = json.loads(self.rfile.read(length) or b'{}')
            except ValueError:
                self.send_json(400, {'object': 'error', 'message': 'malformed JSON body', 'code': 400})
                return
            if self.path.rstrip('/') != '/v1/chat/completions':
                self.send_json(404, {'object': 'error', 'message': 'Not Found', 'code': 404})
                return
            model = req.get('model')
            if model not in names:
                self.send_json(400, {'object': 'error', 'message': f'`{model}` is not in the model_list: {names}',
                                     'code': 400})
                return
            user = next((m.get('content', '') for m in reversed(req.get('messages', [])) if m.get('role') == 'user'), '')
            text = answer(user)
            prompt_tokens, completion_tokens = max(1, len(str(user))), len(text)
            cid, created = f'chatcmpl-{int(time.time() * 1000)}', int(time.time())
            usage = {'prompt_tokens': prompt_tokens, 'completion_tokens': completion_tokens,
                     'total_tokens': prompt_tokens + completion_tokens}
            if not req.get('stream'):
                self.send_json(200, {'id': cid, 'object': 'chat.completion', 'created': created, 'model': model,
                                     'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': text},
                                                  'finish_reason': 'stop', 'logprobs': None}], 'usage': usage})
                return
            self.send_response(200)
            self.send_header('Content-Type', 'text/event-stream')
            self.send_header('Cache-Control', 'no-cache')
            self.send_header('Connection', 'close')
            self.end_headers()
            for i in range(0, len(text), 2):
                chunk = {'id': cid, 'object': 'chat.completion.chunk', 'created': created, 'model': model,
                         'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': text[i:i + 2]},
                                      'finish_reason': None}]}
                self.wfile.write(f'data: {json.dumps(chunk, ensure_ascii=False)}\n\n'.encode())
            final = {'id': cid, 'object': 'chat.completion.chunk', 'created': created, 'model': model,
                     'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'stop'}], 'usage': usage}
            self.wfile.write(f'data: {json.dumps(final)}\n\n'.encode())
            self.wfile.write(b'data: [DONE]\n\n')
            self.wfile.flush()
            self.close_connection = True

    return Handler


def page_handler(title):
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            pass

        def do_GET(self):
            body = f'<!doctype html><title>{title}</title><h1>{title}</h1>'.encode()
            self.send_response(200)
            self.send_header('Content-Type', 'text/html; charset=utf-8')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def answer(user):
    return '（假故事）' + str(user)[:12]


def listen(host, port, handler):
    """Binds as uvicorn does: an address in use is an error on the log and exit code 1."""
    from http.server import ThreadingHTTPServer
    try:
        return ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        print(f'ERROR:    [Errno {e.errno}] error while attempting to bind on address {(host, port)!r}: '
              f'{e.strerror.lower()}', flush=True)
        sys.exit(1)


def serve_uvicorn(server):
    signal.signal(signal.SIGTERM, lambda *_: (print('INFO:     Shutting down', flush=True), os._exit(0)))
    host, port = server.server_address[:2]
    print(f'INFO:     Started server process [{os.getpid()}]', flush=True)
    print('INFO:     Waiting for application startup.', flush=True)
    print('INFO:     Application startup complete.', flush=True)
    print(f'INFO:     Uvicorn running on http://{host}:{port} (Press CTRL+C to quit)', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def begin(argv, flags):
    """What every command that loads a checkpoint does first: its arguments, the start line, the checkpoint."""
    args = parse_args(argv, flags)
    info(f'Start time of running main: {now_stamp()}')
    return args, loaded_checkpoint(args, 'ckpt_dir' if MAJOR == 2 else 'adapters')


def deploy(argv):
    args, ckpt = begin(argv, _deploy_flags())
    host = args.get('host', '0.0.0.0')
    port = args.get('port', 8000)
    if MAJOR >= 3:
        port = find_free_port(port)
    name = args.get('served_model_name') or os.path.basename((ckpt or args.get('model', 'model')).rstrip('/'))
    info(f"args: DeployArguments(host='{host}', port={port}, served_model_name='{name}', "
         f"infer_backend='{args.get('infer_backend', 'transformers' if MAJOR == 4 else 'pt')}', "
         f"api_key={args.get('api_key')!r}, ...)")
    info('Loading the model using model_dir: /root/.cache/modelscope/hub/Qwen/Qwen2-7B-Instruct')
    if os.environ.get('FAKE_SWIFT_FAIL') == 'deploy':
        raise OutOfMemoryError('CUDA out of memory. Tried to allocate 1.00 GiB. GPU 0 has a total capacity of 23.65 GiB '
                               'of which 512.00 MiB is free.')
    delay = float(os.environ.get('FAKE_SWIFT_DEPLOY_DELAY', '0'))
    if delay:
        time.sleep(delay)
    info(f'model_list: [{name!r}]')
    serve_uvicorn(listen(host, port, openai_handler([name], args.get('api_key'))))


def app(argv):
    args, ckpt = begin(argv, _app_flags())
    if MAJOR == 2:
        host, port = args.get('server_name') or args.get('host', '127.0.0.1'), args.get('server_port') or args.get('port', 7860)
    else:
        host, port = args.get('server_name', '0.0.0.0'), find_free_port(args.get('server_port', 7860))
    server = listen(host, port, page_handler(f'swift {"app-ui" if MAJOR == 2 else "app"}: {ckpt}'))
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print(f'Running on local URL:  http://{host}:{port}', flush=True)
    print('\nTo create a public link, set `share=True` in `launch()`.', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def infer(argv):
    args, ckpt = begin(argv, _infer_flags())
    info(f'Loading the model using model_dir: {ckpt}')
    info("Input `exit` or `quit` to exit the conversation.")
    info("Input `multi-line` to switch to multi-line input mode.")
    info("Input `clear` to clear the history.")
    while True:
        sys.stdout.write('<<< ')
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line or line.strip() in ('exit', 'quit'):
            break
        if line.strip() == 'clear':
            continue
        print(answer(line.strip()), flush=True)
        print('-' * 50, flush=True)
    info(f'End time of running main: {now_stamp()}')


def vllm_main():
    """vllm serve MODEL [--served-model-name N] [--enable-lora --lora-modules name=path] --host H --port P"""
    argv = sys.argv[1:]
    if not argv or argv[0] != 'serve' or len(argv) < 2:
        print('usage: vllm serve MODEL [options]', file=sys.stderr)
        sys.exit(2)
    model = argv[1]
    flags, key = {}, None
    for a in argv[2:]:
        if a.startswith('--'):
            key = a
            flags[key] = []
        elif key is not None:
            flags[key].append(a)
    names = [(flags.get('--served-model-name') or [model])[0]]
    for spec in flags.get('--lora-modules', []):
        names.append(spec.split('=', 1)[0])
    print('INFO 07-29 01:23:45 api_server.py:339] vLLM API server version 0.6.3', flush=True)
    print(f"INFO 07-29 01:23:45 api_server.py:340] args: Namespace(model='{model}', served_model_name={names})", flush=True)
    delay = float(os.environ.get('FAKE_SWIFT_DEPLOY_DELAY', '0'))
    if delay:
        time.sleep(delay)
    host = (flags.get('--host') or ['0.0.0.0'])[0]
    port = int((flags.get('--port') or ['8000'])[0])
    serve_uvicorn(listen(host, port, openai_handler(names, (flags.get('--api-key') or [None])[0])))


COMMANDS = {'sft': sft, 'export': export, 'deploy': deploy, 'infer': infer, 'app': app, 'app_ui': app}


def run(route):
    """The body of swift/cli/<route>.py."""
    record(route, sys.argv[1:])
    command = COMMANDS.get(route)
    if command is None:
        raise NotImplementedError(f'the fake swift does not do `{route}`')
    if not RANK:
        command(sys.argv[1:])
        return
    try:  # under torchrun every line a rank prints, the traceback too, carries its [rankN]: prefix
        command(sys.argv[1:])
    except Exception:
        import traceback
        out(traceback.format_exc().rstrip('\n'), sys.stderr)
        sys.exit(1)

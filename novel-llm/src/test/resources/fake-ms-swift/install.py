"""Installs a fake ms-swift into a new virtual environment laid out the way `python -m venv` and `pip install
ms-swift` lay it out, for NovelKit's tests.

  python3 install.py VENV VERSION [--no-metadata] [--sh-shebang]

VENV/pyvenv.cfg, VENV/bin/python3 (a link to this interpreter, so that it finds VENV's site-packages), VENV/bin/swift
and VENV/bin/vllm (pip's console-script template, first line #!VENV/bin/python3), and in
VENV/lib/pythonX.Y/site-packages: the swift package (__init__.py with __version__, swift/cli/main.py with cli_main,
one swift/cli/<command>.py per subcommand, the behaviour in swift/_novelkit_fake.py), a vllm package, and
ms_swift-VERSION.dist-info so that importlib.metadata.version("ms-swift") answers.

--no-metadata leaves out the dist-info and swift.__version__: a swift whose version cannot be read.
--sh-shebang writes the console scripts the way pip does when the interpreter path is too long for a shebang line
(#!/bin/sh, then '''exec' "VENV/bin/python3" "$0" "$@").
Prints VENV/bin/swift.
"""
import os
import shutil
import stat
import sys

SCRIPT = '''# -*- coding: utf-8 -*-
import re
import sys
from {module} import {function}
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit({function}())
'''

ROUTES = ['sft', 'infer', 'export', 'deploy', 'app', 'app_ui', 'merge_lora', 'web_ui', 'eval', 'rlhf', 'sample',
          'rollout']


def write(path, text, executable=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    if executable:
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def console_script(venv, name, module, function, sh_shebang):
    python = os.path.join(venv, 'bin', 'python3')
    head = (f"#!/bin/sh\n'''exec' \"{python}\" \"$0\" \"$@\"\n' '''\n" if sh_shebang else f'#!{python}\n')
    write(os.path.join(venv, 'bin', name), head + SCRIPT.format(module=module, function=function), executable=True)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    no_metadata = '--no-metadata' in sys.argv
    sh_shebang = '--sh-shebang' in sys.argv
    venv, version = os.path.abspath(args[0]), args[1]
    base = getattr(sys, '_base_executable', None) or sys.executable
    real = os.path.realpath(base)
    py = f'python{sys.version_info[0]}.{sys.version_info[1]}'
    os.makedirs(os.path.join(venv, 'bin'), exist_ok=True)
    write(os.path.join(venv, 'pyvenv.cfg'),
          f'home = {os.path.dirname(real)}\ninclude-system-site-packages = false\n'
          f'version = {".".join(str(v) for v in sys.version_info[:3])}\nexecutable = {real}\n'
          f'command = {real} -m venv {venv}\n')
    for name in ('python3', 'python', py):
        link = os.path.join(venv, 'bin', name)
        if not os.path.lexists(link):
            os.symlink(real, link)
    site = os.path.join(venv, 'lib', py, 'site-packages')
    if os.path.isdir(site):  # pip uninstalls the old release first
        for name in os.listdir(site):
            if name.startswith('ms_swift-') and name.endswith('.dist-info') or name == 'swift':
                shutil.rmtree(os.path.join(site, name))
    here = os.path.dirname(os.path.abspath(__file__))
    pkg = os.path.join(site, 'swift')
    write(os.path.join(pkg, '__init__.py'), '# Copyright (c) Alibaba, Inc. and its affiliates. (NovelKit test fake)\n'
          + ('' if no_metadata else f"from .version import __release_datetime__, __version__\n"))
    if not no_metadata:
        write(os.path.join(pkg, 'version.py'), f"__version__ = '{version}'\n__release_datetime__ = '2025-01-01 00:00:00'\n")
    else:  # the fake reads its behaviour from the version all the same
        write(os.path.join(pkg, '_fake_version.py'), f"__version__ = '{version}'\n")
        with open(os.path.join(pkg, '__init__.py'), 'a', encoding='utf-8') as f:
            f.write("from ._fake_version import __version__ as _v\n")
    fake = open(os.path.join(here, 'swift_fake.py'), encoding='utf-8').read()
    if no_metadata:
        fake = fake.replace('swift.__version__', 'swift._v')
    write(os.path.join(pkg, '_novelkit_fake.py'), fake)
    write(os.path.join(pkg, 'cli', '__init__.py'), '')
    write(os.path.join(pkg, 'cli', 'main.py'), 'from swift._novelkit_fake import cli_main\n\n\n'
          "if __name__ == '__main__':\n    cli_main()\n")
    for route in ROUTES:
        write(os.path.join(pkg, 'cli', route + '.py'), 'from swift._novelkit_fake import run\n\n'
              f"if __name__ == '__main__':\n    run('{route}')\n")
    write(os.path.join(site, 'vllm', '__init__.py'), "__version__ = '0.6.3'\n")
    write(os.path.join(site, 'vllm', 'scripts.py'), 'def main():\n    from swift._novelkit_fake import vllm_main\n'
          '    vllm_main()\n')
    console_script(venv, 'swift', 'swift.cli.main', 'cli_main', sh_shebang)
    console_script(venv, 'vllm', 'vllm.scripts', 'main', sh_shebang)
    if not no_metadata:
        info = os.path.join(site, f'ms_swift-{version}.dist-info')
        write(os.path.join(info, 'METADATA'), f'Metadata-Version: 2.1\nName: ms-swift\nVersion: {version}\n'
              'Summary: Swift: Scalable lightWeight Infrastructure for Fine-Tuning\nHome-page: '
              'https://github.com/modelscope/swift\nAuthor: DAMO ModelScope teams\nLicense: Apache License 2.0\n'
              'Requires-Python: >=3.8.0\n')
        write(os.path.join(info, 'INSTALLER'), 'pip\n')
        write(os.path.join(info, 'WHEEL'), 'Wheel-Version: 1.0\nGenerator: bdist_wheel (0.45.1)\nRoot-Is-Purelib: true\n'
              'Tag: py3-none-any\n')
        write(os.path.join(info, 'top_level.txt'), 'swift\n')
        write(os.path.join(info, 'entry_points.txt'), '[console_scripts]\nswift = swift.cli.main:cli_main\n')
        records = []
        for root, _, files in os.walk(pkg):
            for f in files:
                records.append(os.path.relpath(os.path.join(root, f), site) + ',,')
        records += [f'../../../bin/swift,,', f'ms_swift-{version}.dist-info/RECORD,,']
        write(os.path.join(info, 'RECORD'), '\n'.join(sorted(records)) + '\n')
        vinfo = os.path.join(site, 'vllm-0.6.3.dist-info')
        write(os.path.join(vinfo, 'METADATA'), 'Metadata-Version: 2.1\nName: vllm\nVersion: 0.6.3\n')
        write(os.path.join(vinfo, 'entry_points.txt'), '[console_scripts]\nvllm = vllm.scripts:main\n')
    print(os.path.join(venv, 'bin', 'swift'))


if __name__ == '__main__':
    main()

# Reference for NovelSplitter.seedCompatible(): the seed's get_novel_text(), copied verbatim from
# shared/bench/seed_split.py, plus the same function with the limit as a parameter (for maxChars(n)).
# stdin: JSON [{"text": "...", "max": 2200} or {"file": path}, ...]   stdout: JSON [[paragraph, ...], ...]
# A "file" is read as the seed reads it: open(path, encoding='utf-8').read() (universal newlines).
import json, sys

def get_novel_text(data):
    sentences = data.split('。')
    paragraphs = []
    current_paragraph = ''
    for sentence in sentences:
        if len(current_paragraph) + len(sentence) <= 2200:
            current_paragraph += sentence + '。'
        else:
            paragraphs.append(current_paragraph.strip())
            current_paragraph = sentence + '。'
    if current_paragraph:
        paragraphs.append(current_paragraph.strip())
    return paragraphs

def get_novel_text_max(data, max_chars):
    sentences = data.split('。')
    paragraphs = []
    current_paragraph = ''
    for sentence in sentences:
        if len(current_paragraph) + len(sentence) <= max_chars:
            current_paragraph += sentence + '。'
        else:
            paragraphs.append(current_paragraph.strip())
            current_paragraph = sentence + '。'
    if current_paragraph:
        paragraphs.append(current_paragraph.strip())
    return paragraphs

def run(case):
    m = case.get("max", 2200)
    if "file" in case:
        return get_novel_text(open(case["file"], encoding="utf-8").read())
    return get_novel_text(case["text"]) if m == 2200 else get_novel_text_max(case["text"], m)

if __name__ == "__main__":
    cases = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    sys.stdout.write(json.dumps([run(c) for c in cases]))

# Regenerates seed-golden.json.gz (committed): python3 make_seed_golden.py | gzip -9n > seed-golden.json.gz
# Each case: name, text, max, and "expected" = the seed's get_novel_text output computed by seed_split_ref.py.
import json, random, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed_split_ref import run

def sentences(rng, n, lo, hi, alphabet):
    return "".join("".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi))) + "。" for _ in range(n))

rng = random.Random(2024)
han = "天下大势分久必合周末七国分争并入于秦及秦灭之后楚汉他说你我们这那来去看见走了的是不在有人心中山水风雨夜月"
chapter = lambda i, body: "第%d章 风起\n　　" % i + body + "\n\n"
cases = [
    ("empty string", "", 2200),
    ("no full stop at all", "他走了很久，没有回头" * 30, 2200),
    ("only full stops", "。。。", 2200),
    ("ends with a full stop", "他来了。她走了。", 2200),
    ("one 50,000-char sentence", "长" * 50000, 2200),
    ("50,000-char sentence after a short one", "开头。" + "长" * 50000 + "。结尾。", 2200),
    ("exactly 2200 then more", "甲" * 2199 + "。" + "乙" * 10 + "。", 2200),
    ("exactly 2200 boundary", "甲" * 2200 + "。乙。", 2200),
    ("2201 boundary", "甲" * 2201 + "。乙。", 2200),
    ("boundary with two pieces", "甲" * 1099 + "。" + "乙" * 1100 + "。丙。", 2200),
    ("leading and trailing whitespace", " \t\u3000\n 他说。\u00a0\u2003  她笑了。  \n\n", 2200),
    ("whitespace-only pieces", "。  。\n\n。\u3000。", 2200),
    ("windows line ends kept verbatim", "第一行。\r\n第二行。\r\n\r\n第三行\r", 2200),
    ("python-only whitespace", "\x1c\x1d\x1e\x1f\x85他。\x0b\x0c她。", 2200),
    ("non-BMP counted once", "𠀀" * 2199 + "。😀。" + "𠀀😀" * 600 + "。", 2200),
    ("non-BMP near the boundary", "😀" * 1100 + "。" + "𠀀" * 1099 + "。x。", 2200),
    ("realistic short novel (lantern-river.txt)", open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
        "lantern-river.txt"), encoding="utf-8").read(), 2200),
    ("realistic short novel, limit 300", open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
        "lantern-river.txt"), encoding="utf-8").read(), 300),
    ("small limit", sentences(rng, 40, 0, 12, han), 20),
    ("small limit with spaces", " a。 b 。\n\nc。" * 10, 5),
    ("realistic multi-chapter text", "《风雨》\n作者：佚名\n\n" + "".join(
        chapter(i, sentences(rng, 120, 5, 40, han + "，“”！？")) for i in range(1, 5)), 2200),
]
for i in range(12):
    alphabet = han[:10] + "。。。 \n\u3000，！😀𠀀\r\t"
    cases.append(("fuzz %d" % i, "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9000))),
                  rng.choice([2200, 2200, 50, 7, 1])))
out = [{"name": n, "text": t, "max": m, "expected": run({"text": t, "max": m})} for n, t, m in cases]
sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=0))

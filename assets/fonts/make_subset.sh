#!/usr/bin/env bash
# make_subset.sh — rebuild assets/fonts/NotoSansSC-Regular-subset.otf
#
# Source font
#   Debian package `fonts-noto-cjk` (bookworm: 1:20220127+repack1-1), file
#   /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc (upstream
#   github.com/googlefonts/noto-cjk, Noto Sans CJK 2.004). That file is an
#   OpenType collection; we take the face whose family name is
#   "Noto Sans CJK SC" (Simplified Chinese, Regular). In the bookworm package
#   that is face index 2; the script looks it up by name and refuses to run if
#   it cannot find it. License: SIL OFL 1.1, see OFL.txt beside this script.
#
# What the subset covers
#   - printable ASCII                         U+0020–007E
#   - Latin-1 punctuation/symbols             U+00A0–00BF, U+00D7, U+00F7
#   - general punctuation                     U+2000–206F
#   - arrows                                  U+2190–21FF
#   - enclosed alphanumerics (①②…)            U+2460–24FF
#   - box drawing                             U+2500–257F
#   - geometric shapes (■□▲●…)                U+25A0–25FF
#   - miscellaneous symbols                   U+2600–26FF
#   - check / ballot marks ✓ ✔ ✗ ✘            U+2713, U+2714, U+2717, U+2718
#   - CJK symbols and punctuation             U+3000–303F
#   - halfwidth and fullwidth forms           U+FF00–FFEF
#   - every character of GB2312 symbol rows 0xA1–0xA9 (punctuation, ordinals,
#     Greek, Cyrillic, kana, pinyin, box drawing …)
#   - every hanzi the source font has: CJK Unified Ideographs U+4E00–9FFF,
#     Extension A U+3400–4DBF (GB 18030), the compatibility ideographs
#     U+F900–FAFF and the supplementary planes' ideographs U+20000–3134F (the
#     source has some 2,100 of Extension B), so that names with rare hanzi
#     (喆 堃 玥 䶮 𠮷) render in the app and in PDFs
#   - CJK radicals U+2E80–2FDF and bopomofo U+3100–312F, U+31A0–31BF
#   Code points the source font lacks are skipped by pyftsubset; the check at
#   the end lists how many. Notably Noto Sans CJK SC 2.004 has ✓ U+2713 but
#   NOT ✔ U+2714, ✗ U+2717 or ✘ U+2718, and only part of the general
#   punctuation, arrows, geometric shapes and misc symbols blocks.
#   Hinting is dropped, as are the vertical-metrics tables (VORG/vhea/vmtx);
#   only pyftsubset's default OpenType layout features are kept (egui does no
#   shaping). All name-table records, including the copyright and license
#   URL, are kept. Output is a single OpenType/CFF font (not a collection,
#   not WOFF).
#
# How to rerun (from anywhere; as root or with sudo for the apt step)
#   apt-get update && apt-get install -y fonts-noto-cjk
#   pip install fonttools
#   bash assets/fonts/make_subset.sh
#   Optional: SRC=/path/to/NotoSansCJK-Regular.ttc bash assets/fonts/make_subset.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="${SRC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"
OUT="${OUT:-$HERE/NotoSansSC-Regular-subset.otf}"
PY="${PYTHON:-python3}"

if [[ ! -f "$SRC" ]]; then
    echo "error: $SRC not found; install Debian's fonts-noto-cjk" >&2
    exit 1
fi
command -v pyftsubset >/dev/null || { echo "error: pyftsubset not found; pip install fonttools" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. Find the SC face in the collection by its family name.
FACE="$("$PY" - "$SRC" <<'PYEOF'
import sys
from fontTools.ttLib import TTCollection
coll = TTCollection(sys.argv[1], lazy=True)
for i, font in enumerate(coll.fonts):
    if font["name"].getDebugName(1) == "Noto Sans CJK SC":
        print(i)
        break
else:
    sys.exit("no face named 'Noto Sans CJK SC' in " + sys.argv[1])
PYEOF
)"
echo "source: $SRC, face index $FACE (Noto Sans CJK SC)"

# 2. Write the code point list (one U+XXXX per line).
"$PY" - "$WORK/unicodes.txt" <<'PYEOF'
import sys
cps = set()
def rng(a, b):
    cps.update(range(a, b + 1))
rng(0x20, 0x7E)                 # printable ASCII
rng(0xA0, 0xBF)                 # Latin-1 punctuation and symbols
cps.update((0xD7, 0xF7))        # × ÷
rng(0x2000, 0x206F)             # general punctuation
rng(0x2190, 0x21FF)             # arrows
rng(0x2460, 0x24FF)             # enclosed alphanumerics
rng(0x2500, 0x257F)             # box drawing
rng(0x25A0, 0x25FF)             # geometric shapes
rng(0x2600, 0x26FF)             # miscellaneous symbols
cps.update((0x2713, 0x2714, 0x2717, 0x2718))  # ✓ ✔ ✗ ✘
rng(0x3000, 0x303F)             # CJK symbols and punctuation
rng(0xFF00, 0xFFEF)             # halfwidth and fullwidth forms

def gb2312_rows(rows):
    out = []
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.extend(ord(c) for c in s)
    return out

symbols = gb2312_rows(range(0xA1, 0xAA))
hanzi = gb2312_rows(range(0xB0, 0xF8))
assert len(hanzi) == 6763, f"expected 6763 GB2312 hanzi, got {len(hanzi)}"
cps.update(symbols)
cps.update(hanzi)
rng(0x3400, 0x4DBF)             # CJK Extension A
rng(0x4E00, 0x9FFF)             # CJK Unified Ideographs
rng(0xF900, 0xFAFF)             # CJK compatibility ideographs
rng(0x20000, 0x3134F)           # Extensions B–G (what the source has)
rng(0x2E80, 0x2FDF)             # CJK radicals
rng(0x3100, 0x312F)             # bopomofo
rng(0x31A0, 0x31BF)             # bopomofo extended
with open(sys.argv[1], "w") as f:
    for cp in sorted(cps):
        f.write(f"U+{cp:04X}\n")
print(f"code points requested: {len(cps)} "
      f"(GB2312 hanzi {len(hanzi)}, GB2312 symbols {len(symbols)})")
PYEOF

# 3. Subset.
pyftsubset "$SRC" \
    --font-number="$FACE" \
    --unicodes-file="$WORK/unicodes.txt" \
    --output-file="$WORK/out.otf" \
    --no-hinting \
    --desubroutinize=false \
    --name-IDs='*' \
    --notdef-outline \
    --recalc-bounds \
    --drop-tables+=VORG,vhea,vmtx
mv "$WORK/out.otf" "$OUT"

# 4. Verify.
"$PY" - "$OUT" "$WORK/unicodes.txt" <<'PYEOF'
import os, sys
from fontTools.ttLib import TTFont
path = sys.argv[1]
font = TTFont(path)
cmap = font.getBestCmap()
must = "营业厅巡查扣分一票否决班前会喆堃玥䶮𠮷" + "".join(chr(c) for c in range(0x20, 0x7F)) \
       + "，。、；：？！“”‘’（）【】《》—…·①②③✓→←↑↓■□●○▲△★☆"
missing = [c for c in must if ord(c) not in cmap]
if missing:
    sys.exit("missing from cmap: " + " ".join(f"{c!r} U+{ord(c):04X}" for c in missing))
wanted = [int(l.strip()[2:], 16) for l in open(sys.argv[2]) if l.strip()]
absent = [cp for cp in wanted if cp not in cmap]
print(f"requested {len(wanted)} code points, {len(absent)} not in the source font "
      "(skipped)")
for cp in (0x2713, 0x2714, 0x2717, 0x2718):
    print(f"  U+{cp:04X} {chr(cp)} {'present' if cp in cmap else 'ABSENT (source font lacks it)'}")
size = os.path.getsize(path)
print(f"ok: {path}")
print(f"family: {font['name'].getDebugName(1)}; outlines: {'CFF' if 'CFF ' in font else 'glyf'}")
print(f"glyphs: {font['maxp'].numGlyphs}; cmap entries: {len(cmap)}")
print(f"size: {size} bytes ({size / 1024 / 1024:.2f} MiB)")
if size > 14 * 1024 * 1024:
    sys.exit("subset is larger than 14 MiB")
PYEOF

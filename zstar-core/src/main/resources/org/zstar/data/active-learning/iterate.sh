#!/bin/bash
# one active-learning iteration k: train on water8-pbe (60) + all finished AL frames, run MD, label 20 frames
k=$1; T=${2:-350}
cd /work/al
export APP=/work/runs/app-d919569
ZS=/work/runs/zs
mkdir -p it$k
OUTS=$(for f in it*/[0-9][0-9][0-9][0-9]/pw.out; do grep -q "^!    total energy" $f && echo $f; done)
echo "iteration $k: $(echo $OUTS | wc -w) AL frames" >> al.log
$ZS train-ff --data /tmp/w8-60.extxyz $OUTS --test-frames 48-59 --refs 100 --selection fps --r2 5 --r3 4 --n2 8 --n3 6 --lmax 3 --threads 2 --out it$k/ff.json.gz --json > it$k/train.json 2> it$k/train.log
$ZS md --ff it$k/ff.json.gz --structure /tmp/w8-60.extxyz --frame $(( (k * 7) % 60 )) --temperature $T --dt 0.5 --steps 4000 --thermostat bussi --tau 100 --every 20 --threads 1 --seed $k --out it$k/md > it$k/md.log 2>&1
python3 /work/runs/analyze.py it$k/md.xyz 0 50 100 150 200 >> al.log
python3 mkjobs.py it$k/md.xyz it$k 10 10 20 >> al.log
./runjobs.sh /work/al/it$k

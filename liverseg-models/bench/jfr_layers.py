"""Where a DL4J training step spends its time and Java allocations, by layer, from a Flight Recorder file.

Record with (from the repository root, after the build of liverseg-models/README.md "How to rerun"):
  java -Xmx4g -XX:StartFlightRecording=filename=/tmp/zoo.jfr,settings=profile -cp "$CP" \
      org.liverseg.models.bench.ZooBench segresnet train 64 2 1 3
then:
  /usr/bin/python3 liverseg-models/bench/jfr_layers.py /tmp/zoo.jfr

Each execution sample (a Java thread running Java code) and native-method sample (a Java thread inside a native
call, e.g. an ND4J op whose OpenMP threads do the work) is charged to the innermost frame that belongs to a layer,
a graph vertex, our kernels or the updater (else to its top frame), and counted per thread kind (main thread vs
fork-join workers). Allocation samples (jdk.ObjectAllocationSample, weighted by bytes) are charged the same way.
The samples say where the Java threads are, not the CPU time of native threads; read the main thread's native
share as wall time inside ND4J ops started from that frame.
"""
import collections
import re
import subprocess
import sys

OURS = re.compile(r'^(org\.liverseg\.models\.(layers|zoo)\.|org\.deeplearning4j\.nn\.(layers|graph\.vertex\.impl)\.'
                  r'|org\.deeplearning4j\.nn\.updater\.|org\.nd4j\.linalg\.learning\.'
                  r'|org\.deeplearning4j\.nn\.graph\.ComputationGraph\.)')


def records(path, events):
    text = subprocess.run(['jfr', 'print', '--events', events, '--stack-depth', '96', path],
                          check=True, capture_output=True, text=True).stdout
    rec = None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith('jdk.') and s.endswith('{'):
            rec = {'event': s.split()[0], 'frames': [], 'thread': '', 'weight': 1}
        elif rec is None:
            continue
        elif s.startswith('sampledThread') or s.startswith('eventThread'):
            rec['thread'] = s.split('=', 1)[1].strip()
        elif s.startswith('weight'):
            rec['weight'] = parse_bytes(s.split('=', 1)[1].strip())
        elif s.startswith('objectClass'):
            rec['class'] = s.split('=', 1)[1].strip().split()[0]
        elif s.endswith(')') or 'line:' in s:
            if '(' in s and not s.startswith('stackTrace'):
                rec['frames'].append(s.split('(')[0])
        if s == '}' and rec is not None and rec['frames'] is not None and line.startswith('}'):
            yield rec
            rec = None


def parse_bytes(v):
    m = re.match(r'([0-9.]+)\s*(bytes|kB|MB|GB)?', v)
    if not m:
        return 1
    mult = {'bytes': 1, 'kB': 1e3, 'MB': 1e6, 'GB': 1e9, None: 1}[m.group(2)]
    return float(m.group(1)) * mult


def charge(frames):
    for f in frames:
        if OURS.match(f):
            return f
    return frames[0] if frames else '?'


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    cpu = collections.Counter()
    kinds = collections.Counter()
    for r in records(path, 'jdk.ExecutionSample,jdk.NativeMethodSample'):
        kind = ('native ' if r['event'] == 'jdk.NativeMethodSample' else 'java   ') + \
            ('main' if '"main"' in r['thread'] else 'pool' if 'ForkJoin' in r['thread'] else 'other')
        cpu[(kind, charge(r['frames']))] += 1
        kinds[kind] += 1
    print('samples per kind:', dict(kinds))
    total = sum(cpu.values())
    for (kind, f), n in cpu.most_common(top):
        print(f'{100.0 * n / total:6.1f} %  {n:6d}  {kind}  {f}')
    alloc = collections.Counter()
    for r in records(path, 'jdk.ObjectAllocationSample'):
        alloc[(r.get('class', '?'), charge(r['frames']))] += r['weight']
    total = sum(alloc.values())
    if total:
        print(f'Java allocations sampled: {total / 1e9:.2f} GB (weighted)')
        for (c, f), w in alloc.most_common(top):
            print(f'{w / 1e6:10.1f} MB  {c}  {f}')


if __name__ == '__main__':
    main()

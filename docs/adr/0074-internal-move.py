#!/usr/bin/env python3
"""Move the types at a module's root that no other module uses into <module>.internal (ADR 0074).

Run from the repository root:  python3 docs/adr/0074-internal-move.py [--events] [module ...]

The moves are computed from the code, not listed here: ModuleApiTest.main reads the compiled classes (what Spring
Modulith sees) and the sources (constants are inlined, so only the source names them) and prints each root type that
no other module's main code uses (the demo loader does not count: it may use the named interface `management`).
The script then
  1. moves each such file into <module>/internal/ and changes its package line;
  2. rewrites every reference in src/main/java and src/test/java (imports, qualified names, {@link}), adds the imports
     the new package boundary needs (a root class or a root-package test naming a moved type, a moved type naming a
     type that stays), and drops imports of a file's own package;
  3. compiles everything with javac and, for each "is not public ... cannot be accessed from outside package" /
     "has protected access" error, makes that declaration public (a package-private member used across the new
     boundary), until no such error is left; any other error stops the script;
  4. writes <module>/internal/package-info.java if missing (a named interface `management` when the demo loader uses it).
--events also moves each event record from `shared` to the one module that publishes it (`publishEvent(new X(`), unless
shared itself names it or the listeners' modules would then form a cycle with the publisher. StateChanged, published by
every module, stays.
Running it again changes nothing (nothing is left to move). It does not commit.
Deliberate exceptions are in ModuleApiTest (UNCHECKED: demo, shared; API: root types kept on purpose).
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.getcwd()
MAIN = 'src/main/java'
TEST = 'src/test/java'
BASE = 'cn/shuangkong'


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


def java_files():
    out = []
    for top in (MAIN, TEST):
        for d, _, files in os.walk(os.path.join(top, BASE)):
            out += [os.path.join(d, f) for f in files if f.endswith('.java')]
    return sorted(out)


def read(p):
    with open(p, encoding='utf-8') as f:
        return f.read()


def write(p, s):
    with open(p, 'w', encoding='utf-8') as f:
        f.write(s)


def compile_with_maven():
    """test-compile; returns the test classpath Maven used (the dependency plugin is not available offline)."""
    r = run(['./mvnw', '-B', '-o', '-X', 'test-compile'])
    if r.returncode != 0:
        sys.exit('test-compile failed:\n' + '\n'.join(l for l in r.stdout.splitlines() if l.startswith('[ERROR]'))[:5000])
    m = re.search(r'\(f\) testPath = \[(.*?)\]$', r.stdout, re.M)
    return m.group(1).split(', ')


def plan(classpath, modules):
    if os.environ.get('PLAN'):  # a plan printed before (ModuleApiTest.main on the same sources), to save its minute
        out = read(os.environ['PLAN'])
    else:
        r = run(['java', '-cp', os.pathsep.join(classpath), 'cn.shuangkong.ModuleApiTest'] + modules)
        if r.returncode != 0:
            sys.exit('ModuleApiTest.main failed:\n' + r.stderr[-5000:])
        out = r.stdout
    moves, loaders = {}, set()
    for line in out.splitlines():
        kind, _, name = line.partition(' ')
        if kind == 'MOVE':
            module, simple = name.split('.')[2], name.split('.')[-1]
            moves.setdefault(module, []).append(simple)
        elif kind == 'LOADER':
            loaders.add(name)
    return moves, loaders


def code_only(s):
    """The source without comments and string literals (text blocks included), for finding simple names."""
    s = re.sub(r'"""(?:.|\n)*?"""', '""', s)
    s = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', s)
    s = re.sub(r"'(?:\\.|[^'\\\n])'", "''", s)
    return re.sub(r'//[^\n]*|/\*(?:.|\n)*?\*/', ' ', s)


def links(s):
    return set(re.findall(r'\{@link(?:plain)?\s+([A-Z]\w*)', s)) | set(re.findall(r'@see\s+([A-Z]\w*)', s))


def names_used(s, candidates):
    code = code_only(s)
    used = {n for n in candidates if re.search(r'(?<![\w.$])' + re.escape(n) + r'\b', code)}
    return used | (links(s) & set(candidates))


def package_of(s):
    m = re.search(r'^package\s+([\w.]+)\s*;', s, re.M)
    return m.group(1) if m else None


def imported_simple_names(s):
    return {m.group(1) for m in re.finditer(r'^import\s+(?!static)[\w.]*\.(\w+)\s*;', s, re.M)}


def add_imports(s, fqns):
    lines = s.split('\n')
    for fqn in sorted(fqns):
        new = 'import %s;' % fqn
        if new in lines:
            continue
        plain = [i for i, l in enumerate(lines) if l.startswith('import ') and not l.startswith('import static ')]
        if plain:
            after = [i for i in plain if lines[i] > new]
            lines.insert(after[0] if after else plain[-1] + 1, new)
        else:
            statics = [i for i, l in enumerate(lines) if l.startswith('import static ')]
            if statics:
                lines[statics[-1] + 1:statics[-1] + 1] = ['', new]
            else:
                p = next(i for i, l in enumerate(lines) if l.startswith('package '))
                lines[p + 1:p + 1] = ['', new]
    return '\n'.join(lines)


def drop_own_package_imports(s):
    pkg = package_of(s)
    return re.sub(r'^import\s+' + re.escape(pkg) + r'\.[A-Z]\w*\s*;\n', '', s, flags=re.M) if pkg else s


def move_module(module, simple_names, loader):
    root_pkg, internal_pkg = 'cn.shuangkong.' + module, 'cn.shuangkong.%s.internal' % module
    root_dir = os.path.join(MAIN, BASE, module)
    internal_dir = os.path.join(root_dir, 'internal')
    moved = set(simple_names)
    staying = {f[:-5] for f in os.listdir(root_dir) if f.endswith('.java') and f != 'package-info.java'} - moved
    qualified = re.compile(r'\b' + re.escape(root_pkg) + r'\.(' + '|'.join(sorted(moved)) + r')\b')
    for path in java_files():
        s = original = read(path)
        own = os.path.basename(path)[:-5]
        is_moved = os.path.dirname(path) == root_dir and own in moved
        s = qualified.sub(lambda m: internal_pkg + '.' + m.group(1), s)
        if is_moved:
            s = re.sub(r'^package\s+' + re.escape(root_pkg) + r'\s*;', 'package %s;' % internal_pkg, s, count=1, flags=re.M)
        pkg = package_of(s)
        if pkg == root_pkg:
            need = names_used(s, moved - {own}) - imported_simple_names(s)
            s = add_imports(s, {internal_pkg + '.' + n for n in need})
        elif is_moved:
            need = names_used(s, staying) - imported_simple_names(s)
            s = add_imports(s, {root_pkg + '.' + n for n in need})
        if pkg == internal_pkg:
            s = drop_own_package_imports(s)
        if s != original:
            write(path, s)
    os.makedirs(internal_dir, exist_ok=True)
    for n in sorted(moved):
        r = run(['git', 'mv', os.path.join(root_dir, n + '.java'), os.path.join(internal_dir, n + '.java')])
        if r.returncode != 0:
            sys.exit(r.stderr)
    info = os.path.join(internal_dir, 'package-info.java')
    if not os.path.exists(info):
        text = ('/**\n * The %s module\'s own services behind its pages and API. Other modules use the types in {@code %s}'
                % (module, root_pkg))
        text += (';\n * this package is exposed, as the named interface {@code management}, only for the demo city\'s loader.\n */\n'
                 '@org.springframework.modulith.NamedInterface("management")\n' if loader else '.\n */\n')
        write(info, text + 'package %s;\n' % internal_pkg)
        run(['git', 'add', info])
    elif loader and 'NamedInterface' not in read(info):
        write(info, read(info).replace('package ' + internal_pkg, '@org.springframework.modulith.NamedInterface("management")\npackage ' + internal_pkg))


def move_events():
    """Events in shared published by exactly one module move to that module's root."""
    shared_dir = os.path.join(MAIN, BASE, 'shared')
    mains = [p for p in java_files() if p.startswith(MAIN)]
    module_of = lambda p: os.path.relpath(p, os.path.join(MAIN, BASE)).split(os.sep)[0] if os.sep in os.path.relpath(p, os.path.join(MAIN, BASE)) else None
    texts = {p: read(p) for p in mains}
    deps = {}
    for p, s in texts.items():
        m = module_of(p)
        for d in re.findall(r'\bcn\.shuangkong\.([a-z]\w*)\.', code_only(s) + '\n'.join(re.findall(r'^import .*$', s, re.M))):
            if m and d != m and d != 'shared':
                deps.setdefault(m, set()).add(d)

    def reaches(a, b):
        seen, todo = set(), [a]
        while todo:
            x = todo.pop()
            if x == b:
                return True
            if x not in seen:
                seen.add(x)
                todo += deps.get(x, ())
        return False

    moved = []
    for f in sorted(os.listdir(shared_dir)):
        name = f[:-5]
        if not f.endswith('.java') or name == 'package-info':
            continue
        publishers = {module_of(p) for p, s in texts.items() if re.search(r'publishEvent\(\s*new\s+' + name + r'\s*\(', s)}
        if len(publishers) != 1 or 'shared' in publishers:
            continue
        (publisher,) = publishers
        if any(name in names_used(s, {name}) for p, s in texts.items() if module_of(p) == 'shared' and not p.endswith('/' + f)):
            print('kept in shared (shared uses it): ' + name)
            continue
        listeners = {module_of(p) for p, s in texts.items() if re.search(r'\bcn\.shuangkong\.shared\.' + name + r'\b', s)} - {publisher}
        cyclic = sorted(l for l in listeners if reaches(publisher, l))
        if cyclic:
            print('kept in shared (%s would depend on %s, which depends on them): %s' % (', '.join(cyclic), publisher, name))
            continue
        for path in java_files():
            s = original = read(path)
            s = re.sub(r'\bcn\.shuangkong\.shared\.' + name + r'\b', 'cn.shuangkong.%s.%s' % (publisher, name), s)
            if path == os.path.join(shared_dir, f):
                s = s.replace('package cn.shuangkong.shared;', 'package cn.shuangkong.%s;' % publisher, 1)
                s = add_imports(s, {'cn.shuangkong.shared.' + n for n in names_used(s, {x[:-5] for x in os.listdir(shared_dir) if x.endswith('.java')} - {name, 'package-info'})})
            elif package_of(s) == 'cn.shuangkong.shared' and name in names_used(s, {name}) - imported_simple_names(s):
                s = add_imports(s, {'cn.shuangkong.%s.%s' % (publisher, name)})  # a test of shared's that used it
            if package_of(s) == 'cn.shuangkong.' + publisher:
                s = drop_own_package_imports(s)
            if s != original:
                write(path, s)
        r = run(['git', 'mv', os.path.join(shared_dir, f), os.path.join(MAIN, BASE, publisher, f)])
        if r.returncode != 0:
            sys.exit(r.stderr)
        moved.append('%s -> %s' % (name, publisher))
    return moved


SITE = re.compile(r'^(\S+\.java):\d+: error: ')
ACCESS = [  # what javac says when a declaration is not public enough: (owner, name)
    re.compile(r'(\w+)(?:\([^)]*\))? is not public in (\S+); cannot be accessed from outside package'),
    re.compile(r'(\w+)(?:\([^)]*\))? has protected access in (\S+)'),
    re.compile(r'(?P<owner>[\w.]+)\.(?P<name>\w+)\.\w+\([^)]*\) is defined in an inaccessible class or interface'),
    re.compile(r'constructor (\w+) in class (\w+) cannot be applied to given types'),  # a constructor javac cannot reach
]


def access_fixes(stderr):
    """{(owner, name): a file that uses it} for each access error, and the errors that are not about access."""
    fixes, others, site, error = {}, [], None, None
    for line in stderr.splitlines():
        m = SITE.match(line)
        if m:
            site, error = m.group(1), line
            others.append(line)
        for pattern in ACCESS:
            a = pattern.search(line)
            if a and site:
                owner, name = (a.group('owner'), a.group('name')) if 'owner' in pattern.groupindex else (a.group(2), a.group(1))
                fixes.setdefault((owner, name), site)
                if others and others[-1] == error:
                    others.pop()
                break
    return fixes, others


MODIFIERS = r'(?:(?:static|final|abstract|synchronized|default|sealed|non-sealed|strictfp|transient|volatile)\s+)*'


def widen(use_site, owner, name):
    """Make the declaration `name` in `owner` public. javac names the owner by its simple name (a package for a
    top-level type); the owner is in the module of the file that uses it, so its module's files are searched."""
    module = os.path.relpath(use_site, ROOT).split(os.sep)[5]
    simple = owner.split('.')[-1]
    changed_any = False
    for src in (MAIN, TEST):
        for d, _, files in os.walk(os.path.join(src, BASE, module)):
            for f in files:
                path = os.path.join(d, f)
                if f.endswith('.java') and (f == name + '.java' and owner[0].islower() and owner.endswith(os.path.relpath(d, src).replace(os.sep, '.'))
                                            or re.search(r'\b(?:class|record|enum|interface)\s+' + re.escape(simple) + r'\b', read(path))):
                    changed_any |= widen_in(path, name)
    return changed_any


def member_lines(s):
    """{line number: 'class' / 'record' / 'enum' / 'interface'} for the lines that start in a type's body (not in a
    method's): where a member may be declared."""
    blank = re.sub('"{3}(?:.|\\n)*?"{3}' + r'|"(?:\\.|[^"\\\n])*"' + r"|'(?:\\.|[^'\\\n])'" + r'|//[^\n]*|/\*(?:.|\n)*?\*/',
                   lambda m: re.sub(r'[^\n]', ' ', m.group(0)), s)
    stack, lines, line, start = [], {}, 0, 0
    for i, c in enumerate(blank):
        if c == '\n':
            line += 1
            if stack and stack[-1]:
                lines[line] = stack[-1]
        elif c == '{':
            kind = re.findall(r'\b(class|record|enum|interface)\s+[A-Z]', blank[start:i])
            stack.append(kind[-1] if kind else None)
            start = i + 1
        elif c == '}':
            stack and stack.pop()
            start = i + 1
        elif c == ';':
            start = i + 1
    lines[0] = 'file'
    return lines


def widen_in(path, name):
    s = read(path)
    decl = re.compile(
        r'^([ \t]*(?:@\w+(?:\([^)\n]*\))?\s+)*)(?=\S)(?!public\b|private\b|protected\b|return\b|new\b|throw\b|else\b|assert\b|yield\b|case\b)(' + MODIFIERS +
        r'(?:(?:class|record|enum|interface)\s+' + re.escape(name) + r'\b'                       # a type
        r'|(?:<[^>\n]+>\s+)?[\w.<>\[\], ?]*?[\w>\]]\s+' + re.escape(name) + r'\s*(?:\(|=|;|,)'  # a method or field
        + (r'|' + re.escape(name) + r'\s*(?:\(|\{)' if name[0].isupper() else '') + r'))', re.M)    # a constructor
    members = member_lines(s)

    def public(m):
        kind = members.get(s.count('\n', 0, m.start(2)))
        constructor = re.match(MODIFIERS + re.escape(name) + r'\s*[({]', m.group(2))
        return m.group(1) + 'public ' + m.group(2) if kind and not (constructor and kind == 'enum') else m.group(0)
    changed = decl.sub(public, s)
    changed = re.sub(r'^([ \t]*(?:@\w+(?:\([^)\n]*\))?\s+)*)protected(\s+' + MODIFIERS + r'[^\n]*\b' + re.escape(name) + r'\b)',
                     r'\1public\2', changed, flags=re.M)
    if changed != s:
        write(path, changed)
        print('  public: %s in %s' % (name, os.path.relpath(path)))
        return True
    return False


def javac_until_clean(classpath):
    jars = [p for p in classpath if p.endswith('.jar')]
    for round_ in range(10):
        with tempfile.TemporaryDirectory() as out:
            sources = os.path.join(out, 'sources.txt')
            write(sources, '\n'.join(java_files()))
            r = run(['javac', '--release', '17', '-proc:none', '-parameters', '-nowarn', '-Xmaxerrs', '100000',
                     '-encoding', 'UTF-8', '-d', os.path.join(out, 'classes'), '-cp', os.pathsep.join(jars), '@' + sources])
        if r.returncode == 0:
            return
        write('target/0074-javac.log', r.stderr)
        fixes, others = access_fixes(r.stderr)
        if not fixes:  # other errors may follow from the access ones (a nested type of a class javac cannot see)
            sys.exit('javac failed with errors the script does not fix (all in target/0074-javac.log):\n' + '\n'.join(others)[:8000])
        if not any([widen(site, owner, name) for (owner, name), site in sorted(fixes.items())]):
            sys.exit('could not find the declarations to widen:\n' + r.stderr[:8000])
    sys.exit('javac still fails after 10 rounds')


CLASSPATH = 'target/0074-classpath.txt'


def main(args):
    """--check: only the javac rounds (after a run that stopped, once the reported error is fixed by hand)."""
    events = '--events' in args
    modules = [a for a in args if not a.startswith('--')]
    if '--check' in args:
        javac_until_clean(read(CLASSPATH).split('\n'))
        print('compiles')
        return
    if '--no-compile' in args:  # the sources are mid-way (a batch of modules moved with --no-check): the last classpath
        classpath = read(CLASSPATH).split('\n')
    else:
        classpath = compile_with_maven()
        write(CLASSPATH, '\n'.join(classpath))
    if events:
        for line in move_events():
            print('event moved: ' + line)
    if modules:
        moves, loaders = plan(classpath, modules)
        for module in modules:
            if moves.get(module):
                print('%s: %s' % (module, ' '.join(sorted(moves[module]))))
                move_module(module, moves[module], module in loaders)
            else:
                print('%s: nothing to move' % module)
    if '--no-check' not in args:
        javac_until_clean(classpath)
        print('compiles')


if __name__ == '__main__':
    main(sys.argv[1:])

/// A print-format argument that computes an integer from the record's scalar fields, compiled
/// once per event type into a flat array of nodes, so a record is evaluated without walking
/// `PrintExpression`'s indirect enum (and without retaining its `FieldFormat` strings):
///
///     ((unsigned int) ((REC->dev) >> 20))     → cast(u32, shr(field@8:4, const 20))
///     REC->found ? REC->pblk : 0               → ternary(field, field, const)
///
/// Only the shapes `PrintExpression.evaluate` computes as numbers compile: scalar fields,
/// integer literals, known enum constants, casts, unary and binary operators, `?:`. Calls
/// (`__print_flags`, `jiffies_to_msecs`), strings and arrays do not; the decoder evaluates
/// those through `PrintExpression` as before. The arithmetic is `PrintExpression.arithmetic`
/// and `unary`, the same functions `evaluate` uses, so both give the same bits.
struct NumericProgram: Sendable {
    enum Node: Sendable {
        /// A scalar field: read, then truncated and sign-extended to its declared type.
        case field(offset: Int, size: Int, type: CType)
        case constant(UInt64, CType)
        case cast(CType, Int)
        case unary(UInt8, Int)
        case binary(PrintExpression.BinaryOperator, Int, Int)
        case ternary(Int, Int, Int)
    }

    /// The nodes of every compiled expression, children before their parents.
    var nodes: [Node] = []

    /// Compiles `e`; its root's index, or nil (nothing added) when `e` is not purely numeric.
    mutating func add(_ e: PrintExpression) -> Int? {
        let start = nodes.count
        guard let root = compile(e) else {
            nodes.removeSubrange(start...)
            return nil
        }
        return root
    }

    private mutating func compile(_ e: PrintExpression) -> Int? {
        let node: Node
        switch e {
        case .integer(let v, let t):
            node = .constant(v, t)
        case .identifier(let name):
            guard let v = KnownConstants.value(of: name) else { return nil }
            node = .constant(v, .int)
        case .field(let f):
            // What `PrintExpression.read` returns as a number: not text, not a fixed array.
            guard !f.isString, f.arrayCount == nil, !f.isDynamic || f.size == 4, f.offset >= 0 else { return nil }
            node = .field(offset: f.offset, size: f.size, type: CType(size: f.size, isSigned: f.isSigned))
        case .cast(let t, let inner):
            guard let i = compile(inner) else { return nil }
            node = .cast(t, i)
        case .unary(let op, let inner):
            guard let i = compile(inner) else { return nil }
            node = .unary(op, i)
        case .binary(let op, let a, let b):
            guard let i = compile(a), let j = compile(b) else { return nil }
            node = .binary(op, i, j)
        case .ternary(let c, let a, let b):
            guard let i = compile(c), let j = compile(a), let k = compile(b) else { return nil }
            node = .ternary(i, j, k)
        case .string, .call, .list, .flags, .symbolic:
            return nil
        }
        nodes.append(node)
        return nodes.count - 1
    }

    /// The value `PrintExpression.evaluate` gives for the expression rooted at `root` on
    /// `record`; nil where it gives nil (a field past the record's end, a division by zero).
    @inline(__always)
    static func evaluate(_ nodes: UnsafeBufferPointer<Node>, _ root: Int, _ record: UnsafeRawBufferPointer,
                         _ loader: RawLoader) -> UInt64? {
        // Most arguments are a field (`REC->ino`) or a cast of one (`(unsigned long) REC->ino`):
        // read here, as `run` reads them, without its recursion.
        switch nodes[root] {
        case .field(let offset, let size, let t):
            return field(offset, size, t, record, loader)
        case .cast(let outer, let a):
            guard case .field(let offset, let size, let t) = nodes[a] else { break }
            return field(offset, size, t, record, loader).map { outer.normalize($0) }
        default:
            break
        }
        return run(nodes, root, record, loader)?.0
    }

    /// A scalar field's value as `run` reads it: nil past the record's end.
    @inline(__always)
    private static func field(_ offset: Int, _ size: Int, _ t: CType, _ record: UnsafeRawBufferPointer,
                              _ loader: RawLoader) -> UInt64? {
        guard let base = record.baseAddress, offset + size <= record.count else { return nil }
        return t.normalize(loader.unsigned(base, offset, size: size))
    }

    private static func run(_ n: UnsafeBufferPointer<Node>, _ i: Int, _ record: UnsafeRawBufferPointer,
                            _ loader: RawLoader) -> (UInt64, CType)? {
        switch n[i] {
        case .field(let offset, let size, let t):
            return field(offset, size, t, record, loader).map { ($0, t) }
        case .constant(let v, let t):
            return (v, t)
        case .cast(let t, let a):
            guard let (v, _) = run(n, a, record, loader) else { return nil }
            return (t.normalize(v), t)
        case .unary(let op, let a):
            guard let (v, t) = run(n, a, record, loader) else { return nil }
            return PrintExpression.unary(op, v, t)
        case .binary(let op, let a, let b):
            guard let (x, tx) = run(n, a, record, loader) else { return nil }
            if op == .logicalAnd || op == .logicalOr {
                let l = x != 0
                if op == .logicalAnd && !l { return (0, .int) }
                if op == .logicalOr && l { return (1, .int) }
                guard let (y, _) = run(n, b, record, loader) else { return nil }
                return (y != 0 ? 1 : 0, .int)
            }
            guard let (y, ty) = run(n, b, record, loader) else { return nil }
            return PrintExpression.arithmetic(op, x, tx, y, ty)
        case .ternary(let c, let a, let b):
            guard let (v, _) = run(n, c, record, loader) else { return nil }
            return run(n, v != 0 ? a : b, record, loader)
        }
    }
}

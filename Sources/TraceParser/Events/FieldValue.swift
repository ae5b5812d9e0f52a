/// One decoded field value: an integer where the kernel prints a number (decimal or hex), a
/// string where it prints symbols or text (`CREATE|UNWRIT`, `ext4_dirty_inode+0x34/0x90`, a
/// device as `"7:1"`).
public enum FieldValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int64)
    case uint(UInt64)
    case string(String)

    /// The value as a signed integer, when it is a number that fits.
    @inlinable public var int: Int64? {
        switch self {
        case .int(let v): return v
        case .uint(let v): return v <= UInt64(Int64.max) ? Int64(v) : nil
        case .string: return nil
        }
    }

    /// The value as an unsigned integer, when it is a non-negative number (or a negative one
    /// reinterpreted as the kernel's unsigned type would hold it).
    @inlinable public var uint: UInt64? {
        switch self {
        case .int(let v): return UInt64(bitPattern: v)
        case .uint(let v): return v
        case .string: return nil
        }
    }

    @inlinable public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Numbers compare by value, whichever case holds them: a field the kernel declares signed
    /// but printed non-negative equals the same value read as unsigned.
    public static func == (a: FieldValue, b: FieldValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.string, _), (_, .string): return false
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.int(let x), .uint(let y)), (.uint(let y), .int(let x)): return x >= 0 && UInt64(x) == y
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .string(let s): h.combine(1); h.combine(s)
        case .int(let v) where v < 0: h.combine(2); h.combine(v)
        case .int(let v): h.combine(3); h.combine(UInt64(v))
        case .uint(let v): h.combine(3); h.combine(v)
        }
    }

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .string(let s): return s
        }
    }
}

/// A named field of an event. Names are the kernel's struct field names from the event's
/// `format` file.
public struct EventField: Sendable, Hashable {
    public var name: String
    public var value: FieldValue

    public init(_ name: String, _ value: FieldValue) {
        self.name = name
        self.value = value
    }
}

import CElf
#if canImport(Glibc)
import Glibc
#endif

/// Kernel symbols from a vmlinux's ELF symbol table (`.symtab`), read with libelf, for files
/// that carry no kallsyms (`trace-cmd record` without access to /proc/kallsyms).
enum VmlinuxSymbols {
    static func load(_ path: String) throws(TraceError) -> SymbolTable {
        guard elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE) else {
            throw TraceError(.io, file: path, "libelf is too old")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw TraceError(.io, file: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard let elf = elf_begin(fd, ELF_C_READ, nil) else {
            throw TraceError(.corrupt, file: path, "not an ELF file: \(String(cString: elf_errmsg(-1)))")
        }
        defer { elf_end(elf) }
        var entries: [(address: UInt64, name: String, module: String?)] = []
        var section = elf_nextscn(elf, nil)
        while let scn = section {
            defer { section = elf_nextscn(elf, scn) }
            var shdr = GElf_Shdr()
            guard gelf_getshdr(scn, &shdr) != nil, shdr.sh_type == UInt32(SHT_SYMTAB), shdr.sh_entsize > 0,
                  let data = elf_getdata(scn, nil) else { continue }
            let count = Int(shdr.sh_size / shdr.sh_entsize)
            for i in 0..<count {
                var sym = GElf_Sym()
                guard gelf_getsym(data, Int32(i), &sym) != nil, sym.st_value != 0 else { continue }
                let type = Int32(sym.st_info & 0xF)
                guard type == STT_FUNC || type == STT_OBJECT || type == STT_NOTYPE,
                      let cname = elf_strptr(elf, Int(shdr.sh_link), Int(sym.st_name)), cname.pointee != 0 else { continue }
                entries.append((sym.st_value, String(cString: cname), nil))
            }
        }
        guard !entries.isEmpty else { throw TraceError(.unsupported, file: path, "no ELF symbol table (.symtab) to symbolise %pS from") }
        return SymbolTable(entries: entries)
    }
}

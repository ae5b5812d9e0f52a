import Synchronization

/// The `formats/` directory that `ext4trace record` saves beside every capture: the recording
/// kernel's own `SYSTEM/EVENT/format` files (tracefs `events/` layout) for the systems it
/// recorded. A text capture in a directory that holds one is decoded with those layouts, so
/// captures from any kernel (a patched 7.3, the host's 6.18) decode alike:
///
///     fixtures/iomap/seq-write-4k/iomap/trace.txt.zst
///     fixtures/iomap/seq-write-4k/iomap/formats -> ../../formats   (ext4/, jbd2/, iomap/, ...)
///
/// `--formats DIR` (`TraceReadOptions.formatsBesideCapture == false`) overrides it; a trace.dat
/// carries its own formats and never looks.
public enum CaptureFormats {
    /// `DIR/formats` for a capture file `DIR/NAME`, when it is a directory.
    public static func directory(besides capturePath: String) -> String? {
        let capture = CaptureDirectory(tracePath: capturePath)
        // `./formats` for a trace in the working directory: the name formats are cited by.
        let formats = capture.prefix.isEmpty ? "./" + CaptureDirectory.FileName.formats : capture.formatsPath
        return FormatDirectory.isDirectory(formats) ? formats : nil
    }

    /// The bundled formats overlaid with those of `directory`, built once per directory and
    /// process (a registry prepares a text template per format; tests open the same capture
    /// many times).
    static func registry(overlaying directory: String) throws(TraceError) -> FormatRegistry {
        if let cached = cache.withLock({ $0[directory] }) { return cached }
        let registry = try FormatRegistry.loading(eventsDirectory: directory)
        cache.withLock { $0[directory] = registry }
        return registry
    }

    private static let cache = Mutex<[String: FormatRegistry]>([:])
}

extension TraceReadOptions {
    /// These options with `formats` overlaid by the `formats/` directory beside `path`, when
    /// there is one and `formatsBesideCapture` allows it; unchanged otherwise.
    func overlayingCaptureFormats(of path: String) throws(TraceError) -> TraceReadOptions {
        guard formatsBesideCapture, let dir = CaptureFormats.directory(besides: path) else { return self }
        var options = self
        options.formats = try CaptureFormats.registry(overlaying: dir)
        return options
    }
}

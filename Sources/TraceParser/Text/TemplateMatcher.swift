/// One event type's template with the field assembly it fills, kept by a text reader per
/// event name so that matching a line copies no template and allocates no assembly: a class,
/// so looking it up retains one reference instead of the template's arrays.
final class TemplateMatcher {
    let template: TextTemplate
    /// Used by one reader on one thread, and only inside `match`: not checked at run time.
    @exclusivity(unchecked) var assembly: FieldAssembly

    init(_ template: TextTemplate) {
        self.template = template
        assembly = FieldAssembly(count: template.fieldNames.count)
    }

    /// `TextTemplate.match` with this event's assembly, appending the fields to `fields`
    /// (untouched when the line does not match).
    func match(_ b: UnsafeBufferPointer<UInt8>, from start: Int, into fields: inout [EventField]) -> Bool {
        template.match(b, from: start, assembly: &assembly, into: &fields)
    }
}
